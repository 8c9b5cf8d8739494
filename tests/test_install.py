"""Packaging: content/ and locales/ ship inside the package and are found where they are."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from bot import resources
from bot.content import CONTENT_DIR
from bot.i18n import LOCALES_DIR

ROOT = Path(__file__).resolve().parent.parent


def test_a_checkout_reads_the_top_level_folders() -> None:
    assert CONTENT_DIR == ROOT / "content"
    assert LOCALES_DIR == ROOT / "locales"


def test_an_installed_package_reads_its_own_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a wheel, bot/data/<name> sits next to the modules: it wins over any checkout."""
    (tmp_path / "data" / "content").mkdir(parents=True)
    monkeypatch.setattr(resources.resources, "files", lambda package: tmp_path)
    assert resources.data_dir("content") == tmp_path / "data" / "content"
    assert resources.data_dir("locales") == ROOT / "locales"  # not shipped: the checkout's


def test_package_data_patterns_ship_every_data_file() -> None:
    """A new kind of file in content/ or locales/ must not be left out of the wheel."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]
    for folder in ("content", "locales"):
        files = {p for p in (ROOT / folder).rglob("*") if p.is_file() and p.suffix != ".mo"}
        shipped = {
            p for pattern in patterns[f"bot.data.{folder}"] for p in (ROOT / folder).glob(pattern)
        }
        assert files, folder
        assert sorted(map(str, files - shipped)) == []


def test_every_package_under_bot_is_found_by_setup() -> None:
    """setup.py finds packages by their __init__.py: a folder of modules without one would be
    missing from the install (as bot/reminders once was)."""
    for folder in (ROOT / "bot").rglob("*"):
        if folder.is_dir() and any(folder.glob("*.py")):
            assert (folder / "__init__.py").is_file(), folder
