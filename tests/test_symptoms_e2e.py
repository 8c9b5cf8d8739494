"""End to end: the symptom check and typed messages, on the real bot against a fake Telegram."""

from __future__ import annotations

import pytest

from bot.context import Services
from bot.emulator import BotApiEmulator
from tests.conftest import BotRunner

EMERGENCY_NUMBERS = {"en": ("999", "911", "112"), "ru": ("112", "103")}


@pytest.mark.parametrize("code", ["en", "ru"])
async def test_symptom_check_from_an_area_to_each_tier(
    code: str, telegram: BotApiEmulator, bot_runner: BotRunner, services: Services
) -> None:
    lang = services.languages[code]
    texts = lang.texts
    user = telegram.user(5005, language_code=code)
    check, yes, no = (lang.gettext(s) for s in ("📝 Check my symptoms", "Yes", "No"))
    counter = lang.gettext("Question {number} of {total}")

    async with bot_runner():
        await user.send("/start")
        await user.wait_for_message()
        await user.tap_and_wait(texts.areas["leg"].title)

        # All "no": self-care, with a way back to the calf screen.
        screen = await user.tap_and_wait(check)
        assert counter.format(number=1, total=7) in screen.text
        assert texts.check.questions["emergency_now"].question.split("<")[0] in screen.html
        for _ in range(7):
            screen = await user.tap_and_wait(no)
        assert lang.gettext("Self-care first") in screen.text
        assert texts.areas["leg"].title in screen.button_texts()

        # One doctor-tier "yes": see a doctor soon, naming the answer.
        screen = await user.tap_and_wait(lang.gettext("🔁 Start again"))
        assert counter.format(number=1, total=7) in screen.text
        for answer in [no, no, no, no, no, yes, no]:  # "more than 2 weeks" is the sixth
            screen = await user.tap_and_wait(answer)
        assert lang.gettext("See a doctor soon") in screen.text
        assert texts.check.questions["over_2_weeks"].answer in screen.text
        screen = await user.tap_and_wait(lang.gettext("🩺 When to see a doctor"))
        assert texts.areas["leg"].title in screen.text

        # An emergency "yes" ends the check at once, with the local numbers.
        await user.tap_and_wait(lang.gettext("⬅️ Back"))
        screen = await user.tap_and_wait(check)
        screen = await user.tap_and_wait(yes)
        assert lang.gettext("Call emergency services now") in screen.text
        assert all(number in screen.text for number in EMERGENCY_NUMBERS[code])
        assert yes not in screen.button_texts()

        # A mis-tap can be taken back.
        screen = await user.tap_and_wait(lang.gettext("⬅️ Back"))
        assert counter.format(number=1, total=7) in screen.text

    assert telegram.errors == []
    assert telegram.unanswered_callback_queries() == []


@pytest.mark.parametrize(
    ("code", "text", "expected"),
    [
        ("en", "calf twitching after running", "fatigue"),
        ("ru", "дёргается глаз уже неделю", "eyelid"),
        ("ru", "мышцы дергаются по всему телу", "whole_body"),
    ],
)
async def test_typed_text_offers_the_matching_screens(
    code: str,
    text: str,
    expected: str,
    telegram: BotApiEmulator,
    bot_runner: BotRunner,
    services: Services,
) -> None:
    lang = services.languages[code]
    titles = {**lang.texts.areas, **lang.texts.causes}
    user = telegram.user(6006, language_code=code)
    async with bot_runner():
        await user.send(text)
        offer = await user.wait_for_message()
        assert lang.gettext("Is it one of these?") in offer.text
        screen = await user.tap_and_wait(titles[expected].title)
        assert titles[expected].title in screen.text
    assert telegram.errors == []


@pytest.mark.parametrize(
    ("code", "text"),
    [("en", "I can't breathe and my chest twitches"), ("ru", "слабость в руке, дёргается плечо")],
)
async def test_an_emergency_sign_gets_the_urgent_screen_first(
    code: str, text: str, telegram: BotApiEmulator, bot_runner: BotRunner, services: Services
) -> None:
    lang = services.languages[code]
    user = telegram.user(7007, language_code=code)
    async with bot_runner():
        await user.send(text)
        urgent, offer = await user.wait_for_messages(2)
        assert lang.gettext("Call emergency services now") in urgent.text
        assert all(number in urgent.text for number in EMERGENCY_NUMBERS[code])
        assert lang.gettext("If it is not an emergency:") in offer.text
        assert offer.buttons
    assert telegram.errors == []
