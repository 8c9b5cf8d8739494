"""The weekly chart and the body map: valid small PNGs that show the data, in every language."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from babel.dates import get_day_names
from PIL import Image, ImageChops

from bot.context import Services
from bot.pictures import drawing
from bot.pictures.__main__ import main as pictures_main
from bot.pictures.body_map import MARKERS, body_map, body_map_for
from bot.pictures.chart import (
    _COLUMN,
    _LEFT,
    _SLEEP_BOTTOM,
    _SLEEP_TOP,
    _WATER_BASE,
    _WATER_TOP,
    ChartLabels,
    WeekData,
    chart_labels,
    weekly_chart,
)

TODAY = date(2026, 3, 9)  # a Monday
DAYS = [TODAY - timedelta(days=6 - n) for n in range(7)]
LABELS = ChartLabels(
    "Your week", "Glasses of water", "Goal: 8 glasses a day", "Bedtime", "No glasses", "No nights"
)
WEEK = WeekData(
    last_day=TODAY,
    glasses={DAYS[0]: 5, DAYS[1]: 8, DAYS[2]: 9, DAYS[3]: 0, DAYS[5]: 3, DAYS[6]: 2},
    bedtimes={DAYS[0]: 23 * 60 + 10, DAYS[1]: 22 * 60 + 45, DAYS[2]: 40, DAYS[5]: 23 * 60},
    goal=8,
)


def decode(png: bytes) -> Image.Image:
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    image = Image.open(io.BytesIO(png))
    image.load()
    return image.convert("RGB")


def column(index: int) -> tuple[int, int]:
    return int(_LEFT + _COLUMN * index), int(_LEFT + _COLUMN * (index + 1))


def nearest(colour: tuple[int, int, int], target: tuple[int, int, int]) -> int:
    return sum(abs(a - b) for a, b in zip(colour, target, strict=True))


def test_the_chart_is_a_small_png_of_phone_size() -> None:
    png = weekly_chart(WEEK, LABELS, "en")
    assert decode(png).size == (1000, 700)
    assert len(png) < drawing.MAX_PNG_BYTES


def test_the_chart_is_the_same_bytes_for_the_same_week() -> None:
    assert weekly_chart(WEEK, LABELS, "en") == weekly_chart(WEEK, LABELS, "en")


def test_one_more_glass_changes_only_that_day_s_column() -> None:
    more = WeekData(TODAY, {**WEEK.glasses, DAYS[5]: 4}, WEEK.bedtimes, WEEK.goal)
    box = ImageChops.difference(
        decode(weekly_chart(WEEK, LABELS, "en")), decode(weekly_chart(more, LABELS, "en"))
    ).getbbox()
    assert box is not None
    left, right = column(5)
    assert left <= box[0] and box[2] <= right
    assert box[1] >= _WATER_TOP - 60 and box[3] <= _WATER_BASE + 1


def test_a_day_at_the_goal_is_green_and_a_day_below_it_is_blue() -> None:
    image = decode(weekly_chart(WEEK, LABELS, "en"))
    below, at_goal = (int(_LEFT + _COLUMN * (i + 0.5)) for i in (0, 1))
    assert nearest(image.getpixel((below, _WATER_BASE - 20)), drawing.WATER) < 20
    assert nearest(image.getpixel((at_goal, _WATER_BASE - 20)), drawing.WATER_DONE) < 20


def sleep_dot_y(image: Image.Image, index: int) -> int:
    x = int(_LEFT + _COLUMN * (index + 0.5))
    ys = [
        y
        for y in range(_SLEEP_TOP - 20, _SLEEP_BOTTOM + 20)
        if nearest(image.getpixel((x, y)), drawing.SLEEP) < 30
    ]
    assert ys, f"no bedtime dot on day {index}"
    return (min(ys) + max(ys)) // 2


def test_a_bedtime_after_midnight_is_drawn_later_than_one_before_it() -> None:
    image = decode(weekly_chart(WEEK, LABELS, "en"))
    half_past_twelve, ten_past_eleven, quarter_to_eleven = (
        sleep_dot_y(image, i) for i in (2, 0, 1)
    )
    # later bedtimes are higher up
    assert half_past_twelve < ten_past_eleven < quarter_to_eleven


def test_an_empty_week_and_a_week_without_goal_render() -> None:
    for week in (WeekData(TODAY), WeekData(TODAY, {DAYS[3]: 0}), WeekData(TODAY, {DAYS[0]: 30})):
        png = weekly_chart(week, LABELS, "ru")
        assert decode(png).size == (1000, 700)
        assert len(png) < drawing.MAX_PNG_BYTES
    empty = decode(weekly_chart(WeekData(TODAY), LABELS, "en"))
    bars = empty.crop((_LEFT, _WATER_TOP, _LEFT + int(_COLUMN * 7), _WATER_BASE - 2))
    assert all(nearest(c, drawing.WATER) > 60 for _, c in bars.getcolors(100_000) or [])


def test_day_names_and_clock_follow_the_locale() -> None:
    english = decode(weekly_chart(WEEK, LABELS, "en"))
    russian = decode(weekly_chart(WEEK, LABELS, "ru"))
    british = decode(weekly_chart(WEEK, LABELS, "en_GB"))
    days_row = (0, 596, 1000, 680)
    assert ImageChops.difference(english.crop(days_row), russian.crop(days_row)).getbbox()
    # en_GB: same day names as en, but a 24-hour clock on the bedtime axis
    assert not ImageChops.difference(english.crop(days_row), british.crop(days_row)).getbbox()
    axis = (0, _SLEEP_TOP - 40, _LEFT - 5, _SLEEP_BOTTOM + 20)
    assert ImageChops.difference(english.crop(axis), british.crop(axis)).getbbox()


def test_cyrillic_is_drawn_with_real_glyphs_not_boxes() -> None:
    assert drawing.missing_glyphs("一👁") == {"一", "👁"}  # the check can fail
    regular = drawing.font(40)
    # every Cyrillic letter is a glyph of its own: no two look like the same empty box
    letters = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"
    masks = {bytes(regular.getmask(letter)) for letter in letters}
    assert len(masks) >= len(letters) - 2  # е/ё-like pairs may differ only by dots
    assert drawing.text_width("Ваша неделя", 40) > 150


def test_every_word_the_pictures_draw_is_in_the_font(services: Services) -> None:
    for code, lang in services.languages.items():
        labels = chart_labels(lang, goal=8)
        texts = [labels.title, labels.water, labels.goal, labels.sleep, labels.no_water]
        texts += [labels.no_sleep, lang.gettext("Where does it twitch?")]
        texts += list(get_day_names("abbreviated", locale=lang.locale).values())
        texts += [drawing.drawable(lang.texts.areas[a.id].title) for a in services.guide.areas]
        for text in texts:
            assert text and not drawing.missing_glyphs(text), (code, text)


def test_chart_labels_are_translated(services: Services) -> None:
    english = chart_labels(services.languages["en"], goal=3)
    russian = chart_labels(services.languages["ru"], goal=3)
    assert english.goal == "Goal: 3 glasses a day"
    assert russian.goal == "Цель: 3 стакана в день"
    assert russian.title != english.title
    assert chart_labels(services.languages["en"], goal=None).goal == ""


def test_every_area_of_the_guide_has_a_place_on_the_body_map(services: Services) -> None:
    assert {area.id for area in services.guide.areas} == set(MARKERS)


def test_the_body_map_is_a_small_png_per_language(services: Services) -> None:
    pictures = {
        code: body_map_for(services.guide, lang) for code, lang in services.languages.items()
    }
    for png in pictures.values():
        assert decode(png).size == (1000, 1000)
        assert len(png) < drawing.MAX_PNG_BYTES
    assert pictures["en"] != pictures["ru"]  # the legend speaks the user's language
    # drawn once: the second call returns the cached bytes
    assert body_map_for(services.guide, services.languages["en"]) is pictures["en"]


def test_the_body_map_marks_each_area_it_is_given() -> None:
    areas = (("eyelid", "Eyelid"), ("foot", "Foot"))
    full = decode(body_map(areas, "Where?"))
    fewer = decode(body_map(areas[:1], "Where?"))
    spot, place = MARKERS["foot"]
    inside_marker = (place[0] - 18, place[1])
    assert nearest(full.getpixel(inside_marker), drawing.MARK) < 20
    assert nearest(fewer.getpixel(inside_marker), drawing.MARK) > 100
    assert nearest(full.getpixel(spot), drawing.MARK) < 20  # the dot on the foot itself
    # nothing changes above the legend's second row
    assert not ImageChops.difference(full, fewer).crop((0, 0, 1000, 200)).getbbox()
    with pytest.raises(ValueError, match="tail"):
        body_map((("tail", "Tail"),), "Where?")


def test_the_sample_pictures_command_writes_both_pictures_per_language(tmp_path: Path) -> None:
    assert pictures_main([str(tmp_path)]) == 0
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == [
        "body-map-en.png",
        "body-map-ru.png",
        "weekly-chart-en.png",
        "weekly-chart-ru.png",
    ]
    for path in tmp_path.iterdir():
        decode(path.read_bytes())


def test_the_bundled_fonts_come_with_their_licence() -> None:
    licence = (drawing.FONTS_DIR / "LICENSE").read_text(encoding="utf-8")
    assert "Bitstream Vera" in licence and "DejaVu" in licence
    for path in (drawing.REGULAR, drawing.BOLD):
        assert path.stat().st_size < 60_000  # subsets, not the 700 KB originals


def test_the_planned_bedtime_is_drawn_beside_each_night() -> None:
    planned = {day: 23 * 60 for day in DAYS}
    plain = decode(weekly_chart(WEEK, LABELS, "en"))
    labels = replace(LABELS, planned="– your bedtime")
    with_plan = decode(
        weekly_chart(WeekData(TODAY, WEEK.glasses, WEEK.bedtimes, 8, planned), labels, "en")
    )
    box = ImageChops.difference(plain, with_plan).getbbox()
    assert box is not None and box[1] >= _SLEEP_TOP - 80, "only the bedtime band changes"
    # the dash sits beside Saturday's 23:00 dot, at its height, in the goal's colour
    x = int(_LEFT + _COLUMN * 5.5)
    y = sleep_dot_y(with_plan, 5)
    assert any(nearest(with_plan.getpixel((x + dx, y)), drawing.GOAL) < 30 for dx in range(18, 40))
