"""End to end: people set up reminders with buttons and receive them, against a fake Telegram.

The bot runs for real (Application, JobQueue, SQLite file) with a clock the test moves, so
"22:30 tomorrow" takes no waiting; `run_once` is what the JobQueue job calls every 20 s.
"""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from bot.config import HTTP_CLIENTS, Settings
from bot.context import GuideApplication, Services
from bot.emulator import BotApiEmulator, SimulatedUser
from bot.i18n import Language
from bot.reminders import water_screens, words, zone_screens
from bot.reminders.schedule import SPREAD, Reminder, ReminderKind, spread_delay
from bot.reminders.service import ReminderService
from bot.reminders.store import Outcome
from tests.helpers import (
    TOKEN,
    FakeClock,
    Runner,
    at,
    dispatcher,
    due,
    reminders_of,
    running_bot,
    subscribe,
)


def service(application: GuideApplication) -> ReminderService:
    assert application.bot_data.reminders is not None
    return application.bot_data.reminders


async def subscribe_sleep_in_moscow(user: SimulatedUser, lang: Language, time: str) -> None:
    """/reminders -> Sleep -> the bedtime preset 30 minutes after `time` (the usual
    wind-down) -> zone from the list: the reminder comes at `time`."""
    bedtime = words.clock_time(at(time) + 30, lang)
    await subscribe(user, lang, "🌙 Sleep reminder", bedtime, zone="UTC+3")


@pytest.mark.parametrize("code", ["en", "ru"])
async def test_sleep_reminder_with_buttons_zone_from_the_list(
    code: str, telegram: BotApiEmulator, bot: Runner, services: Services, clock: FakeClock
) -> None:
    lang = services.languages[code]
    user = telegram.user(1001, language_code=code)
    async with bot() as app:
        overview = await reminders_of(user, lang)
        assert lang.gettext("not set up") in overview.text

        screen = await user.tap_and_wait(lang.gettext("🌙 Sleep reminder"))
        assert screen.message_id == overview.message_id, "edited in place"
        assert lang.gettext("When do you want to be in bed?") in screen.text
        query = await user.tap(words.clock_time(at("23:00"), lang))  # bedtime, in one tap
        await user.wait_for_answer(query)
        prompt = await user.wait_for_message()
        assert lang.gettext("Your time zone") in prompt.text
        labels = [label for row in user.reply_keyboard or [] for label in row]
        assert lang.gettext("📍 Share my location") in labels
        if code == "ru":  # the Russian zones by city, Kaliningrad to Kamchatka
            assert labels[1:3] == ["Калининград (UTC+2)", "Москва (UTC+3)"]
            assert "Петропавловск-Камчатский (UTC+12)" in labels
        moscow = next(label for label in labels if "UTC+3" in label)

        await user.press(moscow)
        confirmed, saved = await user.wait_for_messages(2)
        local_now = words.clock_time(at("12:00"), lang)
        assert local_now in confirmed.text and "UTC+3" in confirmed.text
        assert user.reply_keyboard is None, "the zone keyboard is taken away"
        assert lang.gettext("Saved.") in saved.text
        assert lang.gettext("today at {time}").format(time=words.clock_time(at("22:30"), lang)) in (
            saved.text
        )

        # 22:30 in Moscow: the reminder comes, with a tip and its buttons.
        clock.set(due(clock, "22:30", 3, user=1001) + timedelta(seconds=10))
        await dispatcher(app).run_once()
        reminder = await user.wait_for_message()
        assert lang.gettext("Time to start winding down for sleep") in reminder.text
        bedtime_in = lang.ngettext(
            "Bedtime: {time}, in {count} minute.", "Bedtime: {time}, in {count} minutes.", 30
        )
        assert bedtime_in.format(time=words.clock_time(at("23:00"), lang), count=30) in (
            reminder.text
        )
        assert any(tip in reminder.html for tip in service(app).tips.by_language[code]["sleep"])
        assert reminder.button_texts() == [
            lang.gettext("🛏 Going to bed"),
            lang.gettext("⏰ Snooze 15 min"),
            lang.gettext("⚙️ Settings"),
        ]

        # Snooze: once more 15 minutes later, then going to bed.
        query = await user.tap(lang.gettext("⏰ Snooze 15 min"), message=reminder)
        answer = await user.wait_for_answer(query)
        assert words.clock_time(at("22:45"), lang) in answer["text"]
        # at the user's offset from the time shown, like every reminder of theirs
        clock.set(clock.now + timedelta(minutes=15) + spread_delay(1001))
        await dispatcher(app).run_once()
        again = await user.wait_for_message()
        assert again.message_id != reminder.message_id
        assert lang.gettext("Time to start winding down for sleep") in again.text
        bedtime_in = lang.ngettext(
            "Bedtime: {time}, in {count} minute.", "Bedtime: {time}, in {count} minutes.", 14
        )  # snoozed at 22:31 with the user's offset: back at 22:46, 14 minutes before bed
        assert bedtime_in.format(time=words.clock_time(at("23:00"), lang), count=14) in again.text
        query = await user.tap(lang.gettext("🛏 Going to bed"), message=again)
        # noted as tapped: 22:46 in Moscow, the snooze's 22:45 plus the user's offsets
        tapped = clock.now + timedelta(hours=3)
        assert (tapped.hour, tapped.minute) == (22, 46)
        bedtime = words.clock_time(at("22:46"), lang)
        assert (await user.wait_for_answer(query))["text"] == lang.gettext(
            "🌙 Good night. Bedtime noted: {time}."
        ).format(time=bedtime)

        # Settings from the reminder opens the reminder's screen as a new message, with the
        # night just logged in the week of bedtimes.
        settings_screen = await user.tap_and_wait(lang.gettext("⚙️ Settings"), message=again)
        assert settings_screen.kind == "new"
        assert f"{lang.gettext('Today')}: {bedtime}" in settings_screen.text
        assert lang.gettext("tomorrow at {time}").format(
            time=words.clock_time(at("22:30"), lang)
        ) in (settings_screen.text)
        await user.assert_no_message(within=0.2)
        await dispatcher(app).run_once()
        await user.assert_no_message(within=0.2)


