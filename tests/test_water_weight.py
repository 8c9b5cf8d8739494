"""A water goal suggested from a typed body weight: reading the weight, the rule of thumb, and
end to end in English and Russian (bad answers keep the question open, a restart in between,
an emergency typed instead, the weight never stored)."""

from __future__ import annotations

import sqlite3

import pytest

from bot.callbacks import decode, encode
from bot.config import Settings
from bot.context import GuideApplication, Services
from bot.emulator import BotApiEmulator, SimulatedUser
from bot.i18n import Language
from bot.reminders import routes, water_screens
from bot.reminders.awaiting import AwaitWeight, format_awaiting, parse_awaiting
from bot.reminders.body_weight import Unit, parse_weight, suggested_goal
from bot.reminders.service import ReminderService
from bot.storage import sqlite_path
from tests.helpers import Runner, subscribe


@pytest.mark.parametrize(
    ("typed", "kg", "unit"),
    [
        ("70", 70, Unit.KG),
        ("70 kg", 70, Unit.KG),
        ("70kg", 70, Unit.KG),
        ("70 кг", 70, Unit.KG),
        ("я вешу 70,5 кг", 70.5, Unit.KG),
        ("about 82 kilos.", 82, Unit.KG),
        ("вес 82 килограмма", 82, Unit.KG),
        ("154 lb", 69.85, Unit.LB),
        ("154 lbs", 69.85, Unit.LB),
        ("200 фунтов", 90.72, Unit.LB),
        ("11 st", 69.85, Unit.ST),
        ("11 st 2 lb", 70.76, Unit.ST),
        ("I'm 70 kg and 180 cm tall", 70, Unit.KG),  # the number with a weight unit
        ("70-75 kg", 72.5, Unit.KG),  # a range, not minus 75: its middle
        ("70–75 kg", 72.5, Unit.KG),
        ("от 70 до 75 кг", 72.5, Unit.KG),
        ("70 to 75", 72.5, Unit.KG),
    ],
)
def test_weights_are_read(typed: str, kg: float, unit: Unit) -> None:
    weight = parse_weight(typed)
    assert weight is not None and weight.unit is unit and weight.plausible
    assert weight.kg == pytest.approx(kg, abs=0.01)


@pytest.mark.parametrize("typed", ["seventy", "семьдесят", "70 or 80", "12345", ""])
def test_no_weight_to_read(typed: str) -> None:
    assert parse_weight(typed) is None


@pytest.mark.parametrize("typed", ["700 kg", "-3", "−3 kg", "0", "5 lb", "2000 lb"])
def test_not_a_body_weight(typed: str) -> None:
    weight = parse_weight(typed)
    assert weight is not None and not weight.plausible


@pytest.mark.parametrize(
    ("kg", "ml", "glasses", "limited"),
    [
        (70, 2100, 8, False),  # 8.4 glasses
        (75, 2250, 9, False),  # 9.0
        (62, 1860, 7, False),  # 7.44
        (63, 1890, 8, False),  # 7.56: to the nearest glass
        (30, 900, 4, False),  # 3.6 rounds to 4, the lowest goal
        (120, 3600, 12, True),  # 14.4: the highest goal on offer
        (300, 9000, 12, True),
    ],
)
def test_the_rule_of_thumb(kg: float, ml: int, glasses: int, limited: bool) -> None:
    suggestion = suggested_goal(kg)
    assert (suggestion.ml, suggestion.glasses, suggestion.limited) == (ml, glasses, limited)


def test_the_question_is_stored_like_the_others_and_its_buttons_pack() -> None:
    assert format_awaiting(AwaitWeight()) == "weight"
    assert parse_awaiting("weight") == AwaitWeight()
    for route, data in (
        (routes.AskWeight(), "rwk"),
        (routes.WaterSummary(1), "rwe:1"),
        (routes.SummaryGlass(0), "rws:0"),
    ):
        assert encode(route) == data and decode(data) == route
    assert decode("rwe:2") is None


# -- end to end ---------------------------------------------------------------------------------

ANSWERS = {
    "en": (
        "seventy",
        "83.5 kg",
        "154 lb",
        "my dad collapsed 5 min ago",
        "my eyelid has been twitching for 3 weeks",
    ),
    "ru": (
        "семьдесят",
        "83,5 кг",
        "154 lb",
        "мама не может дышать уже 10 минут",
        "веко дёргается уже 3 недели, что делать",
    ),
}


def goal_label(lang: Language, goal: int) -> str:
    return lang.ngettext("🎯 Goal: {count} glass", "🎯 Goal: {count} glasses", goal).format(
        count=goal
    )


