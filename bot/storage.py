"""Where user settings live: small interfaces (Protocols), SQLite behind them.

Only what a feature needs is stored: a user's explicit language choice, and for reminders
(bot/reminders/store.py) the user's zone and reminders.

The rule every store follows: each operation is one transaction, opened, committed or
rolled back in one place, `SqliteDatabase.transaction()`; no statement runs outside it, so
no code path (an early return, an exception, a cancelled task) can leave a write lock
behind. The bot opens one `SqliteDatabase` (one connection, one lock) and gives it to both
the user store and the reminder store (`bot.stores.open_stores`). The Protocols speak only
of users, languages and instants, so another database (e.g. PostgreSQL with asyncpg) can
stand behind them with its own transaction scope.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import unquote, urlparse

import aiosqlite

log = logging.getLogger(__name__)

# Each entry moves the schema one version up; never edit a released entry, add a new one.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE users (
        user_id   INTEGER PRIMARY KEY,
        language  TEXT NOT NULL
    ) WITHOUT ROWID;
    """,
    # 2: reminders (bot/reminders/store.py). Instants are UTC unix seconds; reminder times
    # are minutes after local midnight in the user's IANA zone.
    """
    CREATE TABLE reminder_users (
        user_id        INTEGER PRIMARY KEY,
        zone           TEXT,
        language       TEXT NOT NULL,
        paused         INTEGER NOT NULL DEFAULT 0,
        blocked        INTEGER NOT NULL DEFAULT 0,
        awaiting       TEXT,
        awaiting_until INTEGER,
        last_drink_at  INTEGER,
        drinks_today   INTEGER NOT NULL DEFAULT 0
    ) WITHOUT ROWID;
    CREATE TABLE reminders (
        id             INTEGER PRIMARY KEY,
        user_id        INTEGER NOT NULL,
        kind           TEXT NOT NULL,
        start_minute   INTEGER NOT NULL,
        end_minute     INTEGER NOT NULL,
        every_minutes  INTEGER NOT NULL,
        enabled        INTEGER NOT NULL,
        next_fire_at   INTEGER,
        last_fired_at  INTEGER,
        sent_count     INTEGER NOT NULL DEFAULT 0,
        UNIQUE (user_id, kind)
    );
    CREATE INDEX reminders_due ON reminders (next_fire_at) WHERE next_fire_at IS NOT NULL;
    CREATE TABLE reminder_outcomes (
        hour     INTEGER NOT NULL,
        outcome  TEXT NOT NULL,
        count    INTEGER NOT NULL,
        PRIMARY KEY (hour, outcome)
    ) WITHOUT ROWID;
    """,
    # 3: a reminder occurrence claimed for sending and not yet confirmed; one left over
    # after a crash is counted as "unknown" (bot/reminders/dispatch.py).
    """
    CREATE TABLE reminder_claims (
        id          INTEGER PRIMARY KEY,
        user_id     INTEGER NOT NULL,
        claimed_at  INTEGER NOT NULL
    );
    """,
    # 4: a daily water goal, skipping the day's remaining water reminders once it is met,
    # the sleep reminder's wind-down time before bedtime; glasses per local day and bedtimes
    # per night (the evening's local date, ISO), kept 28 days (HISTORY_DAYS) for the week
    # screens and the chart. reminder_users.drinks_today/last_drink_at are no longer used.
    """
    ALTER TABLE reminder_users ADD COLUMN water_goal INTEGER NOT NULL DEFAULT 8;
    ALTER TABLE reminder_users ADD COLUMN skip_when_met INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE reminder_users ADD COLUMN wind_down INTEGER NOT NULL DEFAULT 30;
    CREATE TABLE water_days (
        user_id  INTEGER NOT NULL,
        day      TEXT NOT NULL,
        glasses  INTEGER NOT NULL,
        PRIMARY KEY (user_id, day)
    ) WITHOUT ROWID;
    CREATE INDEX water_days_by_day ON water_days (day);
    CREATE TABLE sleep_nights (
        user_id  INTEGER NOT NULL,
        night    TEXT NOT NULL,
        bedtime  INTEGER NOT NULL,
        PRIMARY KEY (user_id, night)
    ) WITHOUT ROWID;
    CREATE INDEX sleep_nights_by_night ON sleep_nights (night);
    """,
    # 5 (issue 13, the clock): the clock the user reads times in, chosen on the reminders
    # screen or taken from their Telegram language's region when a reminder is set up
    # (the dispatcher has no update to read it from): 1 = 24-hour, 0 = 12-hour, NULL = the
    # language's own.
    """
    ALTER TABLE reminder_users ADD COLUMN hour24 INTEGER;
    """,
    # 6 (issue 13, bedtime and the evening): a sleep reminder's time is now the bedtime; it
    # fires `wind_down` minutes before it, on Friday and Saturday nights before
    # `weekend_minute` if set. Existing sleep reminders keep firing when they did: their
    # time becomes a bedtime 30 minutes later. `evening_summary`: the water window's last
    # reminder is replaced by the day's summary. reminder_users.wind_down (4) is unused.
    """
    ALTER TABLE reminders ADD COLUMN wind_down INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE reminders ADD COLUMN weekend_minute INTEGER;
    UPDATE reminders SET wind_down = 30, start_minute = (start_minute + 30) % 1440
        WHERE kind = 'sleep';
    ALTER TABLE reminder_users ADD COLUMN evening_summary INTEGER NOT NULL DEFAULT 0;
    """,
    # 7 (issue 13, streaks): the goal in force on each day, so that a day is judged by its
    # own goal when the goal changes later (NULL, days before this: the current goal).
    """
    ALTER TABLE water_days ADD COLUMN goal INTEGER;
    """,
)


