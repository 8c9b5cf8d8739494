"""The guide's screens link to the reminders that help, as content/structure.yaml says
(`reminders:` of areas and causes): the area screens, the cause screens and their "What
helps", and the symptom check's self-care result; a tap opens that reminder's settings."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot import navigation, routes, symptom_check
from bot.callbacks import decode
from bot.content import CONTENT_DIR, ContentError, load_guide
from bot.context import Services
from bot.emulator import BotApiEmulator
from bot.reminders import words
from bot.reminders.routes import ReminderSettings
from bot.reminders.schedule import ReminderKind
from bot.ui import Reply
from tests.helpers import BotRunner

LABELS = {"sleep": "🌙 Sleep reminder", "water": "💧 Water reminders"}


def linked(reply: Reply) -> list[str]:
    """The reminder kinds a screen's buttons open, in order."""
    data = [b.callback_data for row in reply.keyboard.inline_keyboard for b in row]
    return [r.kind.value for r in map(decode, data) if isinstance(r, ReminderSettings)]


@pytest.mark.parametrize("code", ["en", "ru"])
def test_the_buttons_appear_where_the_content_says(services: Services, code: str) -> None:
    guide, lang = services.guide, services.languages[code]
    for area in guide.areas:
        screen = services.screen(lang, routes.Area(area.id))
        assert screen is not None and linked(screen) == list(area.reminders), area.id
        for kind in area.reminders:
            assert lang.gettext(LABELS[kind]) in str(screen.keyboard)
        for cause in area.causes:
            for route in (routes.Cause(area.id, cause.id), routes.SelfCare(area.id, cause.id)):
                screen = services.screen(lang, route)
                assert screen is not None and linked(screen) == list(cause.reminders), route
        check = symptom_check.start(area.id)  # every answer "no": self-care first
        while (step := symptom_check.step(guide, check)) and step.question is not None:
            check = symptom_check.answer(guide, check, step.question, yes=False)
        result = navigation.render(guide, lang, check, services.language_names)
        assert result is not None and lang.gettext("Self-care first") in result.text
        assert result is not None and linked(result) == list(area.reminders), area.id
    # where it fits: stress and poor sleep lead to the sleep reminder, dehydration to water
    causes = guide.causes
    assert "sleep" in causes["stress"].reminders and "sleep" in causes["poor_sleep"].reminders
    assert "water" in causes["dehydration"].reminders
    assert words.kind_title(ReminderKind.SLEEP, lang) == lang.gettext(LABELS["sleep"])


def _broken(tmp_path: Path, change: Any) -> Path:
    content = tmp_path / "content"
    for path in CONTENT_DIR.rglob("*"):
        if path.is_file():
            target = content / path.relative_to(CONTENT_DIR)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    structure = yaml.safe_load((CONTENT_DIR / "structure.yaml").read_text(encoding="utf-8"))
    structure = copy.deepcopy(structure)
    change(structure)
    (content / "structure.yaml").write_text(yaml.safe_dump(structure), encoding="utf-8")
    return content


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda s: s["areas"][0].update(reminders=["water"]), "helps none of the area's causes"),
        (lambda s: s["causes"]["stress"].update(reminders=["coffee"]), "reminders"),
    ],
)
def test_reminder_links_are_checked_at_load(tmp_path: Path, change: Any, message: str) -> None:
    with pytest.raises(ContentError) as error:
        load_guide(_broken(tmp_path, change))
    assert message in str(error.value)


@pytest.mark.parametrize("code", ["en", "ru"])
async def test_a_tap_from_an_area_opens_the_reminder(
    code: str, telegram: BotApiEmulator, bot_runner: BotRunner, services: Services
) -> None:
    lang = services.languages[code]
    texts = lang.texts
    user = telegram.user(1401, language_code=code)
    async with bot_runner():
        await user.send("/start")
        await user.wait_for_message()
        calf = await user.tap_and_wait(texts.areas["leg"].title)
        water = await user.tap_and_wait(lang.gettext("💧 Water reminders"), message=calf)
        assert f"<b>{lang.gettext('💧 Water reminders')}</b>" in water.html
        assert lang.gettext("🕗 Other hours") in water.button_texts()
        back = await user.tap_and_wait(lang.gettext("⬅️ Back"), message=water)
        assert lang.gettext("Reminders") in back.text, "not a dead end: the reminders"
        home = await user.tap_and_wait(lang.gettext("🏠 Home"), message=back)
        eyelid = await user.tap_and_wait(texts.areas["eyelid"].title, message=home)
        stress = await user.tap_and_wait(texts.causes["stress"].title, message=eyelid)
        sleep = await user.tap_and_wait(lang.gettext("🌙 Sleep reminder"), message=stress)
        assert lang.gettext("When do you want to be in bed?") in sleep.text
