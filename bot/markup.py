"""Checks for the subset of Telegram's HTML parse mode that the bot sends.

Telegram rejects a whole message when its markup does not parse, so content is checked
at start-up with the same rules instead of failing on a user's tap.
"""

from __future__ import annotations

import html
import re

MAX_MESSAGE_LENGTH = 4096  # Telegram counts UTF-16 code units after entity parsing
MAX_CAPTION = 1024  # a photo's caption, counted the same way
MAX_CALLBACK_DATA_BYTES = 64
MAX_BUTTON_TEXT = 64  # not a hard Telegram limit, but longer labels are cut on phones

ALLOWED_TAGS = frozenset({"b", "i", "u", "a"})
_TOKEN = re.compile(
    r"<(?P<close>/?)(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)(?P<attrs>[^<>]*)>"
    r"|&(?P<entity>#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);"
    r"|(?P<bad>[<&])"
)
_NAMED_ENTITIES = frozenset({"lt", "gt", "amp", "quot"})
_HREF = re.compile(r"""^\s+href="(?:https?|tg)://[^"\s]+"\s*$""")


class MarkupError(ValueError):
    """The text would be refused by Telegram's HTML parser."""


def visible_text(markup: str) -> str:
    """Return the text a user sees, raising MarkupError where Telegram would refuse it."""
    stack: list[str] = []
    out: list[str] = []
    pos = 0
    for match in _TOKEN.finditer(markup):
        out.append(markup[pos : match.start()])
        pos = match.end()
        if match["bad"]:
            what = "an unescaped '<'" if match["bad"] == "<" else "an unescaped '&'"
            raise MarkupError(f"{what} at character {match.start()}; write &lt; or &amp;")
        if match["entity"]:
            name = match["entity"]
            if not name.startswith("#") and name not in _NAMED_ENTITIES:
                raise MarkupError(f"unsupported entity &{name};")
            out.append(html.unescape(match.group(0)))
            continue
        tag = match["tag"].lower()
        if match["close"]:
            if not stack or stack[-1] != tag:
                raise MarkupError(f"unexpected end tag </{tag}> at character {match.start()}")
            stack.pop()
            continue
        if tag not in ALLOWED_TAGS:
            raise MarkupError(f"unsupported tag <{tag}>; use only {sorted(ALLOWED_TAGS)}")
        attrs = match["attrs"]
        if tag == "a" and not _HREF.match(attrs):
            raise MarkupError('a link needs exactly one href="https://..." attribute')
        if tag != "a" and attrs.strip():
            raise MarkupError(f"<{tag}> takes no attributes")
        if tag in stack:
            raise MarkupError(f"<{tag}> is nested inside another <{tag}>")
        stack.append(tag)
    if stack:
        raise MarkupError(f"<{stack[-1]}> is never closed")
    out.append(markup[pos:])
    return "".join(out)


def telegram_length(text: str) -> int:
    """Length as Telegram measures it: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def check_message(markup: str, limit: int = MAX_MESSAGE_LENGTH) -> None:
    """Raise MarkupError unless Telegram would accept this as an HTML message text (or, with
    limit=MAX_CAPTION, a photo's caption)."""
    text = visible_text(markup)
    if not text.strip():
        raise MarkupError("the message is empty")
    length = telegram_length(text)
    if length > limit:
        raise MarkupError(f"{length} characters, over Telegram's {limit}")


def escape(text: str) -> str:
    """Escape plain text for HTML parse mode."""
    return html.escape(text, quote=False)
