"""The text engine: UTF-16 offsets and Telegram's HTML parser (a port of tdlib's parse_html)."""

from __future__ import annotations

import contextlib
import re
from typing import Final

from bot.emulator.errors import JSON, EntityParseError, Fail
from bot.emulator.links import check_link, link_user_id

# --------------------------------------------------------------------------------------------
# UTF-16 helpers
# --------------------------------------------------------------------------------------------


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of Telegram's entity offsets."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def utf16_prefix(text: str) -> list[int]:
    """``prefix[i]`` is the UTF-16 length of ``text[:i]``."""
    prefix = [0] * (len(text) + 1)
    total = 0
    for index, ch in enumerate(text):
        total += 2 if ord(ch) > 0xFFFF else 1
        prefix[index + 1] = total
    return prefix


def utf16_to_cp(text: str) -> dict[int, int]:
    """Map every UTF-16 offset that falls on a code point boundary to the code point index."""
    return {u16: cp for cp, u16 in enumerate(utf16_prefix(text))}


def entities_to_utf16(text: str, entities: list[JSON]) -> list[JSON]:
    prefix = utf16_prefix(text)
    result = []
    for entity in entities:
        converted = dict(entity)
        start = entity["offset"]
        end = start + entity["length"]
        converted["offset"] = prefix[start]
        converted["length"] = prefix[end] - prefix[start]
        result.append(converted)
    return result


# --------------------------------------------------------------------------------------------
# Telegram's HTML parser (a port of tdlib's parse_html)
# --------------------------------------------------------------------------------------------

_HTML_SPACE: Final = frozenset(b" \t\r\n\x00\x0b")
_HTML_TAGS: Final = frozenset(
    {
        "a",
        "b",
        "strong",
        "i",
        "em",
        "s",
        "strike",
        "del",
        "u",
        "ins",
        "tg-spoiler",
        "tg-emoji",
        "span",
        "pre",
        "code",
        "blockquote",
    }
)
_HTML_ENTITY_NAMES: Final = {b"lt": 0x3C, b"gt": 0x3E, b"amp": 0x26, b"quot": 0x22}
_TYPE_PRIORITY: Final = {
    "blockquote": 0,
    "expandable_blockquote": 0,
    "pre": 11,
    "code": 20,
    "text_link": 49,
    "text_mention": 49,
    "bold": 90,
    "italic": 91,
    "underline": 92,
    "strikethrough": 93,
    "spoiler": 94,
    "custom_emoji": 99,
}


def _is_alnum(c: int) -> bool:
    return 0x30 <= c <= 0x39 or 0x41 <= c <= 0x5A or 0x61 <= c <= 0x7A


def _is_hex(c: int) -> bool:
    return 0x30 <= c <= 0x39 or 0x41 <= c <= 0x46 or 0x61 <= c <= 0x66


def _decode_html_entity(data: bytes, pos: int) -> tuple[int, int]:
    """Decode ``&...;`` at ``pos``; return (code point, end) or (0, pos) if it is no entity."""
    size = len(data)

    def at(i: int) -> int:
        return data[i] if i < size else 0

    end = pos + 1
    code = 0
    if at(pos + 1) == 0x23:  # '#': numeric character reference
        end += 1
        if at(pos + 2) in (0x78, 0x58):  # 'x' or 'X' (TDLib 1.8.69): hexadecimal
            end += 1
            while _is_hex(at(end)):
                code = code * 16 + int(chr(at(end)), 16)
                end += 1
        else:
            while 0x30 <= at(end) <= 0x39:
                code = code * 10 + at(end) - 0x30
                end += 1
        if code == 0 or code >= 0x10FFFF or end - pos >= 10:
            return 0, pos
    else:
        while 0x41 <= at(end) <= 0x5A or 0x61 <= at(end) <= 0x7A:
            end += 1
        code = _HTML_ENTITY_NAMES.get(data[pos + 1 : end], 0)
        if code == 0:
            return 0, pos
    if at(end) == 0x3B:  # the ';' is optional, as in tdlib
        end += 1
    return code, end


