"""Progress on the reminder itself and on the settings screens: bars, weeks, streaks."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.context import Services
from bot.reminders import progress
from bot.reminders.store import WaterToday

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("count", "goal", "expected"),
    [
        (0, 8, "▱▱▱▱▱▱▱▱"),
        (3, 8, "▰▰▰▱▱▱▱▱"),
        (8, 8, "▰▰▰▰▰▰▰▰"),
        (10, 8, "▰▰▰▰▰▰▰▰ +2"),
        (1, 20, "▰▱▱▱▱▱▱▱▱▱▱▱"),  # a big goal is drawn to scale, a first glass still shows
        (19, 20, "▰▰▰▰▰▰▰▰▰▰▰▱"),  # never full before the goal
    ],
)
def test_bar(count: int, goal: int, expected: str) -> None:
    assert progress.bar(count, goal) == expected


@pytest.mark.parametrize("code", ["en", "ru"])
def test_water_line_in_both_languages(code: str, services: Services) -> None:
    lang = services.languages[code]
    line = progress.water_line(lang, WaterToday(3, 8))
    assert line.startswith("🥛 ") and "3" in line and "8" in line and "▰▰▰▱" in line
    assert {"en": "3 of 8 today", "ru": "3 из 8 сегодня"}[code] in line
    met = progress.water_line(lang, WaterToday(8, 8))
    assert met.startswith("🎉 ") and lang.gettext("goal met") in met


def test_weeks_show_seven_days_oldest_first(services: Services) -> None:
    en = services.languages["en"]
    glasses = {TODAY: 8, TODAY - timedelta(days=6): 2, TODAY - timedelta(days=9): 5}
    lines = progress.water_week(en, TODAY, glasses, 8).splitlines()
    assert len(lines) == 7
    assert lines[0].startswith("Sat 14 Nov: 2/8")
    assert lines[-1].startswith("Today: 8/8") and lines[-1].endswith("✓")
    nights = progress.sleep_week(en, TODAY, {TODAY - timedelta(days=1): 23 * 60 + 10}).splitlines()
    assert nights[-2] == "Thu 19 Nov: 11:10\u202fPM" or nights[-2].startswith("Thu 19 Nov: 11:10")
    assert nights[-1] == "Today: —"


def test_streak_counts_days_in_a_row() -> None:
    met = {TODAY - timedelta(days=n): 8 for n in (1, 2, 3, 5)}
    assert progress.streak(TODAY, met, 8) == 3  # today is young: yesterday's run counts
    assert progress.streak(TODAY, {**met, TODAY: 9}, 8) == 4
    assert progress.streak(TODAY, {}, 8) == 0
