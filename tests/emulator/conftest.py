"""Fixtures of the emulator's own tests: a fresh fake server and an HTTP client."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from bot.emulator import BotApiEmulator
from tests.emulator.helpers import TOKEN


@pytest.fixture
async def server() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN) as fake:
        yield fake


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as http:
        yield http
