"""Configuration: environment and flags, clear one-line errors, the token never shown."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.logs import RedactToken
from bot.storage import StorageError, sqlite_path

TOKEN = "123456789:" + "A1b2C3d4E5" * 3 + "xyz"


def test_environment_and_defaults() -> None:
    settings = load_settings([], {"BOT_TOKEN": TOKEN})
    assert settings.token == TOKEN
    assert settings.api_url == "https://api.telegram.org/bot"
    assert settings.database_url == "sqlite:///data/bot.db"
    assert TOKEN not in repr(settings)
    assert settings.reminder_grace_minutes == 30
    assert settings.reminder_rate_per_second == 30


def test_postgresql_url_is_accepted_and_its_password_not_shown() -> None:
    url = "postgresql://bot:s3cret-pass@db.internal:5432/twitch"
    settings = load_settings([], {"BOT_TOKEN": TOKEN, "DATABASE_URL": url})
    assert settings.database_url == url
    assert "s3cret-pass" not in repr(settings)


def test_reminder_settings() -> None:
    settings = load_settings(
        ["--reminder-grace-minutes", "5"], {"BOT_TOKEN": TOKEN, "REMINDER_RATE_PER_SECOND": "12.5"}
    )
    assert settings.reminder_grace_minutes == 5
    assert settings.reminder_rate_per_second == 12.5


def test_paid_broadcasts_raise_the_default_rate_to_1000() -> None:
    """Issue 12: REMINDER_PAID_BROADCAST=1 sends with allow_paid_broadcast, up to 1000/s."""
    assert not load_settings([], {"BOT_TOKEN": TOKEN}).reminder_paid_broadcast
    paid = load_settings([], {"BOT_TOKEN": TOKEN, "REMINDER_PAID_BROADCAST": "1"})
    assert paid.reminder_paid_broadcast and paid.reminder_rate_per_second == 1000
    flag = load_settings(["--reminder-paid-broadcast"], {"BOT_TOKEN": TOKEN})
    assert flag.reminder_paid_broadcast and flag.reminder_rate_per_second == 1000
    chosen = load_settings(
        [], {"BOT_TOKEN": TOKEN, "REMINDER_PAID_BROADCAST": "1", "REMINDER_RATE_PER_SECOND": "300"}
    )
    assert chosen.reminder_rate_per_second == 300
    with pytest.raises(ConfigError, match="REMINDER_RATE_PER_SECOND"):
        load_settings([], {"BOT_TOKEN": TOKEN, "REMINDER_RATE_PER_SECOND": "1001"})


def test_flags_override_environment() -> None:
    settings = load_settings(
        ["--api-url", "http://127.0.0.1:8081/bot", "--log-level", "debug"],
        {"BOT_TOKEN": TOKEN, "BOT_API_URL": "http://other/bot"},
    )
    assert settings.api_url == "http://127.0.0.1:8081/bot"
    assert settings.log_level == "DEBUG"


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({}, "BOT_TOKEN is not set"),
        ({"BOT_TOKEN": "not-a-token"}, "malformed"),
        ({"BOT_TOKEN": TOKEN, "BOT_API_URL": "ftp://x"}, "BOT_API_URL"),
        ({"BOT_TOKEN": TOKEN, "LOG_LEVEL": "LOUD"}, "LOG_LEVEL"),
        ({"BOT_TOKEN": TOKEN, "DATABASE_URL": "mysql://db/x"}, "unsupported database"),
        ({"BOT_TOKEN": TOKEN, "REMINDER_GRACE_MINUTES": "soon"}, "REMINDER_GRACE_MINUTES"),
        ({"BOT_TOKEN": TOKEN, "REMINDER_GRACE_MINUTES": "-1"}, "between"),
        ({"BOT_TOKEN": TOKEN, "REMINDER_RATE_PER_SECOND": "0"}, "REMINDER_RATE_PER_SECOND"),
    ],
)
def test_bad_configuration(environ: dict[str, str], message: str) -> None:
    with pytest.raises(ConfigError, match=message) as error:
        load_settings([], environ)
    assert "\n" not in str(error.value)


def test_malformed_token_is_not_echoed() -> None:
    with pytest.raises(ConfigError) as error:
        load_settings([], {"BOT_TOKEN": "12345:short-secret"})
    assert "short-secret" not in str(error.value)


@pytest.mark.parametrize(
    ("url", "path"),
    [
        ("sqlite:///data/bot.db", Path("data/bot.db")),
        ("sqlite:////var/lib/bot/bot.db", Path("/var/lib/bot/bot.db")),
        ("data/other.db", Path("data/other.db")),
        ("/tmp/x.db", Path("/tmp/x.db")),
    ],
)
def test_database_url_forms(url: str, path: Path) -> None:
    assert sqlite_path(url) == path


def test_sqlite_url_without_path() -> None:
    with pytest.raises(StorageError):
        sqlite_path("sqlite://")


def test_log_records_are_redacted() -> None:
    record = logging.LogRecord(
        "httpx",
        logging.INFO,
        __file__,
        1,
        "POST %s",
        (f"https://api.telegram.org/bot{TOKEN}/getMe",),
        None,
    )
    RedactToken(TOKEN).filter(record)
    assert TOKEN not in record.getMessage()
    assert "bot<token>/getMe" in record.getMessage()


def test_webhook_needs_https_and_a_secret() -> None:
    base = {"BOT_TOKEN": TOKEN, "WEBHOOK_URL": "https://example.org/bot"}
    with pytest.raises(ConfigError, match="WEBHOOK_SECRET is required"):
        load_settings([], base)
    with pytest.raises(ConfigError, match="https"):
        load_settings([], {**base, "WEBHOOK_URL": "http://example.org/bot", "WEBHOOK_SECRET": "s"})
    settings = load_settings(["--port", "8443"], {**base, "WEBHOOK_SECRET": "s3cret"})
    assert settings.webhook_url == "https://example.org/bot" and settings.port == 8443
    assert "s3cret" not in repr(settings)


def test_admin_ids_and_log_format() -> None:
    settings = load_settings([], {"BOT_TOKEN": TOKEN, "ADMIN_IDS": "1, 42", "LOG_FORMAT": "json"})
    assert settings.admin_ids == {1, 42} and settings.log_format == "json"
    with pytest.raises(ConfigError, match="ADMIN_IDS"):
        load_settings([], {"BOT_TOKEN": TOKEN, "ADMIN_IDS": "alice"})


def test_console_needs_no_token_and_uses_its_own_database() -> None:
    settings = load_settings(["--console", "--lang", "ru"], {})
    assert settings.console and settings.console_language == "ru"
    assert settings.database_url == "sqlite:///data/console.db"
    assert settings.log_level == "WARNING"
