"""Upgrading a database whose sleep reminder was a time of day (before bedtimes): it keeps
firing when it did, now as a bedtime 30 minutes later with a 30-minute wind-down; water
reminders are untouched (SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import asyncpg

from bot.pg.database import migrate
from bot.pg.migrations import MIGRATIONS as PG_MIGRATIONS
from bot.reminders.model import Profile
from bot.reminders.schedule import Reminder, ReminderKind, next_fire_at, spread_delay
from bot.reminders.store import ReminderStore
from bot.storage import MIGRATIONS
from bot.stores import open_stores

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 12:00 in Moscow
MOSCOW = ZoneInfo("Europe/Moscow")
# The schema versions just before bedtimes (SQLite 6 and PostgreSQL 7 introduce them).
BEFORE_BEDTIMES = next(n for n, sql in enumerate(MIGRATIONS) if "weekend_minute" in sql)
BEFORE_BEDTIMES_PG = next(n for n, sql in enumerate(PG_MIGRATIONS) if "weekend_minute" in sql)
USER = 11
# The instant the old rule (sleep at 23:30) stored for tonight, at user 11's offset.
STORED = int(datetime(2026, 11, 20, 20, 30, tzinfo=UTC).timestamp()) + int(
    spread_delay(USER).total_seconds()
)
OLD_ROWS = [
    "INSERT INTO reminder_users (user_id, zone, language, paused) VALUES "
    "(11, 'Europe/Moscow', 'ru', 0), (12, 'Europe/Moscow', 'en', 1)",
    "INSERT INTO reminders (user_id, kind, start_minute, end_minute, every_minutes, enabled, "
    f"next_fire_at) VALUES (11, 'sleep', 1410, 0, 0, 1, {STORED}), "
    "(11, 'water', 540, 1260, 120, 1, NULL), "
    "(12, 'sleep', 705, 0, 0, 0, NULL)",  # off and paused, at 11:45 (a nap, before noon)
]


async def assert_upgraded(reminders: ReminderStore) -> None:
    by_kind = {s.kind: s for s in await reminders.subscriptions(USER)}
    # the stored instant is untouched, and it is what the new rule gives too
    assert by_kind[ReminderKind.SLEEP].next_fire_at == datetime.fromtimestamp(STORED, UTC)
    sleep = by_kind[ReminderKind.SLEEP].reminder
    # it fired at 23:30: now bed at 00:00, reminded 30 minutes before, at 23:30 still
    assert (sleep.start_minute, sleep.wind_down, sleep.weekend_minute) == (0, 30, None)
    assert sleep.daily_minutes() == (23 * 60 + 30,)
    assert by_kind[ReminderKind.HYDRATION].reminder == Reminder(
        ReminderKind.HYDRATION, 540, 1260, 120
    )
    profile = await reminders.profile(USER, NOW)
    assert isinstance(profile, Profile) and profile.evening_summary is False
    # a reminder turned off is moved too, and stays off: 11:45 became bed at 12:15
    (nap,) = await reminders.subscriptions(12)
    assert not nap.enabled and nap.next_fire_at is None
    assert (nap.reminder.start_minute, nap.reminder.wind_down) == (12 * 60 + 15, 30)
    assert nap.reminder.daily_minutes() == (11 * 60 + 45,)
    # a change recomputes the next time from the new rule: still 23:30 in Moscow (shown;
    # stored at the user's spreading offset, like every occurrence)
    await reminders.set_zone(USER, "Europe/Moscow", "ru", NOW)
    by_kind = {s.kind: s for s in await reminders.subscriptions(USER)}
    stored = by_kind[ReminderKind.SLEEP].next_fire_at
    assert stored == next_fire_at(sleep, MOSCOW, NOW, spread_delay(USER))
    assert (stored - spread_delay(USER)).astimezone(MOSCOW).strftime("%d %H:%M") == "20 23:30"


async def test_sqlite_sleep_reminders_keep_their_time(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:
        for number, script in enumerate(MIGRATIONS[:BEFORE_BEDTIMES], start=1):
            db.executescript(f"{script}; PRAGMA user_version = {number};")
        for row in OLD_ROWS:
            db.execute(row)
    stores = await open_stores(f"sqlite:///{path}")
    try:
        await assert_upgraded(stores.reminders)
    finally:
        await stores.close()


async def test_postgres_sleep_reminders_keep_their_time(postgres_url: str) -> None:
    connection = await asyncpg.connect(postgres_url)
    try:
        assert await migrate(connection, target=BEFORE_BEDTIMES_PG) == BEFORE_BEDTIMES_PG
        for row in OLD_ROWS:
            for number, truth in (("0", "false"), ("1", "true")):
                row = row.replace(f", {number}, {STORED})", f", {truth}, {STORED})")
                row = row.replace(f", {number}, NULL)", f", {truth}, NULL)")
                row = row.replace(f"'ru', {number})", f"'ru', {truth})")
                row = row.replace(f"'en', {number})", f"'en', {truth})")
            await connection.execute(row)
    finally:
        await connection.close()
    stores = await open_stores(postgres_url)
    try:
        await assert_upgraded(stores.reminders)
    finally:
        await stores.close()
