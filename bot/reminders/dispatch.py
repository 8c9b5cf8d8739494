"""Sending due reminders: claim, then send within Telegram's limits, never one twice.

A JobQueue job calls `Dispatcher.run_once` every few seconds. Each round claims a small
batch of due occurrences in one atomic statement (their next fire time is stored before
anything is sent: at most once, even if the process dies mid-send), skips occurrences more
than the grace period late (the bot was down: no burst of stale reminders), and sends the
rest through a rate limiter, waiting as told on 429 and retrying with backoff only where
the message surely did not reach Telegram.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections import Counter
from collections.abc import Callable
from datetime import timedelta

import httpx
from aiolimiter import AsyncLimiter
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.warnings import PTBDeprecationWarning

from bot.i18n import Language
from bot.reminders import screens
from bot.reminders.service import ReminderService
from bot.reminders.store import DueReminder, Outcome

log = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 20  # due reminders go out within this many seconds, well within a minute
MAX_ATTEMPTS = 5
MAX_BACKOFF_SECONDS = 30.0
# Failures where the request never reached Telegram: retrying cannot send twice.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)
# Chats that cannot receive messages any more: treated like a block.
_GONE = ("chat not found", "user is deactivated", "bot was blocked")


def retry_after_seconds(error: RetryAfter) -> float:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def safe_to_retry(error: NetworkError) -> bool:
    """True when Telegram answered with an error (5xx) or the connection never opened.

    A read timeout or a dropped connection after the request went out may mean the message
    was delivered; sending it again could show it twice, so such errors are not retried.
    """
    cause = error.__cause__
    return cause is None or not isinstance(cause, httpx.HTTPError) or isinstance(cause, _NOT_SENT)


class Dispatcher:
    def __init__(
        self,
        service: ReminderService,
        bot: Bot,
        languages: dict[str, Language],
        default_language: str,
        rate_per_second: float,
        *,
        keep_going: Callable[[], bool] = lambda: True,
        backoff_base: float = 1.0,
    ) -> None:
        self.service = service
        self.bot = bot
        self.languages = languages
        self.default_language = default_language
        # One message every 1/rate seconds, never a burst above the rate.
        self.limiter = AsyncLimiter(1, 1 / rate_per_second)
        self.batch = max(1, round(rate_per_second * 2))  # about two seconds of sending
        self.keep_going = keep_going
        self.backoff_base = backoff_base
        self._lock = asyncio.Lock()
        self._hold_until = 0.0  # loop time before which nothing is sent (after a 429)

    async def run_once(self) -> Counter[str]:
        """Send everything due now, batch by batch; returns the outcomes."""
        total: Counter[str] = Counter()
        async with self._lock:
            while True:
                now = self.service.now()
                claimed = await self.service.store.claim_due(now, self.batch)
                if not claimed:
                    break
                oldest = now - self.service.grace
                stale = [due for due in claimed if due.due_at < oldest]
                fresh = [due for due in claimed if due.due_at >= oldest]
                outcomes = Counter({Outcome.SKIPPED: len(stale)}) if stale else Counter()
                results = await asyncio.gather(*(self._deliver(due) for due in fresh))
                outcomes.update(results)
                await self.service.store.record_outcomes(outcomes, self.service.now())
                total.update(outcomes)
                if len(claimed) < self.batch or not self.keep_going():
                    break
        if total:
            log.info("reminders: %s", dict(total))
        return total

    async def _wait_for_hold(self) -> None:
        loop = asyncio.get_running_loop()
        while (delay := self._hold_until - loop.time()) > 0:
            await asyncio.sleep(delay)

    async def _deliver(self, due: DueReminder) -> str:
        lang = self.languages.get(due.language) or self.languages[self.default_language]
        tip = self.service.tips.pick(lang.code, due.kind, due.sent_count - 1)
        reply = screens.reminder_message(lang, due.kind, tip, due.due_at)
        loop = asyncio.get_running_loop()
        for attempt in range(1, MAX_ATTEMPTS + 1):
            if attempt > 1 and not self.keep_going():
                return Outcome.FAILED  # shutting down: do not hold the stop up with retries
            await self._wait_for_hold()
            async with self.limiter:
                try:
                    await self.bot.send_message(
                        due.user_id, reply.text, reply_markup=reply.keyboard
                    )
                    return Outcome.SENT
                except RetryAfter as error:
                    wait = retry_after_seconds(error)
                    self._hold_until = max(self._hold_until, loop.time() + wait)
                    log.warning("flood control: holding reminders for %.0f s", wait)
                    continue
                except Forbidden:
                    return await self._blocked(due)
                except BadRequest as error:
                    if any(reason in error.message.lower() for reason in _GONE):
                        return await self._blocked(due)
                    log.error("a reminder was refused: %s", error.message)
                    return Outcome.FAILED
                except NetworkError as error:
                    if not safe_to_retry(error) or attempt == MAX_ATTEMPTS:
                        log.warning("a reminder may not have been sent: %s", error.message)
                        return Outcome.FAILED
                    log.info("retrying a reminder after: %s", error.message)
            await asyncio.sleep(min(MAX_BACKOFF_SECONDS, self.backoff_base * 2 ** (attempt - 1)))
        return Outcome.FAILED

    async def _blocked(self, due: DueReminder) -> str:
        await self.service.store.set_blocked(due.user_id, True, self.service.now())
        return Outcome.BLOCKED
