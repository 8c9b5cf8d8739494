"""Where user settings live: one small interface, SQLite behind it.

Only what a feature needs is stored: a user's explicit language choice, and for reminders
(bot/reminders/store.py, on its own connection to the same file) the user's zone and
reminders.
"""

from __future__ import annotations

from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlparse

import aiosqlite

from bot.pg.database import is_postgres_url
from bot.pg.users import PgUserStore

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
)


class StorageError(Exception):
    """The database URL cannot be used."""


class UserStore(Protocol):
    async def language(self, user_id: int) -> str | None: ...
    async def set_language(self, user_id: int, language: str) -> None: ...
    async def forget(self, user_id: int) -> None: ...
    async def close(self) -> None: ...


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


class SqliteUserStore:
    def __init__(self, connection: aiosqlite.Connection) -> None:
        self._db = connection

    @classmethod
    async def open(cls, path: Path) -> SqliteUserStore:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = await aiosqlite.connect(path)
        await connection.execute("PRAGMA journal_mode=WAL")
        await connection.execute("PRAGMA synchronous=NORMAL")
        store = cls(connection)
        await store._migrate()
        return store

    async def _migrate(self) -> None:
        async with self._db.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
        version = row[0] if row else 0
        for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
            await self._db.executescript(f"BEGIN; {script} PRAGMA user_version = {number}; COMMIT;")

    async def language(self, user_id: int) -> str | None:
        async with self._db.execute(
            "SELECT language FROM users WHERE user_id = ?", (user_id,)
        ) as cursor:
            row = await cursor.fetchone()
        return row[0] if row else None

    async def set_language(self, user_id: int, language: str) -> None:
        await self._db.execute(
            "INSERT INTO users (user_id, language) VALUES (?, ?) "
            "ON CONFLICT (user_id) DO UPDATE SET language = excluded.language",
            (user_id, language),
        )
        await self._db.commit()

    async def forget(self, user_id: int) -> None:
        await self._db.execute("DELETE FROM users WHERE user_id = ?", (user_id,))
        await self._db.commit()

    async def close(self) -> None:
        await self._db.close()


def check_database_url(database_url: str) -> None:
    """Raise StorageError unless the URL names a usable SQLite file or PostgreSQL database."""
    if not is_postgres_url(database_url):
        sqlite_path(database_url)


async def open_store(database_url: str) -> UserStore:
    """`postgresql://user:pass@host/db` for several replicas, else an SQLite file."""
    if is_postgres_url(database_url):
        return await PgUserStore.open(database_url)
    return await SqliteUserStore.open(sqlite_path(database_url))
