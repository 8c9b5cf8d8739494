"""The PostgreSQL half of benchmarks/reminders.py (`--database postgresql://...`).

1. Builds --subscriptions reminders in the bot's PostgreSQL schema (COPY), --due of them due.
2. Claims the due ones with 3 concurrent claimers (the bot's claim, FOR UPDATE SKIP LOCKED,
   in the dispatcher's batches) and checks that none is claimed twice.
3. Starts 3 replicas of `python bot.py` (webhook mode) on that database against the fake Bot
   API server with flood control on, with --send reminders due: rate, 429s, duplicates.
4. A tap's database work (read the language, record the update id) on PostgreSQL and on SQLite.

The database named in the URL is emptied first: use a throwaway one.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.emulator import BotApiEmulator  # noqa: E402
from bot.reminders.store_pg import PgReminderStore  # noqa: E402
from bot.stores import open_stores  # noqa: E402
from bot.updates import RecentUpdates  # noqa: E402

TOKEN = "123456:" + "C" * 35
ZONES = ("Europe/Moscow", "Europe/London", "America/New_York", "Asia/Kolkata",
         "Asia/Vladivostok", "Europe/Berlin", "America/Los_Angeles", "Asia/Yekaterinburg")


async def reset(url: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    finally:
        await connection.close()
    await (await open_stores(url)).close()  # migrations, as the bot runs them


async def build(url: str, subscriptions: int, due: int, now: int) -> float:
    connection = await asyncpg.connect(url)
    try:
        await connection.copy_records_to_table(
            "reminder_users",
            records=((u, ZONES[u % len(ZONES)], "ru" if u % 2 else "en")
                     for u in range(1, subscriptions + 1)),
            columns=["user_id", "zone", "language"],
        )

        def rows():  # type: ignore[no-untyped-def]
            for user in range(1, subscriptions + 1):
                if user <= due:
                    next_at = now - 600 + (user * 600) // due
                else:
                    next_at = now + 3600 + (user * 7919) % 86400
                if user % 2:
                    yield user, user, "sleep", 22 * 60, 0, 0, True, next_at
                else:
                    yield user, user, "water", 9 * 60, 21 * 60, 120, True, next_at

        await connection.copy_records_to_table(
            "reminders",
            records=rows(),
            columns=["id", "user_id", "kind", "start_minute", "end_minute", "every_minutes",
                     "enabled", "next_fire_at"],
        )
        await connection.execute("ANALYZE")
        return await connection.fetchval("SELECT pg_database_size(current_database())") / 2**20
    finally:
        await connection.close()


async def concurrent_claims(url: str, due: int, now: datetime, batch: int) -> dict[str, float]:
    stores = [PgReminderStore(await asyncpg.create_pool(url, min_size=1, max_size=2),
                              owns_pool=True)
              for _ in range(3)]  # fmt: skip  - one pool each, as three replicas have
    try:
        assert await stores[0].claim_due(now - timedelta(hours=1), batch) == []  # warm up
        started = time.perf_counter()
        assert await stores[0].claim_due(now - timedelta(hours=1), batch) == []
        nothing_due = time.perf_counter() - started

        async def claimer(store: PgReminderStore) -> list[int]:
            mine: list[int] = []
            while batch_claimed := await store.claim_due(now, batch):
                mine.extend(d.user_id for d in batch_claimed)
            return mine

        started = time.perf_counter()
        claimed = await asyncio.gather(*(claimer(store) for store in stores))
        elapsed = time.perf_counter() - started
    finally:
        for store in stores:
            await store._pool.close()
    everyone = Counter(user for mine in claimed for user in mine)
    return {
        "claimed": float(len(everyone)),
        "twice": float(sum(n > 1 for n in everyone.values())),
        "elapsed": elapsed,
        "per_claimer": [len(mine) for mine in claimed],  # type: ignore[dict-item]
        "nothing_due": nothing_due,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def dispatch(url: str, send: int, rate: float) -> dict[str, float]:
    now = int(time.time())
    connection = await asyncpg.connect(url)
    try:
        await connection.execute("UPDATE reminders SET next_fire_at = $1 WHERE user_id <= $2",
                                 now - 1, send)  # fmt: skip
    finally:
        await connection.close()
    async with BotApiEmulator(token=TOKEN, max_messages_per_second=rate) as server:
        users = [server.user(user, language_code="en") for user in range(1, send + 1)]
        for user in users:
            user.has_chat = True
        processes = []
        for _ in range(3):
            port = free_port()
            env = {**os.environ, "BOT_TOKEN": TOKEN, "BOT_API_URL": server.base_url,
                   "DATABASE_URL": url, "LOG_LEVEL": "WARNING", "PORT": str(port),
                   "WEBHOOK_URL": f"http://127.0.0.1:{port}/hook", "WEBHOOK_SECRET": "bench",
                   "REMINDER_RATE_PER_SECOND": str(rate)}  # fmt: skip
            processes.append(
                await asyncio.create_subprocess_exec(sys.executable, "bot.py", cwd=ROOT, env=env)
            )
        try:
            deadline = time.monotonic() + send / rate * 3 + 90
            while sum(bool(u.messages) for u in users) < send:
                if time.monotonic() > deadline:
                    raise SystemExit("timed out waiting for reminders")
                await asyncio.sleep(0.2)
            await asyncio.sleep(2)  # anything sent twice would show by now
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                await process.wait()
        sends = sorted(c.time for c in server.calls_to("sendMessage"))
        flood = sum(e.error_code == 429 for e in server.errors)
        twice = sum(len(u.messages) > 1 for u in users)
    elapsed = sends[-1] - sends[0]
    return {"sent": float(len(sends)), "elapsed": elapsed,
            "per_second": (len(sends) - 1) / elapsed, "flood_429": float(flood),
            "twice": float(twice)}  # fmt: skip


async def tap_cost(url: str, taps: int = 2000) -> dict[str, float]:
    """Per tap the bot reads the user's language and records the update id."""
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, database in (("postgresql", url), ("sqlite", f"sqlite:///{tmp}/taps.db")):
            stores = await open_stores(database)
            store = stores.users
            updates = store if hasattr(store, "first_delivery") else RecentUpdates()
            await store.set_language(1, "en")
            started = time.perf_counter()
            for update_id in range(taps):
                await updates.first_delivery(10_000_000 + update_id)  # type: ignore[attr-defined]
                await store.language(1)
            result[name] = (time.perf_counter() - started) / taps
            await stores.close()
    return result


