"""Fewer taps: water reminders 8:00 to 20:00 in five taps, whole hours in one tap, and a
question before a reminder is removed."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.context import Services
from bot.emulator import BotApiEmulator
from bot.reminders import words
from tests.helpers import FakeClock, Runner, answer_zone, at, dispatcher, due, reminders_of


@pytest.mark.parametrize("code", ["en", "ru"])
async def test_water_from_8_to_20_in_five_taps(
    code: str,
    telegram: BotApiEmulator,
    bot: Runner,
    services: Services,
    clock: FakeClock,
) -> None:
    lang = services.languages[code]
    user = telegram.user(1201, language_code=code)
    taps = 0
    async with bot() as app:
        overview = await reminders_of(user, lang)  # /reminders: a command, not a tap
        water = await user.tap_and_wait(lang.gettext("💧 Water reminders"), message=overview)
        taps += 1
        assert water.button_texts()[0].startswith(
            lang.gettext("✅ Turn on: every {hours} h, {start}–{end}").split(":")[0]
        )
        await user.tap_and_wait(lang.gettext("🕗 Other hours"), message=water)
        taps += 1
        query = await user.tap(words.clock_time(at("08:00"), lang))
        taps += 1
        await user.wait_for_answer(query)
        await user.wait_for_message()  # the time zone, asked once
        _, end_picker = await answer_zone(user, "UTC+3")
        taps += 1
        assert lang.gettext("When should water reminders end each day?") in end_picker.text
        saved = await user.tap_and_wait(words.clock_time(at("20:00"), lang), message=end_picker)
        taps += 1
        plan = lang.gettext("{every} from {start} to {end}").format(
            every=words.interval_text(120, lang),
            start=words.clock_time(at("08:00"), lang),
            end=words.clock_time(at("20:00"), lang),
        )
        assert plan in saved.text and lang.gettext("Saved.") in saved.text
        assert taps <= 5
        clock.set(due(clock, "14:00", 3, user=1201) + timedelta(seconds=5))
        await dispatcher(app).run_once()
        assert lang.gettext("Time for a glass of water") in (await user.wait_for_message()).text


async def test_a_whole_hour_in_one_tap_and_remove_asks_first(
    telegram: BotApiEmulator,
    bot: Runner,
    services: Services,
    clock: FakeClock,
) -> None:
    en = services.languages["en"]
    user = telegram.user(1202, language_code="en")
    async with bot():
        await user.send("/reminders")
        await user.wait_for_message()
        await user.tap_and_wait(en.gettext("🌙 Sleep reminder"))
        query = await user.tap(words.clock_time(at("22:00"), en))
        await user.wait_for_answer(query)
        await user.wait_for_message()
        await user.send("Moscow")
        await user.wait_for_messages(2)
        screen = await user.tap_and_wait(
            en.gettext("🛏 Bedtime: {time}").format(time=words.clock_time(at("22:00"), en))
        )
        screen = await user.tap_and_wait(words.clock_time(at("23:00"), en), message=screen)
        plan = en.gettext("bed at {time}, a reminder {count} min before")
        assert plan.format(time=words.clock_time(at("23:00"), en), count=30) in screen.text, (
            "one tap on the hour sets it"
        )

        confirm = await user.tap_and_wait(en.gettext("🗑 Remove"), message=screen)
        assert en.gettext("Remove this reminder?") in confirm.text
        kept = await user.tap_and_wait(en.gettext("✖️ No, keep it"), message=confirm)
        assert en.gettext("🗑 Remove") in kept.button_texts(), "nothing removed"
        confirm = await user.tap_and_wait(en.gettext("🗑 Remove"), message=kept)
        removed = await user.tap_and_wait(en.gettext("🗑 Yes, remove"), message=confirm)
        assert en.gettext("Removed.") in removed.text and en.gettext("not set up") in removed.text
