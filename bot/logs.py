"""Logging: one concise line per handled update, JSON on request, never the token or user text."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pythonjsonlogger.json import JsonFormatter
from telegram import Update

from bot.config import Settings

log = logging.getLogger("bot.updates")

Callback = TypeVar("Callback", bound=Callable[..., Awaitable[Any]])


class RedactToken(logging.Filter):
    """Replace the token in any log record, whichever library wrote it."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._token in message:
            record.msg = message.replace(self._token, "<token>")
            record.args = None
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and self._token in str(error):
            record.exc_text = None
            record.msg = f"{record.msg} ({type(error).__name__}, token redacted)"
            record.exc_info = None
        return True


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    if settings.log_format == "json":
        handler.setFormatter(
            JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s", timestamp=False)
        )
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactToken(settings.token))
    logging.basicConfig(level=settings.log_level, handlers=[handler], force=True)
    # httpx logs every request URL at INFO, and the URL carries the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


def update_kind(update: object) -> str:
    """What arrived, without what the user wrote."""
    if not isinstance(update, Update):
        return type(update).__name__
    if update.callback_query:
        return "callback_query"
    message = update.effective_message
    if message is not None:
        if message.location:
            return "location"
        if message.text and message.text.startswith("/"):
            return "command"
        return "message"
    return "other"


def logged(callback: Callback) -> Callback:
    """Log one line per handled update: its kind, the handler and how long it took."""

    @functools.wraps(callback)
    async def wrapper(update: object, context: Any) -> Any:
        started = time.perf_counter()
        outcome = "error"
        try:
            result = await callback(update, context)
            outcome = "ok"
            return result
        finally:
            duration_ms = round((time.perf_counter() - started) * 1000, 1)
            kind = update_kind(update)
            log.info(
                "%s handled by %s in %.1f ms (%s)",
                kind,
                callback.__name__,
                duration_ms,
                outcome,
                extra={
                    "update": kind,
                    "handler": callback.__name__,
                    "duration_ms": duration_ms,
                    "outcome": outcome,
                },
            )

    return wrapper  # type: ignore[return-value]
