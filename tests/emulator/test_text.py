"""The text engine: Telegram's HTML parser and its errors."""

from __future__ import annotations

import httpx
import pytest

from bot.emulator import BotApiEmulator, EntityParseError, parse_html
from tests.emulator.helpers import error, started


def test_html_parser_produces_telegram_entities() -> None:
    text, entities = parse_html(
        "<b>Жирный <i>и 😀</i></b> &lt;tag&gt; AT&T &copy &lt &#x1F600;&#1046; "
        '<a href="https://example.com/a?b=1&amp;c=2">link</a>\n'
        '<pre><code class="language-python">print(1)</code></pre>'
        '<tg-spoiler>s</tg-spoiler><span class="tg-spoiler">t</span>'
        "<blockquote expandable>q</blockquote><blockquote>r</blockquote>"
        '<U>u</U><del>d</del><code class="language-x">c</code>'
        '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
        '<a href="tg://user?id=42">me</a><a href="not a link">x</a>'
    )
    assert text == ("Жирный и 😀 <tag> AT&T &copy < 😀Ж link\nprint(1)stqrudc👍mex")
    assert entities == [
        {"type": "bold", "offset": 0, "length": 11},
        {"type": "italic", "offset": 7, "length": 4},
        {"type": "text_link", "offset": 35, "length": 4, "url": "https://example.com/a?b=1&c=2"},
        {"type": "pre", "offset": 40, "length": 8, "language": "python"},
        {"type": "spoiler", "offset": 48, "length": 1},
        {"type": "spoiler", "offset": 49, "length": 1},
        {"type": "expandable_blockquote", "offset": 50, "length": 1},
        {"type": "blockquote", "offset": 51, "length": 1},
        {"type": "underline", "offset": 52, "length": 1},
        {"type": "strikethrough", "offset": 53, "length": 1},
        {"type": "code", "offset": 54, "length": 1},
        {
            "type": "custom_emoji",
            "offset": 55,
            "length": 2,
            "custom_emoji_id": "5368324170671202286",
        },
        {"type": "text_mention", "offset": 57, "length": 2, "user": {"id": 42}},
    ]


@pytest.mark.parametrize(
    ("html", "message"),
    [
        ("Привет <br>", 'Unsupported start tag "br" at byte offset 13'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("x <3", "Unclosed start tag at byte offset 2"),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b><i>x</i>", 'Can\'t find end tag corresponding to start tag "b"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<b>x</b", "Unclosed end tag at byte offset 4"),
        ("<a href=https://x.com>y</a>", "Unexpected end of name token at byte offset 8"),
        ('<a href="x', "Unclosed start tag at byte offset 0"),
        ("<span>x</span>", 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<b />x", 'Empty attribute name in the tag "b" at byte offset 0'),
        ("<tg-emoji emoji-id=abc>x</tg-emoji>", "Invalid custom emoji identifier specified"),
        (
            "&#xD83D;",
            "Text contains invalid Unicode characters after decoding HTML entities, "
            "check for unmatched surrogate code units",
        ),
    ],
)
async def test_html_errors_are_telegrams(
    html: str, message: str, server: BotApiEmulator, client: httpx.AsyncClient
) -> None:
    with pytest.raises(EntityParseError) as caught:
        parse_html(html)
    assert str(caught.value) == message
    user = await started(server)
    assert await error(
        client, server, "sendMessage", chat_id=user.id, text=html, parse_mode="HTML"
    ) == (400, f"Bad Request: can't parse entities: {message}")
