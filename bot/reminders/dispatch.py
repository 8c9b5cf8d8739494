"""Sending due reminders: claim, then send within Telegram's limits, never one twice.

A JobQueue job calls `Dispatcher.run_once` every few seconds. Each round first skips
occurrences more than the grace period late (the bot was down: no burst of stale
reminders), then, each time the rate limiter lets one message go, claims one due occurrence
and sends it. A claim stores the next fire time before anything is sent (at most once, even
if the process dies mid-send) and writes the claim down until its outcome is confirmed, so
a kill loses at most the few occurrences in flight, and those are counted as "unknown" at
the next start. Sending waits as told on 429 and retries with backoff only where the
message surely did not reach Telegram.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx
from aiolimiter import AsyncLimiter
from telegram import Bot
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter
from telegram.warnings import PTBDeprecationWarning

from bot.i18n import Language
from bot.reminders import screens, water_screens
from bot.reminders.model import History
from bot.reminders.schedule import (
    ReminderKind,
    bedtime_ahead,
    chosen_instant,
    last_of_day,
    next_fire_at,
)
from bot.reminders.service import ReminderService
from bot.reminders.store import DueReminder, Outcome

log = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 20  # due reminders go out within this many seconds, well within a minute
MAX_ATTEMPTS = 5
STALE_BATCH = 1000  # stale occurrences skipped per transaction
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


def _bedtime(due: DueReminder, now: datetime) -> tuple[int, int | None] | None:
    """A sleep reminder's bedtime and the minutes left at `now`; None where it cannot be
    told (a zone a tzdata update removed still gets its reminder, without the line)."""
    if due.kind is not ReminderKind.SLEEP or due.reminder is None:
        return None
    try:
        zone = ZoneInfo(due.zone)
    except (ValueError, ZoneInfoNotFoundError):
        return None
    return bedtime_ahead(due.reminder, zone, chosen_instant(due.due_at, due.user_id), now)


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
        paid_broadcast: bool = False,
    ) -> None:
        self.service = service
        self.bot = bot
        self.languages = languages
        self.default_language = default_language
        # One message every 1/rate seconds, never a burst above the rate.
        self.limiter = AsyncLimiter(1, 1 / rate_per_second)
        self.batch = 1  # claimed per limiter tick: a kill loses only what is in flight
        self.keep_going = keep_going
        self.backoff_base = backoff_base
        # Telegram's paid broadcasts: up to 1000 messages a second, paid in Stars above 30.
        self.paid_broadcast = paid_broadcast
        self._lock = asyncio.Lock()
        self._hold_until = 0.0  # loop time before which nothing is sent (after a 429)

    async def recover(self) -> int:
        """At start-up: count claims a crash left unconfirmed as unknown outcomes."""
        unknown = await self.service.store.recover_unconfirmed(self.service.now())
        if unknown:
            log.warning(
                "reminders: %d claimed before the last stop were never confirmed "
                "(counted as unknown; none is sent again)",
                unknown,
            )
        return unknown

    async def run_once(self) -> Counter[str]:
        """Send everything due now, one limiter tick at a time; returns the outcomes."""
        total: Counter[str] = Counter()
        store = self.service.store
        async with self._lock:
            while True:
                now = self.service.now()
                skipped = await store.skip_stale(now, now - self.service.grace, STALE_BATCH)
                total[Outcome.SKIPPED] += skipped
                if skipped < STALE_BATCH:
                    break
            sending: list[asyncio.Task[str]] = []
            while self.keep_going():
                await self._wait_for_hold()
                await self.limiter.acquire()  # one message may go now: claim only that
                claimed = await store.claim_due(self.service.now(), self.batch)
                if not claimed:
                    break
                sending.extend(asyncio.create_task(self._send(due)) for due in claimed)
            total.update(await asyncio.gather(*sending))
        total = +total
        if total:
            log.info("reminders: %s", dict(total))
        return total

    async def _send(self, due: DueReminder) -> str:
        if due.due_at < self.service.now() - self.service.grace:
            outcome: str = Outcome.SKIPPED
        elif (day := await self._day_summary(due)) is not None:
            outcome = await self._deliver(due, permitted=True, day=day)  # not nagging: even met
        elif due.kind is ReminderKind.HYDRATION and await self.service.store.water_goal_met(
            due.user_id, due.due_at
        ):
            outcome = Outcome.GOAL_MET  # the day's goal is met: no more nagging today
        else:
            outcome = await self._deliver(due, permitted=True)
        await self.service.store.confirm(due, outcome, self.service.now())
        return outcome

    async def _day_summary(self, due: DueReminder) -> History | None:
        """The day so far, when this occurrence is the water window's last of the day and
        the user asked for an evening summary instead of it; else None."""
        if not due.evening_summary or due.kind is not ReminderKind.HYDRATION:
            return None
        try:
            zone = ZoneInfo(due.zone)
        except (ValueError, ZoneInfoNotFoundError):
            return None
        chosen = chosen_instant(due.due_at, due.user_id)
        rule = due.reminder
        if rule is None or len(rule.daily_minutes()) < 2:  # the only reminder stays one
            return None
        if not last_of_day(rule, zone, chosen):
            return None
        # A snooze is never the summary (one tapped late would send a second one); a regular
        # time is the one the schedule gives, DST gaps included.
        if next_fire_at(rule, zone, chosen - timedelta(seconds=1)) != chosen:
            return None
        # The day the window opened: 04:00 ends a 20:00-04:00 window the evening before.
        local = chosen.astimezone(zone)
        wrapped = local.hour * 60 + local.minute < rule.start_minute
        return await self.service.store.history(
            due.user_id, chosen - timedelta(days=1) if wrapped else chosen
        )

    async def _wait_for_hold(self) -> None:
        loop = asyncio.get_running_loop()
        while (delay := self._hold_until - loop.time()) > 0:
            await asyncio.sleep(delay)

    async def _deliver(
        self, due: DueReminder, *, permitted: bool = False, day: History | None = None
    ) -> str:
        """Send one; `permitted`: the first attempt already has the limiter's permission;
        `day`: the evening summary of that day instead of the reminder."""
        lang = self.languages.get(due.language) or self.languages[self.default_language]
        if due.hour24 is not None:  # the clock the user reads times in on the screens too
            lang = lang.with_clock(due.hour24)
        if day is not None:
            reply = water_screens.evening_summary(lang, day)
        else:
            tip = self.service.tips.pick(lang.code, due.kind, due.sent_count - 1)
            bedtime = _bedtime(due, self.service.now())
            reply = screens.reminder_message(lang, due.kind, tip, due.due_at, bedtime)
        loop = asyncio.get_running_loop()
        for attempt in range(1, MAX_ATTEMPTS + 1):
            if attempt > 1 and not self.keep_going():
                return Outcome.FAILED  # shutting down: do not hold the stop up with retries
            await self._wait_for_hold()
            if not (permitted and attempt == 1):
                await self.limiter.acquire()
            try:
                await self.bot.send_message(
                    due.user_id,
                    reply.text,
                    reply_markup=reply.keyboard,
                    allow_paid_broadcast=self.paid_broadcast or None,
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
