"""Times of day as people type them, in English and Russian: a small grammar over tokens.

Read only when the bot has asked for a time, so a short message whose other words hold no
numbers is read as the time inside it: "at 10:30pm please", «ну давай в 22:00», "21:00 🙏".
The text becomes a list of symbols (a clock such as 22:30 or 2300, a number in digits or
words, a Russian ordinal in the genitive, a part of the day, the words of the spoken
grammar: half, quarter, past, to, без), words the grammar does not know are gaps, and the
symbols must form one of the shapes below with no gap inside:

* ``22:30``, ``2300``, ``10 30``, ``ten thirty``, ``23ч30``, «23 часа 30 минут»;
* ``half past ten``, ``twenty to 11``, ``half ten`` (British: 10:30);
* «половина одиннадцатого», «полдвенадцатого» (11:30), «четверть первого», «десять минут
  второго»: the hour *before* the ordinal;
* «без четверти 11», «без 15 12», «без пяти минут десять»: minutes before the hour;
* «час ночи», «в час дня»: «час» alone is one o'clock;

each with a part of the day anywhere (pm, in the evening, вечера, ночью) and the noon and
midnight words. A second number, a duration word ("hours", «через») or a minus sign makes
it no time at all.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_EN_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_EN_TEENS = (
    *("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"),
    *("seventeen", "eighteen", "nineteen"),
)
_RU_UNITS = ("один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять")
_RU_TEENS = (
    *("десять", "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать"),
    *("шестнадцать", "семнадцать", "восемнадцать", "девятнадцать"),
)
_UNITS: dict[str, int] = {
    **{word: n for n, word in enumerate(_EN_UNITS, start=1)},
    **{word: n for n, word in enumerate(_RU_UNITS, start=1)},
    # feminine and genitive forms used with minutes: «одна минута», «без пяти»
    **{"одна": 1, "две": 2, "одной": 1, "двух": 2, "трех": 3, "четырех": 4, "пяти": 5},
    **{"шести": 6, "семи": 7, "восьми": 8, "девяти": 9},
}
_TEENS: dict[str, int] = {
    **{word: n for n, word in enumerate(_EN_TEENS, start=10)},
    **{word: n for n, word in enumerate(_RU_TEENS, start=10)},
    **{"десяти": 10, "пятнадцати": 15},
}
_TENS: dict[str, int] = {
    **{"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50},
    **{"двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50},
    **{"двадцати": 20, "тридцати": 30},
}
# «половина одиннадцатого»: the hour named by an ordinal in the genitive is the one *being
# entered*, so the time is in the hour before it.
_ORDINALS: dict[str, int] = {
    word: n
    for n, word in enumerate(
        (
            *("первого", "второго", "третьего", "четвертого", "пятого", "шестого"),
            *("седьмого", "восьмого", "девятого", "десятого", "одиннадцатого"),
            "двенадцатого",
        ),
        start=1,
    )
}
# A part of the day: which 12-hour clock hours it turns into which 24-hour ones.
_PART_OF_DAY: dict[str, dict[int, int]] = {
    "morning": {h: h for h in range(1, 12)},
    "afternoon": {12: 12, **{h: h + 12 for h in range(1, 7)}},
    "evening": {h: h + 12 for h in range(4, 12)},
    "night": {12: 0, **{h: h for h in range(0, 6)}, 9: 21, 10: 22, 11: 23},
}
_PERIODS: dict[str, str] = {
    **{"am": "am", "pm": "pm"},
    **{"morning": "morning", "afternoon": "afternoon", "evening": "evening"},
    **{"night": "night", "tonight": "evening"},
    **{"утра": "morning", "утром": "morning", "дня": "afternoon", "днем": "afternoon"},
    **{"вечера": "evening", "вечером": "evening", "ночи": "night", "ночью": "night"},
}
_NAMED: dict[str, int] = {"noon": 720, "midday": 720, "midnight": 0, "полдень": 720, "полночь": 0}
_HOUR_MARKS = frozenset(("h", "hr", "ч", "час", "часа", "часов", "oclock", "o'clock"))
_MINUTE_MARKS = frozenset(("m", "min", "mins", "minute", "minutes", "мин", "минут", "минута"))
_MINUTE_MARKS |= {"минуты", "минуток"}
_WORDS: dict[str, str] = {
    **dict.fromkeys(("half", "половина", "половину", "пол"), "half"),
    **dict.fromkeys(("quarter", "четверть", "четверти"), "quarter"),
    **dict.fromkeys(("past", "after"), "past"),
    **dict.fromkeys(("to", "till", "til", "before", "of"), "to"),
    "без": "without",
}
# Words that may stand anywhere without changing the time ("at", «в», "the" of "in the
# evening", «где-то»); other unknown words are fine around the time, not inside it.
_FILLERS = frozenset(
    (
        *("at", "around", "about", "approximately", "by", "in", "the", "a", "an", "on"),
        *("в", "во", "к", "около", "примерно", "где", "то", "часиков", "ровно", "sharp"),
    )
)
# A duration or a count, not a time of day: "in 2 hours", «через час», "3 glasses".
_BLOCKERS = frozenset(
    (
        *("hours", "hrs", "later", "ago", "every", "times", "glasses", "days", "weeks"),
        *("через", "назад", "каждые", "каждый", "раз", "раза", "стакан", "стакана", "дней"),
    )
)

# A date is not a time: "12 апреля", "june 5".
_MONTH = re.compile(
    r"^(?:январ|феврал|март|апрел|ма[яе]$|июн|июл|август|сентябр|октябр|ноябр|декабр"
    r"|january|february|march|april|june|july|august|september|october|november|december)"
)
_TOKEN = re.compile(r"\d+(?:\s*[:.;,\-]\s*\d+)*|[^\W\d_]+(?:'[^\W\d_]+)?")
_MERIDIEM = re.compile(r"(?<![^\W\d_])([ap])\s*\.?\s*m\b\.?")
_MINUS = re.compile(r"(?:^|[^\w])[-−]\s*\d")


@dataclass(frozen=True, slots=True)
class _Symbol:
    kind: str  # clock, num, ord, period, named, hmark, mmark, half, quarter, past, to, ...
    value: int = 0
    text: str = ""
    digits: int = 0  # how many digits a number was written with (0: in words)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    text = _MERIDIEM.sub(lambda match: f" {match[1]}m ", text)  # 11p.m., 7 a. m.
    # glued letters and digits: «в22:00», 23ч30, 10pm
    text = re.sub(r"(?<=[^\W\d_])(?=\d)|(?<=\d)(?=[^\W\d_])", " ", text)
    return text


def _number_words(words: list[str], start: int) -> tuple[int, int] | None:
    """A number said in words at `start` (twenty five, «двадцать три») -> (value, length)."""
    word = words[start]
    if word in _TENS:
        value = _TENS[word]
        if start + 1 < len(words) and words[start + 1] in _UNITS:
            return value + _UNITS[words[start + 1]], 2
        return value, 1
    if word in _TEENS:
        return _TEENS[word], 1
    if word in _UNITS:
        return _UNITS[word], 1
    return None


def _digits(token: str) -> _Symbol | None:
    parts = re.split(r"\s*[:.;,\-]\s*", token)
    if len(parts) == 2 and len(parts[1]) == 2 and len(parts[0]) <= 2:
        if int(parts[1]) >= 60:
            return None
        return _Symbol("clock", int(parts[0]) * 60 + int(parts[1]), token, len(parts[0]))
    if len(parts) != 1:
        return None
    if len(token) <= 2:
        return _Symbol("num", int(token), token, len(token))
    if len(token) in (3, 4):  # 2300, 0730, 930
        hour, minute = int(token[:-2]), int(token[-2:])
        return _Symbol("clock", hour * 60 + minute, token, 4) if minute < 60 else None
    return None


def _symbols(text: str) -> list[_Symbol] | None:
    """The message as symbols, or None if something in it rules a time out."""
    words = _TOKEN.findall(_normalise(text))
    symbols: list[_Symbol] = []
    index = 0
    while index < len(words):
        word = words[index]
        index += 1
        if word[0].isdigit():
            symbol = _digits(word)
            if symbol is None:
                return None
            symbols.append(symbol)
        elif word in _BLOCKERS or _MONTH.match(word):
            return None
        elif (said := _number_words(words, index - 1)) is not None:
            symbols.append(_Symbol("num", said[0], word))
            index += said[1] - 1
        elif word in _ORDINALS:
            symbols.append(_Symbol("ord", _ORDINALS[word], word))
        elif word.startswith("пол") and word[3:] in _ORDINALS:  # «полдвенадцатого»
            symbols += [_Symbol("half"), _Symbol("ord", _ORDINALS[word[3:]], word)]
        elif word == "час" and not (symbols and symbols[-1].kind == "num"):
            symbols.append(_Symbol("num", 1, word))  # «час ночи», «в час дня»
        elif word in _HOUR_MARKS:
            symbols.append(_Symbol("hmark"))
        elif word in _MINUTE_MARKS:
            symbols.append(_Symbol("mmark"))
        elif word in _PERIODS:
            symbols.append(_Symbol("period", text=_PERIODS[word]))
        elif word in _NAMED:
            symbols.append(_Symbol("named", _NAMED[word]))
        elif word in _WORDS:
            symbols.append(_Symbol(_WORDS[word]))
        elif word not in _FILLERS:
            symbols.append(_Symbol("gap", text=word))
    return symbols


def _core(symbols: list[_Symbol]) -> tuple[list[_Symbol], str | None] | None:
    """The time's own symbols (gaps around it dropped) and its part of the day, if any."""
    periods = [symbol.text for symbol in symbols if symbol.kind == "period"]
    if len(set(periods)) > 1:
        return None
    rest = [symbol for symbol in symbols if symbol.kind != "period"]
    while rest and rest[0].kind == "gap":
        rest.pop(0)
    while rest and rest[-1].kind == "gap":
        rest.pop()
    if not rest or any(symbol.kind == "gap" for symbol in rest):
        return None
    return rest, (periods[0] if periods else None)


