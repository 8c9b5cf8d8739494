"""The command line: `twitch-guide-bot`, `python -m bot` and `python bot.py` all run `main`.

`twitch-guide-bot --help` lists the settings; `--console` runs the whole bot in a terminal.
"""

from __future__ import annotations

import asyncio
import os
import sys

from telegram.error import InvalidToken

from bot.app import build_application, run
from bot.config import ConfigError, load_settings
from bot.content import ContentError
from bot.i18n import CatalogError
from bot.logs import configure_logging


def main(argv: list[str] | None = None) -> int:
    """Run the bot (or, with --console, the console mode); returns the exit code."""
    if argv is None:
        argv = sys.argv[1:]
    try:
        settings = load_settings(argv, os.environ)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    configure_logging(settings)
    try:
        if settings.console:
            from bot.console import run_console  # the emulator loads only for the console

            asyncio.run(run_console(settings, settings.console_language))
            return 0
        application = build_application(settings)
    except (ContentError, CatalogError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 0
    try:
        run(application, settings)
    except InvalidToken:
        print("error: Telegram rejected BOT_TOKEN; check it with @BotFather", file=sys.stderr)
        return 2
    return 0
