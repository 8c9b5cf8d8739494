"""Logs: one line per handled update, JSON on request, never the token or what users typed."""

from __future__ import annotations

import io
import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager, redirect_stderr

import pytest

from bot.config import Settings
from bot.context import Services
from bot.emulator import BotApiEmulator
from bot.logs import configure_logging
from tests.helpers import BotRunner


@contextmanager
def logging_configured(settings: Settings) -> Iterator[None]:
    """The bot's logging for one test, then the root logger as it was: configure_logging's
    handler writes to the stderr pytest captured for this test, closed when the test ends
    (``basicConfig(force=True)`` would bind a new handler to that same stream, drop pytest's
    own handlers and keep the DEBUG level)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    configure_logging(settings)
    try:
        yield
    finally:
        for handler in root.handlers:
            if handler not in handlers:
                handler.close()
        root.handlers[:] = handlers
        root.setLevel(level)


def test_a_test_that_configures_logging_leaves_no_handler_on_a_closed_stream(
    token: str,
) -> None:
    """pytest closes each test's captured stderr when the test ends; a handler left writing to
    it made every later record (aiosqlite's thread logs each operation at DEBUG) print
    "--- Logging error --- ValueError: I/O operation on closed file" in the test run."""
    root = logging.getLogger()
    before = (list(root.handlers), root.level)
    captured = io.StringIO()  # what pytest's capture is to configure_logging's handler
    with redirect_stderr(captured), logging_configured(Settings(token=token, log_level="DEBUG")):
        logging.getLogger("bot.test").debug("inside the test")
    assert "inside the test" in captured.getvalue()
    captured.close()
    assert (root.handlers, root.level) == before
    errors = io.StringIO()
    with redirect_stderr(errors):
        worker = threading.Thread(target=logging.getLogger("aiosqlite").debug, args=("done",))
        worker.start()
        worker.join()
    assert "Logging error" not in errors.getvalue()


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


def test_json_log_format_hides_the_token(capsys: pytest.CaptureFixture[str], token: str) -> None:
    with logging_configured(Settings(token=token, log_format="json")):
        logging.getLogger("bot.test").warning("calling https://x/bot%s/getMe", token)
    line = capsys.readouterr().err.strip().splitlines()[-1]
    record = json.loads(line)
    assert record["levelname"] == "WARNING"
    assert record["message"] == "calling https://x/bot<token>/getMe"


def test_the_webhook_secret_and_user_text_are_scrubbed_from_library_records(
    capsys: pytest.CaptureFixture[str], token: str
) -> None:
    """Issue 9, defect 7: setWebhook's DEBUG record carried the secret; updates at DEBUG
    carried what users typed."""
    secret = "s3cr3t-webhook-value"
    with logging_configured(Settings(token=token, log_level="DEBUG", webhook_secret=secret)):
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
    err = capsys.readouterr().err
    assert secret not in err and "<webhook secret>" in err
    assert "private worry" not in err and "Anna" not in err and "my calf" not in err
    assert "'<scrubbed>'" in err
    assert "text='words'" in err


def test_user_text_is_kept_when_explicitly_allowed(
    capsys: pytest.CaptureFixture[str], token: str
) -> None:
    with logging_configured(Settings(token=token, log_level="DEBUG", log_user_text=True)):
        logging.getLogger("telegram.ext.Application").debug("Update(text='my calf')")
    assert "my calf" in capsys.readouterr().err