class StorageError(Exception):
    """The database URL cannot be used."""


class UserStore(Protocol):
    async def language(self, user_id: int) -> str | None: ...
    async def set_language(self, user_id: int, language: str) -> None: ...
    async def forget(self, user_id: int) -> None:
        """Delete every row about the user in every table, durably: once this returns,
        the user id is in no table and in no file the database keeps (journal included)."""
        ...

    async def close(self) -> None: ...


POSTGRES_SCHEMES = ("postgresql", "postgres")


def is_postgres_url(database_url: str) -> bool:
    """`postgresql://user:pass@host/db` selects PostgreSQL (bot/pg/), for several replicas."""
    return urlparse(database_url).scheme in POSTGRES_SCHEMES


def check_database_url(database_url: str) -> None:
    """Raise StorageError unless the URL names a usable SQLite file or PostgreSQL database."""
    if not is_postgres_url(database_url):
        sqlite_path(database_url)


def sqlite_path(database_url: str) -> Path:
    """`sqlite:///relative.db`, `sqlite:////absolute.db` or a plain file path."""
    if "://" not in database_url:
        return Path(database_url)
    url = urlparse(database_url)
    if url.scheme != "sqlite":
        raise StorageError(
            f"unsupported database scheme {url.scheme!r}; use sqlite:///path/to/file.db "
            "or postgresql://user:password@host/database"
        )
    path = unquote(url.path)
    if not path or path == "/":
        raise StorageError("the sqlite URL has no file path; use sqlite:///path/to/file.db")
    return Path(path[1:]) if url.netloc == "" else Path(url.netloc + path)


SqlFunction = tuple[str, int, Callable[..., Any]]

# Every table that holds a user id; /forget deletes from each (a test checks none is missed).
# PostgreSQL has the same tables (bot/pg/migrations.py).
USER_TABLES = (
    "users",
    "reminders",
    "reminder_users",
    "reminder_claims",
    "water_days",
    "sleep_nights",
)


