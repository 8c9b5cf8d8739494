"""The emulator is a package of its own: production never loads it, the console never loads
aiohttp's server."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def imported_modules(*args: str) -> set[str]:
    """Modules a fresh interpreter imports for ``python -X importtime <args>``."""
    env = {k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "BOT_API_URL"}}
    result = subprocess.run(
        [sys.executable, "-X", "importtime", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "bot.app" in modules or "telegram" in modules, result.stderr[-2000:]
    return modules


def test_production_imports_nothing_of_the_emulator() -> None:
    modules = imported_modules("bot.py")  # no BOT_TOKEN: every top-level import, then exit 2
    assert "bot.app" in modules
    assert not {m for m in modules if m.startswith("bot.emulator")}
    assert "aiohttp.web" not in modules


def test_console_calls_the_emulator_in_process_without_aiohttp_server() -> None:
    modules = imported_modules("-c", "import bot.console")
    assert "bot.emulator.ptb" in modules
    assert "bot.emulator.transport" not in modules
    assert "aiohttp.web" not in modules
