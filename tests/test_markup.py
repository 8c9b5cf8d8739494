"""The HTML check refuses what Telegram's parser refuses."""

from __future__ import annotations

import pytest

from bot.markup import MarkupError, check_message, telegram_length, visible_text


def test_visible_text_strips_tags_and_entities() -> None:
    assert visible_text("<b>Hi</b> &amp; <i>bye</i> &lt;3") == "Hi & bye <3"


@pytest.mark.parametrize(
    "markup",
    [
        "<b>open",
        "a < b",
        "Tom & Jerry",
        "<br>",
        "<b><b>x</b></b>",
        "</i>",
        "<b>x</i></b>",
        '<a href="javascript:x">y</a>',
        "<b class='x'>y</b>",
        "&nbsp;",
    ],
)
def test_refused(markup: str) -> None:
    with pytest.raises(MarkupError):
        visible_text(markup)


def test_length_is_counted_in_utf16_after_parsing() -> None:
    assert telegram_length("😀") == 2
    check_message("<b>" + "я" * 4096 + "</b>")
    with pytest.raises(MarkupError, match="4096"):
        check_message("😀" * 2049)
    with pytest.raises(MarkupError, match="empty"):
        check_message("<b> </b>")
