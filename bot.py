#!/usr/bin/env python3
"""Run the twitch guide bot from a checkout: `python bot.py --help` lists the settings.

Installed, the same command is `twitch-guide-bot` (see bot/cli.py).
"""

import sys

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
