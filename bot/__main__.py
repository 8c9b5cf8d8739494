"""`python -m bot`: the same as `twitch-guide-bot` and `python bot.py`."""

import sys

from bot.cli import main

sys.exit(main())
