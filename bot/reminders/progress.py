"""Words and small text bars for progress: glasses against the goal, a week of days and nights.

Pure: numbers, dates and a language in, text out (Telegram HTML, escaped where needed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta

from babel.dates import format_date

from bot.i18n import Language
from bot.reminders.clock import clock_text
from bot.reminders.model import HISTORY_DAYS, WaterToday

FULL, EMPTY = "▰", "▱"
ON_TIME = 15  # minutes after the planned bedtime that still count as on time
MIN_STREAK = 2  # days in a row worth a word: one day is just today
MAX_BAR = 12  # cells at most: a goal above this is drawn to scale
WEEK = 7


def bar(count: int, goal: int) -> str:
    """`▰▰▰▱▱▱▱▱` for 3 of 8; past the goal the bar is full and the extra is counted."""
    goal = max(goal, 1)
    cells = min(goal, MAX_BAR)
    filled = min(cells, round(count * cells / goal))
    if 0 < count < goal and filled == 0:
        filled = 1  # a first glass always shows
    if count < goal and filled == cells:
        filled = cells - 1  # not full before the goal is met
    extra = f" +{count - goal}" if count > goal else ""
    return FULL * filled + EMPTY * (cells - filled) + extra


def water_line(lang: Language, water: WaterToday) -> str:
    """'🥛 3 of 8 today ▰▰▰▱▱▱▱▱', or the goal met."""
    counted = lang.gettext("{count} of {goal} today").format(count=water.count, goal=water.goal)
    if water.met:
        return (
            "🎉 " + counted + " " + bar(water.count, water.goal) + " · " + lang.gettext("goal met")
        )
    return "🥛 " + counted + " " + bar(water.count, water.goal)


def days(today: date, count: int = WEEK) -> list[date]:
    return [today - timedelta(days=count - 1 - n) for n in range(count)]


def _day(day: date, today: date, lang: Language) -> str:
    if day == today:
        return lang.gettext("Today")
    return format_date(day, format="EEE d MMM", locale=lang.locale)


Goal = int | Callable[[date], int]  # one goal, or each day's own (History.goal_on)


def goal_of(goal: Goal) -> Callable[[date], int]:
    if callable(goal):
        return goal
    return lambda _day: goal


def water_week(lang: Language, today: date, glasses: Mapping[date, int], goal: Goal) -> str:
    """One line a day, oldest first: 'Mon 16 Nov  5/8 ▰▰▰▰▰▱▱▱', each day against its own
    goal; days with nothing are dashes."""
    goal_on = goal_of(goal)
    lines = []
    for day in days(today):
        count, goal = glasses.get(day, 0), goal_on(day)
        tick = " ✓" if count >= goal else ""
        lines.append(f"{_day(day, today, lang)}: {count}/{goal} {bar(count, goal)}{tick}")
    return "\n".join(lines)


def sleep_week(
    lang: Language,
    today: date,
    bedtimes: Mapping[date, int],
    planned: Callable[[date], int] | None = None,
) -> str:
    """One line a night, oldest first: 'Mon 16 Nov: 23:10 ✓'; nights not logged show a dash.
    With `planned` (the bedtime of a night), a night in bed by then, or within ON_TIME of
    it, is ticked.

    Nights are keyed by the evening's date; tonight is today's evening."""
    lines = []
    for day in days(today):
        minute = bedtimes.get(day)
        when = clock_text(minute, lang.locale, lang.hour24) if minute is not None else "—"
        tick = ""
        if minute is not None and planned is not None:
            tick = " ✓" if minutes_late(minute, planned(day)) <= ON_TIME else ""
        lines.append(f"{_day(day, today, lang)}: {when}{tick}")
    return "\n".join(lines)


def minutes_late(bedtime: int, planned: int) -> int:
    """How late a bedtime is against the planned one (negative: early), the nearer way round
    the clock: 00:20 against 23:00 is 80 minutes late, 12:10 against 09:00 three hours and
    ten, 11:50 against 12:00 ten minutes early."""
    return (bedtime - planned + 12 * 60) % (24 * 60) - 12 * 60


def streak(today: date, glasses: Mapping[date, int], goal: Goal) -> int:
    """Days in a row the goal was met (each day's own goal), ending today (or yesterday,
    while today is young)."""
    goal_on = goal_of(goal)
    day = today if glasses.get(today, 0) >= goal_on(today) else today - timedelta(days=1)
    count = 0
    while glasses.get(day, 0) >= goal_on(day):
        count += 1
        day -= timedelta(days=1)
    return count


def streak_line(lang: Language, today: date, glasses: Mapping[date, int], goal: Goal) -> str:
    """'🔥 Goal met 4 days in a row', or nothing under MIN_STREAK days. Only HISTORY_DAYS
    are kept, so a run that reaches the oldest kept day may be longer: '28+'."""
    count = streak(today, glasses, goal)
    if count < MIN_STREAK:
        return ""
    latest = today if glasses.get(today, 0) >= goal_of(goal)(today) else today - timedelta(days=1)
    earliest = latest - timedelta(days=count - 1)
    capped = earliest <= today - timedelta(days=HISTORY_DAYS - 1)
    return "🔥 " + lang.ngettext(
        "Goal met {count} day in a row", "Goal met {count} days in a row", count
    ).format(count=f"{count}+" if capped else count)
