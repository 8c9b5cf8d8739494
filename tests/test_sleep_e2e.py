"""End to end: a bedtime, a wind-down before it and a later bedtime on Friday and Saturday
nights, set with buttons and a typed time, surviving a restart, in both languages; the
reminder says when bedtime is."""

from __future__ import annotations

import pytest

from bot.context import Services
from bot.emulator import BotApiEmulator
from bot.reminders import words
from bot.reminders.schedule import ReminderKind
from tests.helpers import FakeClock, Runner, at, dispatcher, due, subscribe
from tests.test_reminders_e2e import service


@pytest.mark.parametrize("code", ["en", "ru"])
async def test_bedtime_wind_down_and_a_weekend_bedtime(
    code: str, telegram: BotApiEmulator, bot: Runner, services: Services, clock: FakeClock
) -> None:
    lang = services.languages[code]
    user = telegram.user(1501, language_code=code)
    plan = lang.gettext("bed at {time}, a reminder {count} min before")

    def clock_time(text: str) -> str:
        return words.clock_time(at(text), lang)

    async with bot() as app:
        # Friday, 12:00 in Moscow: bed at 23:00, one tap and the zone.
        _, saved = await subscribe(
            user, lang, "🌙 Sleep reminder", clock_time("23:00"), zone="UTC+3"
        )
        assert plan.format(time=clock_time("23:00"), count=30) in saved.text
        assert lang.gettext("today at {time}").format(time=clock_time("22:30")) in saved.text

        # An hour of winding down instead of 30 minutes.
        picker = await user.tap_and_wait(
            lang.gettext("⏳ {count} min before").format(count=30), message=saved
        )
        assert lang.gettext("How long before bedtime should I remind you?") in picker.text
        assert "✓ " + lang.gettext("{count} min").format(count=30) in picker.button_texts()
        screen = await user.tap_and_wait(lang.gettext("{count} min").format(count=60))
        assert plan.format(time=clock_time("23:00"), count=60) in screen.text
        assert lang.gettext("today at {time}").format(time=clock_time("22:00")) in screen.text

        # Fri and Sat nights: bed at 00:30, typed.
        hours = await user.tap_and_wait(
            lang.gettext("🎉 Another bedtime on Fri and Sat nights"), message=screen
        )
        assert lang.gettext("When do you want to be in bed on Friday and Saturday nights?") in (
            hours.text
        )
        assert lang.gettext("↔️ The same as other nights") in hours.button_texts()

    async with bot() as app:  # a restart between the question and the answer
        await user.send("00:30")
        screen = await user.wait_for_message()
        weekend = lang.gettext("Fri and Sat nights: bed at {time}").format(time=clock_time("00:30"))
        assert weekend in screen.text
        assert (
            lang.gettext("🎉 Fri and Sat nights: {time}").format(time=clock_time("00:30"))
            in screen.button_texts()
        )
        # tonight is Friday night: the reminder comes at 23:30, an hour before 00:30
        assert lang.gettext("today at {time}").format(time=clock_time("23:30")) in screen.text

        clock.set(due(clock, "22:00", 3, user=1501))
        await dispatcher(app).run_once()
        await user.assert_no_message(within=0.1)  # not at the weekday time on a Friday
        clock.set(due(clock, "23:30", 3, user=1501))
        await dispatcher(app).run_once()
        reminder = await user.wait_for_message()
        bedtime_in = lang.ngettext(
            "Bedtime: {time}, in {count} minute.", "Bedtime: {time}, in {count} minutes.", 60
        )
        assert bedtime_in.format(time=clock_time("00:30"), count=60) in reminder.text

        # Sunday night is a school night again: 22:00 for bed at 23:00.
        (sleep,) = await service(app).store.subscriptions(1501)
        assert sleep.next_fire_at == due(clock, "23:30", 3, day=21, user=1501)  # Saturday
        clock.set(due(clock, "23:30", 3, day=21, user=1501))
        await dispatcher(app).run_once()
        await user.wait_for_message()
        (sleep,) = await service(app).store.subscriptions(1501)
        assert sleep.next_fire_at == due(clock, "22:00", 3, day=22, user=1501)

        # The same bedtime every night again.
        settings = await user.tap_and_wait(lang.gettext("⚙️ Settings"), message=reminder)
        hours = await user.tap_and_wait(
            lang.gettext("🎉 Fri and Sat nights: {time}").format(time=clock_time("00:30")),
            message=settings,
        )
        screen = await user.tap_and_wait(lang.gettext("↔️ The same as other nights"), message=hours)
        assert weekend not in screen.text
        assert lang.gettext("🎉 Another bedtime on Fri and Sat nights") in screen.button_texts()
        (sleep,) = await service(app).store.subscriptions(1501)
        assert sleep.kind is ReminderKind.SLEEP and sleep.reminder.weekend_minute is None
        assert sleep.reminder.wind_down == 60
    assert telegram.errors == []


async def test_a_bedtime_after_midnight_picked_before_the_zone_is_known(
    telegram: BotApiEmulator, bot: Runner, services: Services, clock: FakeClock
) -> None:
    """A new user picks 01:00 from the hours; the zone is asked, then the bedtime is saved
    and belongs to the evening before."""
    en = services.languages["en"]
    user = telegram.user(1502, language_code="en")
    async with bot() as app:
        await user.send("/reminders")
        overview = await user.wait_for_message()
        sleep = await user.tap_and_wait(en.gettext("🌙 Sleep reminder"), message=overview)
        assert en.gettext("When do you want to be in bed?") in sleep.text
        hours = await user.tap_and_wait(en.gettext("🕘 Another time"), message=sleep)
        await user.tap(words.clock_time(at("01:00"), en), message=hours)
        await user.wait_for_message()  # the zone question
        await user.send("Berlin")
        _, saved = await user.wait_for_messages(2)
        plan = en.gettext("bed at {time}, a reminder {count} min before")
        assert plan.format(time=words.clock_time(at("01:00"), en), count=30) in saved.text
        # bed at 01:00 on Friday night is Saturday 01:00: the reminder is at 00:30
        (sleep_row,) = await service(app).store.subscriptions(1502)
        assert sleep_row.next_fire_at == due(clock, "00:30", 1, day=21, user=1502)
    assert telegram.errors == []
