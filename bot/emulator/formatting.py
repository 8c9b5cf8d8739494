"""A message's text as the Bot API takes it: ``text`` + ``parse_mode`` or ``entities``, cleaned
and trimmed like tdlib's ``fix_formatted_text``, with automatic entities (url, mention...)."""

from __future__ import annotations

import re
from typing import Any, Final

from bot.emulator.arguments import Args, opt_field, opt_str, req_int, req_str
from bot.emulator.errors import JSON, EntityParseError, Fail, bad
from bot.emulator.links import check_link, link_user_id
from bot.emulator.text import entity_sort_key, parse_html, utf16_len, utf16_to_cp

MAX_RAW_TEXT_BYTES: Final = 1 << 15

# --------------------------------------------------------------------------------------------
# Automatic entities (tdlib's find_entities, simplified)
# --------------------------------------------------------------------------------------------

_AUTO_PATTERNS: Final = (
    ("url", re.compile(r"(?<![\w@.])(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)),
    ("email", re.compile(r"(?<![\w.+-])[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    ("mention", re.compile(r"(?<![\w@])@[A-Za-z0-9_]{5,32}(?![\w@])")),
    ("hashtag", re.compile(r"(?<![\w#])#(?=\w*[^\W\d_])\w{1,256}")),
    ("cashtag", re.compile(r"(?<![\w$])\$[A-Z]{3,8}(?![\w$])")),
    (
        "bot_command",
        re.compile(r"(?<![\w/<>])/[A-Za-z0-9_]{1,64}(?:@[A-Za-z0-9_]{3,32})?(?![\w/<>@])"),
    ),
)
_CONTINUOUS_TYPES: Final = frozenset(
    {"code", "pre", "text_link", "text_mention", "custom_emoji", "url", "email", "mention"}
)


def find_entities(text: str, existing: list[JSON]) -> list[JSON]:
    """Find url/email/mention/hashtag/cashtag/bot_command entities (code point offsets)."""
    found: list[JSON] = []
    for kind, pattern in _AUTO_PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if kind == "url":
                while end > start and text[end - 1] in ".,:;!?'\")]}":
                    end -= 1
                if end - start < 8:
                    continue
            found.append({"type": kind, "offset": start, "length": end - start})
    found.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    accepted: list[JSON] = []
    blockers = [entity for entity in existing if entity["type"] in _CONTINUOUS_TYPES]
    for entity in found:
        start, end = entity["offset"], entity["offset"] + entity["length"]
        if any(start < b["offset"] + b["length"] and b["offset"] < end for b in accepted):
            continue
        if any(start < b["offset"] + b["length"] and b["offset"] < end for b in blockers):
            continue
        accepted.append(entity)
    return accepted


EMPTY_CHARS: Final = frozenset(
    [
        0x20,
        0x0A,
        0xA0,
        0x115F,
        0x1160,
        0x180E,
        0x205F,
        0x3000,
        0x3164,
        0xFFA0,
        0xFEFF,
        *range(0x2000, 0x2010),
        *range(0x2060, 0x2065),
    ]
)


def formatted_text(args: Args) -> tuple[str, list[JSON], str]:
    """telegram-bot-api's get_input_message_text: returns (text, utf16 entities, mode)."""
    text = args.text("text")
    if text == "":
        raise bad("Message text is empty")
    if len(text.encode("utf-8")) > MAX_RAW_TEXT_BYTES:
        raise bad("Text is too long")
    if args.has("link_preview_options") and args.text("link_preview_options"):
        try:
            options = args.json_value("link_preview_options")
        except ValueError:
            raise bad("Can't parse link preview options JSON object") from None
        if not isinstance(options, dict):
            raise bad("Object expected as link preview options")
    parse_mode = args.text("parse_mode").lower()
    if parse_mode not in ("", "none"):
        if parse_mode == "html":
            try:
                plain, entities = parse_html(text)
            except EntityParseError as exc:
                raise bad(f"Can't parse entities: {exc}") from None
            return plain, entities, parse_mode
        if parse_mode in ("markdown", "markdownv2"):
            raise bad(
                f"Can't parse entities: parse_mode {args.text('parse_mode')} is not "
                "implemented by the fake Bot API server (use HTML)"
            )
        raise bad("Unsupported parse_mode")
    return text, explicit_entities(args), ""


def explicit_entities(args: Args) -> list[JSON]:
    try:
        raw = args.json_value("entities") if args.text("entities") else None
    except ValueError:
        return []  # telegram-bot-api silently ignores undecodable entities
    if not isinstance(raw, list):
        return []
    result = []
    for item in raw:
        try:
            entity = explicit_entity(item)
        except Fail as exc:
            raise bad(f"Can't parse MessageEntity: {exc}") from None
        if entity is not None:
            result.append(entity)
    return result


def explicit_entity(item: Any) -> JSON | None:
    if not isinstance(item, dict):
        raise Fail("expected an Object")
    offset = req_int(item, "offset")
    length = req_int(item, "length")
    kind = req_str(item, "type")
    entity: JSON = {"type": kind, "offset": offset, "length": length}
    simple = {
        "bold",
        "italic",
        "underline",
        "strikethrough",
        "spoiler",
        "code",
        "blockquote",
        "expandable_blockquote",
    }
    if kind in simple:
        return entity
    if kind == "pre":
        language = opt_str(item, "language")
        if language:
            entity["language"] = language
        return entity
    if kind == "text_link":
        url = req_str(item, "url")
        user_id = link_user_id(url)
        if user_id is not None:
            return {
                "type": "text_mention",
                "offset": offset,
                "length": length,
                "user": {"id": user_id},
            }
        try:
            entity["url"] = check_link(url)
        except Fail as exc:
            raise bad(f"Entity {exc}") from None
        return entity
    if kind == "text_mention":
        user = opt_field(item, "user", "Object")
        if user is None:
            raise Fail('Can\'t find field "user"')
        entity["user"] = {"id": req_int(user, "id")}
        return entity
    if kind == "custom_emoji":
        entity["custom_emoji_id"] = req_str(item, "custom_emoji_id")
        return entity
    ignored = {
        "mention",
        "hashtag",
        "cashtag",
        "bot_command",
        "url",
        "email",
        "phone_number",
        "bank_card_number",
    }
    if kind in ignored:
        return None
    if kind == "":
        raise Fail("Type is not specified")
    raise Fail("Unsupported type specified")


def fix_text(text: str, entities: list[JSON]) -> tuple[str, list[JSON]]:
    """tdlib's fix_formatted_text: clean, trim, check emptiness; code point offsets out."""
    boundaries = utf16_to_cp(text)
    total16 = utf16_len(text)
    cp_entities: list[JSON] = []
    for entity in sorted(entities, key=entity_sort_key):
        offset, length = entity["offset"], entity["length"]
        if offset < 0 or offset > 1_000_000:
            raise bad(f"Receive an entity with incorrect offset {offset}")
        if length < 0 or length > 1_000_000:
            raise bad(f"Receive an entity with incorrect length {length}")
        if length == 0:
            continue
        if offset > total16:
            raise bad(f"Entity begins after the end of the text at UTF-16 offset {offset}")
        if offset + length > total16:
            raise bad(
                f"Entity beginning at UTF-16 offset {offset} ends after the end of the text "
                f"at UTF-16 offset {offset + length}"
            )
        if offset not in boundaries:
            byte = len(text[: boundaries[offset - 1] + 1].encode("utf-8"))
            raise bad(f"Entity begins in a middle of a UTF-16 symbol at byte offset {byte}")
        if offset + length not in boundaries:
            byte = len(text[: boundaries[offset + length - 1] + 1].encode("utf-8"))
            raise bad(
                f"Entity beginning at UTF-16 offset {offset} ends in a middle of a UTF-16 "
                f"symbol at byte offset {byte}"
            )
        start = boundaries[offset]
        converted = dict(entity)
        converted["offset"] = start
        converted["length"] = boundaries[offset + length] - start
        cp_entities.append(converted)

    # clean: control characters become spaces, \r and some characters disappear
    out: list[str] = []
    mapping = [0] * (len(text) + 1)
    for index, ch in enumerate(text):
        mapping[index] = len(out)
        code = ord(ch)
        if code == 0x0D or 0x2028 <= code <= 0x202E or code in (0x0333, 0x033F, 0x030A):
            continue
        out.append(" " if (code < 0x20 and code != 0x0A) else ch)
    mapping[len(text)] = len(out)
    cleaned = "".join(out)
    fixed: list[JSON] = []
    for entity in cp_entities:
        start = mapping[entity["offset"]]
        end = mapping[entity["offset"] + entity["length"]]
        if end > start:
            fixed.append({**entity, "offset": start, "length": end - start})

    # trim (spaces and newlines only) and check for emptiness
    last = len(cleaned) - 1
    while last >= 0 and cleaned[last] in " \n":
        last -= 1
    if last < 0:
        raise bad("Text must be non-empty")
    cleaned = cleaned[: last + 1]
    trimmed: list[JSON] = []
    for entity in fixed:
        if entity["offset"] > last:
            continue
        end = min(entity["offset"] + entity["length"], last + 1)
        trimmed.append({**entity, "length": end - entity["offset"]})
    trimmed.sort(key=entity_sort_key)
    first_entity = trimmed[0]["offset"] if trimmed else len(cleaned)
    first = 0
    while first < first_entity and cleaned[first] in " \n":
        first += 1
    cleaned = cleaned[first:]
    for entity in trimmed:
        entity["offset"] -= first
    if all(ord(ch) in EMPTY_CHARS for ch in cleaned):
        raise bad("Text must be non-empty")
    return cleaned, trimmed
