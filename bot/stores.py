"""Opening the bot's storage: the one place that picks a database by its URL.

Handlers and the dispatcher see only the Protocols (`UserStore`, `ReminderStore`); a new
backend (e.g. PostgreSQL with asyncpg, `postgresql://...`) adds a branch here and two
classes behind those Protocols, each operation one transaction in its own backend.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from bot.reminders.store import ReminderStore, SqliteReminderStore
from bot.storage import SqliteDatabase, SqliteUserStore, UserStore, sqlite_path


@dataclass(frozen=True)
class Stores:
    users: UserStore
    reminders: ReminderStore
    close: Callable[[], Awaitable[None]]


async def open_stores(database_url: str) -> Stores:
    """Open (create, migrate) the database once; both stores share its connection."""
    database = await SqliteDatabase.open(sqlite_path(database_url))
    return Stores(
        users=SqliteUserStore(database),
        reminders=await SqliteReminderStore.attach(database),
        close=database.close,
    )
