"""Benchmark: reminders at scale, in the bot's own SQLite schema.

1. Builds a database with --subscriptions reminders (default 1,000,000; one per user, half
   sleep and half water, in a spread of zones), --due of them due now and the rest spread
   over the next day.
2. Times finding and claiming the --due due reminders with the bot's own claim statement,
   in the dispatcher's batches and in one statement, and with nothing due.
3. Starts `python bot.py` on that database against the fake Bot API server with Telegram's
   flood control on (--rate messages a second) and --send reminders due, and measures the
   dispatch throughput, 429 answers and the bot process's peak memory.

    .venv/bin/python benchmarks/reminders.py [--subscriptions 1000000] [--due 10000]

With `--database postgresql://user@host/db` (a throwaway database: it is emptied) the same
runs on PostgreSQL with 3 concurrent claimers and 3 replicas: benchmarks/reminders_pg.py.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.emulator import BotApiEmulator  # noqa: E402
from bot.reminders.store import SqliteReminderStore  # noqa: E402
from bot.storage import SqliteUserStore  # noqa: E402

TOKEN = "123456:" + "C" * 35
ZONES = (
    "Europe/Moscow",
    "Europe/London",
    "America/New_York",
    "Asia/Kolkata",
    "Asia/Vladivostok",
    "Europe/Berlin",
    "America/Los_Angeles",
    "Asia/Yekaterinburg",
)


def peak_rss_mib(pid: int | str = "self") -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def build(path: Path, subscriptions: int, due: int, now: int) -> None:
    """Rows straight into the migrated schema, streamed: no list of a million tuples."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")
        db.executemany(
            "INSERT INTO reminder_users (user_id, zone, language) VALUES (?, ?, ?)",
            ((user, ZONES[user % len(ZONES)], "ru" if user % 2 else "en")
             for user in range(1, subscriptions + 1)),
        )  # fmt: skip

        def reminders() -> Iterator[tuple[int, str, int, int, int, int]]:
            for user in range(1, subscriptions + 1):
                if user <= due:
                    next_at = now - 600 + (user * 600) // due  # the last ten minutes
                else:
                    next_at = now + 3600 + (user * 7919) % 86400  # over a day, from in an hour
                if user % 2:  # bed at 22:30, reminded 30 minutes before
                    yield user, "sleep", 22 * 60 + 30, 0, 0, 30, next_at
                else:
                    yield user, "water", 9 * 60, 21 * 60, 120, 0, next_at

        db.executemany(
            "INSERT INTO reminders (user_id, kind, start_minute, end_minute, every_minutes, "
            "wind_down, enabled, next_fire_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?)",
            reminders(),
        )


async def claims(path: Path, due: int, now: datetime, batch: int) -> dict[str, float]:
    store = await SqliteReminderStore.open(path)
    try:
        started = time.perf_counter()
        empty = await store.claim_due(now - timedelta(hours=1), batch)
        nothing_due = time.perf_counter() - started
        assert empty == []
        half = due // 2
        claimed = 0
        started = time.perf_counter()
        while claimed < half:
            claimed += len(await store.claim_due(now, min(batch, half - claimed)))
        batched = time.perf_counter() - started
        started = time.perf_counter()
        rest = await store.claim_due(now, due)
        single = time.perf_counter() - started
        assert claimed + len(rest) == due, (claimed, len(rest))
        assert await store.claim_due(now, due) == []
    finally:
        await store.close()
    return {"nothing_due": nothing_due, "batched": batched, "single": single}


async def dispatch(path: Path, send: int, rate: float) -> dict[str, float]:
    now = int(time.time())
    with sqlite3.connect(path) as db:
        db.execute("UPDATE reminders SET next_fire_at = ? WHERE user_id <= ?", (now - 1, send))
    async with BotApiEmulator(token=TOKEN, max_messages_per_second=rate) as server:
        users = [server.user(user, language_code="en") for user in range(1, send + 1)]
        for user in users:
            user.has_chat = True
        env = {
            **os.environ,
            "BOT_TOKEN": TOKEN,
            "BOT_API_URL": server.base_url,
            "DATABASE_URL": str(path),
            "LOG_LEVEL": "WARNING",
            "REMINDER_RATE_PER_SECOND": str(rate),
        }
        process = await asyncio.create_subprocess_exec(sys.executable, "bot.py", cwd=ROOT, env=env)
        try:
            deadline = time.monotonic() + send / rate * 3 + 60
            while sum(bool(u.messages) for u in users) < send:
                if time.monotonic() > deadline:
                    raise SystemExit("timed out waiting for reminders")
                await asyncio.sleep(0.2)
            peak = peak_rss_mib(process.pid)
        finally:
            process.terminate()
            await process.wait()
        sends = sorted(c.time for c in server.calls_to("sendMessage"))
        flood = sum(e.error_code == 429 for e in server.errors)
        twice = sum(len(u.messages) > 1 for u in users)
    elapsed = sends[-1] - sends[0]
    return {
        "sent": float(send),
        "elapsed": elapsed,
        "per_second": (send - 1) / elapsed if elapsed else float("nan"),
        "flood_429": float(flood),
        "twice": float(twice),
        "bot_peak_mib": peak,
    }


async def main(subscriptions: int, due: int, send: int, rate: float) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        await (await SqliteUserStore.open(path)).close()  # migrations, as the bot runs them
        started = time.perf_counter()
        build(path, subscriptions, due * 2, int(now.timestamp()))
        built = time.perf_counter() - started
        size = sum(p.stat().st_size for p in Path(tmp).glob("bench.db*")) / 2**20
        print(f"subscriptions: {subscriptions:,} ({size:.0f} MiB database, built in {built:.1f} s)")
        batch = max(1, round(rate * 2))
        timing = await claims(path, due * 2, now, batch)
        print(f"find and claim {due:,} due, in batches of {batch}: {timing['batched']:.2f} s")
        print(f"find and claim {due:,} due, in one statement: {timing['single']:.2f} s")
        print(f"look for due reminders when none is due: {timing['nothing_due'] * 1000:.2f} ms")
        print(f"benchmark process peak memory (VmHWM): {peak_rss_mib():.0f} MiB")
        result = await dispatch(path, send, rate)
        print(
            f"dispatch: {int(result['sent'])} reminders in {result['elapsed']:.1f} s = "
            f"{result['per_second']:.1f}/s against a {rate:g}/s flood limit; "
            f"429 answers: {int(result['flood_429'])}; sent twice: {int(result['twice'])}"
        )
        print(f"bot process peak memory (VmHWM): {result['bot_peak_mib']:.0f} MiB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscriptions", type=int, default=1_000_000)
    parser.add_argument("--due", type=int, default=10_000, help="due reminders to claim")
    parser.add_argument("--send", type=int, default=600, help="reminders to dispatch")
    parser.add_argument("--rate", type=float, default=30, help="messages a second")
    parser.add_argument(
        "--database", help="postgresql://... to run on PostgreSQL (emptied first)"
    )
    args = parser.parse_args()
    if args.database:
        from reminders_pg import main as main_pg  # benchmarks/ is on sys.path

        asyncio.run(main_pg(args.database, args.subscriptions, args.due, args.send, args.rate))
    else:
        asyncio.run(main(args.subscriptions, args.due, args.send, args.rate))
