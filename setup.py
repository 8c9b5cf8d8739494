"""What pyproject.toml cannot say: every package under bot/ (found, so none is forgotten) plus
the top-level content/ and locales/ folders, shipped inside the package as bot/data/content and
bot/data/locales (bot/resources.py reads them).  Metadata lives in pyproject.toml."""

from setuptools import find_packages, setup

DATA = {"bot.data.content": "content", "bot.data.locales": "locales"}

setup(packages=[*find_packages(include=["bot", "bot.*"]), *DATA], package_dir=DATA)