def _shape(core: list[_Symbol]) -> tuple[int, int, bool] | None:
    """(hour, minute, spoken) from the symbols of one time; spoken: a 12-hour phrasing."""
    kinds = [symbol.kind for symbol in core if symbol.kind != "mmark"]
    values = [symbol.value for symbol in core if symbol.kind != "mmark"]
    match kinds:
        case ["named"] | ["clock"] | ["clock", "hmark"]:
            return (*divmod(values[0], 60), False)
        case ["num"] | ["num", "hmark"]:
            return values[0], 0, False
        case ["num", "hmark", "num"]:  # 23ч30, «23 часа 30 минут»
            return values[0], values[2], False
        case ["num", "num"] if core[1].digits != 1 and values[1] >= 10 and core[1].kind == "num":
            return values[0], values[1], False  # 10 30, ten thirty
        case ["half", "past", "num"] | ["half", "num"]:
            return values[-1], 30, True
        case ["quarter", "past", "num"]:
            return values[2], 15, True
        case ["num", "past", "num"]:  # twenty past ten
            return values[2], values[0], True
        case ["quarter", "to", "num"] | ["without", "quarter", "num"]:
            return values[2] - 1, 45, True
        case ["num", "to", "num"] | ["without", "num", "num"]:
            minutes = values[1] if kinds[0] == "without" else values[0]
            return (values[2] - 1, 60 - minutes, True) if 1 <= minutes < 60 else None
        case ["half", "ord"]:
            return values[1] - 1, 30, True
        case ["quarter", "ord"]:
            return values[1] - 1, 15, True
        case ["num", "ord"]:  # «десять минут второго»
            return values[1] - 1, values[0], True
    return None


