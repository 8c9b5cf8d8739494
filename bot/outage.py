"""When the Bot API cannot be reached: one log line per failed poll, a summary on recovery,
and a stop within a few seconds of SIGTERM whatever the network does."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import threading
import time

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import Application, TypeHandler

log = logging.getLogger(__name__)

# SIGTERM/SIGINT: stop gracefully, but exit at the latest after this long (systemd and
# container runtimes kill after ~10 s; a hanging Bot API must not make them wait).
STOP_DEADLINE_SECONDS = 4.5


class PollingHealth:
    """Counts failed polls: python-telegram-bot hands each one to the error handler with
    no update, which calls `on_poll_error`."""

    def __init__(self) -> None:
        self.failures = 0
        self.first_failure = 0.0
        self._next_wait = 0.0

    def on_poll_error(self, error: TelegramError) -> None:
        """One line per failure with the wait before the next poll; never a traceback.
        The wait follows python-telegram-bot's own rule (1 s, then x1.5 up to 30 s)."""
        if self.failures == 0:
            self.first_failure = time.monotonic()
        self.failures += 1
        self._next_wait = 1.0 if self._next_wait == 0 else min(30.0, self._next_wait * 1.5)
        log.warning(
            "Bot API unreachable (failed poll %d: %s: %s); next try in %.1f s",
            self.failures,
            type(error).__name__,
            error.message,
            self._next_wait,
        )

    def recovered(self) -> None:
        if self.failures:
            log.warning(
                "Bot API reachable again after %d failed polls over %.0f s",
                self.failures,
                time.monotonic() - self.first_failure,
            )
        self.failures = 0
        self._next_wait = 0.0

    def add_handler(self, application: Application) -> None:  # type: ignore[type-arg,unused-ignore]
        """An update arrived, so polling works again (group -3: sees every update first)."""

        async def seen(_: object, __: object) -> None:
            self.recovered()

        application.add_handler(TypeHandler(Update, seen), group=-3)


def stop_within_deadline(application: Application) -> None:  # type: ignore[type-arg,unused-ignore]
    """Replace the stop-signal handlers: stop gracefully, and exit after the deadline."""
    loop = asyncio.get_running_loop()

    def on_signal(signum: int) -> None:
        log.info("%s: stopping", signal.Signals(signum).name)
        timer = threading.Timer(STOP_DEADLINE_SECONDS, _exit_now)
        timer.daemon = True
        timer.start()
        application.stop_running()

    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, on_signal, signum)


def _exit_now() -> None:
    log.warning(
        "stopping took over %.1f s (Bot API unreachable?): exiting now", STOP_DEADLINE_SECONDS
    )
    logging.shutdown()
    os._exit(0)
