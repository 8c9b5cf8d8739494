"""End to end: the symptom check and typed messages, on the real bot against a fake Telegram."""

from __future__ import annotations

import pytest

from bot.context import Services
from bot.emulator import BotApiEmulator
from tests.helpers import BotRunner

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
    back_to_result = lang.gettext("⬅️ Back to my result")
    # From the calf: now, fever or head injury, both legs, one calf, a long cramp, weakness,
    # spreading, numbness, over 2 weeks, a new medicine.
    total = 10

    async with bot_runner():
        await user.send("/start")
        await user.wait_for_message()
        await user.tap_and_wait(texts.areas["leg"].title)

        # All "no": self-care, with the calf's tips, a way back to the result, reminders.
        screen = await user.tap_and_wait(check)
        assert counter.format(number=1, total=total) in screen.text
        assert texts.check.questions["emergency_now"].question.split("<")[0] in screen.html
        for _ in range(total):
            screen = await user.tap_and_wait(no)
        assert lang.gettext("Self-care first") in screen.text
        assert texts.areas["leg"].title in screen.button_texts()
        assert lang.gettext("💧 Water reminders") in screen.button_texts()
        result = screen.text
        water = await user.tap_and_wait(lang.gettext("💧 Water reminders"), message=screen)
        assert lang.gettext("✅ Turn on: every {hours} h, {start}–{end}").split(":")[0] in (
            water.button_texts()[0]
        ), "the water reminder's settings"
        await user.tap_and_wait(lang.gettext("⬅️ Back"), message=water)  # the reminders
        await user.tap_and_wait(lang.gettext("🏠 Home"))
        await user.tap_and_wait(texts.areas["leg"].title)
        screen = await user.tap_and_wait(check)
        for _ in range(total):
            screen = await user.tap_and_wait(no)
        assert screen.text == result
        screen = await user.tap_and_wait(lang.gettext("🌿 Self-care tips"))
        first_cause = texts.causes["fatigue"].title
        assert lang.gettext("What helps: {topic}").format(topic=first_cause) in screen.text
        screen = await user.tap_and_wait(back_to_result)
        assert screen.text == result

        # One calf hot and swollen, no breathlessness: get seen today, and how.
        screen = await user.tap_and_wait(lang.gettext("🔁 Start again"))
        for answer in [no, no, no, yes, no, no, no, no, no, no, no]:  # 4th: one calf
            screen = await user.tap_and_wait(answer)
        assert lang.gettext("Get seen today") in screen.text
        assert texts.check.questions["calf_clot"].answer in screen.text
        assert "NHS 111" in screen.text if code == "en" else "дежурного врача" in screen.text
        screen = await user.tap_and_wait(lang.gettext("🕐 Get seen today: the signs"))
        assert lang.gettext("How to be seen today:") in screen.text
        screen = await user.tap_and_wait(back_to_result)
        assert lang.gettext("Get seen today") in screen.text

        # One doctor-tier "yes": see a doctor soon, naming the answer.
        screen = await user.tap_and_wait(lang.gettext("🔁 Start again"))
        for answer in [no] * 8 + [yes, no]:  # "more than 2 weeks" is the ninth
            screen = await user.tap_and_wait(answer)
        assert lang.gettext("See a doctor soon") in screen.text
        assert texts.check.questions["over_2_weeks"].answer in screen.text
        screen = await user.tap_and_wait(lang.gettext("🩺 When to see a doctor"))
        assert texts.areas["leg"].title in screen.text
        screen = await user.tap_and_wait(back_to_result)
        assert lang.gettext("See a doctor soon") in screen.text

        # An emergency "yes" ends the check at once, with the local numbers.
        await user.tap_and_wait(lang.gettext("⬅️ Back"))
        await user.tap_and_wait(lang.gettext("🏠 Home"))
        await user.tap_and_wait(texts.areas["leg"].title)
        screen = await user.tap_and_wait(check)
        screen = await user.tap_and_wait(yes)
        assert lang.gettext("Call emergency services now") in screen.text
        assert all(number in screen.text for number in EMERGENCY_NUMBERS[code])
        assert yes not in screen.button_texts()

        # A mis-tap can be taken back.
        screen = await user.tap_and_wait(lang.gettext("⬅️ Back"))
        assert counter.format(number=1, total=total) in screen.text



@pytest.mark.parametrize("code", ["en", "ru"])
async def test_a_new_medicine_with_fever_and_sweating_ends_in_an_emergency(
    code: str, telegram: BotApiEmulator, bot_runner: BotRunner, services: Services
) -> None:
    lang = services.languages[code]
    texts = lang.texts
    user = telegram.user(5006, language_code=code)
    yes, no = lang.gettext("Yes"), lang.gettext("No")
    async with bot_runner():
        await user.send("/start")
        await user.wait_for_message()
        screen = await user.tap_and_wait(lang.gettext("📝 Check my symptoms"))
        # From the main menu: now, fever or head injury, both legs, weakness, spreading,
        # numbness, over 2 weeks; then a new medicine, and its follow-up.
        for _ in range(7):
            screen = await user.tap_and_wait(no)
        assert texts.check.questions["new_medicine"].question.split("<")[0] in screen.html
        screen = await user.tap_and_wait(yes)
        assert texts.check.questions["serotonin"].question.split("</b>")[0] in screen.html
        screen = await user.tap_and_wait(yes)
        assert lang.gettext("Call emergency services now") in screen.text
        assert all(number in screen.text for number in EMERGENCY_NUMBERS[code])
        assert texts.check.questions["serotonin"].answer in screen.text


@pytest.mark.parametrize("code", ["en", "ru"])
async def test_the_urgent_screen_shows_the_numbers_in_a_block_of_their_own(
    code: str, telegram: BotApiEmulator, bot_runner: BotRunner, services: Services
) -> None:
    lang = services.languages[code]
    user = telegram.user(5007, language_code=code)
    async with bot_runner():
        await user.send("/urgent")
        screen = await user.wait_for_message()
        paragraphs = screen.text.split("\n\n")
        assert paragraphs[0] == "🚨 " + lang.gettext("Urgent warning signs")
        numbers = next(p for p in paragraphs if p.startswith("📞"))
        assert all(number in numbers for number in EMERGENCY_NUMBERS[code])
        assert "•" not in numbers, "no sign mixed into the numbers"
        signs = paragraphs[paragraphs.index(numbers) + 1 :]
        assert signs and all(line.startswith("• ") for p in signs for line in p.split("\n"))
        if code == "en":
            assert "local emergency number" in numbers and "000" in numbers
        screen = await user.tap_and_wait(lang.gettext("🕐 Get seen today: the signs"))
        assert lang.gettext("How to be seen today:") in screen.text
        assert lang.gettext("🚨 Urgent warning signs") in screen.button_texts()


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
