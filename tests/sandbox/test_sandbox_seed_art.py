"""The seed's release artwork: drawn the same every build, different per item, and on every
track and album of the demo producer's page."""

from __future__ import annotations

import io

from PIL import Image
from sandbox_helpers import PRODUCER, Api

from studio.sandbox.seed_images import MOTIFS, render_artwork


def test_artwork_is_deterministic_and_varied() -> None:
    variants = range(2 * len(MOTIFS))
    first = [render_artwork((64, 64), v).tobytes() for v in variants]
    assert first == [render_artwork((64, 64), v).tobytes() for v in variants]
    assert len(set(first)) == len(first)


def test_every_release_on_the_demo_page_has_its_own_artwork(api: Api) -> None:
    albums = api.get("/artists/1/albums", as_=PRODUCER, params={"perPage": 20}).json()
    album_images = [a["image"] for a in albums["pagination"]["data"]]
    tracks = api.get("/artists/1/tracks", as_=PRODUCER, params={"perPage": 50}).json()
    track_images = [t["image"] for t in tracks["pagination"]["data"]]
    assert len(album_images) >= 4 and None not in album_images and None not in track_images
    contents = {api.session.get(url, timeout=5).content for url in album_images}
    assert len(contents) == len(album_images)  # no two albums share a picture
    for content in contents:
        with Image.open(io.BytesIO(content)) as image:
            assert image.format == "JPEG" and image.width == image.height
    assert len(set(track_images)) >= 6
