"""What tests share besides fixtures: starting the bot in-process or as `python bot.py`."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any, Protocol

from bot.app import build_application
from bot.config import Settings
from bot.console import running
from bot.context import GuideApplication, Services
from bot.emulator import BotApiEmulator

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
