"""The user store on PostgreSQL, and the record of updates already handled."""

from __future__ import annotations

import time

import asyncpg

from bot.pg.database import release_pool, shared_pool

KEEP_UPDATES_SECONDS = 2 * 24 * 3600
PRUNE_EVERY_SECONDS = 3600


class PgUserStore:
    def __init__(self, pool: asyncpg.Pool, database_url: str) -> None:
        self._pool = pool
        self._url = database_url
        self._pruned_at = 0.0

    @classmethod
    async def open(cls, database_url: str) -> PgUserStore:
        """Connect and migrate (under an advisory lock: replicas starting together wait)."""
        return cls(await shared_pool(database_url), database_url)

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
        await self._pool.execute("DELETE FROM users WHERE user_id = $1", user_id)

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
        await release_pool(self._url)
