"""The SQLite store keeps a language choice across reopening, and forgets on request."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from bot.storage import MIGRATIONS, SqliteUserStore


async def test_language_survives_reopening(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "bot.db"
    store = await SqliteUserStore.open(path)
    assert await store.language(7) is None
    await store.set_language(7, "ru")
    await store.set_language(7, "en")
    await store.close()

    store = await SqliteUserStore.open(path)
    assert await store.language(7) == "en"
    await store.forget(7)
    assert await store.language(7) is None
    await store.close()


async def test_schema_version_is_recorded(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    await (await SqliteUserStore.open(path)).close()
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
