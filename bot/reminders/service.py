"""What reminder handlers and the dispatcher share: the store, the tips, the clock, settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bot.reminders.store import ReminderStore
from bot.reminders.tips import Tips

Clock = Callable[[], datetime]
# How long the bot waits for a typed time or zone after asking for it.
AWAIT_TYPED_ANSWER = timedelta(minutes=30)


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass
class ReminderService:
    store: ReminderStore
    tips: Tips
    grace: timedelta
    clock: Clock = system_clock  # tests swap in a clock they can move

    def now(self) -> datetime:
        return self.clock()
