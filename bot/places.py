"""The bot's own places named in a message: "reminders", «язык», "delete my data".

Someone who types the name of a place instead of a command gets that place, in any of the
bot's languages. A short message is read by what its words are *about*: each word is
classed by its stem (a reminder, a stop verb, a language, deleting, data, help, how a thing
works) or as one of the small words around them (please, my, «мне», "this bot"). Only a
message made entirely of such words can name a place, so "stop the twitching" or «язык
дергается» (the tongue) never does: a word about anything else (a symptom, a body part, a
number) makes it a description, not a place. Callers still read emergencies first.
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
        "help",
        "help me",
        "how does this work",
        "what can you do",
        "commands",
        "menu help",
        "помощь",
        "помоги",
        "помогите",
        "справка",
        "что ты умеешь",
        "как пользоваться",
        "команды",
    ),
    Place.REMINDERS: (
        "reminders",
        "reminder",
        "my reminders",
        "water reminder",
        "water reminders",
        "sleep reminder",
        "sleep reminders",
        "remind me",
        "напоминания",
        "напоминание",
        "мои напоминания",
        "напоминалки",
        "напоминалка",
        "напоминай",
        "напомни",
        "напомни мне",
        "напоминания о воде",
        "напоминание о сне",
    ),
    Place.STOP: (
        "stop",
        "stop reminders",
        "stop reminding me",
        "pause reminders",
        "pause",
        "unsubscribe",
        "стоп",
        "хватит",
        "остановить",
        "останови",
        "остановить напоминания",
        "стоп напоминания",
        "отключить напоминания",
        "выключить напоминания",
        "отписаться",
        "не напоминай",
        "хватит напоминать",
    ),
    Place.LANGUAGE: (
        "language",
        "change language",
        "change the language",
        "switch language",
        "english",
        "russian",
        "in english",
        "in russian",
        "язык",
        "сменить язык",
        "поменять язык",
        "русский",
        "английский",
        "на русском",
        "по-русски",
        "по русски",
        "по-английски",
        "по английски",
    ),
    Place.FORGET: (
        "delete my data",
        "delete all my data",
        "delete my account",
        "forget me",
        "erase my data",
        "remove my data",
        "delete me",
        "delete everything",
        "удалить мои данные",
        "удали мои данные",
        "удалите мои данные",
        "забудь меня",
        "удалить данные",
        "удалить все мои данные",
        "удали все мои данные",
        "удалить аккаунт",
        "удали меня",
    ),
}

_POLITE = re.compile(r"^(?:please|pls|пожалуйста|плиз)\s+|\s+(?:please|pls|пожалуйста)$")
_NOT_A_WORD = re.compile(r"(?:[^\w\s'-]|(?<!\w)'|'(?!\w))+")

_INDEX = {phrase: place for place, phrases in _PHRASES.items() for phrase in phrases}


def _normalise(text: str) -> str:
    text = _NOT_A_WORD.sub(" ", text.lower().replace("ё", "е"))
    text = " ".join(text.split())
    return _POLITE.sub("", text).strip()


# What each word of a place's message can be, by the start of the word (lower case, "ё" as
# "е"). Russian verbs are matched in any form (выключи, выключить); «напомню» (I will
# remind) is a remark, not a request.
_ROLES: dict[str, re.Pattern[str]] = {
    role: re.compile(pattern)
    for role, pattern in {
        "remind": r"remind|напомин|напомни(?!ю)|напоминалк",
        "notify": r"notif|messag|texts?$|sending|send$|spam|alerts?$|ping|уведомл|сообщен"
        r"|присыл|присла|рассылк|шли$|слать",
        "stop": r"stop|paus|unsub|mute|disabl|cancel|quiet|silenc|off$|хватит|выключ|отключ"
        r"|останов|стоп|пауз|отпиш|отпис|прекрат|замолч|перестан",
        "not": r"no$|not$|don'?t$|never$|не$|нет$|anymore$",
        "language": r"language|lang$|english|russian|eng$|rus$|язык|английск|русск|англ$",
        "delete": r"delet|erase|wipe|remov|forget|clear|purge|удал|сотр|стер|забуд|забыть|очист",
        "data": r"data|everything|all$|account|history|info|profile|me$|myself|данн|вс[еёюя]х?$"
        r"|аккаунт|истори|меня$|обо$|мне$|информац|профил",
        "help": r"help|помощ|помоги|помогите|справк|commands?$|команд|инструкц|manual$",
        "how": r"how$|what$|как$|что$",
        "work": r"works?$|use$|using$|работа|пользова|умеешь|делать$|can$|do$|does$",
        "bot": r"bot|this$|you$|it$|тоб|тебя$|ты$|бот|это[тм]?$",
        "other": r"switch|change|speak|talk|set$|setup|settings?$|show|open|see$|list|edit"
        r"|where|get$|go$|turn|переключ|смен|помен|измен|говор|разговарива|настро|откр|покаж"
        r"|где$|включ|постав|посмотр|время|time$|daily$|ежедневн|water$|sleep|drink|пить$|вод[аыеу]$"
        r"|сн?[уае]$|сна$|спать$|know$|знаешь$"
        r"|please$|pls$|plz$|пожалуйста$|плиз$|ok$|ок$|ну$|давай|можно$|можешь$|could$"
        r"|would$|i$|want$|to$|a$|the$|my$|mine$|of$|for$|about$|on$|up$|again$|now$|from$"
        r"|теперь$|сейчас$|хочу$|надо$|нужно$|them$|их$|его$|мои$|мой$|мое$|моих$|на$"
        r"|in$|по$|о$|об$|про$|и$|and$|with$|more$|больше$|уже$|any$|все$|me$|us$|am$",
    }.items()
}
_MAX_WORDS = 8


def _roles(words: list[str]) -> set[str] | None:
    """The roles of a message's words, or None if a word has none (it is about something
    else: a symptom, a body part, a number)."""
    roles: set[str] = set()
    for word in words:
        found = {role for role, pattern in _ROLES.items() if pattern.match(word)}
        if not found:
            return None
        roles |= found
    return roles


def _intent(roles: set[str]) -> Place | None:
    """The place a message made only of place words asks for, the most specific first."""
    if "delete" in roles and "data" in roles:
        return Place.FORGET
    if "language" in roles:
        return Place.LANGUAGE
    if "stop" in roles or ("not" in roles and roles & {"remind", "notify"}):
        return Place.STOP
    if roles & {"remind", "notify"}:
        return Place.REMINDERS
    if "help" in roles or {"how", "work", "bot"} <= roles:  # "how does this bot work"
        return Place.HELP
    return None


def place_named(text: str) -> Place | None:
    """The place a whole message names, or None (most messages)."""
    if len(text) > 80:  # no place's message is this long: skip the work for descriptions
        return None
    normalised = _normalise(text)
    if normalised in _INDEX:
        return _INDEX[normalised]
    words = normalised.replace("-", " ").split()
    if not words or len(words) > _MAX_WORDS:
        return None
    roles = _roles(words)
    return _intent(roles) if roles is not None else None