@pytest.mark.parametrize("code", ["en", "ru"])
async def test_hydration_with_typed_offset_and_drinks(
    code: str, telegram: BotApiEmulator, bot: Runner, services: Services, clock: FakeClock
) -> None:
    lang = services.languages[code]
    user = telegram.user(1002, language_code=code)
    async with bot() as app:
        await reminders_of(user, lang)
        await user.tap_and_wait(lang.gettext("💧 Water reminders"))
        query = await user.tap("✅")  # every 2 hours from 09:00 to 21:00
        await user.wait_for_answer(query)
        await user.wait_for_message()  # the zone prompt
        await user.send("Narnia")  # made up (Atlantis is a real town in GeoNames)
        assert (await user.wait_for_message()).text == zone_screens.zone_not_found(lang)
        await user.send("UTC-5")
        confirmed, on = await user.wait_for_messages(2)
        assert "UTC-5" in confirmed.text
        assert words.clock_time(at("04:00"), lang) in confirmed.text
        assert lang.gettext("Turned on.") in on.text
        assert lang.gettext("today at {time}").format(time=words.clock_time(at("09:00"), lang)) in (
            on.text
        )

        # Change how often: every 3 hours.
        await user.tap_and_wait("🔁")
        screen = await user.tap_and_wait(words.interval_text(180, lang))
        assert words.interval_text(180, lang) in screen.text

        clock.set(due(clock, "09:00", -5, user=1002) + timedelta(seconds=5))
        await dispatcher(app).run_once()
        reminder = await user.wait_for_message()
        assert lang.gettext("Time for a glass of water") in reminder.text
        assert lang.gettext("🥛 I drank a glass") in reminder.button_texts()
        assert lang.gettext("⏰ Snooze 30 min") in reminder.button_texts()
        counts = []
        for _ in range(5):
            query = await user.tap(lang.gettext("🥛 I drank a glass"), message=reminder)
            counts.append((await user.wait_for_answer(query))["text"])
        assert counts[0] == water_screens.glasses_today(lang, 1)
        assert counts[1] == water_screens.glasses_today(lang, 2)
        if code == "ru":
            assert counts[0] == "🥛 Отмечено: сегодня 1 стакан."
            assert counts[1] == "🥛 Отмечено: сегодня 2 стакана."
            assert counts[4] == "🥛 Отмечено: сегодня 5 стаканов."
        *_, progress = await user.wait_for_messages(5)  # the reminder shows the count too
        assert progress.message_id == reminder.message_id
        assert lang.gettext("{count} of {goal} today").format(count=5, goal=8) in progress.text
        # The next one comes at 12:00, three hours later.
        clock.set(due(clock, "12:00", -5, user=1002) - timedelta(seconds=1))
        await dispatcher(app).run_once()
        await user.assert_no_message(within=0.1)
        clock.set(due(clock, "12:00", -5, user=1002))
        await dispatcher(app).run_once()
        assert lang.gettext("Time for a glass of water") in (await user.wait_for_message()).text


