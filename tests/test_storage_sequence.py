"""Defect 1 and 9 of issue 9: no write lock left open, and /forget leaves nothing behind.

The sequence is the one that broke the bot: a /stop from a user without reminders left
the write transaction open, so other users' language changes waited and failed, and
/forget then left the language row behind.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from bot.context import Services
from bot.emulator import BotApiEmulator
from tests.conftest import BotRunner

# Distinctive ids, so that their bytes can be looked for in the database files.
A, B, C, D, E = 0x51A0_0001_0A, 0x51A0_0001_0B, 0x51A0_0001_0C, 0x51A0_0001_0D, 0x51A0_0001_0E


def rows(database: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(database) as db:
        return {
            "users": db.execute("SELECT user_id, language FROM users ORDER BY user_id").fetchall(),
            "reminder_users": db.execute(
                "SELECT user_id, zone, paused, awaiting IS NOT NULL FROM reminder_users "
                "ORDER BY user_id"
            ).fetchall(),
            "reminders": db.execute("SELECT user_id, kind FROM reminders").fetchall(),
        }


async def test_stop_language_zone_language_forget(
    telegram: BotApiEmulator, bot_runner: BotRunner, services: Services, tmp_path: Path
) -> None:
    database = tmp_path / "bot.db"
    en = services.languages["en"]
    a, b, c, d, e = (telegram.user(i, language_code="en") for i in (A, B, C, D, E))
    async with bot_runner():
        # The reminders job's first round (one second after start) commits whatever is
        # open on its connection; the sequence runs after it, as it would between rounds.
        await asyncio.sleep(1.5)
        # E has everything the bot can keep: a language, a zone and a reminder.
        await e.send("/start")
        await e.wait_for_message()
        await e.tap_data("L:ru")
        await e.tap_data("ro:sleep")  # asks for the zone first
        await e.send("Berlin")
        await e.wait_for_messages(2)
        assert [row[0] for row in rows(database)["reminders"]] == [E]

        await a.send("/stop")
        stopped = await a.wait_for_message()
        assert "Sorry" not in stopped.text

        for user in (b, c, d):
            await user.send("/start")
            await user.wait_for_message()
        changed = await b.tap_data("L:ru", timeout=10)
        assert "Язык: Русский" in changed.text, changed.text
        prompt = await c.tap_data("rz")
        assert "time zone" in prompt.text.lower(), prompt.text
        changed = await d.tap_data("L:ru", timeout=10)
        assert "Язык: Русский" in changed.text, changed.text

        await e.send("/forget")
        await e.wait_for_message()
        done = await e.tap_data("rD", timeout=10)
        assert en.gettext("Done: everything the bot kept about you is deleted.")[:20] in done.text

        assert rows(database) == {
            "users": [(B, "ru"), (D, "ru")],
            "reminder_users": [(C, None, 0, 1)],
            "reminders": [],
        }
        for user in (a, b, c, d, e):
            assert not any("Sorry" in m.text for m in user.messages), user
    telegram.assert_no_errors()
    assert telegram.unanswered_callback_queries() == []


async def test_forgotten_user_id_is_in_no_database_file(
    telegram: BotApiEmulator, bot_runner: BotRunner, tmp_path: Path
) -> None:
    """After /forget the id is not in the bytes of the database, its WAL or shm file."""
    e = telegram.user(E, language_code="en")
    needle = E.to_bytes(6, "big")  # how SQLite stores an integer of this size
    async with bot_runner():
        await e.send("/start")
        await e.wait_for_message()
        await e.tap_data("L:ru")
        await e.tap_data("ro:sleep")
        await e.send("Berlin")
        await e.wait_for_messages(2)
        found = [p.name for p in tmp_path.glob("bot.db*") if needle in p.read_bytes()]
        assert found, "the test looks for the right bytes"
        await e.send("/forget")
        await e.wait_for_message()
        await e.tap_data("rD", timeout=10)
        found = [p.name for p in tmp_path.glob("bot.db*") if needle in p.read_bytes()]
        assert found == []
