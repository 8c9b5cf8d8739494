"""End to end: a day of drinking shows on the reminder itself, on the settings screen and as a
weekly chart; once the goal is met the day's remaining water reminders are skipped."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.context import Services
from bot.emulator import BotApiEmulator, SimulatedUser
from bot.i18n import Language
from bot.reminders.store import Outcome
from tests.helpers import FakeClock, Runner, dispatcher, due, reminders_of, subscribe


async def water_in_new_york(user: SimulatedUser, lang: Language) -> None:
    await subscribe(user, lang, "💧 Water reminders", "✅", zone="UTC-5")


@pytest.mark.parametrize("code", ["en", "ru"])
async def test_progress_on_the_reminder_undo_goal_and_chart(
    code: str, telegram: BotApiEmulator, bot: Runner, services: Services, clock: FakeClock
) -> None:
    lang = services.languages[code]
    user = telegram.user(1102, language_code=code)
    drank = lang.gettext("🥛 I drank a glass")
    async with bot() as app:
        await water_in_new_york(user, lang)
        clock.set(due(clock, "09:00", -5, user=1102) + timedelta(seconds=5))
        await dispatcher(app).run_once()
        reminder = await user.wait_for_message()
        for _ in range(3):
            edited = await user.tap_and_wait(drank, message=reminder)
        assert edited.message_id == reminder.message_id, "the reminder itself shows progress"
        of_today = lang.gettext("{count} of {goal} today")
        assert of_today.format(count=3, goal=8) in edited.text
        assert "▰▰▰▱▱▱▱▱" in edited.text
        edited = await user.tap_and_wait(lang.gettext("↩️ Undo"), message=edited)
        assert of_today.format(count=2, goal=8) in edited.text

        # The settings screen: today and the week; the goal changed to 4.
        settings_screen = await user.tap_and_wait(lang.gettext("⚙️ Settings"), message=edited)
        assert settings_screen.kind == "new"
        assert of_today.format(count=2, goal=8) in settings_screen.text
        assert lang.gettext("The last 7 days:") in settings_screen.text
        goals = await user.tap_and_wait(
            lang.ngettext("🎯 Goal: {count} glass", "🎯 Goal: {count} glasses", 8).format(count=8)
        )
        assert "✓ 8" in goals.button_texts()
        screen = await user.tap_and_wait("4", message=goals)
        assert of_today.format(count=2, goal=4) in screen.text

        edited = await user.tap_and_wait(drank, message=edited)
        edited = await user.tap_and_wait(drank, message=edited)
        assert of_today.format(count=4, goal=4) in edited.text
        assert lang.gettext("Well done! No more water reminders today.") in edited.text

        # 11:00 would be the next one: skipped, the goal is met. Tomorrow they come again.
        clock.set(due(clock, "11:00", -5, user=1102) + timedelta(seconds=5))
        outcomes = await dispatcher(app).run_once()
        assert outcomes[Outcome.GOAL_MET] == 1
        await user.assert_no_message(within=0.2)
        # the evening's are long past: let go
        clock.set(due(clock, "08:50", -5, day=21, user=1102))
        await dispatcher(app).run_once()
        clock.set(due(clock, "09:00", -5, day=21, user=1102) + timedelta(seconds=5))
        await dispatcher(app).run_once()
        assert lang.gettext("Time for a glass of water") in (await user.wait_for_message()).text

        # The week as a picture, from the settings screen.
        await reminders_of(user, lang)
        await user.tap_and_wait(lang.gettext("💧 Water reminders"))
        query = await user.tap(lang.gettext("📊 This week"))
        await user.wait_for_answer(query)
        chart = await user.wait_for_message()
        assert chart.photo is not None and chart.photo.startswith(b"\x89PNG")
        assert lang.gettext("Your week") in (chart.caption or "")


async def test_quiet_after_the_goal_can_be_turned_off(
    telegram: BotApiEmulator, bot: Runner, services: Services, clock: FakeClock
) -> None:
    en = services.languages["en"]
    user = telegram.user(1103, language_code="en")
    async with bot() as app:
        await water_in_new_york(user, en)
        screen = await user.tap_and_wait(en.gettext("🔕 No reminders after the goal: on"))
        assert en.gettext("🔔 No reminders after the goal: off") in screen.button_texts()
        goals = await user.tap_and_wait(en.gettext("🎯 Goal: {count} glasses").format(count=8))
        await user.tap_and_wait("4", message=goals)
        clock.set(due(clock, "09:00", -5, user=1103) + timedelta(seconds=5))
        await dispatcher(app).run_once()
        reminder = await user.wait_for_message()
        for _ in range(4):
            reminder = await user.tap_and_wait(en.gettext("🥛 I drank a glass"), message=reminder)
        assert "Well done!" in reminder.text and "No more" not in reminder.text
        clock.set(due(clock, "11:00", -5, user=1103) + timedelta(seconds=5))
        await dispatcher(app).run_once()
        assert en.gettext("Time for a glass of water") in (await user.wait_for_message()).text
