"""What the pictures share: the bundled fonts, the palette and PNG encoding.

Telegram shows a photo as it is in both its light and dark themes (and recompresses it as
JPEG, so transparency is lost): every picture is a light card with dark text, which reads
well on either background. Text is laid out with Pillow's basic layout engine, so the
same input gives the same bytes on every machine with the same Pillow.
"""

from __future__ import annotations

import io
import unicodedata
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR = FONTS_DIR / "DejaVuSans.ttf"
BOLD = FONTS_DIR / "DejaVuSans-Bold.ttf"

# Telegram's own limits for a photo are 10 MB and width + height <= 10000; a phone shows
# about 1000 px across, so this keeps text large and files small.
MAX_PNG_BYTES = 100_000

BACKGROUND = (244, 246, 250)
CARD = (255, 255, 255)
INK = (31, 41, 51)  # body text: contrast 14:1 on the card
MUTED = (82, 96, 109)  # axis labels: 6.5:1
GRID = (222, 227, 234)
WATER = (37, 117, 252)
WATER_DONE = (22, 150, 95)
GOAL = (217, 83, 30)
SLEEP = (103, 58, 183)
SKIN = (255, 224, 189)
SKIN_LINE = (196, 140, 96)
MARK = (217, 48, 37)


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(
        str(BOLD if bold else REGULAR), size, layout_engine=ImageFont.Layout.BASIC
    )


def _glyph(char: str, bold: bool) -> tuple[tuple[int, int], bytes]:
    mask = font(24, bold).getmask(char)
    return mask.size, bytes(mask)


@cache
def has_glyph(char: str) -> bool:
    """Whether both fonts draw `char` (a missing one is drawn as the empty .notdef glyph)."""
    private_use = "\ue000"  # never in the fonts
    return all(_glyph(char, bold) != _glyph(private_use, bold) for bold in (False, True))


def missing_glyphs(text: str) -> set[str]:
    """Characters of `text` the bundled fonts cannot draw."""
    return {char for char in text if not char.isspace() and not has_glyph(char)}


def drawable(text: str) -> str:
    """`text` without emoji and other symbols the fonts lack: '👁 Eyelid or eye' -> 'Eyelid or eye'.

    The buttons carry the emoji; a picture repeats the words.
    """
    kept = "".join(
        char
        for char in text
        if unicodedata.category(char) not in ("Mn", "Cf")
        if char.isspace() or has_glyph(char)
    )
    return " ".join(kept.split())


def canvas(width: int, height: int) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (width, height), BACKGROUND)
    return image, ImageDraw.Draw(image)


def text_width(text: str, size: int, bold: bool = False) -> float:
    return font(size, bold).getlength(text)


def fit(text: str, size: int, width: float, bold: bool = False, smallest: int = 18) -> int:
    """The largest font size up to `size` at which `text` fits in `width` pixels."""
    while size > smallest and text_width(text, size, bold) > width:
        size -= 1
    return size


def png_bytes(image: Image.Image) -> bytes:
    """A lossless PNG (flat colours compress well: 40-65 KB for these pictures).

    zlib level 6: within 5% of the smallest file at a quarter of the time of optimize=True
    (about 80 ms for the chart on the development machine).

    No palette quantisation: an adaptive palette would shift every colour slightly when one
    bar changes, and a picture should change only where its data does.
    """
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()
