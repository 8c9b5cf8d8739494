"""Logging: one concise line per handled update, JSON on request, never the token or user text."""

from __future__ import annotations

import functools
import logging
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from pythonjsonlogger.json import JsonFormatter
from telegram import Update
from telegram.error import BadRequest, NetworkError

from bot.config import Settings

log = logging.getLogger("bot.updates")

Callback = TypeVar("Callback", bound=Callable[..., Awaitable[Any]])


# Fields of updates and messages that carry what a user typed or who they are, as the
# library's DEBUG records print them (Python reprs and JSON): `text='...'`, `"text": "..."`.
_PERSONAL_FIELDS = (
    "text|caption|question|first_name|last_name|username|phone_number|title|data|query"
    "|address|file_name|emoji"
)
_PERSONAL = re.compile(
    rf"""(?P<key>['"]?\b(?:{_PERSONAL_FIELDS})['"]?\s*[:=]\s*)"""
    r"""(?P<value>'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")"""
)
_PLACE = re.compile(r"""(?P<key>['"]?\b(?:latitude|longitude)['"]?\s*[:=]\s*)-?[\d.]+""")


def scrub_user_text(message: str) -> str:
    """`text='my worry'` -> `text='<scrubbed>'`, for every personal field."""
    message = _PERSONAL.sub(lambda m: f"{m['key']}'<scrubbed>'", message)
    return _PLACE.sub(lambda m: f"{m['key']}0", message)


class RedactSecrets(logging.Filter):
    """Replace the token and the webhook secret in any log record, whichever library wrote
    it; in records of python-telegram-bot and its HTTP clients, also what users typed,
    unless `keep_user_text` (LOG_USER_TEXT=1)."""

    def __init__(self, secrets: dict[str, str], *, keep_user_text: bool = False) -> None:
        super().__init__()
        self._secrets = {secret: name for secret, name in secrets.items() if secret}
        self._keep_user_text = keep_user_text

    def _clean(self, text: str, scrub: bool) -> str:
        for secret, name in self._secrets.items():
            text = text.replace(secret, name)
        return scrub_user_text(text) if scrub else text

    def filter(self, record: logging.LogRecord) -> bool:
        scrub = not self._keep_user_text and record.name.startswith(_LIBRARIES)
        message = record.getMessage()
        clean = self._clean(message, scrub)
        if clean != message:
            record.msg = clean
            record.args = None
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and self._clean(str(error), scrub) != str(error):
            record.exc_text = None
            record.msg = f"{record.msg} ({type(error).__name__}, details redacted)"
            record.exc_info = None
        return True


_LIBRARIES = ("telegram", "httpx", "httpcore", "aiohttp", "apscheduler")


def RedactToken(token: str) -> RedactSecrets:
    return RedactSecrets({token: "<token>"})


class NetworkErrorsInOneLine(logging.Filter):
    """The library logs some network failures with a traceback (e.g. the last getUpdates
    while stopping during an outage); a network failure is not a bug: one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if (
            record.name.startswith("telegram")
            and isinstance(error, NetworkError)
            and not isinstance(error, BadRequest)
        ):
            record.msg = f"{record.getMessage()} ({type(error).__name__}: {error})"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        return True


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    if settings.log_format == "json":
        handler.setFormatter(
            JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s", timestamp=False)
        )
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    secrets = {settings.token: "<token>", settings.webhook_secret or "": "<webhook secret>"}
    handler.addFilter(NetworkErrorsInOneLine())
    handler.addFilter(RedactSecrets(secrets, keep_user_text=settings.log_user_text))
    logging.basicConfig(level=settings.log_level, handlers=[handler], force=True)
    # httpx logs every request URL at INFO, and the URL carries the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    # APScheduler (the JobQueue) logs every run of the reminders job at INFO.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


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