async def test_a_reminder_fires_at_the_users_offset_and_screens_show_the_chosen_time(
    telegram: BotApiEmulator, bot: Runner, services: Services, clock: FakeClock
) -> None:
    """Issue 12: occurrences are spread by a stable per-user offset (here 88 s early, so the
    stored time is 21:58:32); every screen still shows the 22:00 the user chose."""
    en = services.languages["en"]
    user = telegram.user(1021, language_code="en")
    assert spread_delay(1021) == -timedelta(seconds=88)
    chosen = words.clock_time(at("22:00"), en)
    bedtime = words.clock_time(at("22:30"), en)
    async with bot() as app:
        _, saved = await subscribe(user, en, "🌙 Sleep reminder", bedtime, zone="UTC+3")
        assert en.gettext("today at {time}").format(time=chosen) in saved.text
        assert words.clock_time(at("21:58"), en) not in saved.text

        clock.set(due(clock, "22:00", 3, user=1021) - timedelta(seconds=1))
        await dispatcher(app).run_once()
        await user.assert_no_message(within=0.1)
        clock.set(due(clock, "22:00", 3, user=1021))  # 21:58:32 in Moscow
        await dispatcher(app).run_once()
        reminder = await user.wait_for_message()
        assert en.gettext("Time to start winding down for sleep") in reminder.text

        settings_screen = await user.tap_and_wait(en.gettext("⚙️ Settings"), message=reminder)
        assert en.gettext("tomorrow at {time}").format(time=chosen) in settings_screen.text
        query = await user.tap(en.gettext("⏰ Snooze 15 min"), message=reminder)
        answer = (await user.wait_for_answer(query))["text"]
        assert words.clock_time(at("22:13"), en) in answer  # 21:58:32 + 15 min
        overview = await reminders_of(user, en)
        assert (
            en.gettext("today at {time}").format(time=words.clock_time(at("22:13"), en))
            in overview.text
        )
    assert telegram.errors == []


async def test_zone_from_a_shared_location_and_a_typed_city(
    telegram: BotApiEmulator, bot: Runner, services: Services, clock: FakeClock
) -> None:
    ru = services.languages["ru"]
    user = telegram.user(1003, language_code="ru")
    async with bot() as app:
        await reminders_of(user, ru)
        await user.tap_and_wait(ru.gettext("🌙 Sleep reminder"))
        await user.tap(words.clock_time(at("22:30"), ru))  # bed at 22:30: reminded at 22:00
        await user.wait_for_message()
        await user.share_location(53.02, 158.65)  # Petropavlovsk-Kamchatsky
        confirmed, saved = await user.wait_for_messages(2)
        assert "UTC+12" in confirmed.text and "21:00" in confirmed.text
        assert ru.gettext("Saved.") in saved.text
        profile = await service(app).store.profile(1003, clock.now)
        assert profile is not None and profile.zone == "Asia/Kamchatka"

        # Changing the zone later, by typing a city.
        await user.tap_and_wait(ru.gettext("🌍 Time zone"), message=saved)
        await user.send("Екатеринбург")
        confirmed, overview = await user.wait_for_messages(2)
        assert "UTC+5" in confirmed.text and "14:00" in confirmed.text
        assert ru.gettext("Reminders") in overview.text
        (sleep,) = await service(app).store.subscriptions(1003)
        assert sleep.next_fire_at == due(clock, "22:00", 5, user=1003)

        # Cancel leaves it as it is.
        await user.tap_and_wait(ru.gettext("🌍 Time zone"), message=overview)
        await user.press(ru.gettext("✖️ Cancel"))
        assert (
            ru.gettext("Time zone unchanged. /reminders shows your reminders.")
            in (await user.wait_for_message()).text
        )
        profile = await service(app).store.profile(1003, clock.now)
        assert profile is not None and profile.zone == "Asia/Yekaterinburg"


