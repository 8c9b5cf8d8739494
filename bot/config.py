"""Configuration from the environment, with matching command-line flags."""

from __future__ import annotations

import argparse
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from bot.storage import StorageError, check_database_url

TELEGRAM_API_URL = "https://api.telegram.org/bot"
DEFAULT_DATABASE_URL = "sqlite:///data/bot.db"
FREE_RATE = 30  # messages a second Telegram lets a bot send
PAID_BROADCAST_RATE = 1000  # with allow_paid_broadcast, paid in Telegram Stars
CONSOLE_DATABASE_URL = "sqlite:///data/console.db"  # console users never mix with real ones
CONSOLE_TOKEN = "100000:console-mode-token-never-sent-to-telegram"
# "<bot id>:<secret>" as BotFather issues it; checked so a typo fails fast and clearly.
TOKEN_PATTERN = re.compile(r"^\d{3,15}:[A-Za-z0-9_-]{30,64}$")


HTTP_CLIENTS = ("aiohttp", "httpx")


class ConfigError(Exception):
    """Configuration that the bot cannot start with; the message never contains the token."""


@dataclass(frozen=True)
class Settings:
    token: str = field(repr=False)
    api_url: str = TELEGRAM_API_URL
    database_url: str = field(default=DEFAULT_DATABASE_URL, repr=False)  # may hold a password
    log_level: str = "INFO"
    log_format: str = "text"  # or "json"
    log_user_text: bool = False  # DEBUG: keep what users typed in library log records
    admin_ids: frozenset[int] = frozenset()
    console: bool = False
    console_language: str = "en"
    webhook_url: str | None = None
    webhook_secret: str | None = field(default=None, repr=False)
    listen: str = "127.0.0.1"
    port: int = 8443
    reminder_grace_minutes: int = 30
    reminder_rate_per_second: float = 30.0
    reminder_paid_broadcast: bool = False  # allow_paid_broadcast: up to 1000/s, in Stars
    http_client: str = "aiohttp"  # or "httpx": python-telegram-bot's own HTTPXRequest
    content_cache_dir: str = ""  # "" = $XDG_CACHE_HOME/twitch-guide-bot; "off" = no cache


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
        help="sqlite:///path/to/file.db or a plain file path, or postgresql://user:password@"
        "host/database for several replicas (env DATABASE_URL; default %(default)s)",
    )
    parser.add_argument(
        "--log-level",
        default=environ.get("LOG_LEVEL", "INFO"),
        help="DEBUG, INFO, WARNING or ERROR (env LOG_LEVEL; default %(default)s)",
    )
    parser.add_argument(
        "--log-format",
        choices=["text", "json"],
        default=environ.get("LOG_FORMAT", "text"),
        help="text, or json for log collectors (env LOG_FORMAT; default %(default)s)",
    )
    parser.add_argument(
        "--log-user-text",
        action="store_true",
        default=environ.get("LOG_USER_TEXT", "") in ("1", "true", "yes"),
        help="at DEBUG, keep what users typed and their names in the library's log records "
        "(env LOG_USER_TEXT=1; default: scrubbed)",
    )
    parser.add_argument(
        "--admin-ids",
        default=environ.get("ADMIN_IDS", ""),
        help="comma-separated Telegram user ids allowed to use /stats (env ADMIN_IDS)",
    )
    console = parser.add_argument_group("console mode (no token, no network)")
    console.add_argument(
        "--console",
        action="store_true",
        help="chat with the bot in this terminal; Telegram is emulated locally "
        f"(database default {CONSOLE_DATABASE_URL})",
    )
    console.add_argument(
        "--lang", default="en", help="the console user's Telegram language (default %(default)s)"
    )
    webhook = parser.add_argument_group("webhook mode (instead of long polling)")
    webhook.add_argument(
        "--webhook-url",
        default=environ.get("WEBHOOK_URL"),
        help="public https URL Telegram posts updates to, e.g. https://host/path (env WEBHOOK_URL)",
    )
    webhook.add_argument(
        "--webhook-secret",
        default=environ.get("WEBHOOK_SECRET"),
        help="secret Telegram sends in X-Telegram-Bot-Api-Secret-Token; required with a "
        "webhook (env WEBHOOK_SECRET; 1-256 of A-Z a-z 0-9 _ -)",
    )
    webhook.add_argument(
        "--listen",
        default=environ.get("LISTEN", "127.0.0.1"),
        help="address the webhook server binds (env LISTEN; default %(default)s)",
    )
    webhook.add_argument(
        "--port",
        default=environ.get("PORT", "8443"),
        help="port the webhook server binds (env PORT; default %(default)s)",
    )
    parser.add_argument(
        "--reminder-grace-minutes",
        default=environ.get("REMINDER_GRACE_MINUTES", "30"),
        help="a reminder that fell due while the bot was down is sent after start-up only if "
        "it is at most this many minutes late (env REMINDER_GRACE_MINUTES; default %(default)s)",
    )
    parser.add_argument(
        "--reminder-rate-per-second",
        default=environ.get("REMINDER_RATE_PER_SECOND", ""),
        help="reminders sent per second at most, across all chats (env "
        "REMINDER_RATE_PER_SECOND; default 30, Telegram's limit for a bot, or "
        f"{PAID_BROADCAST_RATE} with paid broadcasts)",
    )
    parser.add_argument(
        "--reminder-paid-broadcast",
        action="store_true",
        default=environ.get("REMINDER_PAID_BROADCAST", "").strip().lower() in ("1", "true", "yes"),
        help="send reminders as Telegram paid broadcasts (allow_paid_broadcast): up to "
        f"{PAID_BROADCAST_RATE} a second, each message above 30 a second paid in Telegram "
        "Stars from the bot's balance (env REMINDER_PAID_BROADCAST=1; default off)",
    )
    parser.add_argument(
        "--http-client",
        choices=HTTP_CLIENTS,
        default=environ.get("HTTP_CLIENT", "aiohttp").strip().lower(),
        help="HTTP client for the Bot API: aiohttp (faster; http:// proxies only) or httpx "
        "(python-telegram-bot's own; SOCKS proxies, HTTP/2) (env HTTP_CLIENT; default "
        "%(default)s)",
    )
    parser.add_argument(
        "--content-cache-dir",
        default=environ.get("CONTENT_CACHE_DIR", ""),
        help="where the checked content is cached for a fast start-up; off to turn it off "
        "(env CONTENT_CACHE_DIR; default $XDG_CACHE_HOME/twitch-guide-bot, else "
        "~/.cache/twitch-guide-bot)",
    )
    return parser


