"""Where the page header puts the avatar, name, badges, stats and buttons: one pure function
used by the preview's header and by the cover editor's safe-area overlay, so both agree.

Desktop: everything sits on the cover band (the name, badge and buttons overlay the cover,
as on BeatPass): the avatar at the bottom left inside the band, the name with its badges,
the stats line and the Play / Follow / Message / More row to its right, the row's bottom
level with the avatar's. Phone: the avatar sits centred on the band's bottom edge and the
name, stats and buttons are centred below the cover.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QRect, QSize

from studio.ui.preview.style import Metrics

BUTTON_HEIGHT = 36
BUTTON_GAP = 10
BADGE_GAP = 10
BAND_PADDING = 28  # desktop: between the avatar/buttons and the band's bottom edge
TEXT_GAP = 28  # desktop: between the avatar and the text column
STATS_HEIGHT = 20
BELOW_BAND = 12  # desktop: header space under the band, before the tabs
USER_BAND_PHONE = 0.62  # the user page's colour band on a phone, of the cover's height
# Typical sizes of the header's parts, for the safe-area overlay (the preview measures them).
NOMINAL_BUTTONS = (("▶ Play", 96), ("Follow", 92), ("Message", 108), ("⋯", 44))
NOMINAL_NAME_WIDTH = 320
NOMINAL_BADGE = QSize(24, 24)


@dataclass(frozen=True)
class HeaderBoxes:
    """The header's parts, in header pixels (y from the band's top)."""

    band_height: int
    height: int
    avatar: QRect
    name: QRect
    badges: tuple[QRect, ...]
    stats: QRect
    buttons: tuple[QRect, ...]


def band_height(m: Metrics, with_cover: bool = True) -> int:
    """The cover band's height (the user page's colour band is lower on a phone)."""
    if with_cover or m.two_columns:
        return m.cover_height
    return int(m.cover_height * USER_BAND_PHONE)


def name_height(m: Metrics) -> int:
    """A typical line height of the name at this width (the preview measures the real one)."""
    return round(m.name_pt * 1.33 * 1.2) + 4


def header_boxes(
    m: Metrics,
    width: int,
    *,
    with_cover: bool = True,
    name_size: QSize,
    badges: Sequence[QSize] = (),
    buttons: Sequence[QSize] = (),
) -> HeaderBoxes:
    """Lay the header out for a page ``width`` px wide. ``name_size``: the name's text size
    (its width is cut to what fits beside the badges); ``badges``/``buttons``: their sizes."""
    ch = band_height(m, with_cover)
    size = m.avatar
    name_h = name_size.height()
    badge_w = sum(b.width() + BADGE_GAP for b in badges)
    bar_w = sum(b.width() for b in buttons) + BUTTON_GAP * max(0, len(buttons) - 1)
    if m.two_columns:
        avatar = QRect(m.margin, ch - BAND_PADDING - size, size, size)
        x = avatar.right() + 1 + TEXT_GAP
        avail = max(0, width - x - m.margin)
        name_w = max(0, min(name_size.width() + 4, avail - badge_w))
        bar_y = avatar.bottom() + 1 - BUTTON_HEIGHT
        stats = QRect(x, bar_y - 12 - STATS_HEIGHT, avail, STATS_HEIGHT)
        name = QRect(x, stats.top() - 2 - name_h, name_w, name_h)
        bar_x = x
        height = ch + BELOW_BAND
    else:
        avatar = QRect((width - size) // 2, ch - size // 2, size, size)
        avail = max(0, width - 2 * m.margin)
        name_w = max(0, min(name_size.width() + 4, avail - badge_w))
        name = QRect((width - name_w - badge_w) // 2, avatar.bottom() + 11, name_w, name_h)
        stats = QRect(m.margin, name.bottom() + 3, avail, STATS_HEIGHT)
        bar_x = (width - min(bar_w, avail)) // 2
        bar_y = name.bottom() + 1 + 34
        height = ch + size // 2 + 128
    placed: list[QRect] = []
    bx = name.right() + 1 + BADGE_GAP
    for badge in badges:
        placed.append(
            QRect(bx, name.top() + (name_h - badge.height()) // 2, badge.width(), badge.height())
        )
        bx += badge.width() + BADGE_GAP
    row: list[QRect] = []
    for button in buttons:
        row.append(QRect(bar_x, bar_y, button.width(), max(BUTTON_HEIGHT, button.height())))
        bar_x += button.width() + BUTTON_GAP
    return HeaderBoxes(ch, height, avatar, name, tuple(placed), stats, tuple(row))


def nominal_boxes(m: Metrics) -> HeaderBoxes:
    """The producer header with typical sizes (verified badge, the four visitor buttons)."""
    return header_boxes(
        m,
        m.page_width,
        name_size=QSize(NOMINAL_NAME_WIDTH, name_height(m)),
        badges=(NOMINAL_BADGE,),
        buttons=tuple(QSize(w, BUTTON_HEIGHT) for _label, w in NOMINAL_BUTTONS),
    )