async def ask_weight(user: SimulatedUser, lang: Language, goal: int) -> None:
    await user.send("/reminders")
    await user.wait_for_message()
    await user.tap_and_wait(lang.gettext("💧 Water reminders"))
    goals = await user.tap_and_wait(goal_label(lang, goal))
    question = await user.tap_and_wait(lang.gettext("⚖️ Suggest from my weight"), message=goals)
    assert question.message_id == goals.message_id  # the goal screen asks
    assert lang.gettext("It is used once for the suggestion and is not stored.") in question.text


def service(app: GuideApplication) -> ReminderService:
    assert app.bot_data.reminders is not None
    return app.bot_data.reminders


@pytest.mark.parametrize("code", ["en", "ru"])
async def test_a_goal_suggested_from_a_typed_weight(
    code: str, telegram: BotApiEmulator, bot: Runner, services: Services, settings: Settings
) -> None:
    lang = services.languages[code]
    words, weight, pounds, emergency, question = ANSWERS[code]
    user = telegram.user(1301, language_code=code)
    async with bot():
        await subscribe(user, lang, "💧 Water reminders", "✅", zone="UTC-5")
        await ask_weight(user, lang, 8)
        # Wrong answers get a word on what to type; the question stays open.
        for typed, answer in (
            (words, water_screens.weight_not_read(lang)),
            ("700 kg", water_screens.weight_implausible(lang)),
            ("-3", water_screens.weight_implausible(lang)),
        ):
            await user.send(typed)
            assert (await user.wait_for_message()).text == answer

    async with bot() as app:  # a restart: the question is still open
        await user.send(weight)
        suggestion = await user.wait_for_message()
        assert suggestion.kind == "new"
        for part in (
            "83,5" if code == "ru" else "83.5",
            "2,5" if code == "ru" else "2.5",
            "EFSA",
            "Eatwell",
            lang.gettext(
                "If a doctor has told you to limit fluids, for example for heart failure or "
                "kidney or liver disease, follow their limit rather than these reminders."
            ),
            lang.gettext("Your weight was used for this answer only and is not stored."),
        ):
            assert part in suggestion.text
        set_ten = lang.ngettext(
            "✓ Set {count} glass a day", "✓ Set {count} glasses a day", 10
        ).format(count=10)
        keep = lang.ngettext("Keep {count} glass", "Keep {count} glasses", 8).format(count=8)
        assert suggestion.button_texts()[:2] == [set_ten, keep]
        saved = await user.tap_and_wait(set_ten, message=suggestion)
        assert goal_label(lang, 10) in saved.button_texts()
        assert "✓ " + lang.gettext("Saved.") in saved.text
        # Nothing of the weight is kept: not the question, not the number.
        profile = await service(app).store.profile(1301, service(app).now())
        assert profile is not None and profile.awaiting is None and profile.water_goal == 10
        database = sqlite3.connect(sqlite_path(settings.database_url))
        try:
            tables = [
                row[0]
                for row in database.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            ]
            for table in (name for name in tables if not name.startswith("sqlite_")):
                for row in database.execute(f"SELECT * FROM {table}"):
                    assert not {83.5, "83.5", "83,5"} & set(row), (table, row)
                    assert not any(isinstance(v, str) and "83" in v for v in row), (table, row)
        finally:
            database.close()

        # In pounds, and keeping the goal one has.
        await ask_weight(user, lang, 10)
        await user.send(pounds)
        suggestion = await user.wait_for_message()
        assert "≈70" in suggestion.text
        kept = await user.tap_and_wait(
            lang.ngettext("Keep {count} glass", "Keep {count} glasses", 10).format(count=10)
        )
        assert goal_label(lang, 10) in kept.button_texts()

        # An emergency typed instead gets the urgent screen; the question is dropped.
        await ask_weight(user, lang, 10)
        await user.send(emergency)
        assert lang.gettext("Call emergency services now") in (await user.wait_for_message()).text
        await user.send("70")
        assert (
            lang.gettext("Muscle twitching: a calm guide") in (await user.wait_for_message()).text
        )

        # Back from the question lets it go too.
        await ask_weight(user, lang, 10)
        await user.tap_and_wait(lang.gettext("⬅️ Back"))
        await user.send("70")
        assert (
            lang.gettext("Muscle twitching: a calm guide") in (await user.wait_for_message()).text
        )

        # A question typed instead (no weight in it) is the guide's; the question is dropped.
        await ask_weight(user, lang, 10)
        await user.send(question)
        answer = (await user.wait_for_message()).text
        assert answer not in (
            water_screens.weight_not_read(lang),
            water_screens.weight_implausible(lang),
        )
        profile = await service(app).store.profile(1301, service(app).now())
        assert profile is not None and profile.awaiting is None
