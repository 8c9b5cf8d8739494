"""Reminder screens and messages: valid everywhere, plural forms, the dispatcher's retry rule,
and tips checked like the rest of the content."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from telegram.error import NetworkError

from bot.callbacks import decode
from bot.content import CONTENT_DIR, ContentError
from bot.context import Services
from bot.reminders import screens, water_screens, words
from bot.reminders.dispatch import safe_to_retry
from bot.reminders.routes import ReminderRoute
from bot.reminders.schedule import Reminder, ReminderKind
from bot.reminders.tips import load_tips
from bot.routes import Home

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def test_every_reminder_screen_in_every_language_is_valid(services: Services) -> None:
    tips = load_tips(services.languages)
    assert screens.check_reminder_screens(services.languages, tips) == []
    for lang in services.languages.values():
        for name, reply in screens.sample_screens(lang, tips, NOW):
            for row in getattr(reply.keyboard, "inline_keyboard", ()):
                for button in row:
                    # every button leads somewhere a reminder screen may: never "expired"
                    route = decode(str(button.callback_data))
                    assert isinstance(route, ReminderRoute | Home), f"{name}: {button.text!r}"


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (1, "сегодня 1 стакан."),
        (2, "сегодня 2 стакана."),
        (5, "сегодня 5 стаканов."),
        (11, "сегодня 11 стаканов."),
        (21, "сегодня 21 стакан."),
        (24, "сегодня 24 стакана."),
    ],
)
def test_russian_glass_counts(services: Services, count: int, text: str) -> None:
    assert water_screens.glasses_today(services.languages["ru"], count).endswith(text)


def test_plans_read_naturally(services: Services) -> None:
    en, ru = services.languages["en"], services.languages["ru"]
    water = Reminder(ReminderKind.HYDRATION, 9 * 60, 21 * 60, 120)
    assert words.plan_text(water, ru) == "каждые 2 часа с 09:00 до 21:00, 7 раз в день"
    assert words.plan_text(water, en).startswith("every 2 hours from 9:00")
    assert words.interval_text(90, ru) == "каждые 90 минут"
    assert words.interval_text(60, ru) == "каждый час"  # not «каждый 1 час»
    assert words.interval_text(60, en) == "every hour"
    assert words.interval_text(240, ru) == "каждые 4 часа"
    assert words.plan_text(Reminder(ReminderKind.SLEEP, 22 * 60 + 30), ru) == (
        "каждый день в 22:30"
    )


def test_tips_rotate(services: Services) -> None:
    tips = load_tips(services.languages)
    sleep = tips.by_language["en"][ReminderKind.SLEEP]
    assert [tips.pick("en", ReminderKind.SLEEP, n) for n in range(len(sleep) + 1)] == [
        *sleep,
        sleep[0],
    ]


def test_broken_tips_are_reported_by_file_and_key(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR / "schema", content / "schema")
    (content / "tips").mkdir()
    (content / "tips" / "en.yaml").write_text(
        "sleep: ['Dim the <b>lights before bed', 'Same bedtime every day', 'Less coffee late']\n"
        "hydration: ['short']\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError) as error:
        load_tips(["en", "ru"], content)
    message = str(error.value)
    assert "tips/en.yaml: hydration" in message
    assert "tips/ru.yaml: -: cannot read" in message


def test_markup_in_tips_is_checked(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT_DIR / "schema", content / "schema")
    (content / "tips").mkdir()
    three = "['Drink a glass of water', 'Keep a bottle nearby', 'Water counts, so does milk']"
    (content / "tips" / "en.yaml").write_text(
        f"sleep: ['Dim the <b>lights before bed', 'Same bedtime every day', 'Less coffee']\n"
        f"hydration: {three}\n",
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match=r"tips/en.yaml: sleep.0: markup Telegram would refuse"):
        load_tips(["en"], content)


def _network_error(cause: Exception | None) -> NetworkError:
    error = NetworkError("boom")
    error.__cause__ = cause
    return error


def test_only_failures_that_cannot_have_delivered_are_retried() -> None:
    request = httpx.Request("POST", "http://127.0.0.1/")
    assert safe_to_retry(_network_error(None))  # Telegram answered 5xx
    assert safe_to_retry(_network_error(httpx.ConnectError("refused", request=request)))
    assert safe_to_retry(_network_error(httpx.PoolTimeout("busy", request=request)))
    assert not safe_to_retry(_network_error(httpx.ReadTimeout("slow", request=request)))
    assert not safe_to_retry(_network_error(httpx.RemoteProtocolError("cut", request=request)))