async def main(url: str, subscriptions: int, due: int, send: int, rate: float) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    await reset(url)
    started = time.perf_counter()
    size = await build(url, subscriptions, due, int(now.timestamp()))
    print(f"subscriptions: {subscriptions:,} ({size:.0f} MiB database, built in "
          f"{time.perf_counter() - started:.1f} s)")  # fmt: skip
    batch = max(1, round(rate * 2))
    claims = await concurrent_claims(url, due, now, batch)
    print(f"claim {due:,} due with 3 concurrent claimers in batches of {batch}: "
          f"{claims['elapsed']:.2f} s; claimed {int(claims['claimed']):,} "
          f"(per claimer {claims['per_claimer']}), claimed twice: {int(claims['twice'])}")
    print(f"look for due reminders when none is due: {claims['nothing_due'] * 1000:.2f} ms")
    result = await dispatch(url, send, rate)
    print(f"dispatch through 3 replicas: {int(result['sent'])} sendMessage calls for {send} "
          f"reminders in {result['elapsed']:.1f} s = {result['per_second']:.1f}/s against a "
          f"{rate:g}/s flood limit; 429 answers: {int(result['flood_429'])}; "
          f"sent twice: {int(result['twice'])}")  # fmt: skip
    cost = await tap_cost(url)
    print(f"a tap's database work (language read + update id recorded): PostgreSQL "
          f"{cost['postgresql'] * 1e6:.0f} µs, SQLite {cost['sqlite'] * 1e6:.0f} µs")
