"""The user store keeps a language choice across reopening, and forgets on request (SQLite and
PostgreSQL); SQLite databases of every earlier version are migrated."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bot.storage import MIGRATIONS, SqliteUserStore
from bot.stores import open_stores


async def test_language_survives_reopening(database_url: str) -> None:
    stores = await open_stores(database_url)
    assert await stores.users.language(7) is None
    await stores.users.set_language(7, "ru")
    await stores.users.set_language(7, "en")
    await stores.close()

    stores = await open_stores(database_url)
    assert await stores.users.language(7) == "en"
    await stores.users.forget(7)
    assert await stores.users.language(7) is None
    await stores.close()


async def test_sqlite_file_is_created_in_a_new_folder(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "bot.db"
    await (await open_stores(f"sqlite:///{path}")).close()
    assert path.exists()


async def test_schema_version_is_recorded(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    await (await SqliteUserStore.open(path)).close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)


@pytest.mark.parametrize("version", range(len(MIGRATIONS)))
async def test_upgrades_from_every_earlier_schema_version(tmp_path: Path, version: int) -> None:
    """A database left by any earlier release is migrated on start-up, keeping its data."""
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as db:
        for number, script in enumerate(MIGRATIONS[:version], start=1):
            db.executescript(f"{script}; PRAGMA user_version = {number};")
        if version >= 1:
            db.execute("INSERT INTO users (user_id, language) VALUES (11, 'ru')")
    store = await SqliteUserStore.open(path)
    try:
        if version >= 1:
            assert await store.language(11) == "ru"
        await store.set_language(12, "en")
        assert await store.language(12) == "en"
    finally:
        await store.close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