async def test_time_picker_buttons_typed_time_and_restarts(
    telegram: BotApiEmulator, bot: Runner, services: Services, clock: FakeClock
) -> None:
    en = services.languages["en"]
    user = telegram.user(1004, language_code="en")
    async with bot():
        await subscribe_sleep_in_moscow(user, en, "22:00")
        await reminders_of(user, en)
        screen = await user.tap_and_wait(en.gettext("🌙 Sleep reminder"))
        await user.tap_and_wait(
            en.gettext("🛏 Bedtime: {time}").format(time=words.clock_time(at("22:30"), en)),
            message=screen,
        )
        await user.tap_and_wait(en.gettext("🕧 With minutes (such as {time})").split("(")[0])
        await user.tap_and_wait(words.clock_time(at("23:00"), en))  # the hour
        screen = await user.tap_and_wait(words.clock_time(at("23:45"), en))  # the minutes
        plan = en.gettext("bed at {time}, a reminder {count} min before")
        assert plan.format(time=words.clock_time(at("23:45"), en), count=30) in screen.text
        # Ask for the bedtime again, then restart before typing it.
        await user.tap_and_wait(
            en.gettext("🛏 Bedtime: {time}").format(time=words.clock_time(at("23:45"), en))
        )

    async with bot() as app:  # a restart: the subscription and the question survive
        await user.send("21:45")
        saved = await user.wait_for_message()
        assert plan.format(time=words.clock_time(at("21:45"), en), count=30) in saved.text
        await user.send("21:20")  # no longer a pending question: the guide answers
        hint = await user.wait_for_message()
        assert en.gettext("Muscle twitching: a calm guide") in hint.text

        clock.set(due(clock, "21:15", 3, user=1004))  # 30 minutes before bed
        await dispatcher(app).run_once()
        assert (
            en.gettext("Time to start winding down for sleep")
            in (await user.wait_for_message()).text
        )

        # A typed time that cannot be read gets a clear answer.
        await user.tap_and_wait(en.gettext("⚙️ Settings"))
        await user.tap_and_wait(
            en.gettext("🛏 Bedtime: {time}").format(time=words.clock_time(at("21:45"), en))
        )
        await user.send("at 25:00")
        assert (
            en.gettext("I could not read that as a time.").split(".")[0]
            in (await user.wait_for_message()).text
        )


async def test_missed_while_down_sent_within_grace_skipped_after(
    telegram: BotApiEmulator, bot: Runner, services: Services, clock: FakeClock
) -> None:
    en = services.languages["en"]
    early = telegram.user(1005, language_code="en")
    late = telegram.user(1006, language_code="en")
    async with bot():
        await subscribe_sleep_in_moscow(early, en, "22:00")
        await subscribe_sleep_in_moscow(late, en, "21:30")
    # Down from before 21:30 until 22:20 Moscow: 20 and 50 minutes late.
    clock.set(due(clock, "22:20", 3))
    async with bot() as app:
        outcomes = await dispatcher(app).run_once()
        assert (
            en.gettext("Time to start winding down for sleep")
            in (await early.wait_for_message()).text
        )
        await late.assert_no_message(within=0.3)
        assert outcomes == {Outcome.SENT: 1, Outcome.SKIPPED: 1} or outcomes == {}  # the job ran
        for user_id, time in ((1005, "22:00"), (1006, "21:30")):
            (sleep,) = await service(app).store.subscriptions(user_id)
            assert sleep.next_fire_at == due(clock, time, 3, day=21, user=user_id)
        counts = await service(app).store.outcome_counts(clock.now - timedelta(hours=24))
        assert counts == {Outcome.SENT: 1, Outcome.SKIPPED: 1}


