"""The weekly chart: glasses of water per day against the goal, and bedtimes, as a PNG.

Pure: the week's numbers, translated labels and a Babel locale in, PNG bytes out. Day names,
dates and times come from CLDR through Babel, so the chart speaks the user's language and
clock (22:30 or 10:30 PM). Days with no data are left blank, never drawn as zero.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from babel import Locale
from babel.dates import format_interval, get_day_names

from bot.i18n import Language
from bot.pictures import drawing as d
from bot.reminders.clock import clock_text

WIDTH, HEIGHT = 1000, 700
DAYS = 7
_LEFT, _RIGHT = 150, 950  # the day columns; the left margin holds the bedtime axis
_COLUMN = (_RIGHT - _LEFT) / DAYS
_WATER_TOP, _WATER_BASE = 196, 380
_SLEEP_TOP, _SLEEP_BOTTOM = 478, 572
_NOON = 12 * 60


@dataclass(frozen=True, slots=True)
class WeekData:
    """Seven days ending with `last_day` (the user's today).

    `bedtimes` is keyed by the evening's date: going to bed at 00:40 on Tuesday morning is
    Monday's night; `planned` holds each night's chosen bedtime (the sleep reminder's), drawn
    as a dash to compare with. Times are minutes after local midnight.
    """

    last_day: date
    glasses: Mapping[date, int] = field(default_factory=dict)
    bedtimes: Mapping[date, int] = field(default_factory=dict)
    goal: int | None = None
    planned: Mapping[date, int] = field(default_factory=dict)
    goals: Mapping[date, int] = field(default_factory=dict)  # earlier days' own goals

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(self.last_day - timedelta(days=DAYS - 1 - n) for n in range(DAYS))


@dataclass(frozen=True, slots=True)
class ChartLabels:
    """The chart's words, already in the user's language."""

    title: str
    water: str
    goal: str  # "" when there is no goal
    sleep: str
    no_water: str
    no_sleep: str
    planned: str = ""  # the legend of the planned bedtimes' dashes


def chart_labels(lang: Language, goal: int | None) -> ChartLabels:
    return ChartLabels(
        title=lang.gettext("Your week"),
        water=lang.gettext("Glasses of water"),
        goal=(
            lang.ngettext("Goal: {count} glass a day", "Goal: {count} glasses a day", goal).format(
                count=goal
            )
            if goal
            else ""
        ),
        sleep=lang.gettext("Bedtime"),
        no_water=lang.gettext("No glasses logged this week"),
        no_sleep=lang.gettext("No bedtimes logged this week"),
        planned=lang.gettext("– your bedtime"),
    )


def _center(day_index: int) -> float:
    return _LEFT + _COLUMN * (day_index + 0.5)


def _centered(
    draw: d.ImageDraw.ImageDraw,
    x: float,
    y: float,
    text: str,
    size: int,
    fill: tuple[int, int, int],
    bold: bool = False,
) -> None:
    draw.text((x, y), text, font=d.font(size, bold), fill=fill, anchor="ms")


def _water(draw: d.ImageDraw.ImageDraw, week: WeekData, labels: ChartLabels) -> None:
    draw.text((56, 128), labels.water, font=d.font(30, True), fill=d.INK, anchor="ls")
    if labels.goal:
        size = d.fit(labels.goal, 26, 480)
        draw.text((944, 128), labels.goal, font=d.font(size), fill=d.GOAL, anchor="rs")
    draw.line((_LEFT - 10, _WATER_BASE, _RIGHT, _WATER_BASE), fill=d.GRID, width=3)
    counts = [week.glasses.get(day) for day in week.days]
    if not any(counts):
        _centered(
            draw,
            (_LEFT + _RIGHT) / 2,
            (_WATER_TOP + _WATER_BASE) / 2,
            labels.no_water,
            d.fit(labels.no_water, 28, _RIGHT - _LEFT),
            d.MUTED,
        )
        return
    top = max([*(c or 0 for c in counts), week.goal or 0, 1])
    scale = (_WATER_BASE - _WATER_TOP) / top
    if week.goal:
        y = _WATER_BASE - week.goal * scale
        for dash in range(_LEFT - 10, _RIGHT, 24):
            draw.line((dash, y, min(dash + 14, _RIGHT), y), fill=d.GOAL, width=4)
    for index, count in enumerate(counts):
        x = _center(index)
        if count is None:
            _centered(draw, x, _WATER_BASE - 12, "–", 28, d.MUTED)
            continue
        height = count * scale
        goal = week.goals.get(week.days[index], week.goal)  # the day's own, if it had one
        done = bool(goal) and count >= (goal or 0)
        if count:
            draw.rounded_rectangle(
                (x - 34, _WATER_BASE - height, x + 34, _WATER_BASE),
                radius=10,
                fill=d.WATER_DONE if done else d.WATER,
            )
        _centered(draw, x, _WATER_BASE - height - 10, str(count), 30, d.INK, bold=True)


def _evening(minute: int) -> int:
    """Minutes since noon, so that 23:30 comes before 00:30 on the bedtime axis."""
    return (minute - _NOON) % (24 * 60)


def _sleep(
    draw: d.ImageDraw.ImageDraw,
    week: WeekData,
    labels: ChartLabels,
    locale: Locale,
    hour24: bool | None,
) -> None:
    draw.text((56, 430), labels.sleep, font=d.font(30, True), fill=d.INK, anchor="ls")
    times = [week.bedtimes.get(day) for day in week.days]
    planned = [week.planned.get(day) for day in week.days]
    known = [_evening(t) for t in times if t is not None]
    if known:  # the plan only widens the axis when there is something to compare it with
        known += [_evening(t) for t in planned if t is not None]
    low = min(known, default=10 * 60) // 60 * 60
    high = -(-max(known, default=12 * 60) // 60) * 60
    while high - low < 120:
        low, high = low - 60 if low >= 60 else low, high + 60
    step = 60 if high - low <= 240 else 120

    def y_of(value: int) -> float:
        return _SLEEP_BOTTOM - (value - low) / (high - low) * (_SLEEP_BOTTOM - _SLEEP_TOP)

    if not known:
        _centered(
            draw,
            (_LEFT + _RIGHT) / 2,
            (_SLEEP_TOP + _SLEEP_BOTTOM) / 2 + 10,
            labels.no_sleep,
            d.fit(labels.no_sleep, 28, _RIGHT - _LEFT),
            d.MUTED,
        )
        return
    for value in range(low, high + 1, step):
        y = y_of(value)
        draw.line((_LEFT - 10, y, _RIGHT, y), fill=d.GRID, width=2)
        text = clock_text((value + _NOON) % (24 * 60), locale, hour24)
        draw.text(
            (_LEFT - 18, y),
            text,
            font=d.font(d.fit(text, 22, _LEFT - 40)),
            fill=d.MUTED,
            anchor="rm",
        )
    if labels.planned and any(t is not None for t in planned):
        size = d.fit(labels.planned, 24, 480)
        draw.text((944, 430), labels.planned, font=d.font(size), fill=d.GOAL, anchor="rs")
    for index, minute in enumerate(planned):
        if minute is not None:
            x, y = _center(index), y_of(_evening(minute))
            draw.line((x - 40, y, x - 16, y), fill=d.GOAL, width=4)
            draw.line((x + 16, y, x + 40, y), fill=d.GOAL, width=4)
    points = [(_center(i), y_of(_evening(t))) for i, t in enumerate(times) if t is not None]
    for start, end in itertools.pairwise(points):
        draw.line((*start, *end), fill=d.SLEEP, width=4)
    for index, minute in enumerate(times):
        if minute is None:
            continue
        x, y = _center(index), y_of(_evening(minute))
        draw.ellipse((x - 11, y - 11, x + 11, y + 11), fill=d.SLEEP, outline=d.CARD, width=3)
        text = clock_text(minute, locale, hour24)
        size = d.fit(text, 22, _COLUMN - 6)
        # outlined in the card's colour: a planned-bedtime dash may pass behind it
        draw.text(
            (x, y - 18),
            text,
            font=d.font(size, True),
            fill=d.INK,
            anchor="ms",
            stroke_width=4,
            stroke_fill=d.CARD,
        )


def _days(draw: d.ImageDraw.ImageDraw, week: WeekData, locale: Locale) -> None:
    names = get_day_names("abbreviated", locale=locale)
    for index, day in enumerate(week.days):
        x = _center(index)
        today = index == DAYS - 1
        if today:
            draw.rounded_rectangle((x - 50, 596, x + 50, 670), radius=16, fill=d.GRID)
        _centered(draw, x, 628, names[day.weekday()], 28, d.INK, bold=True)
        _centered(draw, x, 660, str(day.day), 24, d.MUTED)


def weekly_chart(
    week: WeekData, labels: ChartLabels, locale: Locale | str, hour24: bool | None = None
) -> bytes:
    """The week as a 1000x700 PNG (well under 100 KB) in the locale's day names and clock
    (`hour24`: the user's clock instead)."""
    locale = locale if isinstance(locale, Locale) else Locale.parse(locale.replace("-", "_"))
    image, draw = d.canvas(WIDTH, HEIGHT)
    draw.rounded_rectangle((16, 16, WIDTH - 16, HEIGHT - 16), radius=28, fill=d.CARD)
    draw.text(
        (56, 72),
        labels.title,
        font=d.font(d.fit(labels.title, 40, 520, True), True),
        fill=d.INK,
        anchor="ls",
    )
    days = week.days
    span = format_interval(days[0], days[-1], "MMMd", locale=locale)
    draw.text((944, 72), span, font=d.font(28), fill=d.MUTED, anchor="rs")
    _water(draw, week, labels)
    _sleep(draw, week, labels, locale, hour24)
    _days(draw, week, locale)
    return d.png_bytes(image)
