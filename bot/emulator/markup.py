"""Reply markup: telegram-bot-api's ``get_reply_markup``, tdlib's checks and the server's limits."""

from __future__ import annotations

import json
from typing import Any, Final

from bot.emulator.arguments import opt_bool, opt_field, opt_str, req_str
from bot.emulator.errors import JSON, Fail, bad
from bot.emulator.links import check_link, link_user_id

MAX_CALLBACK_DATA_BYTES: Final = 64
MAX_INLINE_BUTTONS: Final = 100

_INLINE_ACTIONS: Final = (
    "url",
    "callback_data",
    "callback_game",
    "pay",
    "switch_inline_query",
    "switch_inline_query_chosen_chat",
    "switch_inline_query_current_chat",
    "login_url",
    "web_app",
    "copy_text",
)


def _parse_inline_button(button: Any) -> JSON:
    """telegram-bot-api's get_inline_keyboard_button: pick the first usable action."""
    if not isinstance(button, dict):
        raise Fail("InlineKeyboardButton must be an Object")
    text = req_str(button, "text")
    url = opt_str(button, "url")
    if url:
        return {"text": text, "url": url}
    data = opt_str(button, "callback_data")
    if data:
        return {"text": text, "callback_data": data}
    if "callback_game" in button:
        return {"text": text, "callback_game": {}}
    if "pay" in button:
        return {"text": text, "pay": True}
    if "switch_inline_query" in button:
        return {"text": text, "switch_inline_query": req_str(button, "switch_inline_query")}
    if "switch_inline_query_chosen_chat" in button:
        value = opt_field(button, "switch_inline_query_chosen_chat", "Object")
        return {"text": text, "switch_inline_query_chosen_chat": value}
    if "switch_inline_query_current_chat" in button:
        query = req_str(button, "switch_inline_query_current_chat")
        return {"text": text, "switch_inline_query_current_chat": query}
    for name in ("login_url", "web_app", "copy_text"):
        if name in button:
            value = opt_field(button, name, "Object")
            req_str(value, "text" if name == "copy_text" else "url")
            return {"text": text, name: value}
    raise Fail("Text buttons are unallowed in the inline keyboard")


def _parse_keyboard_button(button: Any) -> JSON:
    if isinstance(button, str):
        return {"text": button}
    if not isinstance(button, dict):
        raise Fail("KeyboardButton must be a String or an Object")
    result: JSON = {"text": req_str(button, "text")}
    for flag in ("request_contact", "request_location"):
        if opt_bool(button, flag):
            result[flag] = True
            return result
    for name in ("request_poll", "web_app", "request_users", "request_user", "request_chat"):
        if name in button:
            result[name] = opt_field(button, name, "Object")
            return result
    return result


def parse_reply_markup(raw: str) -> JSON | None:
    """The Bot API stage: JSON decoding and structure (errors come out verbatim)."""
    if raw == "":
        return None
    try:
        value = json.loads(raw)
    except ValueError:
        raise bad("Can't parse reply keyboard markup JSON object") from None
    try:
        return _parse_reply_markup_value(value)
    except Fail as exc:
        raise bad(str(exc)) from None


def _parse_reply_markup_value(value: Any) -> JSON | None:
    if not isinstance(value, dict):
        raise Fail("Object expected as reply markup")
    rows: list[list[JSON]] = []
    keyboard = opt_field(value, "keyboard", "Array")
    for row in keyboard or []:
        if not isinstance(row, list):
            raise Fail('Field "keyboard" must be an Array of Arrays')
        parsed_row = []
        for button in row:
            try:
                parsed_row.append(_parse_keyboard_button(button))
            except Fail as exc:
                raise Fail(f"Can't parse keyboard button: {exc}") from None
        rows.append(parsed_row)
    inline_rows: list[list[JSON]] = []
    inline_keyboard = opt_field(value, "inline_keyboard", "Array")
    for row in inline_keyboard or []:
        if not isinstance(row, list):
            raise Fail(
                'Field "inline_keyboard" of the InlineKeyboardMarkup must be an Array of Arrays'
            )
        parsed_row = []
        for button in row:
            try:
                parsed_row.append(_parse_inline_button(button))
            except Fail as exc:
                raise Fail(f"Can't parse inline keyboard button: {exc}") from None
        inline_rows.append(parsed_row)
    hide = opt_bool(value, "hide_keyboard") or opt_bool(value, "remove_keyboard")
    selective = opt_bool(value, "personal_keyboard") or opt_bool(value, "selective")
    force_reply = opt_bool(value, "force_reply_keyboard") or opt_bool(value, "force_reply")
    placeholder = opt_str(value, "input_field_placeholder")
    if rows:
        result: JSON = {"keyboard": rows}
        for flag in ("resize_keyboard", "one_time_keyboard", "is_persistent"):
            if opt_bool(value, flag):
                result[flag] = True
        if placeholder:
            result["input_field_placeholder"] = placeholder
        return result
    if inline_rows:
        return {"inline_keyboard": inline_rows}
    if hide:
        return {"remove_keyboard": True, **({"selective": True} if selective else {})}
    if force_reply:
        result = {"force_reply": True}
        if placeholder:
            result["input_field_placeholder"] = placeholder
        return result
    return None


def finalize_markup(markup: JSON | None, *, only_inline: bool) -> JSON | None:
    """The tdlib stage: drop empty-text buttons, check URLs, 12 per row, 300 in total."""
    if markup is None:
        return None
    if only_inline and "inline_keyboard" not in markup:
        raise bad("Inline keyboard expected")
    for key in ("inline_keyboard", "keyboard"):
        if key not in markup:
            continue
        rows: list[list[JSON]] = []
        total = 0
        for row in markup[key]:
            kept: list[JSON] = []
            for button in row:
                if button["text"] == "":
                    continue
                if key == "inline_keyboard" and "url" in button:
                    button = dict(button)
                    user_id = link_user_id(button["url"])
                    if user_id is None:
                        try:
                            button["url"] = check_link(button["url"])
                        except Fail as exc:
                            raise bad(f"Inline keyboard button {exc}") from None
                kept.append(button)
                total += 1
                if len(kept) >= 12 or total >= 300:
                    break
            if kept:
                rows.append(kept)
            if total >= 300:
                break
        if not rows:
            return None
        return {**markup, key: rows}
    return markup


def server_check_markup(markup: JSON | None) -> None:
    """Checks Telegram's servers make on inline keyboards."""
    if markup is None or "inline_keyboard" not in markup:
        return
    count = 0
    for row in markup["inline_keyboard"]:
        for button in row:
            count += 1
            data = button.get("callback_data")
            if data is not None and len(data.encode("utf-8")) > MAX_CALLBACK_DATA_BYTES:
                raise bad("BUTTON_DATA_INVALID")
    if count > MAX_INLINE_BUTTONS:
        raise bad("reply markup is too long")
