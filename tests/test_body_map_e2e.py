"""The body map: from the main menu, a picture with numbered areas and matching buttons."""

from __future__ import annotations

import pytest

from bot.context import Services
from bot.emulator import BotApiEmulator
from tests.conftest import BotRunner

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("code", ["en", "ru"])
async def test_body_map_opens_from_the_menu_with_numbered_buttons(
    code: str, telegram: BotApiEmulator, bot_runner: BotRunner, services: Services
) -> None:
    lang = services.languages[code]
    guide = services.guide
    user = telegram.user(7007, language_code=code)
    async with bot_runner():
        await user.send("/start")
        home = await user.wait_for_message()
        query = await user.tap(lang.gettext("🗺 Show on a body map"), message=home)
        await user.wait_for_answer(query)
        picture = await user.wait_for_message()
        assert picture.kind == "new" and picture.photo is not None
        assert picture.photo.startswith(PNG)
        assert lang.gettext("Where does it twitch?") in (picture.caption or "")
        numbered = [
            f"{n} {lang.texts.areas[area.id].title}" for n, area in enumerate(guide.areas, 1)
        ]
        labels = picture.button_texts()
        assert [label for label in labels if label[0].isdigit()] == numbered

        # A numbered button opens the area below the picture, which stays.
        second = guide.areas[1]
        query = await user.tap(numbered[1], message=picture)
        await user.wait_for_answer(query)
        area = await user.wait_for_message()
        assert area.kind == "new" and lang.texts.areas[second.id].title in (area.text or "")

        # The second time, Telegram's file_id is sent instead of the upload: same picture.
        query = await user.tap(lang.gettext("🗺 Show on a body map"), message=home)
        await user.wait_for_answer(query)
        again = await user.wait_for_message()
        assert again.photo == picture.photo
    first, second_send = telegram.calls_to("sendPhoto")
    assert not isinstance(first.params["photo"], str), "the first one is uploaded"
    assert isinstance(second_send.params["photo"], str), "then sent by its file_id"
    assert telegram.errors == []
    assert telegram.unanswered_callback_queries() == []
