"""The user store on PostgreSQL, and the record of updates already handled."""

from __future__ import annotations

import time

import asyncpg

from bot.pg.database import open_pool
from bot.storage import USER_TABLES

KEEP_UPDATES_SECONDS = 2 * 24 * 3600
PRUNE_EVERY_SECONDS = 3600


class PgUserStore:
    def __init__(self, pool: asyncpg.Pool, *, owns_pool: bool = False) -> None:
        self._pool = pool
        self._owns_pool = owns_pool
        self._pruned_at = 0.0

    @classmethod
    async def open(cls, database_url: str) -> PgUserStore:
        """A store on its own pool (tests, tools); the bot shares one (bot.stores).
        Connects and migrates under an advisory lock: replicas starting together wait."""
        return cls(await open_pool(database_url), owns_pool=True)

    async def language(self, user_id: int) -> str | None:
        return await self._pool.fetchval("SELECT language FROM users WHERE user_id = $1", user_id)

    async def set_language(self, user_id: int, language: str) -> None:
        await self._pool.execute(
            "INSERT INTO users (user_id, language) VALUES ($1, $2) "
            "ON CONFLICT (user_id) DO UPDATE SET language = excluded.language",
            user_id,
            language,
        )

    async def forget(self, user_id: int) -> None:
        """Every row about the user, in every table, in one transaction. PostgreSQL keeps
        deleted rows as dead tuples until (auto)vacuum reclaims them; the WAL and backups
        hold them as long as they are kept (docs/operating.md)."""
        async with self._pool.acquire() as connection, connection.transaction():
            for table in USER_TABLES:
                await connection.execute(f"DELETE FROM {table} WHERE user_id = $1", user_id)

    async def first_delivery(self, update_id: int) -> bool:
        """True the first time an update id is seen by any replica, False on a re-send."""
        now = int(time.time())
        first = await self._pool.fetchval(
            "INSERT INTO handled_updates (update_id, received_at) VALUES ($1, $2) "
            "ON CONFLICT (update_id) DO NOTHING RETURNING true",
            update_id,
            now,
        )
        if now - self._pruned_at > PRUNE_EVERY_SECONDS:
            self._pruned_at = now
            await self._pool.execute(
                "DELETE FROM handled_updates WHERE received_at < $1", now - KEEP_UPDATES_SECONDS
            )
        return bool(first)

    async def close(self) -> None:
        if self._owns_pool:
            await self._pool.close()
