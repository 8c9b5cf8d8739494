"""`python bot.py` as an operator runs it: clear config errors, clean stop, no token in logs."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.emulator import BotApiEmulator
from tests.helpers import ROOT, start_bot_process


def run_bot(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "BOT_API_URL"}}
    return subprocess.run(
        [sys.executable, "bot.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "needle"),
    [({}, "BOT_TOKEN is not set"), ({"BOT_TOKEN": "12:secret-value"}, "BOT_TOKEN is malformed")],
)
def test_bad_token_is_one_line_and_exit_code_2(env: dict[str, str], needle: str) -> None:
    result = run_bot(env)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert needle in result.stderr
    assert "secret-value" not in result.stderr + result.stdout


def test_help_lists_every_setting() -> None:
    result = run_bot({}, "--help")
    assert result.returncode == 0
    for name in [
        "BOT_TOKEN",
        "BOT_API_URL",
        "DATABASE_URL",
        "LOG_LEVEL",
        "REMINDER_GRACE_MINUTES",
        "REMINDER_RATE_PER_SECOND",
    ]:
        assert name in result.stdout


async def test_runs_against_the_api_and_stops_cleanly_on_sigterm(
    telegram: BotApiEmulator, tmp_path: Path, token: str
) -> None:
    process = await start_bot_process(
        telegram,
        tmp_path / "bot.db",
        {
            "LOG_LEVEL": "DEBUG",  # the noisiest level must still hide the token
        },
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        user = telegram.user(5005, language_code="en")
        await user.send("/start")
        reply = await user.wait_for_message(timeout=30)
        assert reply.buttons
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(process.communicate(), timeout=15)
        assert time.monotonic() - started < 8
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    log = output.decode()
    assert process.returncode == 0, log
    assert token not in log
    assert token.split(":")[1] not in log
    assert "bot started" in log
