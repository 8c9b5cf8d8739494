"""Configuration from the environment, with matching command-line flags."""

from __future__ import annotations

import argparse
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.storage import StorageError, sqlite_path

TELEGRAM_API_URL = "https://api.telegram.org/bot"
DEFAULT_DATABASE_URL = "sqlite:///data/bot.db"
# "<bot id>:<secret>" as BotFather issues it; checked so a typo fails fast and clearly.
TOKEN_PATTERN = re.compile(r"^\d{3,15}:[A-Za-z0-9_-]{30,64}$")


class ConfigError(Exception):
    """Configuration that the bot cannot start with; the message never contains the token."""


@dataclass(frozen=True)
class Settings:
    token: str = field(repr=False)
    api_url: str = TELEGRAM_API_URL
    database_url: str = DEFAULT_DATABASE_URL
    log_level: str = "INFO"
    reminder_grace_minutes: int = 30
    reminder_rate_per_second: float = 30.0


def build_parser(environ: Mapping[str, str]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bot.py",
        description="Twitch guide Telegram bot. Every flag can also be set by the "
        "environment variable named in its help.",
    )
    parser.add_argument(
        "--token",
        default=environ.get("BOT_TOKEN"),
        help="bot token from @BotFather (env BOT_TOKEN; prefer the variable: "
        "command lines are visible to other users of the machine)",
    )
    parser.add_argument(
        "--api-url",
        default=environ.get("BOT_API_URL", TELEGRAM_API_URL),
        help="Bot API base URL, the token is appended (env BOT_API_URL; default %(default)s)",
    )
    parser.add_argument(
        "--database-url",
        default=environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
        help="sqlite:///path/to/file.db or a plain file path (env DATABASE_URL; "
        "default %(default)s)",
    )
    parser.add_argument(
        "--log-level",
        default=environ.get("LOG_LEVEL", "INFO"),
        help="DEBUG, INFO, WARNING or ERROR (env LOG_LEVEL; default %(default)s)",
    )
    parser.add_argument(
        "--reminder-grace-minutes",
        default=environ.get("REMINDER_GRACE_MINUTES", "30"),
        help="a reminder that fell due while the bot was down is sent after start-up only if "
        "it is at most this many minutes late (env REMINDER_GRACE_MINUTES; default %(default)s)",
    )
    parser.add_argument(
        "--reminder-rate-per-second",
        default=environ.get("REMINDER_RATE_PER_SECOND", "30"),
        help="reminders sent per second at most, across all chats (env "
        "REMINDER_RATE_PER_SECOND; default %(default)s, Telegram's limit for a bot)",
    )
    return parser


def _number(name: str, text: str, low: float, high: float, kind: type[int] | type[float]) -> float:
    try:
        value = kind(text)
    except ValueError:
        raise ConfigError(f"{name} must be a number, got {text!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low:g} and {high:g}, got {text}")
    return value


def load_settings(argv: Sequence[str], environ: Mapping[str, str]) -> Settings:
    """Parse flags over environment; raise ConfigError with a one-line reason."""
    args = build_parser(environ).parse_args(argv)
    token = (args.token or "").strip()
    if not token:
        raise ConfigError("BOT_TOKEN is not set; get a token from @BotFather and export it")
    if not TOKEN_PATTERN.match(token):
        raise ConfigError("BOT_TOKEN is malformed; expected <digits>:<secret> as @BotFather issues")
    if not re.match(r"^https?://", args.api_url):
        raise ConfigError(f"BOT_API_URL must start with http:// or https://, got {args.api_url!r}")
    level = str(args.log_level).upper()
    if level not in logging.getLevelNamesMapping():
        raise ConfigError(f"LOG_LEVEL {args.log_level!r} is not a logging level")
    try:
        sqlite_path(args.database_url)
    except StorageError as error:
        raise ConfigError(f"DATABASE_URL: {error}") from None
    grace = int(_number("REMINDER_GRACE_MINUTES", str(args.reminder_grace_minutes), 0, 1440, int))
    rate = _number("REMINDER_RATE_PER_SECOND", str(args.reminder_rate_per_second), 0.1, 1000, float)
    return Settings(
        token=token,
        api_url=args.api_url,
        database_url=args.database_url,
        log_level=level,
        reminder_grace_minutes=grace,
        reminder_rate_per_second=rate,
    )


class RedactToken(logging.Filter):
    """Replace the token in any log record, whichever library wrote it."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self._token = token

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if self._token in message:
            record.msg = message.replace(self._token, "<token>")
            record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            text = str(record.exc_info[1])
            if self._token in text:
                record.exc_text = None
                record.msg = f"{record.msg} ({type(record.exc_info[1]).__name__}, token redacted)"
                record.exc_info = None
        return True


def configure_logging(settings: Settings) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactToken(settings.token))
    logging.basicConfig(level=settings.log_level, handlers=[handler], force=True)
    # httpx logs every request URL at INFO, and the URL carries the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
