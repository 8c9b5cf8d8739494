"""/stats: counts for the operators in ADMIN_IDS; anyone else gets the unknown-command answer."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.config import Settings
from bot.context import Services
from bot.emulator import BotApiEmulator
from tests.helpers import BotRunner

ADMIN = 9001


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return replace(settings, admin_ids=frozenset({ADMIN}))


async def test_stats_for_admins_only(
    telegram: BotApiEmulator, services: Services, bot_runner: BotRunner
) -> None:
    en, ru = services.languages["en"], services.languages["ru"]
    admin = telegram.user(ADMIN, language_code="en")
    stranger = telegram.user(9002, language_code="ru")
    async with bot_runner():
        await stranger.send("/start")
        await stranger.wait_for_message()
        await stranger.tap_and_wait(ru.gettext("🌐 Language"))
        await stranger.tap_and_wait("English")  # one stored language choice: en

        await stranger.send("/stats")
        answer = await stranger.wait_for_message()
        assert en.gettext("Bot statistics") not in answer.text
        assert en.gettext("Muscle twitching: a calm guide") in answer.text

        await admin.send("/stats")
        report = await admin.wait_for_message()
    assert en.gettext("Bot statistics") in report.text
    assert "Users by language: en: 1" in report.text
    assert "Reminders in the last 24 h: 0 sent, 0 failed, 0 skipped" in report.text
    assert "Users who blocked the bot: 0" in report.text
    assert str(9002) not in report.text
