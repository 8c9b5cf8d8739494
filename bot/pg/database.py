"""Connections to PostgreSQL: one pool per process and URL, migrations under a lock."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

import asyncpg

from bot.pg.migrations import MIGRATIONS

log = logging.getLogger(__name__)

# Advisory lock keys (one 64-bit space per database): "twitch" in ASCII, then a number.
MIGRATION_LOCK = 0x7477_6974_6368_0001
DISPATCHER_LOCK = 0x7477_6974_6368_0002


def redacted(database_url: str) -> str:
    """The URL without its password, for logs and error messages."""
    parts = urlsplit(database_url)
    if parts.password is None:
        return database_url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return parts._replace(netloc=netloc).geturl()


async def _keep_session(connection: asyncpg.Connection) -> None:
    """A pool's connection goes back as it is: every operation here is one statement or one
    managed transaction and sets no session state, so asyncpg's default reset (a round trip
    per checkout) buys nothing. asyncpg still rolls back a transaction left open."""


async def open_pool(database_url: str) -> asyncpg.Pool:
    """A pool for this process (the user and reminder stores share it), schema migrated."""
    pool = await asyncpg.create_pool(
        database_url, min_size=1, max_size=10, reset=_keep_session, command_timeout=30
    )
    try:
        async with pool.acquire() as connection:
            await migrate(connection)
    except BaseException:
        await pool.close()
        raise
    return pool


async def schema_version(connection: asyncpg.Connection) -> int:
    exists = await connection.fetchval("SELECT to_regclass('schema_migrations') IS NOT NULL")
    if not exists:
        return 0
    return await connection.fetchval("SELECT coalesce(max(version), 0) FROM schema_migrations")


async def migrate(connection: asyncpg.Connection, target: int = len(MIGRATIONS)) -> int:
    """Bring the schema up to `target`; replicas starting together migrate it once.

    The session advisory lock makes the others wait until the first has finished; each
    version is applied in its own transaction with its row in schema_migrations.
    """
    await connection.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
    try:
        await connection.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations ("
            " version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())"
        )
        version = await schema_version(connection)
        for number in range(version + 1, target + 1):
            async with connection.transaction():
                await connection.execute(MIGRATIONS[number - 1])
                await connection.execute(
                    "INSERT INTO schema_migrations (version) VALUES ($1)", number
                )
            log.info("database schema migrated to version %d", number)
        return max(version, target)
    finally:
        await connection.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)
