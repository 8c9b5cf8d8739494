"""What tests share besides fixtures: starting the bot in-process or as `python bot.py`, and
the reminders' set-up (a clock the test moves, subscribing with a time zone)."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from bot.app import build_application
from bot.config import Settings
from bot.console import running
from bot.context import GuideApplication, Services
from bot.emulator import BotApiEmulator, MessageSnapshot, SimulatedUser
from bot.i18n import Language
from bot.reminders.dispatch import Dispatcher
from bot.reminders.schedule import spread_delay

ROOT = Path(__file__).resolve().parent.parent
# The token of every test (a fixture hands it out; the emulator accepts only this one).
TOKEN = "123456:" + "A" * 35


class BotRunner(Protocol):
    def __call__(self, **options: Any) -> AbstractAsyncContextManager[GuideApplication]: ...


@asynccontextmanager
async def running_bot(
    settings: Settings, services: Services, **options: Any
) -> AsyncIterator[GuideApplication]:
    """The real Application, polling the fake server, started and stopped as run_polling does.

    `options` go to build_application, e.g. `clock=` for reminders."""
    application = build_application(settings, services, **options)
    async with running(application):
        yield application


async def start_bot_process(
    telegram: BotApiEmulator,
    database: Path | str,
    env: dict[str, str] | None = None,
    *,
    stdout: int | None,
    stderr: int | None,
) -> asyncio.subprocess.Process:
    """`python bot.py` in the checkout against the fake server, with its token and this
    database, and `env` added to the environment; `stdout`/`stderr` as for asyncio."""
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "bot.py",
        cwd=ROOT,
        env={
            **os.environ,
            "BOT_TOKEN": telegram.token,
            "BOT_API_URL": telegram.base_url,
            "DATABASE_URL": str(database),
            **(env or {}),
        },
        stdout=stdout,
        stderr=stderr,
    )


# -- reminders ------------------------------------------------------------------------------

START = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)  # a Friday: 12:00 in Moscow, 04:00 in New York


class FakeClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        self.now = now


# The `bot` fixture (conftest.py): the bot with the test's clock, started by calling it.
Runner = Callable[[], AbstractAsyncContextManager[GuideApplication]]


def dispatcher(application: GuideApplication) -> Dispatcher:
    assert application.bot_data.dispatcher is not None
    return application.bot_data.dispatcher


def at(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def due(
    clock: FakeClock, local: str, zone_hours: int, day: int = 20, *, user: int | None = None
) -> datetime:
    """The instant of a local time on a day of November 2026; with `user`, when that user's
    occurrence chosen for that time fires (their stable spreading offset added)."""
    hours, minutes = map(int, local.split(":"))
    chosen = datetime(2026, 11, day, hours, minutes, tzinfo=UTC) - timedelta(hours=zone_hours)
    return chosen if user is None else chosen + spread_delay(user)


async def reminders_of(user: SimulatedUser, lang: Language) -> MessageSnapshot:
    await user.send("/reminders")
    overview = await user.wait_for_message()
    assert lang.gettext("Reminders") in overview.text
    return overview


async def answer_zone(user: SimulatedUser, zone: str) -> tuple[MessageSnapshot, MessageSnapshot]:
    """Answer the time-zone question the bot asked: the listed zone whose label shows `zone`
    ("UTC+3") is pressed, otherwise `zone` is typed ("UTC-5", "Moscow"). Returns the zone's
    confirmation and the message after it (the saved reminder, or the next question)."""
    listed = [label for row in user.reply_keyboard or [] for label in row if zone in label]
    if listed:
        await user.press(listed[0])
    else:
        await user.send(zone)
    confirmed, after = await user.wait_for_messages(2)
    return confirmed, after


async def subscribe(
    user: SimulatedUser, lang: Language, reminder: str, choice: str, *, zone: str
) -> tuple[MessageSnapshot, MessageSnapshot]:
    """/reminders, the `reminder`'s button (its msgid, "🌙 Sleep reminder"), the button
    `choice` (a time, or "✅" for the usual water hours), then the time-zone question answered
    with `zone` as answer_zone() does; returns the zone's confirmation and the saved screen."""
    await reminders_of(user, lang)
    await user.tap_and_wait(lang.gettext(reminder))
    await user.wait_for_answer(await user.tap(choice))
    prompt = await user.wait_for_message()
    assert lang.gettext("Your time zone") in prompt.text
    return await answer_zone(user, zone)
