"""Where the bot's data lives: content/ and locales/.

In a source checkout they are the top-level folders next to bot/ (the layout the project keeps:
bot.py, bot/, content/, locales/, tests/).  An installed wheel ships them inside the package as
bot/data/content and bot/data/locales (setup.py maps the folders in), found with
importlib.resources, so the installed bot runs from any directory.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

SOURCE_ROOT = Path(__file__).resolve().parent.parent


def data_dir(name: str) -> Path:
    """The folder ``name`` ("content" or "locales"): shipped in the package, else the checkout's."""
    packaged = resources.files("bot").joinpath("data", name)
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return SOURCE_ROOT / name
