"""The body map: a friendly front-view figure with the guide's areas numbered, as a PNG.

The numbers follow the order of the areas in content/structure.yaml, which is the order of
the area buttons; the legend beside the figure repeats each button's words in the user's
language (without its emoji, which the buttons keep). Screen readers get the buttons.
Drawn once per language and cached: a few milliseconds at start-up, no file to keep in sync.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from bot.guide import Guide
from bot.i18n import Language
from bot.pictures import drawing as d

WIDTH, HEIGHT = 1000, 1000
_LEGEND_X = 500

# Where each area is on the figure (the spot) and where its numbered marker sits.
# Every area id in content/structure.yaml needs a place here (a test checks it).
MARKERS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    "eyelid": ((282, 146), (404, 96)),
    "face": ((232, 196), (96, 176)),
    "neck": ((318, 282), (424, 244)),
    "arm": ((116, 560), (56, 452)),
    "back": ((260, 420), (260, 420)),
    "thigh": ((300, 610), (420, 596)),
    "leg": ((214, 790), (96, 776)),
    "foot": ((312, 934), (428, 900)),
    "whole_body": ((260, 500), (76, 64)),
}


def _limb(draw: d.ImageDraw.ImageDraw, points: Sequence[tuple[int, int]], width: int) -> None:
    """A rounded limb: an outlined thick line through `points`."""
    for colour, extra in ((d.SKIN_LINE, 6), (d.SKIN, 0)):
        draw.line(points, fill=colour, width=width + extra, joint="curve")
        radius = (width + extra) / 2
        for x, y in points:
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)


def _figure(draw: d.ImageDraw.ImageDraw) -> None:
    # Outline colour first, then the fill 3 px inside: a soft outline on every part.
    _limb(draw, [(186, 300), (140, 420), (118, 540)], 46)  # arms
    _limb(draw, [(334, 300), (380, 420), (402, 540)], 46)
    _limb(draw, [(222, 530), (216, 700), (214, 890)], 60)  # legs
    _limb(draw, [(298, 530), (304, 700), (306, 890)], 60)
    for colour, inset in ((d.SKIN_LINE, 0), (d.SKIN, 3)):
        draw.ellipse((188 + inset, 910 + inset, 244 - inset, 950 - inset), fill=colour)  # feet
        draw.ellipse((276 + inset, 910 + inset, 332 - inset, 950 - inset), fill=colour)
        draw.rectangle((238 + inset, 220, 282 - inset, 290), fill=colour)  # neck
        draw.rounded_rectangle(
            (170 + inset, 262 + inset, 350 - inset, 560 - inset), radius=60, fill=colour
        )  # body
        draw.ellipse((196 + inset, 76 + inset, 324 - inset, 236 - inset), fill=colour)  # head
    for x in (238, 282):  # a calm face
        draw.ellipse((x - 7, 140, x + 7, 154), fill=d.INK)
    draw.arc((230, 160, 290, 206), start=30, end=150, fill=d.INK, width=4)


def _marker(
    draw: d.ImageDraw.ImageDraw, centre: tuple[int, int], number: int, radius: int = 27
) -> None:
    x, y = centre
    draw.ellipse(
        (x - radius, y - radius, x + radius, y + radius), fill=d.MARK, outline=d.CARD, width=4
    )
    draw.text((x, y), str(number), font=d.font(30, True), fill=d.CARD, anchor="mm")


def _draw(areas: tuple[tuple[str, str], ...], heading: str) -> bytes:
    unknown = [area_id for area_id, _ in areas if area_id not in MARKERS]
    if unknown:
        raise ValueError(f"no place on the body map for areas {unknown}")
    image, draw = d.canvas(WIDTH, HEIGHT)
    draw.rounded_rectangle((16, 16, WIDTH - 16, HEIGHT - 16), radius=28, fill=d.CARD)
    _figure(draw)
    numbers = {area_id: index for index, (area_id, _) in enumerate(areas, start=1)}
    if "whole_body" in numbers:  # all over: a dashed frame around the whole figure
        for start in range(0, 360, 12):
            draw.arc((40, 40, 480, 980), start=start, end=start + 6, fill=d.MARK, width=4)
    for area_id, number in numbers.items():
        spot, place = MARKERS[area_id]
        if spot != place and area_id != "whole_body":
            draw.line((*spot, *place), fill=d.MARK, width=4)
            draw.ellipse((spot[0] - 7, spot[1] - 7, spot[0] + 7, spot[1] + 7), fill=d.MARK)
        _marker(draw, place, number)
    size = d.fit(heading, 38, WIDTH - _LEGEND_X - 40, bold=True)
    draw.text((_LEGEND_X, 84), heading, font=d.font(size, True), fill=d.INK, anchor="ls")
    row = min(92, (HEIGHT - 180) // max(len(areas), 1))
    for index, (_, title) in enumerate(areas, start=1):
        y = 150 + (index - 1) * row
        _marker(draw, (_LEGEND_X + 26, y), index, radius=24)
        text = d.drawable(title)
        size = d.fit(text, 32, WIDTH - _LEGEND_X - 100)
        draw.text((_LEGEND_X + 66, y), text, font=d.font(size), fill=d.INK, anchor="lm")
    return d.png_bytes(image)


@cache
def body_map(areas: tuple[tuple[str, str], ...], heading: str) -> bytes:
    """A 1000x1000 PNG; `areas` are (area id, button title) in the order of the buttons.

    Cached: the same titles give the same bytes without drawing again.
    """
    return _draw(areas, heading)


def body_map_for(guide: Guide, lang: Language) -> bytes:
    """The body map in `lang`, numbered in the order of the area buttons."""
    areas = tuple((area.id, lang.texts.areas[area.id].title) for area in guide.areas)
    return body_map(areas, lang.gettext("Where does it twitch?"))
