"""The bot's own places named in a message: "reminders", «язык», "delete my data".

Someone who types the name of a place instead of a command gets that place, in any of the
bot's languages. Only a whole message that names a place counts ("stop" does, "stop the
twitching" does not), so a description of a symptom is never taken for a place; callers
still read emergencies first.
"""

from __future__ import annotations

import re
from enum import StrEnum, unique


@unique
class Place(StrEnum):
    HELP = "help"
    REMINDERS = "reminders"
    STOP = "stop"  # pause all reminders, as /stop
    LANGUAGE = "language"
    FORGET = "forget"  # delete my data, as /forget


# Whole messages, normalised as `_normalise` does: lower case, "ё" as "е", no punctuation,
# single spaces. Polite words around them are dropped first (_POLITE).
_PHRASES: dict[Place, tuple[str, ...]] = {
    Place.HELP: (
        "help", "help me", "how does this work", "what can you do", "commands", "menu help",
        "помощь", "помоги", "помогите", "справка", "что ты умеешь", "как пользоваться",
        "команды",
    ),
    Place.REMINDERS: (
        "reminders", "reminder", "my reminders", "water reminder", "water reminders",
        "sleep reminder", "sleep reminders", "remind me",
        "напоминания", "напоминание", "мои напоминания", "напоминалки", "напоминалка",
        "напоминай", "напомни", "напомни мне", "напоминания о воде", "напоминание о сне",
    ),
    Place.STOP: (
        "stop", "stop reminders", "stop reminding me", "pause reminders", "pause", "unsubscribe",
        "стоп", "хватит", "остановить", "останови", "остановить напоминания",
        "стоп напоминания", "отключить напоминания", "выключить напоминания", "отписаться",
        "не напоминай", "хватит напоминать",
    ),
    Place.LANGUAGE: (
        "language", "change language", "change the language", "switch language", "english",
        "russian", "in english", "in russian",
        "язык", "сменить язык", "поменять язык", "русский", "английский", "на русском",
        "по-русски", "по русски", "по-английски", "по английски",
    ),
    Place.FORGET: (
        "delete my data", "delete all my data", "delete my account", "forget me",
        "erase my data", "remove my data", "delete me", "delete everything",
        "удалить мои данные", "удали мои данные", "удалите мои данные", "забудь меня",
        "удалить данные", "удалить все мои данные", "удали все мои данные", "удалить аккаунт",
        "удали меня",
    ),
}

_POLITE = re.compile(r"^(?:please|pls|пожалуйста|плиз)\s+|\s+(?:please|pls|пожалуйста)$")
_NOT_A_WORD = re.compile(r"[^\w\s-]+")

_INDEX = {phrase: place for place, phrases in _PHRASES.items() for phrase in phrases}


def _normalise(text: str) -> str:
    text = _NOT_A_WORD.sub(" ", text.lower().replace("ё", "е"))
    text = " ".join(text.split())
    return _POLITE.sub("", text).strip()


def place_named(text: str) -> Place | None:
    """The place a whole message names, or None (most messages)."""
    if len(text) > 40:  # no phrase is this long: skip the work for descriptions
        return None
    return _INDEX.get(_normalise(text))