def _admin_ids(text: str) -> frozenset[int]:
    try:
        return frozenset(int(part) for part in text.replace(" ", "").split(",") if part)
    except ValueError:
        raise ConfigError("ADMIN_IDS must be comma-separated numeric Telegram user ids") from None


def _webhook(args: argparse.Namespace) -> tuple[str | None, str | None, int]:
    try:
        port = int(args.port)
    except ValueError:
        port = 0
    if not 0 < port < 65536:
        raise ConfigError(f"PORT must be a port number, got {args.port!r}")
    if not args.webhook_url:
        return None, None, port
    # Telegram posts only to https; plain http is accepted on loopback for local Bot API servers.
    if not re.match(
        r"^(https://[^/\s]+|http://(127\.0\.0\.1|localhost)(:\d+)?)(/\S*)?$", args.webhook_url
    ):
        raise ConfigError("WEBHOOK_URL must be an https:// URL, e.g. https://example.org/bot")
    secret = args.webhook_secret or ""
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
        raise ConfigError(
            "WEBHOOK_SECRET is required with a webhook: 1-256 characters of A-Z a-z 0-9 _ -"
        )
    return args.webhook_url, secret, port


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
    database_url = args.database_url
    if args.console:
        token = CONSOLE_TOKEN
        if "DATABASE_URL" not in environ and "--database-url" not in argv:
            database_url = CONSOLE_DATABASE_URL
    elif not token:
        raise ConfigError("BOT_TOKEN is not set; get a token from @BotFather and export it")
    elif not TOKEN_PATTERN.match(token):
        raise ConfigError("BOT_TOKEN is malformed; expected <digits>:<secret> as @BotFather issues")
    if not re.match(r"^https?://", args.api_url):
        raise ConfigError(f"BOT_API_URL must start with http:// or https://, got {args.api_url!r}")
    level = str(args.log_level).upper()
    if args.console and "LOG_LEVEL" not in environ and "--log-level" not in argv:
        level = "WARNING"  # the terminal is the chat; keep it readable
    if level not in logging.getLevelNamesMapping():
        raise ConfigError(f"LOG_LEVEL {args.log_level!r} is not a logging level")
    try:
        check_database_url(database_url)
    except StorageError as error:
        raise ConfigError(f"DATABASE_URL: {error}") from None
    webhook_url, webhook_secret, port = _webhook(args)
    grace = int(_number("REMINDER_GRACE_MINUTES", str(args.reminder_grace_minutes), 0, 1440, int))
    paid = bool(args.reminder_paid_broadcast)
    rate_text = str(args.reminder_rate_per_second).strip()
    if not rate_text:
        rate_text = str(PAID_BROADCAST_RATE if paid else FREE_RATE)
    rate = _number("REMINDER_RATE_PER_SECOND", rate_text, 0.1, PAID_BROADCAST_RATE, float)
    if args.http_client not in HTTP_CLIENTS:  # from the environment: argparse checks only flags
        raise ConfigError(f"HTTP_CLIENT must be aiohttp or httpx, got {args.http_client!r}")
    return Settings(
        token=token,
        api_url=args.api_url,
        database_url=database_url,
        log_level=level,
        log_format=args.log_format,
        log_user_text=args.log_user_text,
        admin_ids=_admin_ids(args.admin_ids),
        console=args.console,
        console_language=args.lang,
        webhook_url=webhook_url,
        webhook_secret=webhook_secret,
        listen=args.listen,
        port=port,
        reminder_grace_minutes=grace,
        reminder_rate_per_second=rate,
        reminder_paid_broadcast=paid,
        http_client=args.http_client,
        content_cache_dir=args.content_cache_dir.strip(),
    )
