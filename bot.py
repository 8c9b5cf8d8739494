#!/usr/bin/env python3
"""Run the twitch guide bot: `python bot.py --help` lists the settings."""

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


def main(argv: list[str]) -> int:
    try:
        settings = load_settings(argv, os.environ)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    configure_logging(settings)
    try:
        if settings.console:
            from bot.console import run_console  # the emulator and aiohttp.web: console only

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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
