"""Times of day as people type them, in English and Russian."""

from __future__ import annotations

import pytest

from bot.reminders.typed_times import parse_time_of_day


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
        # a time inside a short message whose other words hold no numbers
        ("ok so 9:15pm thanks", hm(21, 15)),
        ("lets do 7am", hm(7)),
        ("maybe at 6:45 in the morning?", hm(6, 45)),
        ("7:30 👍", hm(7, 30)),
        ("ну пусть будет в 21:30", hm(21, 30)),
        ("давай к 8 утра", hm(8)),
        ("в 22:15 плиз", hm(22, 15)),
        ("наверное 23:30", hm(23, 30)),
        # compact and other separators
        ("2215", hm(22, 15)),
        ("0645", hm(6, 45)),
        ("930pm", hm(21, 30)),
        ("21;45", hm(21, 45)),
        ("21-45", hm(21, 45)),
        ("21,45", hm(21, 45)),
        ("в21:30", hm(21, 30)),
        ("at9pm", hm(21)),
        # number words, alone when a time is asked
        ("ten", hm(10)),
        ("nine thirty", hm(9, 30)),
        ("seven forty five pm", hm(19, 45)),
        ("twenty past ten", hm(10, 20)),
        ("ten to seven in the evening", hm(18, 50)),
        ("quarter of ten pm", hm(21, 45)),
        ("half ten", hm(10, 30)),
        ("двадцать три", hm(23)),
        ("в восемь утра", hm(8)),
        ("семь вечера", hm(19)),
        ("двадцать два тридцать", hm(22, 30)),
        ("в двенадцать ночи", 0),
        # the Russian spoken clock: the ordinal names the hour being entered
        ("половина восьмого", hm(7, 30)),
        ("половина восьмого вечера", hm(19, 30)),
        ("полвосьмого утра", hm(7, 30)),
        ("пол-девятого вечера", hm(20, 30)),
        ("в пол десятого", hm(9, 30)),
        ("полпервого ночи", hm(0, 30)),
        ("четверть девятого", hm(8, 15)),
        ("десять минут десятого", hm(9, 10)),
        ("без четверти семь утра", hm(6, 45)),
        ("без пяти десять вечера", hm(21, 55)),
        ("без 10 9", hm(8, 50)),
        ("без двадцати одиннадцать ночью", hm(22, 40)),
        ("в час ночи", hm(1)),
        ("час дня", hm(13)),
        ("в два часа ночи", hm(2)),
        ("в 11 часов вечера", hm(23)),
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
        # two numbers, a duration or a count: not one time of day
        "in 2 hours",
        "через 2 часа",
        "через час",
        "every 3 hours",
        "10 or 11",
        "в 10 или в 11",
        "3 glasses",
        "1 2",
        "22:30 23:00",
        "10 утра вечера",
        "без четверти",
        "половина",
        "без 0 10",
        "полтринадцатого",
        "half past",
        "not sure yet",
        "whenever",
        "12 апреля",
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
