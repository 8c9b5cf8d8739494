"""The emulator's HTML parser checked against the real thing: TDLib's own parseTextEntities.

TDLib (the ``tdjson`` wheel from PyPI, in the test extra) parses Telegram HTML offline with
``td_execute``.  Thousands of generated texts (tests/emulator/html_corpus.py) go to both, which
must agree on every one: the same verdict, the same error text, the same text and entities.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
import tdjson

from bot.emulator import JSON, EntityParseError, parse_html
from tests.emulator.html_corpus import HtmlCorpus

SEED = 20260717
TEXTS = 16_000

_TYPES = {
    "textEntityTypeBold": "bold",
    "textEntityTypeItalic": "italic",
    "textEntityTypeUnderline": "underline",
    "textEntityTypeStrikethrough": "strikethrough",
    "textEntityTypeSpoiler": "spoiler",
    "textEntityTypeCode": "code",
    "textEntityTypePre": "pre",
    "textEntityTypePreCode": "pre",
    "textEntityTypeTextUrl": "text_link",
    "textEntityTypeMentionName": "text_mention",
    "textEntityTypeCustomEmoji": "custom_emoji",
    "textEntityTypeBlockQuote": "blockquote",
    "textEntityTypeExpandableBlockQuote": "expandable_blockquote",
}

Verdict = tuple[str, str, list[JSON]]  # ("ok", text, entities) or ("error", message, [])


def _execute(query: dict[str, Any]) -> dict[str, Any]:
    answer = tdjson.td_execute(json.dumps(query).encode())
    assert answer is not None, query
    result: dict[str, Any] = json.loads(answer)
    return result


@pytest.fixture(scope="module")
def tdlib() -> str:
    """TDLib, quiet; returns its version."""
    _execute({"@type": "setLogVerbosityLevel", "new_verbosity_level": 0})
    version: str = _execute({"@type": "getOption", "name": "version"})["value"]
    return version


def tdlib_parse(text: str) -> Verdict:
    answer = _execute(
        {
            "@type": "parseTextEntities",
            "text": text,
            "parse_mode": {"@type": "textParseModeHTML"},
        }
    )
    if answer["@type"] == "error":
        return "error", answer["message"], []
    entities = []
    for item in answer["entities"]:
        kind = item["type"]
        entity: JSON = {
            "type": _TYPES[kind["@type"]],
            "offset": item["offset"],
            "length": item["length"],
        }
        if "url" in kind:
            entity["url"] = kind["url"]
        if "user_id" in kind:
            entity["user"] = {"id": kind["user_id"]}
        if "custom_emoji_id" in kind:
            entity["custom_emoji_id"] = str(kind["custom_emoji_id"])
        if kind["@type"] == "textEntityTypePreCode":
            entity["language"] = kind["language"]
        entities.append(entity)
    return "ok", answer["text"], entities


def emulator_parse(text: str) -> Verdict:
    try:
        plain, entities = parse_html(text)
    except EntityParseError as exc:
        return "error", f"Can't parse entities: {exc}", []
    return "ok", plain, entities


def test_the_emulator_parses_html_exactly_as_tdlib(tdlib: str) -> None:
    texts = HtmlCorpus(SEED).texts(TEXTS)
    differences = []
    seen: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    for text in texts:
        expected = tdlib_parse(text)
        seen[expected[0]] += 1
        seen.update(entity["type"] for entity in expected[2])
        if expected[0] == "error":
            errors[expected[1]] += 1
        if emulator_parse(text) != expected:
            differences.append(text)
    examples = "\n".join(
        f"{text!r}\n  TDLib:    {tdlib_parse(text)}\n  emulator: {emulator_parse(text)}"
        for text in differences[:5]
    )
    assert not differences, (
        f"TDLib {tdlib}: {len(differences)} of {len(texts)} texts differ:\n{examples}"
    )
    # the corpus reaches every verdict, entity and kind of error that matters
    assert seen["ok"] > TEXTS // 4 and seen["error"] > TEXTS // 4, seen
    for kind in set(_TYPES.values()):
        assert seen[kind] > 20, (kind, seen)
    for error in [
        "Can't parse entities: Unclosed start tag",
        "Can't parse entities: Unsupported start tag",
        "Can't parse entities: Unmatched end tag",
        "Can't parse entities: Unexpected end tag",
        "Can't parse entities: Unclosed end tag",
        "Can't parse entities: Can't find end tag corresponding to start tag \"b\"",
        "Can't parse entities: Invalid custom emoji identifier specified",
        "Can't parse entities: Text contains invalid Unicode characters after decoding HTML "
        "entities, check for unmatched surrogate code units",
    ]:
        assert sum(n for text, n in errors.items() if text.startswith(error)) > 5, (error, errors)


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        # what TDLib 1.8.69 answers; each of these once differed in the emulator
        ('<a href="example.com">x</a>', [("text_link", "http://example.com/")]),
        ('<a href="HTTPS://Example.Com/A?B=C">x</a>', [("text_link", "https://example.com/A?B=C")]),
        ('<a href="https://example.com/a b">x</a>', [("text_link", "https://example.com/a%20b")]),
        ('<a href="tg:resolve?domain=x">x</a>', [("text_link", "tg://resolve?domain=x")]),
        ('<a href="tg://settings">x</a>', [("text_link", "tg://settings/")]),
        (
            '<a href="http://user:pw@example.com:0080">x</a>',
            [("text_link", "http://user:pw@example.com:80/")],
        ),
        ('<a href="http://[zz]/">x</a>', []),  # once a crash of the emulator
        ('<a href=" https://example.com">x</a>', []),  # no trimming
        ('<a href="tg://user?x=1&amp;id=11#f">x</a>', [("text_mention", 11)]),
        ('<a href="https://example.com"> </a>', [("text_link", "https://example.com/")]),
        ("<a>example.com</a>", [("text_link", "http://example.com/")]),
        (
            '<code class="language-python"><pre><code class=language-c>x</code></pre></code>',
            [("pre", "c"), ("code", None)],
        ),
    ],
)
def test_links_and_code_blocks_as_tdlib_makes_them(
    html: str, expected: list[Any], tdlib: str
) -> None:
    _, entities = parse_html(html)
    described = [
        (e["type"], e.get("url") or e.get("user", {}).get("id") or e.get("language"))
        for e in entities
    ]
    assert described == expected
    assert emulator_parse(html) == tdlib_parse(html)


@pytest.mark.parametrize(
    ("html", "verdict"),
    [
        ("&#X41;", ("ok", "A", [])),  # an uppercase X is hexadecimal too
        (
            "&#xD800;<b>",
            (
                "error",
                "Can't parse entities: Can't find end tag corresponding to start tag \"b\"",
                [],
            ),
        ),  # tags first, then surrogates
    ],
)
def test_character_references_as_tdlib_reads_them(html: str, verdict: Verdict, tdlib: str) -> None:
    assert emulator_parse(html) == verdict == tdlib_parse(html)