async def test_blocked_user_is_paused_and_resumes_with_start(
    telegram: BotApiEmulator, bot: Runner, services: Services, clock: FakeClock
) -> None:
    en = services.languages["en"]
    user = telegram.user(1007, language_code="en")
    async with bot() as app:
        await subscribe_sleep_in_moscow(user, en, "22:00")
        user.block()
        clock.set(due(clock, "22:00", 3, user=1007))
        await dispatcher(app).run_once()
        profile = await service(app).store.profile(1007, clock.now)
        assert profile is not None and profile.blocked
        (sleep,) = await service(app).store.subscriptions(1007)
        assert sleep.next_fire_at is None, "paused: nothing is tried while blocked"
        assert [e.error_code for e in telegram.errors] == [403]
        telegram.errors.clear()

        clock.set(clock.now + timedelta(days=2))
        await dispatcher(app).run_once()
        assert not telegram.errors

        user.unblock()
        await user.send("/start")
        welcome, home = await user.wait_for_messages(2)
        assert en.gettext("Welcome back: your reminders have resumed.") in welcome.text
        assert en.gettext("Muscle twitching: a calm guide") in home.text
        clock.set(due(clock, "22:00", 3, day=23, user=1007))
        await dispatcher(app).run_once()
        assert (
            en.gettext("Time to start winding down for sleep")
            in (await user.wait_for_message()).text
        )


async def test_stop_resume_old_buttons_and_forget(
    telegram: BotApiEmulator, bot: Runner, services: Services, clock: FakeClock
) -> None:
    en = services.languages["en"]
    user = telegram.user(1008, language_code="en")
    async with bot() as app:
        await user.send("/stop")
        assert (
            en.gettext("You have no reminders turned on").split(",")[0]
            in (await user.wait_for_message()).text
        )
        await subscribe_sleep_in_moscow(user, en, "22:00")
        clock.set(due(clock, "22:00", 3, user=1008))
        await dispatcher(app).run_once()
        reminder = await user.wait_for_message()

        await user.send("/stop")
        stopped = await user.wait_for_message()
        assert en.gettext("All reminders are paused.") in stopped.text
        assert en.gettext("▶️ Resume all") in stopped.button_texts()
        clock.set(clock.now + timedelta(days=1))
        await dispatcher(app).run_once()
        await user.assert_no_message(within=0.2)

        # An old reminder's snooze while paused, then once resumed but hours later.
        query = await user.tap(en.gettext("⏰ Snooze 15 min"), message=reminder)
        assert (await user.wait_for_answer(query))["text"] == en.gettext(
            "This reminder is off now, so there is nothing to snooze."
        )
        screen = await user.tap_and_wait(en.gettext("▶️ Resume all"), message=stopped)
        assert en.gettext("Reminders resumed.") in screen.text
        query = await user.tap(en.gettext("⏰ Snooze 15 min"), message=reminder)
        answer = (await user.wait_for_answer(query))["text"]
        assert answer.startswith(en.gettext("This reminder is from earlier.")[:20])

        # Privacy: what is kept, then delete everything after a confirmation.
        await user.tap_and_wait(en.gettext("🔒 Privacy"), message=screen)
        await user.tap_and_wait(en.gettext("🗑 Delete all my data"))
        done = await user.tap_and_wait(en.gettext("🗑 Yes, delete everything"))
        assert en.gettext("Done: everything the bot kept about you is deleted.")[:20] in done.text
        assert await service(app).store.profile(1008, clock.now) is None
        assert await service(app).store.subscriptions(1008) == []
        assert app.bot_data.stores is not None
        assert await app.bot_data.stores.users.language(1008) is None
        query = await user.tap(en.gettext("⚙️ Settings"), message=reminder)
        settings_screen = await user.wait_for_message()
        assert en.gettext("not set up") in settings_screen.text or en.gettext(
            "When do you want to be in bed?"
        ) in (settings_screen.text)

        await user.send("/forget")
        assert en.gettext("Delete all your data?") in (await user.wait_for_message()).text


