"""Times of day as people type them, in English and Russian."""

from __future__ import annotations

import pytest

from bot.reminders.schedule import parse_time_of_day


def hm(hours: int, minutes: int = 0) -> int:
    return hours * 60 + minutes


@pytest.mark.parametrize(
    ("text", "minute"),
    [
        ("в 23:00", hm(23)),
        ("В 23:00", hm(23)),
        ("at 11pm", hm(23)),
        ("23ч", hm(23)),
        ("23 ч", hm(23)),
        ("23ч30", hm(23, 30)),
        ("23h", hm(23)),
        ("23h30", hm(23, 30)),
        ("в 23 часа", hm(23)),
        ("в 9 часов", hm(9)),
        ("23 часа 30 минут", hm(23, 30)),
        ("10:30 вечера", hm(22, 30)),
        ("в 7 утра", hm(7)),
        ("около 7 утра", hm(7)),
        ("7 вечера", hm(19)),
        ("3 дня", hm(15)),
        ("12 дня", hm(12)),
        ("2 ночи", hm(2)),
        ("12 ночи", 0),
        ("11 ночи", hm(23)),
        ("23 вечера", hm(23)),  # a 24-hour hour that agrees with its part of the day
        ("11pm", hm(23)),
        ("11 pm", hm(23)),
        ("11 PM", hm(23)),
        ("11 p.m.", hm(23)),
        ("7 a.m.", hm(7)),
        ("at 7 in the morning", hm(7)),
        ("10 in the evening", hm(22)),
        ("6 o'clock", hm(6)),
        ("23.00", hm(23)),
        ("noon", hm(12)),
        ("Midnight", 0),
        ("полночь", 0),
        ("полдень", hm(12)),
        ("half past ten", hm(10, 30)),
        ("quarter past 7 pm", hm(19, 15)),
        ("quarter to eleven", hm(10, 45)),
        ("quarter to 1", hm(0, 45) + 12 * 60),  # 12:45: a quarter to one, no part of day
        ("ten pm", hm(22)),
        ("٢٢:٣٠", hm(22, 30)),  # Arabic-Indic digits are digits too
    ],
)
def test_typed_times(text: str, minute: int) -> None:
    assert parse_time_of_day(text) == minute


@pytest.mark.parametrize(
    "text",
    [
        "15 утра",  # 3 p.m. is not morning
        "12 вечера",
        "13pm",
        "0pm",
        "25:00",
        "10:75",
        "23 часа 75 минут",
        "99",
        "ten",  # a number alone, not a time
        "half past 10:30",
        "half past 13",
        "в",
        "at",
        "tonight",
        "завтра",
        "22:30:15",
        "-5",
        "1e3",
    ],
)
def test_nonsense_is_not_a_time(text: str) -> None:
    assert parse_time_of_day(text) is None
