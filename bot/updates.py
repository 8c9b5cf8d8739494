"""Each update handled once, whichever replica it reaches and however often it arrives.

Telegram sends a webhook update again when it did not see the answer (a replica died, a
timeout at the load balancer), and nginx may pass it to another replica. With PostgreSQL
the replicas record handled update ids in the shared database; one process on SQLite keeps
the recent ones in memory (a re-send reaches the same, still running, process).

An update is recorded before its handler runs: a replica killed mid-handler loses that
one tap (the user taps again) rather than showing a screen twice or counting a glass twice.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from typing import Protocol

from telegram import Update
from telegram.ext import ApplicationHandlerStop

from bot.context import GuideContext

log = logging.getLogger(__name__)

GROUP = -100  # handler group: before the reminders' (-1) and the guide's (0)


class UpdateLog(Protocol):
    async def first_delivery(self, update_id: int) -> bool: ...


class RecentUpdates:
    """In memory, for one process: the last `size` update ids."""

    def __init__(self, size: int = 10_000) -> None:
        self._seen: OrderedDict[int, None] = OrderedDict()
        self._size = size

    async def first_delivery(self, update_id: int) -> bool:
        if update_id in self._seen:
            return False
        self._seen[update_id] = None
        if len(self._seen) > self._size:
            self._seen.popitem(last=False)
        return True


def update_log_for(store: object) -> UpdateLog:
    """The store's shared record when it has one (PostgreSQL), else one in memory."""
    return store if hasattr(store, "first_delivery") else RecentUpdates()


async def handle_once(update: object, context: GuideContext) -> None:
    """The first handler group: stops a repeated update before any other handler sees it."""
    updates = context.bot_data.handled_updates
    if not isinstance(update, Update) or updates is None:
        return
    if not await updates.first_delivery(update.update_id):
        log.info("update %d was already handled; not again", update.update_id)
        raise ApplicationHandlerStop