def parse_html(source: str) -> tuple[str, list[JSON]]:
    """Parse Telegram HTML into (plain text, entities) exactly like tdlib's ``parse_html``.

    Offsets and lengths are in UTF-16 code units.  No trimming or clean-up happens here (the
    server does that afterwards).  Raises :class:`EntityParseError` with tdlib's message.
    ``text_mention`` entities carry only ``{"user": {"id": ...}}``; the server fills in the user.
    """
    data = source.encode("utf-8")
    size = len(data)

    def at(i: int) -> int:
        return data[i] if i < size else 0

    def is_space(c: int) -> bool:
        return c in _HTML_SPACE

    out = bytearray()
    utf16 = 0
    entities: list[JSON] = []
    # (tag name, argument, UTF-16 offset, byte position in ``out``)
    stack: list[tuple[str, str, int, int]] = []
    surrogates = False
    i = 0
    while i < size:
        c = data[i]
        if c == 0x26:  # '&'
            code, end = _decode_html_entity(data, i)
            if code:
                # half of a surrogate pair: tdlib rejects the text, but only once all tags parsed
                surrogates = surrogates or 0xD800 <= code <= 0xDFFF
                out += chr(code).encode("utf-8", "surrogatepass")
                utf16 += 2 if code > 0xFFFF else 1
                i = end
                continue
        if c != 0x3C:  # not '<'
            if (c & 0xC0) != 0x80:
                utf16 += 2 if c >= 0xF0 else 1
            out.append(c)
            i += 1
            continue

        begin = i
        i += 1
        if at(i) != 0x2F:  # start tag
            while not is_space(at(i)) and at(i) != 0x3E:
                i += 1
            if at(i) == 0:
                raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
            tag = data[begin + 1 : i].lower().decode("utf-8", "replace")
            if tag not in _HTML_TAGS:
                raise EntityParseError(f'Unsupported start tag "{tag}" at byte offset {begin}')

            argument = ""
            while at(i) != 0x3E:
                while at(i) != 0 and is_space(at(i)):
                    i += 1
                if at(i) == 0x3E:
                    break
                attr_begin = i
                while not is_space(at(i)) and at(i) not in (0x3D, 0x3E, 0x2F, 0x22, 0x27):
                    i += 1
                attr_name = data[attr_begin:i]
                if not attr_name:
                    raise EntityParseError(
                        f'Empty attribute name in the tag "{tag}" at byte offset {begin}'
                    )
                while at(i) != 0 and is_space(at(i)):
                    i += 1
                if at(i) != 0x3D:  # attribute without a value
                    if at(i) == 0:
                        raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                    if tag == "blockquote" and attr_name == b"expandable":
                        argument = "1"
                    continue
                i += 1
                while at(i) != 0 and is_space(at(i)):
                    i += 1
                if at(i) == 0:
                    raise EntityParseError(f'Unclosed start tag "{tag}" at byte offset {begin}')
                if at(i) not in (0x27, 0x22):
                    # A name token: letters, digits, periods and hyphens, case-insensitive.
                    token_begin = i
                    while _is_alnum(at(i)) or at(i) in (0x2E, 0x2D):
                        i += 1
                    value = data[token_begin:i].lower()
                    if not is_space(at(i)) and at(i) != 0x3E:
                        raise EntityParseError(
                            f"Unexpected end of name token at byte offset {token_begin}"
                        )
                else:
                    quote = at(i)
                    i += 1
                    buffer = bytearray()
                    while at(i) != quote and at(i) != 0:
                        if at(i) == 0x26:
                            code, end = _decode_html_entity(data, i)
                            if code:
                                buffer += chr(code).encode("utf-8", "surrogatepass")
                                i = end
                                continue
                        buffer.append(at(i))
                        i += 1
                    if at(i) == quote:
                        i += 1
                    value = bytes(buffer)
                if at(i) == 0:
                    raise EntityParseError(f"Unclosed start tag at byte offset {begin}")
                text_value = value.decode("utf-8", "replace")
                if tag == "a" and attr_name == b"href":
                    argument = text_value
                elif tag == "code" and attr_name == b"class" and value.startswith(b"language-"):
                    argument = text_value[len("language-") :]
                elif tag == "span" and attr_name == b"class" and value.startswith(b"tg-"):
                    argument = text_value[len("tg-") :]
                elif tag == "tg-emoji" and attr_name == b"emoji-id":
                    argument = text_value
                elif tag == "blockquote" and attr_name == b"expandable":
                    argument = "1"
            if tag == "span" and argument != "spoiler":
                raise EntityParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {begin}'
                )
            stack.append((tag, argument, utf16, len(out)))
            i += 1  # skip '>'
            continue

        # end tag
        if not stack:
            raise EntityParseError(f"Unexpected end tag at byte offset {begin}")
        while not is_space(at(i)) and at(i) != 0x3E:
            i += 1
        end_name = data[begin + 2 : i].lower().decode("utf-8", "replace")
        while is_space(at(i)) and at(i) != 0:
            i += 1
        if at(i) != 0x3E:
            raise EntityParseError(f"Unclosed end tag at byte offset {begin}")
        tag, argument, offset, byte_pos = stack[-1]
        if end_name and end_name != tag:
            raise EntityParseError(
                f'Unmatched end tag at byte offset {begin}, expected "</{tag}>", '
                f'found "</{end_name}>"'
            )
        if utf16 > offset:
            length = utf16 - offset
            _add_html_entity(entities, tag, argument, offset, length, out, byte_pos)
        stack.pop()
        i += 1
    if stack:
        raise EntityParseError(f'Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    if surrogates:
        raise EntityParseError(
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units"
        )
    for entity in entities:
        if entity["type"] == "code":
            entity.pop("language", None)
    entities.sort(key=entity_sort_key)
    return out.decode("utf-8"), entities


def _add_html_entity(
    entities: list[JSON],
    tag: str,
    argument: str,
    offset: int,
    length: int,
    out: bytearray,
    byte_pos: int,
) -> None:
    simple = {
        "i": "italic",
        "em": "italic",
        "b": "bold",
        "strong": "bold",
        "s": "strikethrough",
        "strike": "strikethrough",
        "del": "strikethrough",
        "u": "underline",
        "ins": "underline",
        "tg-spoiler": "spoiler",
        "span": "spoiler",
    }
    if tag in simple:
        entities.append({"type": simple[tag], "offset": offset, "length": length})
    elif tag == "tg-emoji":
        if not re.fullmatch(r"-?\d{1,19}", argument) or int(argument) == 0:
            raise EntityParseError("Invalid custom emoji identifier specified")
        entity: JSON = {"type": "custom_emoji", "offset": offset, "length": length}
        entity["custom_emoji_id"] = argument
        entities.append(entity)
    elif tag == "a":
        url = argument or out[byte_pos:].decode("utf-8", "replace")
        user_id = link_user_id(url)
        if user_id is not None:
            mention: JSON = {"type": "text_mention", "offset": offset, "length": length}
            mention["user"] = {"id": user_id}
            entities.append(mention)
        else:
            with contextlib.suppress(Fail):
                link: JSON = {"type": "text_link", "offset": offset, "length": length}
                link["url"] = check_link(url)
                entities.append(link)
    elif tag == "pre":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "code"
            and last["offset"] == offset
            and last["length"] == length
            and last.get("language")
        ):
            last["type"] = "pre"
        else:
            entities.append({"type": "pre", "offset": offset, "length": length})
    elif tag == "code":
        last = entities[-1] if entities else None
        if (
            last is not None
            and last["type"] == "pre"
            and "language" not in last  # tdlib's Pre, not a PreCode made by an inner <code>
            and last["offset"] == offset
            and last["length"] == length
            and argument
        ):
            last["language"] = argument
        else:
            code: JSON = {"type": "code", "offset": offset, "length": length}
            if argument:
                code["language"] = argument
            entities.append(code)
    elif tag == "blockquote":
        kind = "expandable_blockquote" if argument else "blockquote"
        entities.append({"type": kind, "offset": offset, "length": length})


def entity_sort_key(entity: JSON) -> tuple[int, int, int]:
    priority = _TYPE_PRIORITY.get(entity["type"], 50)
    if entity["type"] == "pre" and entity.get("language"):
        priority = 10
    return entity["offset"], -entity["length"], priority
