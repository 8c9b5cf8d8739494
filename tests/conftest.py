"""Shared fixtures: the parsed content, a fake Telegram, and the real bot running against it.

`telegram` checks at teardown that the bot made no Bot API error and left no callback query
unanswered; a test that provokes either on purpose says so with
`@pytest.mark.telegram_errors` or `@pytest.mark.unanswered_callbacks`. `bot_runner(**options)`
is the one way to start the bot in-process (options go to `build_application`, e.g.
`clock=`); tests/helpers.py starts `python bot.py` as a process.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest

from bot.app import load_services
from bot.config import Settings
from bot.context import Services
from bot.emulator import BotApiEmulator
from tests.helpers import START, TOKEN, BotRunner, FakeClock, Runner, running_bot
from tests.pg_cluster import postgres_bin, throwaway_cluster


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "telegram_errors: the test provokes Bot API errors on purpose"
    )
    config.addinivalue_line(
        "markers", "unanswered_callbacks: the test leaves callback queries unanswered on purpose"
    )


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
def token() -> str:
    """The bot token every test uses (never printed: tests check that)."""
    return TOKEN


@pytest.fixture
async def telegram(token: str, request: pytest.FixtureRequest) -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=token) as server:
        yield server
        if request.node.get_closest_marker("telegram_errors") is None:
            server.assert_no_errors()
        if request.node.get_closest_marker("unanswered_callbacks") is None:
            assert server.unanswered_callback_queries() == [], "callback queries left unanswered"


@pytest.fixture
def http_client() -> str:
    """The bot's HTTP client; `@pytest.mark.parametrize("http_client", HTTP_CLIENTS)` runs both."""
    return "aiohttp"


@pytest.fixture
def settings(telegram: BotApiEmulator, token: str, tmp_path: Path, http_client: str) -> Settings:
    """The bot's settings against the fake server, with one database file per test."""
    return Settings(
        token=token,
        api_url=telegram.base_url,
        database_url=f"sqlite:///{tmp_path / 'bot.db'}",
        http_client=http_client,
    )


@pytest.fixture
def bot_runner(settings: Settings, services: Services) -> BotRunner:
    """Start the bot (again) against the fake server: `async with bot_runner() as app:`;
    `bot_runner(clock=...)` passes options to build_application."""
    return lambda **options: running_bot(settings, services, **options)


@pytest.fixture
def clock() -> FakeClock:
    """The reminders' clock, which the test moves forward (tests/helpers.py)."""
    return FakeClock(START)


@pytest.fixture
def bot(bot_runner: BotRunner, clock: FakeClock) -> Runner:
    """The bot with the test's clock."""
    return lambda: bot_runner(clock=clock)


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
    """Show how well typed messages are understood (tests/test_understanding.py) and typed
    settings (tests/test_typed_settings_heldout.py)."""
    from tests.test_typed_settings_heldout import RESULTS
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
    for (section, code), result in sorted(RESULTS.items()):
        terminalreporter.write_line(
            f"typed settings held-out set, {section} [{code}]: {result.line()} understood"
        )
        for text in result.missed:
            terminalreporter.write_line(f"  missed: {text}")
