"""Shared fixtures: the parsed content, a fake Telegram, and the real bot running against it."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from bot.app import build_application, load_services
from bot.config import Settings
from bot.console import running
from bot.context import GuideApplication, Services
from bot.emulator import BotApiEmulator

TOKEN = "123456:" + "A" * 35


@pytest.fixture(scope="session", autouse=True)
def content_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """`python bot.py` in tests caches its checked content here, not in the home directory."""
    os.environ["CONTENT_CACHE_DIR"] = str(tmp_path_factory.mktemp("content-cache"))
    yield
    del os.environ["CONTENT_CACHE_DIR"]


@pytest.fixture(scope="session")
def services() -> Services:
    return load_services()


@pytest.fixture
async def telegram() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN) as server:
        yield server


@asynccontextmanager
async def running_bot(
    settings: Settings, services: Services, **options: Any
) -> AsyncIterator[GuideApplication]:
    """The real Application, polling the fake server, started and stopped as run_polling does.

    `options` go to build_application, e.g. `clock=` for reminders."""
    application = build_application(settings, services, **options)
    async with running(application):
        yield application


BotRunner = Callable[[], AbstractAsyncContextManager[GuideApplication]]


@pytest.fixture
def http_client() -> str:
    """The bot's HTTP client; `@pytest.mark.parametrize("http_client", HTTP_CLIENTS)` runs both."""
    return "aiohttp"


@pytest.fixture
def bot_runner(
    telegram: BotApiEmulator, services: Services, tmp_path: Path, http_client: str
) -> BotRunner:
    """Start the bot (again) against the fake server with one database file per test."""
    settings = Settings(
        token=TOKEN,
        api_url=telegram.base_url,
        database_url=f"sqlite:///{tmp_path / 'bot.db'}",
        http_client=http_client,
    )
    return lambda: running_bot(settings, services)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Show how well typed messages are understood (tests/test_understanding.py)."""
    from tests.test_understanding import HIT_RATES
    from tests.test_understanding_heldout import FIGURES, TARGETS

    for code, (hits, rows) in sorted(HIT_RATES.items()):
        terminalreporter.write_line(
            f"understanding typed text [{code}]: {hits}/{rows} phrasings hit ({hits / rows:.0%})"
        )
    for (name, code), figures in sorted(FIGURES.items()):
        terminalreporter.write_line(f"understanding {name} set [{code}]: {figures.line()}")
        for text in figures.missed if name.startswith("held-out") else ():
            terminalreporter.write_line(f"  missed emergency: {text}")
    if FIGURES:
        terminalreporter.write_line(
            "  targets on the held-out set: emergency recall "
            f"{TARGETS['recall']:.0%}, false alarms <= {TARGETS['false_alarms']:.0%}, "
            f"area >= {TARGETS['area']:.0%}"
        )