@pytest.mark.parametrize("http_client", HTTP_CLIENTS)
async def test_rate_limit_flood_control_and_retries(
    services: Services, tmp_path: Path, clock: FakeClock, http_client: str, token: str
) -> None:
    """25 reminders due at once, Telegram allowing 10 a second, with injected 429 and 502."""
    async with BotApiEmulator(token=token, max_messages_per_second=10) as server:
        settings = Settings(
            token=token,
            api_url=server.base_url,
            database_url=f"sqlite:///{tmp_path / 'bot.db'}",
            reminder_rate_per_second=10,
            http_client=http_client,
        )
        users = [server.user(2000 + i, language_code="en") for i in range(25)]
        for user in users:
            user.has_chat = True  # they wrote to the bot before
        async with running_bot(settings, services, clock=clock) as app:
            store = service(app).store
            for user in users:
                await store.set_zone(user.id, "Europe/Moscow", "en", clock.now)
                await store.subscribe(
                    user.id,
                    Reminder(ReminderKind.HYDRATION, at("12:30"), at("20:00"), 120),
                    "en",
                    clock.now,
                )
            server.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
            server.fail_next("sendMessage", 502, "Bad Gateway")
            clock.set(due(clock, "12:30", 3) + SPREAD / 2)  # every user's offset has passed
            dispatcher(app).backoff_base = 0.1
            await dispatcher(app).run_once()
            for user in users:
                (message,) = user.messages
                assert "glass of water" in (message.text or "")
            counts = await store.outcome_counts(clock.now - timedelta(hours=1))
            assert counts == {Outcome.SENT: 25}
        assert {e.error_code for e in server.errors} <= {429, 502}
        assert sum(e.error_code == 429 for e in server.errors) <= 3


async def test_paid_broadcasts_go_above_30_a_second_without_flood_errors(
    services: Services, tmp_path: Path, clock: FakeClock
) -> None:
    """Issue 12: with REMINDER_PAID_BROADCAST on, reminders carry allow_paid_broadcast and go
    out faster than the free 30 a second without a single 429."""
    async with BotApiEmulator(token=TOKEN, max_messages_per_second=30) as server:
        settings = Settings(
            token=TOKEN,
            api_url=server.base_url,
            database_url=f"sqlite:///{tmp_path / 'bot.db'}",
            reminder_rate_per_second=1000,
            reminder_paid_broadcast=True,
        )
        users = [server.user(3000 + i, language_code="en") for i in range(120)]
        for user in users:
            user.has_chat = True
        async with running_bot(settings, services, clock=clock) as app:
            store = service(app).store
            for user in users:
                await store.set_zone(user.id, "Europe/Moscow", "en", clock.now)
                await store.subscribe(
                    user.id, Reminder(ReminderKind.SLEEP, at("22:00")), "en", clock.now
                )
            clock.set(due(clock, "22:00", 3) + SPREAD / 2)
            await dispatcher(app).run_once()
            assert all(len(user.messages) == 1 for user in users)
        assert server.errors == [], "no 429: paid broadcasts may go up to 1000 a second"
        assert server.paid_broadcasts == 120
        sends = [call.time for call in server.calls if call.method == "sendMessage"]
        assert len(sends) == 120
        assert (len(sends) - 1) / (sends[-1] - sends[0]) > 30, "faster than the free limit"


