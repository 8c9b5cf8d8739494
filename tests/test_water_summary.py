"""The streak and the evening summary: which occurrence is the water window's last of the day
(pure, across midnight and daylight-saving changes), and, end to end with the test's clock,
the day summed up instead of that reminder, in English and Russian."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.context import GuideApplication, Services
from bot.emulator import BotApiEmulator
from bot.i18n import Language
from bot.reminders import progress
from bot.reminders.model import WaterToday
from bot.reminders.schedule import (
    Reminder,
    ReminderKind,
    last_of_day,
    local_instant,
    next_fire_at,
)
from bot.reminders.service import ReminderService
from bot.reminders.store import Outcome
from tests.helpers import FakeClock, Runner, at, dispatcher, due, subscribe

NEW_YORK = ZoneInfo("America/New_York")
BERLIN = ZoneInfo("Europe/Berlin")
MOSCOW = ZoneInfo("Europe/Moscow")


def water(start: str, end: str, every: int) -> Reminder:
    return Reminder(ReminderKind.HYDRATION, at(start), at(end), every)


def occurrence(day: date, time: str, zone: ZoneInfo) -> datetime:
    """When the scheduler fires the local time `time` of `day` (a gap: at the jump)."""
    return local_instant(day, at(time), zone)


@pytest.mark.parametrize(
    ("zone", "reminder", "day", "time", "last"),
    [
        # the usual window: 21:00 closes it; a snooze past it (the last let go) closes it too
        (MOSCOW, water("09:00", "21:00", 120), date(2026, 11, 20), "09:00", False),
        (MOSCOW, water("09:00", "21:00", 120), date(2026, 11, 20), "19:00", False),
        (MOSCOW, water("09:00", "21:00", 120), date(2026, 11, 20), "21:00", True),
        (MOSCOW, water("09:00", "21:00", 120), date(2026, 11, 20), "21:15", True),
        (MOSCOW, water("09:00", "21:00", 120), date(2026, 11, 20), "15:30", False),
        # an end the interval does not reach: the last time is 19:00
        (MOSCOW, water("09:00", "20:00", 120), date(2026, 11, 20), "19:00", True),
        (MOSCOW, water("09:00", "20:00", 120), date(2026, 11, 20), "17:00", False),
        # one reminder a day is always the last
        (MOSCOW, water("09:00", "09:00", 60), date(2026, 11, 20), "09:00", True),
        # past midnight: the window of the 20th ends at 04:00 on the 21st, not at 22:00
        (NEW_YORK, water("20:00", "04:00", 120), date(2026, 11, 20), "22:00", False),
        (NEW_YORK, water("20:00", "04:00", 120), date(2026, 11, 21), "00:00", False),
        (NEW_YORK, water("20:00", "04:00", 120), date(2026, 11, 21), "02:00", False),
        (NEW_YORK, water("20:00", "04:00", 120), date(2026, 11, 21), "04:00", True),
        # past midnight into spring forward (Berlin, 29 March 02:00 -> 03:00): 02:00 never
        # shows, so the window ends when the clocks jump
        (BERLIN, water("20:00", "02:00", 60), date(2026, 3, 29), "01:00", False),
        (BERLIN, water("20:00", "02:00", 60), date(2026, 3, 29), "02:00", True),
        # past midnight into fall back (Berlin, 25 October 03:00 -> 02:00): 02:00 fires
        # once, at its first showing, and 03:00 after the repeated hour ends the window
        (BERLIN, water("20:00", "03:00", 60), date(2026, 10, 25), "02:00", False),
        (BERLIN, water("20:00", "03:00", 60), date(2026, 10, 25), "03:00", True),
        # New York's fall back (1 November 02:00 -> 01:00), every half hour: 01:30 closes it
        (NEW_YORK, water("22:00", "01:30", 30), date(2026, 11, 1), "01:00", False),
        (NEW_YORK, water("22:00", "01:30", 30), date(2026, 11, 1), "01:30", True),
        # a window that opens in New York's spring-forward gap (8 March 02:00 -> 03:00)
        (NEW_YORK, water("02:30", "22:30", 240), date(2026, 3, 7), "22:30", True),
        (NEW_YORK, water("02:30", "22:30", 240), date(2026, 3, 8), "02:30", False),
        (NEW_YORK, water("02:30", "22:30", 240), date(2026, 3, 8), "22:30", True),
    ],
)
def test_the_last_of_the_day(
    zone: ZoneInfo, reminder: Reminder, day: date, time: str, last: bool
) -> None:
    assert last_of_day(reminder, zone, occurrence(day, time, zone)) is last


def test_daylight_saving_cases_are_the_ones_the_scheduler_fires() -> None:
    """The DST cases above test real occurrences: the scheduler fires at those instants."""
    spring = water("20:00", "02:00", 60)
    one = occurrence(date(2026, 3, 29), "01:00", BERLIN)
    jump = next_fire_at(spring, BERLIN, one)
    assert jump == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)  # 03:00 CEST, the jump itself
    assert jump == occurrence(date(2026, 3, 29), "02:00", BERLIN)
    autumn = water("20:00", "03:00", 60)
    first_two = occurrence(date(2026, 10, 25), "02:00", BERLIN)
    assert first_two == datetime(2026, 10, 25, 0, 0, tzinfo=UTC)  # 02:00 CEST, not CET
    three = next_fire_at(autumn, BERLIN, first_two)
    assert three == datetime(2026, 10, 25, 2, 0, tzinfo=UTC)  # the repeated 02:00 skipped
    assert three == occurrence(date(2026, 10, 25), "03:00", BERLIN)

    # from March to mid-November (both changes), each window has exactly one last occurrence
    for zone, reminder in (
        (BERLIN, spring),
        (BERLIN, autumn),
        (NEW_YORK, water("22:00", "01:30", 30)),
    ):
        # from and to midday UTC, when none of these windows is open
        instant = datetime(2026, 3, 1, 12, tzinfo=UTC)
        end = datetime(2026, 11, 15, 12, tzinfo=UTC)
        lasts = windows = 0
        while (instant := next_fire_at(reminder, zone, instant)) < end:
            local = instant.astimezone(zone)
            windows += local.hour * 60 + local.minute == reminder.start_minute
            lasts += last_of_day(reminder, zone, instant)
        assert lasts == windows > 250, zone


def test_a_sleep_reminder_has_no_summary() -> None:
    sleep = Reminder(ReminderKind.SLEEP, at("23:00"), wind_down=30)
    assert not last_of_day(sleep, MOSCOW, occurrence(date(2026, 11, 20), "22:30", MOSCOW))


TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("code", "days", "expected"),
    [
        ("en", 1, ""),  # one day is just today: nothing to say
        ("en", 2, "🔥 Goal met 2 days in a row"),
        ("en", 21, "🔥 Goal met 21 days in a row"),
        ("ru", 2, "🔥 Цель достигнута 2 дня подряд"),
        ("ru", 5, "🔥 Цель достигнута 5 дней подряд"),
        ("ru", 21, "🔥 Цель достигнута 21 день подряд"),
        ("ru", 24, "🔥 Цель достигнута 24 дня подряд"),
        # only 28 days are kept: a run reaching the oldest kept day may be longer
        ("en", 28, "🔥 Goal met 28+ days in a row"),
        ("ru", 28, "🔥 Цель достигнута 28+ дней подряд"),
    ],
)
def test_streak_line_in_both_languages(
    services: Services, code: str, days: int, expected: str
) -> None:
    glasses = {TODAY - timedelta(days=n): 8 for n in range(days)}
    assert progress.streak_line(services.languages[code], TODAY, glasses, 8) == expected


def test_streak_while_today_is_young_counts_to_yesterday(services: Services) -> None:
    en = services.languages["en"]
    glasses = {TODAY: 3, **{TODAY - timedelta(days=n): 8 for n in range(1, 28)}}
    assert progress.streak_line(en, TODAY, glasses, 8) == "🔥 Goal met 27+ days in a row"
    glasses[TODAY - timedelta(days=27)] = 2  # the oldest kept day missed: the run is known
    assert progress.streak_line(en, TODAY, glasses, 8) == "🔥 Goal met 26 days in a row"


# -- end to end ---------------------------------------------------------------------------------

USER = 1201
STREAK = {
    "en": "Goal met {} days in a row",
    "ru": "Цель достигнута {} дня подряд",
}


def store_of(app: GuideApplication) -> ReminderService:
    assert app.bot_data.reminders is not None
    return app.bot_data.reminders


async def run_at(app: GuideApplication, clock: FakeClock, local: str, day: int) -> dict[str, int]:
    """The dispatcher's round a few seconds after the user's occurrence of `local` (New York)."""
    clock.set(due(clock, local, -5, day=day, user=USER) + timedelta(seconds=5))
    return dict(await dispatcher(app).run_once())


def today(lang: Language, count: int, goal: int = 8) -> str:
    return lang.ngettext(
        "Today: {count} of {goal} glass", "Today: {count} of {goal} glasses", goal
    ).format(count=count, goal=goal)


@pytest.mark.parametrize("code", ["en", "ru"])
async def test_the_evening_summary_replaces_the_last_reminder(
    code: str, telegram: BotApiEmulator, bot: Runner, services: Services, clock: FakeClock
) -> None:
    lang = services.languages[code]
    streak = STREAK[code]
    user = telegram.user(USER, language_code=code)
    drank, undo = lang.gettext("🥛 I drank a glass"), lang.gettext("↩️ Undo")
    async with bot() as app:
        _, screen = await subscribe(user, lang, "💧 Water reminders", "✅", zone="UTC-5")
        # one tap on the water screen turns it on, and the screen says when it comes
        screen = await user.tap_and_wait(lang.gettext("🌆 Evening summary: off"), message=screen)
        assert lang.gettext("🌆 Evening summary: on") in screen.button_texts()
        explained = lang.gettext(
            "At {time}, the day's last water reminder sums up your day instead, even once "
            "the goal is met."
        )
        assert explained.format(time="9:00\u202fPM" if code == "en" else "21:00") in screen.text
        # the goal met on the two days before (logged then)
        store = store_of(app).store
        for day in (18, 19):
            for _ in range(8):
                await store.log_drink(USER, due(clock, "12:00", -5, day=day))

        # Today: the streak runs on the reminder from the first glass, and grows at the goal.
        await run_at(app, clock, "09:00", 20)
        reminder = await user.wait_for_message()
        reminder = await user.tap_and_wait(drank, message=reminder)
        assert streak.format(2) in reminder.text
        for _ in range(7):
            reminder = await user.tap_and_wait(drank, message=reminder)
        assert streak.format(3) in reminder.text
        assert lang.gettext("Well done! Only the evening summary is still to come today.") in (
            reminder.text
        )
        assert (await run_at(app, clock, "11:00", 20))[Outcome.GOAL_MET] == 1
        await user.assert_no_message(within=0.2)

        # 21:00, the window's last: the summary comes even though the goal is met.
        await run_at(app, clock, "20:50", 20)  # the afternoon's, long past, let go
        assert await run_at(app, clock, "21:00", 20) == {Outcome.SENT: 1}
        summary = await user.wait_for_message()
        assert summary.kind == "new"
        assert today(lang, 8) in summary.text and "▰▰▰▰▰▰▰▰" in summary.text
        assert streak.format(3) in summary.text
        assert lang.gettext("Goal reached today. Well done!") in summary.text
        assert lang.gettext("Time for a glass of water") not in summary.text
        assert summary.button_texts() == [drank, undo, lang.gettext("⚙️ Settings")]
        # Undo on the summary keeps it a summary: 7 of 8, kindly; yesterday's run still shows.
        summary = await user.tap_and_wait(undo, message=summary)
        assert summary.kind == "edit" and today(lang, 7) in summary.text
        assert "▰▰▰▰▰▰▰▱" in summary.text and streak.format(2) in summary.text
        short = lang.gettext(
            "Short of the goal today, and that is fine. If you are thirsty, a glass now "
            "still counts."
        )
        assert short in summary.text
        summary = await user.tap_and_wait(drank, message=summary)
        assert today(lang, 8) in summary.text and streak.format(3) in summary.text

        # Tomorrow nothing is logged: a kind word, and the run so far.
        await run_at(app, clock, "20:50", 21)
        assert await run_at(app, clock, "21:00", 21) == {Outcome.SENT: 1}
        summary = await user.wait_for_message()
        assert today(lang, 0) in summary.text and streak.format(3) in summary.text
        nothing = lang.gettext(
            "Nothing logged today. Perhaps you drank without tapping; either way, tomorrow "
            "is a fresh start."
        )
        assert nothing in summary.text
        assert undo not in summary.button_texts()
        # The settings screen: the streak next to today's count.
        screen = await user.tap_and_wait(lang.gettext("⚙️ Settings"), message=summary)
        assert screen.kind == "new"
        count_line = progress.water_line(lang, WaterToday(0, 8))
        assert f"{count_line}\n🔥 {streak.format(3)}" in screen.text

        # Off again: the last one is a reminder like the others.
        screen = await user.tap_and_wait(lang.gettext("🌆 Evening summary: on"), message=screen)
        assert lang.gettext("🌆 Evening summary: off") in screen.button_texts()
        await run_at(app, clock, "20:50", 22)
        assert await run_at(app, clock, "21:00", 22) == {Outcome.SENT: 1}
        plain = await user.wait_for_message()
        assert lang.gettext("Time for a glass of water") in plain.text
        assert lang.gettext("⏰ Snooze 30 min") in plain.button_texts()
