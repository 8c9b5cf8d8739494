"""PostgreSQL for several replicas: migrations from every version, run once when replicas
start together; claims by concurrent dispatchers never overlap; one dispatcher is elected
and another takes over when it dies or freezes; an update is handled once; taps of one user
on different replicas apply one by one."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from bot.pg.database import MIGRATION_LOCK, migrate, schema_version
from bot.pg.election import DispatcherElection
from bot.pg.migrations import MIGRATIONS
from bot.pg.users import PgUserStore
from bot.reminders.schedule import Reminder, ReminderKind, spread_delay
from bot.reminders.store import WaterToday
from bot.reminders.store_pg import PgReminderStore

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize("version", range(len(MIGRATIONS)))
async def test_upgrades_from_every_earlier_schema_version(postgres_url: str, version: int) -> None:
    connection = await asyncpg.connect(postgres_url)
    try:
        assert await migrate(connection, target=version) == version
        if version >= 1:
            await connection.execute("INSERT INTO users VALUES (11, 'ru')")
        if version >= 2:
            await connection.execute("INSERT INTO reminder_users (user_id, zone, language) "
                                     "VALUES (11, 'Europe/Moscow', 'ru')")  # fmt: skip
    finally:
        await connection.close()
    users = await PgUserStore.open(postgres_url)
    reminders = await PgReminderStore.open(postgres_url)
    try:
        if version >= 1:
            assert await users.language(11) == "ru"
        if version >= 2:
            profile = await reminders.profile(11, NOW)
            assert profile is not None and profile.zone == "Europe/Moscow"
            # the issue 13 settings (migration 5) start at their defaults
            assert (profile.water_goal, profile.skip_when_met, profile.evening_summary) == (
                8,
                True,
                False,
            )
            assert await reminders.log_drink(11, NOW) == WaterToday(1, 8)
        await reminders.set_zone(12, "Asia/Kolkata", "en", NOW)
        await reminders.subscribe(12, Reminder(ReminderKind.SLEEP, 22 * 60), "en", NOW)
        assert await users.first_delivery(5) and not await users.first_delivery(5)
    finally:
        await reminders.close()
        await users.close()
    connection = await asyncpg.connect(postgres_url)
    try:
        assert await schema_version(connection) == len(MIGRATIONS)
    finally:
        await connection.close()


async def test_replicas_starting_together_migrate_once(postgres_url: str) -> None:
    connections = [await asyncpg.connect(postgres_url) for _ in range(3)]
    try:
        versions = await asyncio.gather(*(migrate(c) for c in connections))
        assert versions == [len(MIGRATIONS)] * 3
        applied = await connections[0].fetch("SELECT version FROM schema_migrations")
        assert sorted(row["version"] for row in applied) == list(range(1, len(MIGRATIONS) + 1))
        # the migration lock was released by each of them
        assert await connections[0].fetchval("SELECT pg_try_advisory_lock($1)", MIGRATION_LOCK)
    finally:
        for connection in connections:
            await connection.close()


async def test_due_claims_walk_the_index(postgres_url: str) -> None:
    await (await PgUserStore.open(postgres_url)).close()
    connection = await asyncpg.connect(postgres_url)
    try:
        await connection.execute("SET enable_seqscan = off")
        plan = await connection.fetch(
            "EXPLAIN SELECT id FROM reminders WHERE next_fire_at <= 1 "
            "ORDER BY next_fire_at LIMIT 10 FOR UPDATE SKIP LOCKED"
        )
        assert "reminders_due" in str(plan)
    finally:
        await connection.close()


async def test_concurrent_claimers_never_claim_one_occurrence_twice(postgres_url: str) -> None:
    users = await PgUserStore.open(postgres_url)
    stores = [await PgReminderStore.open(postgres_url) for _ in range(3)]
    try:
        for user in range(1, 301):
            await stores[0].set_zone(user, "Europe/Moscow", "en", NOW)
            await stores[0].subscribe(user, Reminder(ReminderKind.SLEEP, 12 * 60 + 30), "en", NOW)
        later = NOW + timedelta(hours=1)  # all 300 are due at 12:30 Moscow = 09:30 UTC ± 90 s

        async def claim_all(store: PgReminderStore) -> list[int]:
            mine: list[int] = []
            while batch := await store.claim_due(later, 7):
                mine.extend(due.user_id for due in batch)
                await asyncio.sleep(0)
            return mine

        claimed = await asyncio.gather(*(claim_all(store) for store in stores))
        everyone = [user for mine in claimed for user in mine]
        assert sorted(everyone) == list(range(1, 301)), "each exactly once"
        assert all(claimed), "the claimers worked side by side"
        (sleep,) = await stores[1].subscriptions(1)
        assert sleep.next_fire_at == datetime(2026, 11, 21, 9, 30, tzinfo=UTC) + spread_delay(1)
    finally:
        for store in stores:
            await store.close()
        await users.close()


async def test_an_update_sent_to_several_replicas_is_handled_once(postgres_url: str) -> None:
    replicas = [await PgUserStore.open(postgres_url) for _ in range(3)]
    try:
        firsts = await asyncio.gather(*(r.first_delivery(42) for r in replicas * 3))
        assert sorted(firsts) == [False] * 8 + [True]
        assert await replicas[2].first_delivery(43)
    finally:
        for replica in replicas:
            await replica.close()


async def test_taps_of_one_user_on_several_replicas_apply_one_by_one(postgres_url: str) -> None:
    users = await PgUserStore.open(postgres_url)
    stores = [await PgReminderStore.open(postgres_url) for _ in range(3)]
    try:
        await stores[0].set_zone(1, "Europe/Moscow", "en", NOW)
        counts = await asyncio.gather(
            *(stores[i % 3].log_drink(1, NOW + timedelta(seconds=i)) for i in range(30))
        )
        assert sorted(c.count for c in counts if c) == list(range(1, 31)), "no glass lost"
        water = Reminder(ReminderKind.HYDRATION, 9 * 60, 21 * 60, 60)
        await asyncio.gather(
            stores[0].subscribe(1, water, "en", NOW),
            stores[1].set_paused(1, True, NOW),
            stores[2].set_zone(1, "Asia/Kolkata", "en", NOW),
        )
        (subscription,) = await stores[0].subscriptions(1)
        assert subscription.next_fire_at is None, "paused, whichever order they ran in"
        await stores[1].set_paused(1, False, NOW)
        (subscription,) = await stores[0].subscriptions(1)
        # 15:00 in Kolkata (UTC+5:30) is the first whole hour of the window after 14:30
        chosen = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
        assert subscription.next_fire_at == chosen + spread_delay(1)
    finally:
        for store in stores:
            await store.close()
        await users.close()


async def test_one_dispatcher_is_elected_and_another_takes_over(postgres_url: str) -> None:
    first, second = DispatcherElection(postgres_url), DispatcherElection(postgres_url)
    frozen = DispatcherElection(postgres_url, session_timeout=1.0, heartbeat=30.0)
    try:
        assert await first.lead()
        assert not await second.lead() and not second.holding
        assert await first.lead(), "the holder keeps it"
        await first.close()  # the replica stops or dies: its session ends
        assert await second.lead()
        await second.close()

        assert await frozen.lead()
        assert frozen._beating is not None
        frozen._beating.cancel()  # a frozen process sends no heartbeat...
        await asyncio.sleep(0.2)
        assert not await first.lead()
        for _ in range(50):  # ...and the server ends its idle session after one second
            await asyncio.sleep(0.1)
            if await first.lead():
                break
        assert first.holding
        assert not frozen.holding, "the frozen holder knows it lost the lock"
    finally:
        for election in (first, second, frozen):
            await election.close()
