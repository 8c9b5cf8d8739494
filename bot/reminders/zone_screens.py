"""Asking for a time zone and a typed time: the prompt with its reply keyboard, and the
answers. Pure, like bot/reminders/screens.py.
"""

from __future__ import annotations

from datetime import datetime

from telegram import KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove

from bot.i18n import Language
from bot.reminders.words import zone_line
from bot.reminders.zones import common_zones, zone_label
from bot.ui import KeyboardReply


def zone_prompt(lang: Language, now: datetime, notice: str = "") -> KeyboardReply:
    """Ask for the time zone: a location button, common zones, or typing."""
    zone_buttons = [
        KeyboardButton(zone_label(z, lang.locale, now)) for z in common_zones(lang.code)
    ]
    rows = [
        [KeyboardButton(lang.gettext("📍 Share my location"), request_location=True)],
        *[zone_buttons[i : i + 2] for i in range(0, len(zone_buttons), 2)],
        [KeyboardButton(lang.gettext("✖️ Cancel"))],
    ]
    text = "\n\n".join(
        line
        for line in [
            notice,
            "🌍 <b>" + lang.gettext("Your time zone") + "</b>",
            lang.gettext("Telegram does not tell bots your time zone, so reminders need it once."),
            lang.gettext(
                "Share your location with the button below (it is used once to find the zone "
                "and is not stored), choose a city from the list, or type a city or an offset "
                "such as +3 or UTC-5."
            ),
        ]
        if line
    )
    return KeyboardReply(
        text,
        ReplyKeyboardMarkup(
            rows,
            resize_keyboard=True,
            one_time_keyboard=True,
            input_field_placeholder=lang.gettext("A city or +3"),
        ),
    )


def zone_set(lang: Language, zone: str, now: datetime) -> KeyboardReply:
    """Confirm the zone as the user's local time, and take the keyboard away."""
    return KeyboardReply("✓ " + zone_line(zone, now, lang), ReplyKeyboardRemove())


def zone_not_found(lang: Language) -> str:
    return lang.gettext(
        "I could not find that time zone. Type a big city near you, an offset such as +3 "
        "or UTC-5, or share your location; ✖️ Cancel leaves it unchanged."
    )


def zone_unchanged(lang: Language) -> KeyboardReply:
    return KeyboardReply(
        lang.gettext("Time zone unchanged. /reminders shows your reminders."),
        ReplyKeyboardRemove(),
    )


def time_not_understood(lang: Language) -> str:
    return lang.gettext("I could not read that as a time. Type it like 22:30 or 7:05.")
