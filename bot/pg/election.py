"""One reminder dispatcher across replicas: the replica holding an advisory lock sends.

The lock is a session lock on a connection of its own (a pooled connection would hand it
to whichever operation borrows it next). If the holder dies, the server sees the
connection close and releases the lock; if it freezes, `idle_session_timeout` ends its
idle session (it heartbeats well within it while alive), and another replica takes over
at its next try. A holder that loses its connection stops sending at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os

import asyncpg

from bot.pg.database import DISPATCHER_LOCK, redacted

log = logging.getLogger(__name__)


class DispatcherElection:
    def __init__(
        self, database_url: str, *, session_timeout: float = 15.0, heartbeat: float = 3.0
    ) -> None:
        self._url = database_url
        self._session_timeout = session_timeout
        self._heartbeat = heartbeat
        self._connection: asyncpg.Connection | None = None
        self._beating: asyncio.Task[None] | None = None

    @property
    def holding(self) -> bool:
        """True while this replica holds the lock, as far as it can know."""
        return self._connection is not None and not self._connection.is_closed()

    async def lead(self) -> bool:
        """Hold the lock, or try to take it; True if this replica should send reminders."""
        if self.holding:
            return True
        try:
            connection = await asyncpg.connect(
                self._url,
                timeout=10,
                server_settings={
                    "idle_session_timeout": f"{int(self._session_timeout * 1000)}",
                    # pg_stat_activity shows which replica sends (docs/operating.md)
                    "application_name": f"twitch-bot dispatcher pid {os.getpid()}",
                },
            )
        except (OSError, asyncpg.PostgresError) as error:
            log.warning("cannot reach %s to lead reminders: %s", redacted(self._url), error)
            return False
        try:
            won = await connection.fetchval("SELECT pg_try_advisory_lock($1)", DISPATCHER_LOCK)
        except (OSError, asyncpg.PostgresError):
            won = False
        if not won:
            await connection.close()
            return False
        self._connection = connection
        self._beating = asyncio.create_task(self._beat(connection))
        log.info("this replica now sends the reminders")
        return True

    async def _beat(self, connection: asyncpg.Connection) -> None:
        """Keep the session busy so the server's idle timeout ends only a frozen holder's."""
        try:
            while True:
                await asyncio.sleep(self._heartbeat)
                await connection.fetchval("SELECT 1", timeout=self._heartbeat)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # any failure means the lock may be gone
            log.warning("lost the reminder dispatcher lock: %s", error)
            connection.terminate()

    async def close(self) -> None:
        task, self._beating = self._beating, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        connection, self._connection = self._connection, None
        if connection is not None and not connection.is_closed():
            await connection.close()  # the server releases the lock with the session
