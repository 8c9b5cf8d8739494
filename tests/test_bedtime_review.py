"""Review of the bedtime change: defects found by a second reader, reproduced before their
fixes (each failed on 03475f6)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import asyncpg

from bot.context import Services
from bot.emulator import BotApiEmulator
from bot.reminders import progress, words
from bot.reminders.schedule import Reminder, ReminderKind, night_of
from bot.stores import open_stores
from tests.helpers import FakeClock, Runner, dispatcher, due
from tests.test_reminders_e2e import subscribe_sleep_in_moscow

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 12:00 in Moscow


async def test_an_unusable_sleep_rule_stops_one_reminder_not_the_others(database_url: str) -> None:
    """_next_fire_sql / next_fire_seconds stop a hand-edited rule quietly, but claim_due now
    builds a Reminder from every claimed row: one bad row fails the whole batch (SQLite:
    rolled back, so every later claim fails too; PostgreSQL: the batch is lost)."""
    stores = await open_stores(database_url)
    try:
        for user in (1, 2):
            await stores.reminders.set_zone(user, "Europe/Moscow", "en", NOW)
            await stores.reminders.subscribe(
                user, Reminder(ReminderKind.SLEEP, 23 * 60, wind_down=30), "en", NOW
            )
    finally:
        await stores.close()
    edit = "UPDATE reminders SET wind_down = 999 WHERE user_id = 1"
    if database_url.startswith("sqlite"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            db.execute(edit)
    else:
        connection = await asyncpg.connect(database_url)
        try:
            await connection.execute(edit)
        finally:
            await connection.close()
    stores = await open_stores(database_url)
    try:
        claimed = await stores.reminders.claim_due(NOW + timedelta(hours=11), 10)
        # both were due and go out (as with an unusable zone); the bad rule without its
        # bedtime, and it stops there
        assert sorted(due.user_id for due in claimed) == [1, 2], "one bad row blocks none"
        rules = {due.user_id: due.reminder for due in claimed}
        assert rules[1] is None and rules[2] is not None
        assert [s.kind for s in await stores.reminders.subscriptions(1)] == []
        assert await stores.reminders.claim_due(NOW + timedelta(days=2), 10) != []  # user 2
    finally:
        await stores.close()


async def test_a_late_reminder_counts_the_minutes_to_bed_from_when_it_is_sent(
    telegram: BotApiEmulator, bot: Runner, services: Services, clock: FakeClock
) -> None:
    """Sent up to `grace` (30 min) late after a restart or a flood hold, the reminder still
    says 'in 30 minutes' from the scheduled time: 25 minutes late, bed is 5 minutes away."""
    en = services.languages["en"]
    user = telegram.user(1601, language_code="en")
    async with bot() as app:
        await subscribe_sleep_in_moscow(user, en, "22:30")  # bed at 23:00
    clock.set(due(clock, "22:30", 3, user=1601) + timedelta(minutes=25))
    async with bot() as app:
        await dispatcher(app).run_once()
        reminder = await user.wait_for_message()
        wrong = en.ngettext(
            "Bedtime: {time}, in {count} minute.", "Bedtime: {time}, in {count} minutes.", 30
        ).format(time=words.clock_time(23 * 60, en), count=30)
        assert wrong not in reminder.text


def test_a_night_shift_bedtime_missed_past_noon_is_not_ticked(services: Services) -> None:
    """Bed planned at 09:00 after a night shift; in bed at 12:10, over three hours late. The
    noon boundary of night_of files it under the next night, where 12:10 is 'before' 09:00."""
    en = services.languages["en"].with_clock(True)
    reminder = Reminder(ReminderKind.SLEEP, 9 * 60, wind_down=30)
    went_to_bed = datetime(2026, 11, 17, 12, 10)  # Tuesday, after Monday night's shift
    bedtimes = {night_of(went_to_bed): 12 * 60 + 10}
    week = progress.sleep_week(en, went_to_bed.date(), bedtimes, reminder.bedtime_on)
    assert "✓" not in week, week


async def test_a_night_shift_bedtime_is_logged_under_its_night(database_url: str) -> None:
    """In bed at 12:10 on Tuesday for a 09:00 bedtime is Monday night's, late: the week and
    the chart show it on Monday, unticked (with no plan, noon still divides the nights)."""
    stores = await open_stores(database_url)
    tuesday_1210 = datetime(2026, 11, 17, 9, 10, tzinfo=UTC)  # 12:10 in Moscow
    try:
        for user in (1, 2):
            await stores.reminders.set_zone(user, "Europe/Moscow", "en", NOW)
        await stores.reminders.subscribe(
            1, Reminder(ReminderKind.SLEEP, 9 * 60, wind_down=30), "en", NOW
        )
        monday, tuesday = datetime(2026, 11, 16).date(), datetime(2026, 11, 17).date()
        assert await stores.reminders.log_bedtime(1, tuesday_1210) == (monday, 12 * 60 + 10)
        assert await stores.reminders.log_bedtime(2, tuesday_1210) == (tuesday, 12 * 60 + 10)
        history = await stores.reminders.history(1, tuesday_1210)
        assert history is not None and history.bedtimes == {monday: 12 * 60 + 10}
    finally:
        await stores.close()
