"""The reminder store, on SQLite and on PostgreSQL: subscriptions survive reopening, claims are
atomic and advance, and pausing, blocking, snoozing, drinking and forgetting do what they say."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest

from bot.reminders.model import WaterToday
from bot.reminders.schedule import Reminder, ReminderKind, spread_delay
from bot.reminders.store import Outcome, ReminderStore, SqliteReminderStore
from bot.storage import USER_TABLES, SqliteUserStore, is_postgres_url, sqlite_path
from bot.stores import open_stores

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 12:00 in Moscow
SLEEP = Reminder(ReminderKind.SLEEP, 22 * 60 + 30)
WATER = Reminder(ReminderKind.HYDRATION, 9 * 60, 21 * 60, 120)


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[ReminderStore]:
    stores = await open_stores(database_url)  # runs the migrations
    yield stores.reminders
    await stores.close()


async def test_subscription_survives_reopening(database_url: str) -> None:
    stores = await open_stores(database_url)
    store = stores.reminders
    await store.set_zone(1, "Europe/Moscow", "ru", NOW)
    subscription = await store.subscribe(1, SLEEP, "ru", NOW)
    chosen = datetime(2026, 11, 20, 19, 30, tzinfo=UTC)
    assert subscription.next_fire_at == chosen + spread_delay(1)
    await stores.close()

    stores = await open_stores(database_url)
    store = stores.reminders
    (again,) = await store.subscriptions(1)
    assert again == subscription
    profile = await store.profile(1, NOW)
    assert profile is not None and profile.zone == "Europe/Moscow" and profile.language == "ru"
    await stores.close()


async def test_each_user_fires_at_a_stable_offset_from_the_chosen_time(
    store: ReminderStore,
) -> None:
    """Issue 12: people who pick the same time are not all due in the same second."""
    chosen = datetime(2026, 11, 20, 19, 0, tzinfo=UTC)  # 22:00 in Moscow
    users = (3, 5)  # offsets +63 s and -74 s
    assert spread_delay(3) > timedelta(minutes=1) and spread_delay(5) < -timedelta(minutes=1)
    for user in users:
        await store.set_zone(user, "Europe/Moscow", "en", NOW)
        await store.subscribe(user, Reminder(ReminderKind.SLEEP, 22 * 60), "en", NOW)
    assert [d.user_id for d in await store.claim_due(chosen - timedelta(minutes=1), 10)] == [5]
    assert await store.claim_due(chosen + timedelta(minutes=1), 10) == []
    (late,) = await store.claim_due(chosen + spread_delay(3), 10)
    assert (late.user_id, late.due_at) == (3, chosen + spread_delay(3))
    for user in users:  # the next day: the same offset again
        (sleep,) = await store.subscriptions(user)
        assert sleep.next_fire_at == chosen + timedelta(days=1) + spread_delay(user)


async def test_sqlite_claims_use_the_due_index(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    await (await open_stores(str(path))).close()
    with sqlite3.connect(path) as db:  # the due index exists and is used
        plan = db.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM reminders WHERE next_fire_at <= 1 "
            "ORDER BY next_fire_at LIMIT 10"
        ).fetchall()
        assert "reminders_due" in str(plan)


async def test_claim_advances_and_never_returns_an_occurrence_twice(
    store: ReminderStore,
) -> None:
    await store.set_zone(1, "Europe/Moscow", "ru", NOW)
    await store.subscribe(1, WATER, "ru", NOW)  # next: 13:00 Moscow = 10:00 UTC
    await store.set_zone(2, "Asia/Kolkata", "en", NOW)
    await store.subscribe(2, SLEEP, "en", NOW)  # next: 22:30 IST = 17:00 UTC
    assert await store.claim_due(NOW, 100) == []
    at = datetime(2026, 11, 20, 10, 0, 30, tzinfo=UTC)
    (due,) = await store.claim_due(at, 100)
    assert (due.user_id, due.kind, due.zone, due.language) == (
        1,
        ReminderKind.HYDRATION,
        "Europe/Moscow",
        "ru",
    )
    assert due.due_at == datetime(2026, 11, 20, 10, 0, tzinfo=UTC) + spread_delay(1)  # 21 s
    assert await store.claim_due(at, 100) == []
    (water,) = await store.subscriptions(1)
    assert water.next_fire_at == datetime(2026, 11, 20, 12, 0, tzinfo=UTC) + spread_delay(1)


async def test_claim_respects_the_limit_oldest_first(store: ReminderStore) -> None:
    for user in range(1, 6):
        await store.set_zone(user, "Europe/Moscow", "en", NOW)
        await store.subscribe(
            user, Reminder(ReminderKind.SLEEP, 12 * 60 + 10 * user), "en", NOW
        )  # 10 minutes apart: more than the spreading window
    later = NOW + timedelta(hours=1)
    first = await store.claim_due(later, 2)
    assert [d.user_id for d in first] == [1, 2]
    rest = await store.claim_due(later, 10)
    assert [d.user_id for d in rest] == [3, 4, 5]


async def test_pause_block_and_off_stop_firing_and_resume_recomputes(
    store: ReminderStore,
) -> None:
    await store.set_zone(1, "Europe/Moscow", "en", NOW)
    await store.subscribe(1, SLEEP, "en", NOW)
    await store.subscribe(1, WATER, "en", NOW)
    assert await store.set_paused(1, True, NOW) == 2
    assert all(s.next_fire_at is None for s in await store.subscriptions(1))
    assert await store.claim_due(NOW + timedelta(days=3), 10) == []
    later = NOW + timedelta(days=3)
    await store.set_paused(1, False, later)
    assert all(s.next_fire_at and s.next_fire_at > later for s in await store.subscriptions(1))

    await store.set_blocked(1, True, later)
    profile = await store.profile(1, later)
    assert profile is not None and profile.blocked
    assert await store.claim_due(later + timedelta(days=1), 10) == []
    await store.set_blocked(1, False, later)
    await store.set_enabled(1, ReminderKind.SLEEP, False, later)
    sleep, water = sorted(await store.subscriptions(1), key=lambda s: s.kind != "sleep")
    assert not sleep.enabled and sleep.next_fire_at is None
    assert water.enabled and water.next_fire_at is not None
    assert await store.remove(1, ReminderKind.SLEEP)
    assert not await store.remove(1, ReminderKind.SLEEP)


async def test_snooze_fires_once_more_then_the_regular_times(store: ReminderStore) -> None:
    await store.set_zone(1, "Europe/Moscow", "en", NOW)
    await store.subscribe(1, SLEEP, "en", NOW)
    fired = datetime(2026, 11, 20, 19, 30, tzinfo=UTC) + spread_delay(1)
    assert len(await store.claim_due(fired, 10)) == 1
    until = fired + timedelta(minutes=15)
    assert await store.snooze(1, ReminderKind.SLEEP, until, fired)
    (snoozed,) = await store.claim_due(until, 10)
    assert snoozed.due_at == until
    (sleep,) = await store.subscriptions(1)
    assert sleep.next_fire_at == fired + timedelta(days=1)
    await store.set_paused(1, True, until)
    assert not await store.snooze(1, ReminderKind.SLEEP, until, until)


async def test_drinks_count_per_local_day(store: ReminderStore) -> None:
    assert await store.log_drink(1, NOW) is None
    await store.set_zone(1, "Europe/Moscow", "en", NOW)
    assert await store.log_drink(1, NOW) == WaterToday(1, 8)
    assert await store.log_drink(1, NOW + timedelta(hours=8)) == WaterToday(2, 8)  # 20:00 Moscow
    # 00:30 Moscow the next day, though still 20 November in UTC.
    assert await store.log_drink(1, datetime(2026, 11, 20, 21, 30, tzinfo=UTC)) == WaterToday(1, 8)


async def test_undo_a_glass_never_below_zero(store: ReminderStore) -> None:
    await store.set_zone(1, "Europe/Moscow", "en", NOW)
    await store.log_drink(1, NOW)
    assert await store.log_drink(1, NOW, change=-1) == WaterToday(0, 8)
    assert await store.log_drink(1, NOW, change=-1) == WaterToday(0, 8)
    assert await store.water_today(1, NOW) == WaterToday(0, 8)


async def test_goal_met_skips_only_when_asked(store: ReminderStore) -> None:
    await store.set_zone(1, "Europe/Moscow", "en", NOW)
    await store.set_water_goal(1, 2)
    assert not await store.water_goal_met(1, NOW)
    await store.log_drink(1, NOW)
    assert not await store.water_goal_met(1, NOW)
    assert await store.log_drink(1, NOW) == WaterToday(2, 2)
    assert await store.water_goal_met(1, NOW + timedelta(hours=2))
    assert not await store.water_goal_met(1, NOW + timedelta(days=1)), "a new day starts at 0"
    await store.set_skip_when_met(1, False)
    assert not await store.water_goal_met(1, NOW)
    profile = await store.profile(1, NOW)
    assert profile is not None and profile.water_goal == 2 and not profile.skip_when_met


async def test_history_keeps_28_days_and_bedtimes_belong_to_the_evening(
    store: ReminderStore,
) -> None:
    await store.set_zone(1, "Europe/Moscow", "en", NOW)  # NOW is 12:00 in Moscow, 20 Nov
    await store.log_drink(1, NOW - timedelta(days=30))
    await store.log_drink(1, NOW - timedelta(days=3))
    await store.log_drink(1, NOW - timedelta(days=3))
    # 00:40 Moscow on 20 November: the night of 19 November.
    assert await store.log_bedtime(1, datetime(2026, 11, 19, 21, 40, tzinfo=UTC)) == (
        date(2026, 11, 19),
        40,
    )
    assert await store.log_bedtime(1, datetime(2026, 11, 20, 19, 15, tzinfo=UTC)) == (
        date(2026, 11, 20),
        22 * 60 + 15,
    )
    history = await store.history(1, NOW)
    assert history is not None
    assert history.today == date(2026, 11, 20)
    assert history.glasses == {date(2026, 11, 17): 2}, "30 days ago is gone"
    assert history.bedtimes == {date(2026, 11, 19): 40, date(2026, 11, 20): 22 * 60 + 15}
    assert await store.history(2, NOW) is None


async def test_awaiting_expires(store: ReminderStore) -> None:
    await store.set_awaiting(1, "zone", "en", NOW + timedelta(minutes=15))
    fresh = await store.profile(1, NOW)
    stale = await store.profile(1, NOW + timedelta(minutes=16))
    assert fresh is not None and fresh.awaiting == "zone"
    assert stale is not None and stale.awaiting is None


async def test_outcomes_are_counted_per_hour_without_user_ids(store: ReminderStore) -> None:
    await store.record_outcomes(Counter({Outcome.SENT: 3, Outcome.FAILED: 1}), NOW)
    await store.record_outcomes(Counter({Outcome.SENT: 2}), NOW + timedelta(minutes=10))
    await store.record_outcomes(Counter({Outcome.SKIPPED: 5}), NOW - timedelta(days=2))
    assert await store.outcome_counts(NOW - timedelta(hours=24)) == Counter(
        {Outcome.SENT: 5, Outcome.FAILED: 1}
    )


async def test_unconfirmed_claims_count_as_unknown_and_stale_ones_as_skipped(
    store: ReminderStore,
) -> None:
    for user in (1, 2, 3):
        await store.set_zone(user, "Europe/Moscow", "en", NOW)
        await store.subscribe(user, Reminder(ReminderKind.SLEEP, 12 * 60 + user), "en", NOW)
    late = NOW + timedelta(hours=1)  # all three fell due 1-3 minutes after 12:00 Moscow
    first, second = await store.claim_due(late, 2)
    assert first.claim_id != second.claim_id
    await store.confirm(first, Outcome.SENT, late)  # the second is lost with its sender
    assert await store.recover_unconfirmed(late) == 1
    assert await store.recover_unconfirmed(late) == 0  # counted once
    # the third is more than the grace period late: moved on without sending
    assert await store.skip_stale(late, NOW + timedelta(minutes=30), 10) == 1
    assert await store.claim_due(late, 10) == []
    counts = await store.outcome_counts(NOW - timedelta(hours=1))
    assert counts == Counter({Outcome.SENT: 1, Outcome.UNKNOWN: 1, Outcome.SKIPPED: 1})


async def test_forget_deletes_everything_about_the_user(database_url: str) -> None:
    stores = await open_stores(database_url)
    store = stores.reminders
    try:
        await stores.users.set_language(1, "ru")
        await store.set_zone(1, "Europe/Moscow", "en", NOW)
        await store.subscribe(1, SLEEP, "en", NOW)
        await store.claim_due(NOW + timedelta(days=1), 10)  # an unconfirmed claim too
        await store.log_drink(1, NOW)  # and history
        await store.log_bedtime(1, NOW)
        await store.set_zone(2, "Europe/Moscow", "en", NOW)
        await stores.users.forget(1)
        assert await store.profile(1, NOW) is None
        assert await store.subscriptions(1) == []
        assert await stores.users.language(1) is None
        assert await store.profile(2, NOW) is not None
    finally:
        await stores.close()
    if is_postgres_url(database_url):
        connection = await asyncpg.connect(database_url)
        try:
            with_users = {
                name
                for (name,) in await connection.fetch(
                    "SELECT table_name FROM information_schema.columns "
                    "WHERE table_schema = 'public' AND column_name = 'user_id'"
                )
            }
            left = {
                table: await connection.fetchval(f"SELECT count(*) FROM {table} WHERE user_id = 1")
                for table in with_users
            }
        finally:
            await connection.close()
    else:
        with sqlite3.connect(sqlite_path(database_url)) as db:
            tables = [
                name
                for (name,) in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
            ]
            with_users = {
                t
                for t in tables
                if any(c[1] == "user_id" for c in db.execute(f"PRAGMA table_info({t})"))
            }
            left = {
                table: db.execute(f"SELECT count(*) FROM {table} WHERE user_id = 1").fetchone()[0]
                for table in with_users
            }
    assert with_users == set(USER_TABLES), "forget deletes from every table with user ids"
    assert left == dict.fromkeys(USER_TABLES, 0)


async def test_a_failed_operation_leaves_no_transaction_open(tmp_path: Path) -> None:
    """Issue 9, defect 1: whatever an operation does, the next one on another connection
    is not kept waiting for a lock."""
    path = tmp_path / "bot.db"
    users = await SqliteUserStore.open(path)
    reminders = await SqliteReminderStore.open(path)
    try:
        assert await reminders.set_paused(5, True, NOW) == 0  # matched no row
        assert await reminders.set_blocked(5, True, NOW) == 0
        assert not await reminders.remove(5, ReminderKind.SLEEP)
        assert not await reminders.snooze(5, ReminderKind.SLEEP, NOW, NOW)
        assert await reminders.log_drink(5, NOW) is None
        assert await reminders.history(5, NOW) is None
        with sqlite3.connect(path, timeout=0.1) as db:  # would raise "database is locked"
            db.execute("INSERT INTO users (user_id, language) VALUES (9, 'en')")
        await users.set_language(6, "ru")
    finally:
        await reminders.close()
        await users.close()
