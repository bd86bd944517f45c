"""The generated corpus, built once per test session in a temp folder."""

from __future__ import annotations

from pathlib import Path

import image_corpus as ic
import pytest
from PIL import Image


def _build(root: Path) -> dict[str, Path]:
    files: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        path = root / name
        path.write_bytes(data)
        files[name] = path

    def save(name: str, im: Image.Image, fmt: str, **params: object) -> None:
        put(name, ic.encode(im, fmt, **params))

    base = ic.quadrants()
    # Every mode.
    save("mode_1.png", base.convert("1"), "PNG")
    save("mode_L.png", base.convert("L"), "PNG")
    la = base.convert("LA")
    la.putpixel((0, 0), (0, 0))
    save("mode_LA.png", la, "PNG")
    save("mode_P.png", base.convert("P"), "PNG")
    pal = base.convert("P")
    pal.info["transparency"] = pal.getpixel((0, 0))
    save("mode_P_transparent.png", pal, "PNG", transparency=pal.getpixel((0, 0)))
    save("mode_P.gif", base.convert("P"), "GIF")
    save("mode_RGB.jpg", base, "JPEG", quality=95)
    save("mode_RGB.png", base, "PNG")
    rgba = base.convert("RGBA")
    rgba.paste((0, 0, 0, 0), (0, 0, 20, 20))
    save("mode_RGBA.png", rgba, "PNG")
    save("mode_RGBA.webp", rgba, "WEBP", lossless=True)
    save("mode_RGB.webp", base, "WEBP", quality=90)
    save("mode_CMYK.jpg", base.convert("CMYK"), "JPEG", quality=95)
    save("mode_CMYK.tif", base.convert("CMYK"), "TIFF")
    gradient = Image.linear_gradient("L").resize((160, 100))
    save("mode_I16.png", gradient.convert("I").point(lambda v: v * 257).convert("I;16"), "PNG")
    # 32-bit signed samples over their whole range (scaling goes by the bit depth)
    save("mode_I.tif", gradient.convert("I").point(lambda v: v * 16843009 - 2**31), "TIFF")
    save("mode_F.tif", gradient.convert("F").point(lambda v: v / 255.0), "TIFF")
    save("mode_RGB.bmp", base, "BMP")
    save("mode_RGB.tif", base, "TIFF")
    # Orientation 1–8, stored so that applying the tag shows the quadrants upright.
    for o, method in ic.STORE_FOR_ORIENTATION.items():
        stored = base if method is None else base.transpose(method)
        save(f"orient_{o}.jpg", stored, "JPEG", quality=95, exif=ic.orientation_exif(o))
    stored6 = base.transpose(ic.STORE_FOR_ORIENTATION[6])  # type: ignore[arg-type]
    save("orient_6.png", stored6, "PNG", exif=ic.orientation_exif(6))
    # Metadata: GPS, camera, date, XMP, comment and an ICC profile.
    icc = ic.srgb_icc()
    save(
        "private.jpg",
        base,
        "JPEG",
        exif=ic.private_exif().tobytes(),
        xmp=b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>secret</x:xmpmeta>",
        comment=b"shot at home",
        icc_profile=icc,
    )
    from PIL import PngImagePlugin

    notes = PngImagePlugin.PngInfo()
    notes.add_text("Comment", "shot at home")
    notes.add_text("Author", "Someone")
    notes.add_itxt("XML:com.adobe.xmp", "<x:xmpmeta>secret</x:xmpmeta>")
    save(
        "private.png",
        base,
        "PNG",
        exif=ic.private_exif().tobytes(),
        pnginfo=notes,
        icc_profile=icc,
    )
    # Broken and lying files.
    put("empty.jpg", b"")
    put("text.jpg", b"This is a note, not a photo.\n" * 20)
    put("doc.jpg", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n")
    put("drawing.eps", b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\nshowpage\n")
    save("png_named.jpg", base, "PNG")
    jpeg = ic.encode(ic.noise(200, 150), "JPEG", quality=90)
    put("truncated.jpg", jpeg[: len(jpeg) * 6 // 10])
    png = ic.encode(ic.noise(200, 150), "PNG")
    put("truncated.png", png[: len(png) * 6 // 10])
    webp = ic.encode(ic.noise(200, 150), "WEBP", quality=90)
    put("truncated.webp", webp[: len(webp) * 6 // 10])
    put("bomb_huge.png", ic.png_claiming(100_000, 100_000))
    put("bomb_81mp.png", ic.png_claiming(9000, 9000))
    put("bomb.gif", ic.gif_claiming(65535, 65535))
    # Animations.
    files["anim.gif"] = ic.animated(root / "anim.gif", "GIF", (400, 400), 6)
    files["anim.webp"] = ic.animated(root / "anim.webp", "WEBP", (400, 400), 5)
    return files


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return _build(tmp_path_factory.mktemp("image-corpus"))


@pytest.fixture(scope="session")
def big_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Oversize files (beyond 2 MB)."""
    root = tmp_path_factory.mktemp("image-big")
    files = {
        "noise_4000.jpg": root / "noise_4000.jpg",
        "noise.png": root / "noise.png",
        "anim_noise_16.gif": root / "anim_noise_16.gif",
        "anim_noise_40.gif": root / "anim_noise_40.gif",
    }
    ic.noise(4000, 4000).save(files["noise_4000.jpg"], "JPEG", quality=95)
    ic.noise(1600, 1200).save(files["noise.png"], "PNG", compress_level=1)
    ic.animated(files["anim_noise_16.gif"], "GIF", (600, 600), 16, noisy=True)
    ic.animated(files["anim_noise_40.gif"], "GIF", (600, 600), 40, noisy=True)
    return files
