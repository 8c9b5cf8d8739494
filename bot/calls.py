"""Bot API calls that must not fail a user's tap: retries at the level of the call.

The rules hold whatever HTTP transport python-telegram-bot uses (its httpx request or
another `BaseRequest`), because they read only python-telegram-bot's own errors:

- An *idempotent* call (answering a callback query, editing a message to a given content)
  is retried on a 5xx answer, a connection failure or a timeout, for about four seconds
  with a growing backoff: doing it twice changes nothing, and the user is waiting for it.
- A call that is *not* idempotent (sending a message) is retried only when the request
  surely did not reach Telegram: a 5xx answer, or a connection that never opened.
- Answering a callback query never cancels the tap: if the answer fails or comes too late
  ("query is too old" after downtime), the screen the user asked for is still shown.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram import (
    CallbackQuery,
    ForceReply,
    InlineKeyboardMarkup,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut

log = logging.getLogger(__name__)

T = TypeVar("T")
ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove | ForceReply

ATTEMPTS = 3
BACKOFF_SECONDS = 0.25  # then 0.5: a tap is answered within about a second even so
# An idempotent call rides out about 3.75 s of 5xx answers (0.25 + 0.5 + 1 + 2): with only
# three attempts, 0.75 s of a failing Bot API left a tap without its screen (chaos.py).
IDEMPOTENT_ATTEMPTS = 5
# A retry-after longer than this is not waited for inside a tap.
MAX_WAIT_IN_A_TAP = 3.0

# Names of exceptions (from any HTTP library) meaning the connection never opened.
_NEVER_CONNECTED = (
    "ConnectError",
    "ConnectTimeout",
    "PoolTimeout",
    "ClientConnectorError",
    "ConnectionRefusedError",
    "ServerDisconnectedError",
)


def never_reached_telegram(error: TelegramError) -> bool:
    """True for a 5xx answer (Telegram saw the request and refused it) or a connection that
    never opened: repeating such a request cannot do its work twice."""
    if isinstance(error, BadRequest) or not isinstance(error, NetworkError):
        return False
    if "Pool timeout" in error.message:
        return True  # python-telegram-bot says so: "Request was *not* sent to Telegram"
    if isinstance(error, TimedOut):
        return False  # the request may have arrived
    cause = error.__cause__
    if cause is None:
        return True  # python-telegram-bot raises 5xx answers without a cause
    return any(type(c).__name__ in _NEVER_CONNECTED for c in _chain(cause))


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and len(seen) < 5:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def transient(error: TelegramError) -> bool:
    """An error worth retrying for an idempotent call: 5xx, connection failure, timeout."""
    return isinstance(error, NetworkError) and not isinstance(error, BadRequest)


async def retry(
    call: Callable[[], Awaitable[T]],
    *,
    idempotent: bool,
    what: str,
    attempts: int | None = None,
) -> T:
    """Run `call`, retrying as the rules above allow; the last error is raised."""
    if attempts is None:
        attempts = IDEMPOTENT_ATTEMPTS if idempotent else ATTEMPTS
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except RetryAfter as error:
            wait = _seconds(error.retry_after)
            if attempt == attempts or wait > MAX_WAIT_IN_A_TAP:
                raise
            await asyncio.sleep(wait)
            continue
        except TelegramError as error:
            retryable = transient(error) if idempotent else never_reached_telegram(error)
            if not retryable or attempt == attempts:
                raise
            log.info("retrying %s after: %s", what, error.message)
        await asyncio.sleep(BACKOFF_SECONDS * 2 ** (attempt - 1))
    raise AssertionError("unreachable")  # pragma: no cover


def _seconds(value: object) -> float:
    total = getattr(value, "total_seconds", None)
    return float(total() if callable(total) else value)  # type: ignore[arg-type]


async def answer(query: CallbackQuery, text: str | None = None, *, url: str | None = None) -> bool:
    """Stop the tap's spinner (with a toast); never raises a Bot API error.

    Returns False if it could not be answered: the caller shows the screen anyway.
    """
    try:
        await retry(
            lambda: query.answer(text, url=url), idempotent=True, what="answerCallbackQuery"
        )
        return True
    except BadRequest as error:  # too old (after downtime), or answered already
        log.info("could not answer a callback query: %s", error.message)
    except TelegramError as error:
        log.warning("could not answer a callback query: %s", error.message)
    return False


async def reply(message: Message, text: str, reply_markup: ReplyMarkup | None = None) -> None:
    """Answer a message in its chat; retried where it surely was not sent (5xx, no
    connection), so a command or typed text is answered despite a passing Bot API error."""
    await retry(
        lambda: message.reply_text(text, reply_markup=reply_markup),
        idempotent=False,
        what="sendMessage",
    )
