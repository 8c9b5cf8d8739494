"""Errors and the error texts of the Bot API, worded as telegram-bot-api words them."""

from __future__ import annotations

from typing import Any, Final

JSON = dict[str, Any]

CONFLICT_WEBHOOK_ACTIVE: Final = (
    "Conflict: can't use getUpdates method while webhook is active; "
    "use deleteWebhook to delete the webhook first"
)
CONFLICT_OTHER_GET_UPDATES: Final = (
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running"
)
CONFLICT_SET_WEBHOOK: Final = "Conflict: terminated by setWebhook request"
MESSAGE_NOT_MODIFIED: Final = (
    "Bad Request: message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
QUERY_ID_INVALID: Final = (
    "Bad Request: query is too old and response timeout expired or query ID is invalid"
)
BOT_BLOCKED: Final = "Forbidden: bot was blocked by the user"


class BotApiError(Exception):
    """An error answer of the Bot API: ``{"ok": false, "error_code": ..., "description": ...}``."""

    def __init__(
        self,
        error_code: int,
        description: str,
        *,
        retry_after: int | None = None,
        record: bool = True,
    ) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description
        self.retry_after = retry_after
        self.record = record

    def payload(self) -> JSON:
        body: JSON = {"ok": False, "error_code": self.error_code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


class Fail(Exception):
    """A tdlib-style message that still needs telegram-bot-api's "Bad Request: " treatment."""


class EntityParseError(ValueError):
    """Raised by :func:`parse_html` with tdlib's message (without "can't parse entities: ")."""


def bad(message: str) -> BotApiError:
    """Build a 400 answer the way telegram-bot-api's ``fail_query_with_error`` words it."""
    if len(message) >= 2 and (message[1] == "_" or "A" <= message[1] <= "Z"):
        text = message
    else:
        text = message[:1].lower() + message[1:]
    return BotApiError(400, f"Bad Request: {text}")
