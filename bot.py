#!/usr/bin/env python3
"""Run the twitch guide bot: `python bot.py --help` lists the settings."""

from __future__ import annotations

import os
import sys

from telegram.error import InvalidToken

from bot.app import ALLOWED_UPDATES, build_application
from bot.config import ConfigError, configure_logging, load_settings
from bot.content import ContentError
from bot.i18n import CatalogError


def main(argv: list[str]) -> int:
    try:
        settings = load_settings(argv, os.environ)
    except ConfigError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    configure_logging(settings)
    try:
        application = build_application(settings)
    except (ContentError, CatalogError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        application.run_polling(allowed_updates=ALLOWED_UPDATES)
    except InvalidToken:
        print("error: Telegram rejected BOT_TOKEN; check it with @BotFather", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
