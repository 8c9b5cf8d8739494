"""Issue 9, defect 8: a Bot API outage logs one line per failed poll (no traceback), and
SIGTERM stops the bot within 5 s whatever the network does."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from aiohttp import web
from telegram.error import NetworkError

from bot.emulator import BotApiEmulator
from bot.outage import PollingHealth
from tests.conftest import TOKEN

ROOT = Path(__file__).resolve().parent.parent


async def start_bot(telegram: BotApiEmulator, database: Path) -> asyncio.subprocess.Process:
    env = {
        **os.environ,
        "BOT_TOKEN": TOKEN,
        "BOT_API_URL": telegram.base_url,
        "DATABASE_URL": str(database),
        "LOG_LEVEL": "INFO",
    }
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "bot.py",
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
    )


async def stop_and_time(process: asyncio.subprocess.Process) -> tuple[float, str]:
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        _, err = await asyncio.wait_for(process.communicate(), timeout=15)
    finally:
        if process.returncode is None:
            process.kill()
    return time.monotonic() - started, err.decode()


@pytest.mark.parametrize("outage", ["closed port", "never answers"])
async def test_outage_logs_one_line_per_poll_and_sigterm_stops_within_5_s(
    telegram: BotApiEmulator, tmp_path: Path, outage: str
) -> None:
    user = telegram.user(9001)
    process = await start_bot(telegram, tmp_path / "bot.db")
    await user.send("/start")
    await user.wait_for_message(timeout=30)
    if outage == "closed port":
        await telegram.stop()
    else:

        async def never(args: Any, request: web.Request | None) -> Any:
            await asyncio.sleep(3600)

        for name, (label, _) in list(telegram._methods.items()):
            telegram._methods[name] = (label, never)
        telegram._abort_long_poll("outage")
    await asyncio.sleep(4)
    took, log = await stop_and_time(process)
    assert took < 5, f"SIGTERM took {took:.1f} s"
    assert "Traceback" not in log, log
    if outage == "closed port":
        failures = [line for line in log.splitlines() if "Bot API unreachable" in line]
        assert len(failures) >= 2, log
        assert "next try in" in failures[0]


def test_polling_health_logs_one_line_and_a_summary(caplog: pytest.LogCaptureFixture) -> None:
    health = PollingHealth()
    with caplog.at_level(logging.INFO, logger="bot.outage"):
        for _ in range(4):
            health.on_poll_error(NetworkError("httpx.ConnectError: All connection attempts failed"))
        health.recovered()
        health.recovered()
    lines = [r.getMessage() for r in caplog.records]
    assert [line.split(";")[1].strip() for line in lines[:4]] == [
        "next try in 1.0 s",
        "next try in 1.5 s",
        "next try in 2.2 s",
        "next try in 3.4 s",
    ]
    assert lines[4].startswith("Bot API reachable again after 4 failed polls")
    assert len(lines) == 5
    assert not any(r.exc_info for r in caplog.records)
