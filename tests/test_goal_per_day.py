"""A day is judged by the goal in force that day: raising the goal does not wipe the streak
or the week's ticks (SQLite and PostgreSQL; the screens and the chart)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.context import Services
from bot.pictures.chart import WeekData
from bot.reminders import progress, water_screens
from bot.reminders.model import History
from bot.stores import open_stores

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 12:00 in Moscow, Friday
TODAY = date(2026, 11, 20)


async def test_earlier_days_keep_their_own_goal(database_url: str) -> None:
    stores = await open_stores(database_url)
    try:
        store = stores.reminders
        await store.set_zone(1, "Europe/Moscow", "en", NOW)
        await store.set_water_goal(1, 6)
        for back in (3, 2, 1):  # six glasses a day, the goal then
            for _ in range(6):
                await store.log_drink(1, NOW - timedelta(days=back))
        await store.set_water_goal(1, 8)  # today, a higher goal
        for _ in range(2):
            await store.log_drink(1, NOW)
        history = await store.history(1, NOW)
        assert history is not None
        assert [history.goal_on(TODAY - timedelta(days=n)) for n in (3, 2, 1, 0)] == [6, 6, 6, 8]
        assert progress.streak(history.today, history.glasses, history.goal_on) == 3
        # an old day with no goal stored is judged by the current one
        assert history.goal_on(TODAY - timedelta(days=10)) == 8
    finally:
        await stores.close()


def test_the_week_and_the_streak_use_each_day_s_goal(services: Services) -> None:
    en = services.languages["en"]
    history = History(
        TODAY,
        {TODAY - timedelta(days=n): 6 for n in (1, 2, 3)} | {TODAY: 2},
        {},
        8,
        {TODAY - timedelta(days=n): 6 for n in (1, 2, 3)},
    )
    week = progress.water_week(en, TODAY, history.glasses, history.goal_on).splitlines()
    assert week[-2].endswith("6/6 ▰▰▰▰▰▰ ✓") and week[-1].startswith("Today: 2/8")
    screen = "\n".join(water_screens.water_progress(en, None, history))
    assert "3 days in a row" in screen
    # with one goal for every day (before), the run was gone
    assert progress.streak(TODAY, history.glasses, 8) == 0


def test_the_chart_colours_a_day_by_its_own_goal() -> None:
    glasses = {TODAY - timedelta(days=1): 6}
    goals = {TODAY - timedelta(days=1): 6}
    from bot.pictures import drawing
    from bot.pictures.chart import _COLUMN, _LEFT, _WATER_BASE, weekly_chart
    from tests.test_pictures import LABELS, decode, nearest

    image = decode(weekly_chart(WeekData(TODAY, glasses, {}, 8, {}, goals), LABELS, "en"))
    x = int(_LEFT + _COLUMN * 5.5)
    assert nearest(image.getpixel((x, _WATER_BASE - 20)), drawing.WATER_DONE) < 20
    before = decode(weekly_chart(WeekData(TODAY, glasses, {}, 8), LABELS, "en"))
    assert nearest(before.getpixel((x, _WATER_BASE - 20)), drawing.WATER) < 20