def _with_period(hour: int, period: str) -> int | None:
    """The 24-hour hour for `hour` said with a part of the day, or None if they disagree."""
    if period in ("am", "pm"):
        if not 1 <= hour <= 12:
            return None
        return hour % 12 + (12 if period == "pm" else 0)
    part = _PART_OF_DAY[period]
    if hour >= 12 and hour not in part:
        # "23 вечера", "15 дня": already a 24-hour hour, if it belongs to that part
        return hour if part.get(hour - 12 or 12) == hour else None
    return part.get(hour)


def parse_time_of_day(text: str) -> int | None:
    """A typed time -> minutes after midnight, or None if it is not one.

    22:30, 7.05, 2300, 9, "eleven", "в 23:00", «в22:00», 23ч, «23 часа 30 минут», «10:30
    вечера», 10pm, "at 10:30pm please", "half past ten", "quarter to 11", «полдвенадцатого»,
    «без четверти 11», «без 15 12 ночи», «час ночи», noon, «полночь».
    """
    if len(text) > 80 or _MINUS.search(text):
        return None
    symbols = _symbols(text)
    if symbols is None or len(symbols) > 10:
        return None
    found = _core(symbols)
    if found is None:
        return None
    core, period = found
    shape = _shape(core)
    if shape is None:
        return None
    hour, minute, spoken = shape
    if spoken:
        if not 0 <= hour <= 11 or not 0 <= minute <= 59:
            return None
        hour = hour or 12  # a quarter to one, «полпервого»: 12:45, 12:30 unless said otherwise
    if period is not None:
        if core[0].kind == "named":
            return None
        converted = _with_period(hour, period)
        if converted is None:
            return None
        hour = converted
    if not 0 <= hour <= 23 or not 0 <= minute <= 59:
        return None
    return hour * 60 + minute
