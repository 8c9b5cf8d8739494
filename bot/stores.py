"""Opening the bot's storage: the one place that picks a database by its URL.

Handlers and the dispatcher see only the Protocols (`UserStore`, `ReminderStore`), each
operation one transaction in its own backend: SQLite (one shared connection) for one
machine, PostgreSQL (`postgresql://...`, one asyncpg pool, bot/pg/) for several replicas.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.reminders.store import ReminderStore, SqliteReminderStore
from bot.storage import SqliteDatabase, SqliteUserStore, UserStore, is_postgres_url, sqlite_path


@dataclass(frozen=True)
class Stores:
    users: UserStore
    reminders: ReminderStore
    close: Callable[[], Awaitable[None]]


async def open_stores(database_url: str) -> Stores:
    """Open (create, migrate) the database once; both stores share its connection (SQLite)
    or its pool (PostgreSQL, migrated under an advisory lock)."""
    if is_postgres_url(database_url):
        # imported here: one machine on SQLite never loads asyncpg
        from bot.pg.database import open_pool
        from bot.pg.users import PgUserStore
        from bot.reminders.store_pg import PgReminderStore

        pool = await open_pool(database_url)
        return Stores(users=PgUserStore(pool), reminders=PgReminderStore(pool), close=pool.close)
    database = await SqliteDatabase.open(sqlite_path(database_url))
    return Stores(
        users=SqliteUserStore(database),
        reminders=await SqliteReminderStore.attach(database),
        close=database.close,
    )
