"""Review of the water features (fc08bc1): defects each test shows, failing until fixed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from bot.context import Services
from bot.emulator import BotApiEmulator
from bot.reminders import water_screens
from bot.reminders.body_weight import GLASS_ML, Unit, Weight, parse_weight
from bot.reminders.model import WATER_GOALS
from bot.reminders.schedule import Reminder, ReminderKind
from tests.helpers import FakeClock, Runner, at, due, subscribe
from tests.test_water_summary import run_at, store_of, today
from tests.test_water_weight import ask_weight

USER = 1201  # run_at() fires this user's occurrences


@pytest.mark.parametrize("typed", ["180 cm", "рост 180 см"])
def test_a_height_is_not_read_as_a_weight(typed: str) -> None:
    """A height typed by mistake became 175-180 kg: 5.4 L a day and a 12-glass goal."""
    weight = parse_weight(typed)
    assert weight is None or not weight.plausible, weight


@pytest.mark.parametrize("code", ["en", "ru"])
def test_no_daily_amount_above_the_highest_goal_is_advised(services: Services, code: str) -> None:
    """30 ml/kg of actual weight is not meant for high weights: for 200 kg the screen says
    '6.0 L, about 24 glasses' a day, far past the 3 L the goals stop at."""
    lang = services.languages[code]
    text = water_screens.weight_suggestion(lang, Weight(200, Unit.KG), 8).text
    litres = [float(n.replace(",", ".")) for n in re.findall(r"(\d+[.,]\d)\s?(?:L|л)\b", text)]
    assert litres and max(litres) <= WATER_GOALS[-1] * GLASS_ML / 1000, litres


async def test_the_evening_summary_comes_once_after_a_late_snooze(
    telegram: BotApiEmulator, bot: Runner, services: Services, clock: FakeClock
) -> None:
    """A snooze tapped on an earlier reminder after the summary (allowed for 6 hours) lands
    after the window's last time, so last_of_day() is true again: a second summary."""
    en = services.languages["en"]
    user = telegram.user(USER, language_code="en")
    async with bot() as app:
        await subscribe(user, en, "💧 Water reminders", "✅", zone="UTC-5")
        await store_of(app).store.set_evening_summary(USER, True)
        await run_at(app, clock, "18:50", 20)  # the day's earlier times, let go
        await run_at(app, clock, "19:00", 20)
        seven = await user.wait_for_message()
        await run_at(app, clock, "21:00", 20)
        summary = await user.wait_for_message()
        assert today(en, 0) in summary.text
        clock.set(due(clock, "21:10", -5))
        await user.wait_for_answer(await user.tap(en.gettext("⏰ Snooze 30 min"), message=seven))
        await run_at(app, clock, "21:40", 20)
        await run_at(app, clock, "21:41", 20)
        summaries = [m for m in user.messages if today(en, 0) in m.text]
        assert len(summaries) == 1, [m.text for m in summaries]


async def test_a_summary_past_midnight_sums_up_the_evenings_glasses(
    telegram: BotApiEmulator, bot: Runner, services: Services, clock: FakeClock
) -> None:
    """A 20:00-04:00 window (night shift) ends at 04:00 and the summary comes then, but it
    counts the calendar day that began at midnight: 8 glasses logged at 21:00-23:00 read
    'Nothing logged today'."""
    en = services.languages["en"]
    user = telegram.user(USER, language_code="en")
    async with bot() as app:
        await subscribe(user, en, "💧 Water reminders", "✅", zone="UTC-5")
        store = store_of(app).store
        await store.set_evening_summary(USER, True)
        for n in range(8):
            await store.log_drink(USER, due(clock, "21:00", -5, day=20) + timedelta(minutes=15 * n))
        clock.set(due(clock, "03:50", -5, day=21))
        night = Reminder(ReminderKind.HYDRATION, at("20:00"), at("04:00"), 120)
        await store.subscribe(USER, night, "en", clock())
        await run_at(app, clock, "04:00", 21)
        summary = await user.wait_for_message()
        assert today(en, 0) not in summary.text
        assert en.gettext("Goal reached today. Well done!") in summary.text


async def test_home_from_the_weight_question_lets_it_go(
    telegram: BotApiEmulator, bot: Runner, services: Services
) -> None:
    """Back clears the question but Home does not: a short symptom message with a number,
    typed later in the guide, is answered as a weight."""
    en = services.languages["en"]
    user = telegram.user(1302, language_code="en")
    async with bot():
        await subscribe(user, en, "💧 Water reminders", "✅", zone="UTC-5")
        await ask_weight(user, en, 8)
        await user.tap_and_wait(en.gettext("🏠 Home"))
        await user.send("eyelid twitch 2 weeks")
        answer = (await user.wait_for_message()).text
        assert answer not in (
            water_screens.weight_implausible(en),
            water_screens.weight_not_read(en),
        )


@pytest.mark.parametrize("code", ["en", "ru"])
def test_a_child_s_weight_gets_a_doctor_not_a_goal(services: Services, code: str) -> None:
    """Under 40 kg (a child, or very underweight) the rule of thumb is not offered."""
    lang = services.languages[code]
    reply = water_screens.weight_suggestion(lang, Weight(30, Unit.KG), 8)
    assert lang.gettext(
        "For a weight under {limit} kg this rule of thumb does not apply: please ask a "
        "doctor or nurse how much to drink."
    ).format(limit=40) in reply.text
    labels = [button.text for row in reply.keyboard.inline_keyboard for button in row]
    assert not [label for label in labels if label.startswith("✓")], labels
    assert "0,9" not in reply.text and "0.9" not in reply.text  # no amount for a child
    question = water_screens.weight_question(lang).text
    assert lang.gettext(
        "This is for adults. For a child, or in pregnancy or while breastfeeding, ask a "
        "doctor, nurse or midwife how much to drink."
    ) in question


async def test_a_single_daily_water_reminder_is_never_replaced_by_the_summary(
    telegram: BotApiEmulator, bot: Runner, services: Services, clock: FakeClock
) -> None:
    """One reminder a day (09:00 to 09:00) is both the first and the last: with the summary
    on it must stay a reminder, not become 'Nothing logged today' at 09:00."""
    en = services.languages["en"]
    user = telegram.user(USER, language_code="en")
    async with bot() as app:
        await subscribe(user, en, "💧 Water reminders", "✅", zone="UTC-5")
        store = store_of(app).store
        await store.set_evening_summary(USER, True)
        once = Reminder(ReminderKind.HYDRATION, at("09:00"), at("09:00"), 120)
        await store.subscribe(USER, once, "en", clock())
        await run_at(app, clock, "09:00", 20)
        reminder = await user.wait_for_message()
        assert en.gettext("Time for a glass of water") in reminder.text
        assert today(en, 0) not in reminder.text
