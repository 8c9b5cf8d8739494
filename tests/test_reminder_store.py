"""The reminder store, on SQLite and on PostgreSQL: subscriptions survive reopening, claims are
atomic and advance, and pausing, blocking, snoozing, drinking and forgetting do what they say."""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.reminders.schedule import Reminder, ReminderKind
from bot.reminders.store import Outcome, ReminderStore, open_reminder_store
from bot.storage import open_store

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # 12:00 in Moscow
SLEEP = Reminder(ReminderKind.SLEEP, 22 * 60 + 30)
WATER = Reminder(ReminderKind.HYDRATION, 9 * 60, 21 * 60, 120)


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[ReminderStore]:
    users = await open_store(database_url)  # runs the migrations
    reminders = await open_reminder_store(database_url)
    yield reminders
    await reminders.close()
    await users.close()


async def test_subscription_survives_reopening(database_url: str) -> None:
    users = await open_store(database_url)
    store = await open_reminder_store(database_url)
    await store.set_zone(1, "Europe/Moscow", "ru", NOW)
    subscription = await store.subscribe(1, SLEEP, "ru", NOW)
    assert subscription.next_fire_at == datetime(2026, 11, 20, 19, 30, tzinfo=UTC)
    await store.close()
    await users.close()

    users = await open_store(database_url)
    store = await open_reminder_store(database_url)
    (again,) = await store.subscriptions(1)
    assert again == subscription
    profile = await store.profile(1, NOW)
    assert profile is not None and profile.zone == "Europe/Moscow" and profile.language == "ru"
    await store.close()
    await users.close()


async def test_sqlite_claims_use_the_due_index(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    await (await open_store(str(path))).close()
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
    assert due.due_at == datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    assert await store.claim_due(at, 100) == []
    (water,) = await store.subscriptions(1)
    assert water.next_fire_at == datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


async def test_claim_respects_the_limit_oldest_first(store: ReminderStore) -> None:
    for user in range(1, 6):
        await store.set_zone(user, "Europe/Moscow", "en", NOW)
        await store.subscribe(user, Reminder(ReminderKind.SLEEP, 12 * 60 + user), "en", NOW)
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
    fired = datetime(2026, 11, 20, 19, 30, tzinfo=UTC)
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
    assert await store.log_drink(1, NOW) == 1
    assert await store.log_drink(1, NOW + timedelta(hours=8)) == 2  # 20:00 Moscow
    # 00:30 Moscow the next day, though still 20 November in UTC.
    assert await store.log_drink(1, datetime(2026, 11, 20, 21, 30, tzinfo=UTC)) == 1


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


async def test_forget_deletes_everything_about_the_user(
    store: ReminderStore, tmp_path: Path
) -> None:
    await store.set_zone(1, "Europe/Moscow", "en", NOW)
    await store.subscribe(1, SLEEP, "en", NOW)
    await store.set_zone(2, "Europe/Moscow", "en", NOW)
    await store.forget(1)
    assert await store.profile(1, NOW) is None
    assert await store.subscriptions(1) == []
    assert await store.profile(2, NOW) is not None
