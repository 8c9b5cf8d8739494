"""Shared fixtures: the parsed content, a fake Telegram, and the real bot running against it."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from bot.app import build_application, load_services
from bot.config import Settings
from bot.console import running
from bot.context import GuideApplication, Services
from bot.emulator import BotApiEmulator
from tests.pg_cluster import postgres_bin, throwaway_cluster

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


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """A PostgreSQL server: TEST_DATABASE_URL, else a throwaway cluster for this run."""
    if os.environ.get("TEST_DATABASE_URL"):
        yield os.environ["TEST_DATABASE_URL"]
        return
    binaries = postgres_bin()
    if binaries is None:
        pytest.skip(
            "PostgreSQL not found: install Debian's postgresql package "
            "(/usr/lib/postgresql/*/bin) or set TEST_DATABASE_URL"
        )
    with throwaway_cluster(binaries) as url:
        yield url


@pytest.fixture
async def postgres_url(postgres_server: str) -> AsyncIterator[str]:
    """A new, empty database on that server for one test, dropped afterwards."""
    name = f"test_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(postgres_server)
    try:
        await admin.execute(f"CREATE DATABASE {name}")
    finally:
        await admin.close()
    yield urlunsplit(urlsplit(postgres_server)._replace(path=f"/{name}"))
    admin = await asyncpg.connect(postgres_server)
    try:
        await admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    finally:
        await admin.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Each backend in turn: an SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'bot.db'}"
    return request.getfixturevalue("postgres_url")


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