class SqliteDatabase:
    """One SQLite connection, shared by the stores, and the one place transactions happen.

    The connection runs in autocommit mode; `transaction()` opens `BEGIN IMMEDIATE`,
    commits when the block ends and rolls back when it raises (or is cancelled). An
    asyncio lock keeps two coroutines from interleaving statements on the connection.
    """

    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._connection = connection
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path, functions: tuple[SqlFunction, ...] = ()) -> SqliteDatabase:
        """Open (and create or migrate) the database file; `functions` become SQL functions."""
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = await aiosqlite.connect(path, timeout=30, isolation_level=None)
        await connection.execute("PRAGMA journal_mode=WAL")
        await connection.execute("PRAGMA synchronous=NORMAL")
        # Deleted rows are overwritten with zeros, not left in free pages of the file.
        await connection.execute("PRAGMA secure_delete=ON")
        for name, arity, function in functions:
            await connection.create_function(name, arity, function, deterministic=True)
        database = cls(connection)
        await database._migrate()
        return database

    async def add_functions(self, functions: tuple[SqlFunction, ...]) -> None:
        for name, arity, function in functions:
            await self._connection.create_function(name, arity, function, deterministic=True)

    async def _migrate(self) -> None:
        async with self.transaction() as db:
            async with db.execute("PRAGMA user_version") as cursor:
                row = await cursor.fetchone()
            version = row[0] if row else 0
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in _statements(script):
                    await db.execute(statement)
                await db.execute(f"PRAGMA user_version = {number}")

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One operation: committed if the block ends normally, else rolled back."""
        async with self._lock:
            await self._connection.execute("BEGIN IMMEDIATE")
            try:
                yield self._connection
            except BaseException:
                await _finish(self._connection.execute("ROLLBACK"))
                raise
            await _finish(self._connection.execute("COMMIT"))

    @asynccontextmanager
    async def read(self) -> AsyncIterator[aiosqlite.Connection]:
        """One read-only statement. SQLite runs it as a transaction of its own (the
        connection is in autocommit mode), so a read on every tap costs no BEGIN/COMMIT
        round trips to aiosqlite's thread and takes no write lock."""
        async with self._lock:
            yield self._connection

    async def checkpoint(self) -> None:
        """Copy the WAL into the database file and empty it, so deleted rows leave no trace
        in the -wal file (called after a deletion)."""
        async with (
            self._lock,
            self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)") as cursor,
        ):
            row = await cursor.fetchone()
        if row is not None and row[0]:
            log.warning("the WAL could not be emptied after a deletion (busy); it will be later")

    async def close(self) -> None:
        async with self._lock:
            await self._connection.close()


async def _finish(statement: Awaitable[object]) -> None:
    """COMMIT or ROLLBACK even if the task is cancelled meanwhile: the lock must not be
    released with the transaction still open."""
    done = asyncio.ensure_future(statement)
    try:
        await asyncio.shield(done)
    except asyncio.CancelledError:
        await done
        raise


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]


class SqliteUserStore:
    def __init__(self, database: SqliteDatabase, *, owns_database: bool = False) -> None:
        self._database = database
        self._owns_database = owns_database

    @classmethod
    async def open(cls, path: Path) -> SqliteUserStore:
        """A store on its own database connection (tests, tools); the bot shares one."""
        return cls(await SqliteDatabase.open(path), owns_database=True)

    async def language(self, user_id: int) -> str | None:
        async with self._database.read() as db:
            rows = await db.execute_fetchall(
                "SELECT language FROM users WHERE user_id = ?", (user_id,)
            )
        return next(iter(rows))[0] if rows else None

    async def set_language(self, user_id: int, language: str) -> None:
        async with self._database.transaction() as db:
            await db.execute(
                "INSERT INTO users (user_id, language) VALUES (?, ?) "
                "ON CONFLICT (user_id) DO UPDATE SET language = excluded.language",
                (user_id, language),
            )

    async def forget(self, user_id: int) -> None:
        async with self._database.transaction() as db:
            for table in USER_TABLES:
                await db.execute(f"DELETE FROM {table} WHERE user_id = ?", (user_id,))
        await self._database.checkpoint()

    async def close(self) -> None:
        if self._owns_database:
            await self._database.close()