async def test_a_question_while_the_bot_waits_for_a_zone_or_time_goes_to_the_guide(
    telegram: BotApiEmulator, bot: Runner, services: Services, clock: FakeClock
) -> None:
    en = services.languages["en"]
    user = telegram.user(1009, language_code="en")
    async with bot():
        await reminders_of(user, en)
        await user.tap_and_wait(en.gettext("🌍 Time zone"))
        await user.send("my eyelid keeps twitching, is it serious?")
        answer = await user.wait_for_message()  # the guide reads it, not the zone prompt
        assert en.gettext("Is it one of these?") in answer.text
        assert en.texts.areas["eyelid"].title in answer.button_texts()
        await user.send("Berlin")  # no longer waiting: the guide's answer again
        assert en.gettext("Muscle twitching: a calm guide") in (await user.wait_for_message()).text

        await subscribe_sleep_in_moscow(user, en, "22:00")
        await reminders_of(user, en)
        await user.tap_and_wait(en.gettext("🌙 Sleep reminder"))
        await user.tap_and_wait(
            en.gettext("🛏 Bedtime: {time}").format(time=words.clock_time(at("22:30"), en))
        )
        await user.send("what helps with cramps")
        answer = await user.wait_for_message()
        assert en.gettext("Is it one of these?") in answer.text
        assert en.texts.causes["cramps"].title in answer.button_texts()


@pytest.mark.parametrize(
    ("code", "zone_answer", "time_answer"),
    [
        ("en", "seizure", "dad collapsed 5 min ago"),
        ("en", "ne mogu dyshat", "cant breathe since 10pm"),
        ("ru", "бабушка отключилась", "мама не может дышать уже 10 минут"),
    ],
)
async def test_an_emergency_typed_while_the_bot_waits_for_a_zone_or_time_gets_the_urgent_screen(
    telegram: BotApiEmulator,
    bot: Runner,
    services: Services,
    code: str,
    zone_answer: str,
    time_answer: str,
) -> None:
    """Short enough to be a city, or with digits like a time: still an emergency first."""
    lang = services.languages[code]
    urgent = lang.gettext("Call emergency services now")
    user = telegram.user(1010, language_code=code)
    async with bot():
        await reminders_of(user, lang)
        await user.tap_and_wait(lang.gettext("🌍 Time zone"))
        await user.send(zone_answer)
        answer = await user.wait_for_message()
        assert urgent in answer.text
        await user.send("Berlin")  # the question was dropped: the guide answers
        menu = await user.wait_for_message()
        assert lang.gettext("Muscle twitching: a calm guide") in menu.text

        await subscribe_sleep_in_moscow(user, lang, "22:00")
        await reminders_of(user, lang)
        await user.tap_and_wait(lang.gettext("🌙 Sleep reminder"))
        await user.tap_and_wait(
            lang.gettext("🛏 Bedtime: {time}").format(time=words.clock_time(at("22:30"), lang))
        )
        await user.send(time_answer)
        answer = await user.wait_for_message()
        assert urgent in answer.text
        await user.send("21:15")  # not read as the time any more
        menu = await user.wait_for_message()
        assert lang.gettext("Muscle twitching: a calm guide") in menu.text


async def test_an_unusable_zone_stops_one_reminder_not_the_others(
    telegram: BotApiEmulator, bot: Runner, services: Services, clock: FakeClock, settings: Settings
) -> None:
    en = services.languages["en"]
    broken = telegram.user(1010, language_code="en")
    fine = telegram.user(1011, language_code="en")
    async with bot() as app:
        await subscribe_sleep_in_moscow(broken, en, "22:00")
        await subscribe_sleep_in_moscow(fine, en, "22:00")
    with sqlite3.connect(settings.database_url.removeprefix("sqlite:///")) as db:
        db.execute("UPDATE reminder_users SET zone = 'Mars/Olympus_Mons' WHERE user_id = 1010")
    clock.set(due(clock, "22:00", 3) + SPREAD / 2)  # both users' offsets have passed
    async with bot() as app:
        await dispatcher(app).run_once()  # the claim does not fail for everyone
        for user in (fine, broken):  # this occurrence was due: it goes out
            assert (
                en.gettext("Time to start winding down for sleep")
                in (await user.wait_for_message()).text
            )
        (stopped,) = await service(app).store.subscriptions(1010)
        assert stopped.next_fire_at is None, "no further ones until the zone is set again"
        (working,) = await service(app).store.subscriptions(1011)
        assert working.next_fire_at == due(clock, "22:00", 3, day=21, user=1011)
