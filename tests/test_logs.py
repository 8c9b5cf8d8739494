"""Logs: one line per handled update, JSON on request, never the token or what users typed."""

from __future__ import annotations

import json
import logging

import pytest

from bot.config import Settings
from bot.context import Services
from bot.emulator import BotApiEmulator
from bot.logs import configure_logging
from tests.conftest import TOKEN, BotRunner


async def test_one_line_per_update_without_user_text(
    telegram: BotApiEmulator,
    bot_runner: BotRunner,
    services: Services,
    caplog: pytest.LogCaptureFixture,
) -> None:
    user = telegram.user(7007, language_code="en")
    with caplog.at_level(logging.INFO, logger="bot.updates"):
        async with bot_runner():
            await user.send("my secret worry about my eyelid")
            suggestions = await user.wait_for_message()
            await user.tap_and_wait(suggestions.button_texts()[0])
    lines = [r.getMessage() for r in caplog.records if r.name == "bot.updates"]
    assert len(lines) == 2
    assert lines[0].startswith("message handled by on_text in ")
    assert lines[1].startswith("callback_query handled by on_button in ")
    assert "secret worry" not in caplog.text


def test_json_log_format_hides_the_token(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(Settings(token=TOKEN, log_format="json"))
    try:
        logging.getLogger("bot.test").warning("calling https://x/bot%s/getMe", TOKEN)
    finally:
        logging.basicConfig(force=True)
    line = capsys.readouterr().err.strip().splitlines()[-1]
    record = json.loads(line)
    assert record["levelname"] == "WARNING"
    assert record["message"] == "calling https://x/bot<token>/getMe"


def test_the_webhook_secret_and_user_text_are_scrubbed_from_library_records(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Issue 9, defect 7: setWebhook's DEBUG record carried the secret; updates at DEBUG
    carried what users typed."""
    secret = "s3cr3t-webhook-value"
    configure_logging(Settings(token=TOKEN, log_level="DEBUG", webhook_secret=secret))
    try:
        library = logging.getLogger("telegram.ext.ExtBot")
        library.debug(
            "Calling Bot API endpoint `setWebhook` with parameters `%s`",
            {"url": "https://example.org/hook", "secret_token": secret},
        )
        library.debug(
            "Call to `getUpdates` returned `%s`",
            [
                {
                    "update_id": 1,
                    "message": {
                        "text": "my private worry",
                        "from": {"first_name": "Anna", "id": 5},
                    },
                }
            ],
        )
        logging.getLogger("telegram.ext.Application").debug(
            "Processing update Update(message=Message(text=\"it's my calf\", caption='x'))"
        )
        logging.getLogger("bot.test").debug("the bot's own line keeps its text='words'")
    finally:
        logging.basicConfig(force=True)
    err = capsys.readouterr().err
    assert secret not in err and "<webhook secret>" in err
    assert "private worry" not in err and "Anna" not in err and "my calf" not in err
    assert "'<scrubbed>'" in err
    assert "text='words'" in err


def test_user_text_is_kept_when_explicitly_allowed(capsys: pytest.CaptureFixture[str]) -> None:
    configure_logging(Settings(token=TOKEN, log_level="DEBUG", log_user_text=True))
    try:
        logging.getLogger("telegram.ext.Application").debug("Update(text='my calf')")
    finally:
        logging.basicConfig(force=True)
    assert "my calf" in capsys.readouterr().err
