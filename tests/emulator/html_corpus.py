"""A seeded generator of Telegram HTML, good and bad, for the differential test against TDLib.

Every text mixes plain text (ASCII, Cyrillic, CJK, combining marks, astral-plane emoji and
letters, spaces and newlines), character references (named, decimal, hexadecimal, broken,
surrogates), nested tags of every kind Telegram knows (with and without attributes), links
with good and bad URLs, whitespace-only link texts, and malformed markup: unclosed and
mismatched tags, stray brackets, unknown tags, broken attributes.
"""

from __future__ import annotations

import random

PLAIN = [
    "hello",
    "Twitch",
    "Привет, мир",
    "дёргается глаз",
    "日本語",
    "a\u0301",
    "😀",
    "👍🏽",
    "𝔸𝔹",
    "🇷🇺",
    " ",
    "  ",
    "\n",
    "\t",
    "x y",
    "!",
    "=",
    "/",
    "'",
    '"',
    "#tag",
    "$USD",
    "@someone",
    "/start",
    "http://example.com",
    "www.example.com",
    "\u00a0",
    "\u200b",
    "\u2028",
]
REFERENCES = [
    "&amp;",
    "&lt;",
    "&gt;",
    "&quot;",
    "&amp",
    "&lt",
    "&AMP;",
    "&copy;",
    "&nbsp;",
    "&apos;",
    "&#65;",
    "&#x41;",
    "&#X41;",
    "&#x1F600;",
    "&#128512;",
    "&#1046",
    "&#0;",
    "&#;",
    "&#x;",
    "&#x10FFFF;",
    "&#x10FFFE;",
    "&#1114110;",
    "&#99999999;",
    "&#000000065;",
    "&#xD800;",
    "&#xDFFF;",
    "&#xD83D;&#xDE00;",
    "&",
    "& ",
    "&&amp;",
]
URLS = [
    "https://example.com",
    "http://example.com/",
    "example.com",
    "EXAMPLE.COM/Path",
    "HTTPS://Example.Com/A?B=C",
    "https://example.com:8080/x?y=1#z",
    "https://example.com:443",
    "https://example.com:0",
    "https://example.com:00080/",
    "https://example.com:99999",
    "https://example.com:8a",
    "https://example.com:",
    "http://user:pass@example.com",
    "http://@example.com",
    "http://localhost",
    "http://localhost:8080/x",
    "http://127.0.0.1",
    "http://1.2.3.4:80/a",
    "http://[::1]/",
    "http://[2001:db8::1]:8443/x",
    "http://[zz]/",
    "ftp://example.com",
    "mailto:a@example.com",
    "javascript:alert(1)",
    "tg://resolve?domain=somebody",
    "tg:resolve?domain=somebody",
    "tg://user?id=123456",
    "tg:user?id=42",
    "TG://USER?ID=7",
    "tg://user/?id=9&x=1",
    "tg://user?x=1&id=11#frag",
    "tg://user?id=0",
    "tg://user?id=1099511627776",
    "tg://user?id=-5",
    "tg://user?id=12abc",
    "tg://settings",
    "tg://http://x",
    "tg://a.b",
    "ton://wallet",
    "tonsite://site.ton/page",
    "",
    " ",
    " https://example.com ",
    "https://example.com ",
    "https://exa mple.com",
    "https://пример.рф/путь",
    "http://xn--e1afmkfd.xn--p1ai",
    "https://example.com/a b",
    "https://example.com/a\tb",
    "https://example.com/%zz",
    "https://example.com/%41",
    "https://ex%41mple.com",
    "https://ex%4mple.com",
    "http://example.com?q",
    "http://example.com#f",
    "//example.com",
    "http:///path",
    "https://.",
    "http://a..b",
    "http://a.b.",
    "http://.com",
    "http://exa_mple.com",
    "http://exa~mple.com",
    "http://exa!mple.com/x",
    "http://example",
    "http://example.c",
    "http://example.123",
    "https://example.com/?a=1&amp;b=2",
    "http://example.com/&quot;",
    "https://t.me/somebody",
    "t.me/somebody",
    "https://example.com/" + "a" * 40,
]
SIMPLE_TAGS = ["b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "tg-spoiler"]
STRAY = [
    "<",
    "< b>",
    "<b",
    "</b>",
    "</>",
    "<div>",
    "<br/>",
    "<br>",
    "<b/>",
    "<a href>",
    '<a href=">',
    "<a =x>",
    "<b x>",
    "<b x=1>",
    '<b x="1">',
    "<b x='1'>",
    "<b x=_1>",
    "<b x=>",
    "<b\tdata-x='y'\n>",
    "<span>",
    '<span class="x">',
    "<tg-emoji>",
    ">",
    "<<",
    "<!-- c -->",
    "<b ",
    '<a href="x',
    "</b",
]


class HtmlCorpus:
    """``HtmlCorpus(seed).texts(n)``: n texts, the same ones for the same seed."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def texts(self, count: int) -> list[str]:
        return [self.text(0) for _ in range(count)]

    def text(self, depth: int) -> str:
        parts = []
        for _ in range(self.rng.randint(1, 4 if depth < 3 else 2)):
            roll = self.rng.random()
            if roll < 0.35:
                parts.append(self.rng.choice(PLAIN))
            elif roll < 0.5:
                parts.append(self.rng.choice(REFERENCES))
            elif roll < 0.93 and depth < 4:
                parts.append(self.element(depth))
            elif roll < 0.96:
                parts.append(self.rng.choice(STRAY))
            else:
                parts.append(self.rng.choice(PLAIN).upper())
        return "".join(parts)

    def element(self, depth: int) -> str:
        kind = self.rng.random()
        if kind < 0.3:
            name = self.rng.choice(SIMPLE_TAGS)
            attributes = ""
        elif kind < 0.55:
            return self.link(depth)
        elif kind < 0.65:
            name, attributes = (
                "code",
                self.rng.choice(
                    [
                        "",
                        ' class="language-python"',
                        " class=language-x",
                        ' class="lang"',
                        ' class=""',
                    ]
                ),
            )
        elif kind < 0.75:
            name, attributes = "pre", ""
            if self.rng.random() < 0.5:
                language = self.rng.choice(["", ' class="language-py"', " class=language-c"])
                inner = f"<code{language}>{self.text(depth + 1)}</code>"
                return self.wrap(name, attributes, inner)
        elif kind < 0.82:
            name, attributes = (
                "blockquote",
                self.rng.choice(["", " expandable", ' expandable=""', " EXPANDABLE", ' class="x"']),
            )
        elif kind < 0.88:
            name, attributes = (
                "span",
                self.rng.choice([' class="tg-spoiler"', " class=tg-spoiler", ' class="tg-x"', ""]),
            )
        else:
            name = "tg-emoji"
            attributes = self.rng.choice(
                [
                    ' emoji-id="5368324170671202286"',
                    " emoji-id=123",
                    ' emoji-id="0"',
                    ' emoji-id="abc"',
                    ' emoji-id="-5"',
                    ' emoji-id="99999999999999999999"',
                    "",
                ]
            )
            inner = self.rng.choice(["👍", "😀", "x", "", " "])
            return self.wrap(name, attributes, inner)
        if self.rng.random() < 0.1:
            name = name.upper()
        return self.wrap(name, attributes, self.text(depth + 1))

    def link(self, depth: int) -> str:
        url = self.rng.choice(URLS)
        quote = self.rng.choice(['"', '"', "'", ""])
        if quote == "" and url and not all(c.isalnum() or c in ".-" for c in url):
            quote = '"'
        style = self.rng.random()
        if style < 0.15:  # the link text is the URL
            return self.wrap("a", "", self.rng.choice(URLS))
        if style < 0.3:  # whitespace-only link text
            return self.wrap(
                "a", f" href={quote}{url}{quote}", self.rng.choice([" ", "\n", "  ", "\t"])
            )
        if style < 0.35:
            return self.wrap("a", "", self.rng.choice([" ", "\n", ""]))
        return self.wrap("a", f" href={quote}{url}{quote}", self.text(depth + 1))

    def wrap(self, name: str, attributes: str, inner: str) -> str:
        closing = f"</{name}>"
        roll = self.rng.random()
        if roll < 0.03:
            closing = ""  # unclosed
        elif roll < 0.06:
            closing = f"</{self.rng.choice(SIMPLE_TAGS)}>"  # maybe mismatched
        elif roll < 0.09:
            closing = "</>"
        elif roll < 0.11:
            closing = f"</{name} >"
        elif roll < 0.12:
            closing = f"</{name}"
        return f"<{name}{attributes}>{inner}{closing}"
