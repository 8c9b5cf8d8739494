"""The user's clock: English users read 22:30 or 10:30 PM as their Telegram app's region
says (en-GB, en-US), or as they chose on the reminders screen (Telegram often sends just
"en"); the choice survives a restart, and the reminders the dispatcher sends use it too.
Russian always reads 22:30."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from bot.context import Services
from bot.emulator import BotApiEmulator
from bot.reminders import words
from bot.reminders.schedule import Reminder, ReminderKind
from bot.reminders.store import ReminderStore
from tests.helpers import FakeClock, Runner, at, dispatcher, due, reminders_of
from tests.test_reminder_store import store  # noqa: F401  (fixture)
from tests.test_reminders_e2e import service


@pytest.mark.parametrize(
    ("telegram_code", "evening", "hour", "reminded"),
    [
        ("en-GB", "22:30", "21:00", "20:30"),
        ("en-US", "10:30\u202fPM", "9:00\u202fPM", "8:30\u202fPM"),
    ],
)
async def test_the_region_decides_the_clock_everywhere(
    telegram_code: str,
    evening: str,
    hour: str,
    reminded: str,
    telegram: BotApiEmulator,
    bot: Runner,
    services: Services,
    clock: FakeClock,
) -> None:
    en = services.languages["en"]
    user = telegram.user(1301, language_code=telegram_code)
    async with bot() as app:
        overview = await reminders_of(user, en)
        sleep = await user.tap_and_wait(en.gettext("🌙 Sleep reminder"), message=overview)
        assert evening in sleep.button_texts(), "the presets"
        hours = await user.tap_and_wait(en.gettext("🕘 Another time"), message=sleep)
        assert hour in hours.button_texts(), "the hour picker"
        query = await user.tap(hour, message=hours)
        await user.wait_for_answer(query)
        await user.wait_for_message()  # the time zone, asked once
        await user.send("Moscow")
        zone_set, screen = await user.wait_for_messages(2)
        assert "12:00" in zone_set.text  # the local time now: 12:00 either way
        plan = en.gettext("bed at {time}, a reminder {count} min before")
        assert plan.format(time=hour, count=30) in screen.text
        assert en.gettext("today at {time}").format(time=reminded) in screen.text

        # a reminder sent by the dispatcher, which has no update to read the region from
        clock.set(due(clock, "20:30", 3, user=1301) + timedelta(seconds=5))
        await dispatcher(app).run_once()
        reminder = await user.wait_for_message()
        bedtime_in = en.ngettext(
            "Bedtime: {time}, in {count} minute.", "Bedtime: {time}, in {count} minutes.", 30
        )
        assert bedtime_in.format(time=hour, count=30) in reminder.text
        query = await user.tap(en.gettext("⏰ Snooze 15 min"), message=reminder)
        answer = await user.wait_for_answer(query)
        snoozed = r"today at 20:4\d\." if telegram_code == "en-GB" else r"today at 8:4\d\u202fPM"
        assert re.search(snoozed, answer["text"]), answer["text"]
        profile = await service(app).store.profile(1301, clock())
        assert profile is not None and profile.hour24 is (telegram_code == "en-GB")


async def test_the_clock_chosen_on_the_reminders_screen_survives_a_restart(
    telegram: BotApiEmulator,
    bot: Runner,
    services: Services,
) -> None:
    en = services.languages["en"]
    h24 = en.with_clock(True)
    user = telegram.user(1302, language_code="en")  # no region: 12-hour at first
    async with bot():
        overview = await reminders_of(user, en)
        assert en.gettext("🕐 24-hour clock") in overview.button_texts()
        chosen = await user.tap_and_wait(en.gettext("🕐 24-hour clock"), message=overview)
        assert en.gettext("Times are now shown as {time}.").format(time="22:30") in chosen.text
        assert en.gettext("🕐 12-hour clock") in chosen.button_texts()
    async with bot():
        overview = await reminders_of(user, en)
        assert en.gettext("🕐 12-hour clock") in overview.button_texts(), "remembered"
        sleep = await user.tap_and_wait(en.gettext("🌙 Sleep reminder"), message=overview)
        assert words.clock_time(at("22:30"), h24) == "22:30"
        assert "22:30" in sleep.button_texts()
        back = await user.tap_and_wait(en.gettext("⬅️ Back"), message=sleep)
        again = await user.tap_and_wait(en.gettext("🕐 12-hour clock"), message=back)
        assert en.gettext("Times are now shown as {time}.").format(time="10:30\u202fPM") in (
            again.text
        )
        sleep = await user.tap_and_wait(en.gettext("🌙 Sleep reminder"), message=again)
        assert "10:30\u202fPM" in sleep.button_texts()


async def test_russian_always_reads_24_hours(
    telegram: BotApiEmulator,
    bot: Runner,
    services: Services,
) -> None:
    ru = services.languages["ru"]
    assert not ru.clock_choice and ru.for_user(False, "en-US") is ru
    user = telegram.user(1303, language_code="ru")
    async with bot():
        overview = await reminders_of(user, ru)
        labels = overview.button_texts()
        assert not any(label.startswith("🕐") for label in labels)
        sleep = await user.tap_and_wait(ru.gettext("🌙 Sleep reminder"), message=overview)
        assert "22:30" in sleep.button_texts()


async def test_the_dispatcher_reads_the_clock_with_the_reminder(
    store: ReminderStore,  # noqa: F811
) -> None:
    """Both stores: a claimed reminder carries the user's clock, a choice is not overwritten
    by the region's guess, and no clock stored means the language's own."""
    now = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    for user in (1, 2, 3):
        await store.set_zone(user, "Europe/London", "en", now)
        await store.subscribe(user, Reminder(ReminderKind.SLEEP, 9 * 60 + 5), "en", now)
    await store.set_clock(1, True, "en", unless_chosen=True)  # en-GB, on setting it up
    await store.set_clock(2, False, "en")  # chose 12-hour on the reminders screen
    await store.set_clock(2, True, "en", unless_chosen=True)  # ... then set up from en-GB
    claimed = await store.claim_due(now + timedelta(minutes=10), 10)
    assert {due.user_id: due.hour24 for due in claimed} == {1: True, 2: False, 3: None}
