"""Raw updates of every kind a Telegram client can cause, for tests that push them."""

from __future__ import annotations

import itertools
import time
from typing import Any

JSON = dict[str, Any]
_ids = itertools.count(10_000)

FILE = {"file_id": "AgACAgIAAxkBAAIB", "file_unique_id": "AQADAgAT"}
MEDIA: dict[str, Any] = {
    "sticker": {
        **FILE,
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
    },
    "voice": {**FILE, "duration": 3},
    "photo": [{**FILE, "width": 90, "height": 90}],
    "video": {**FILE, "width": 640, "height": 360, "duration": 5},
    "video_note": {**FILE, "length": 240, "duration": 5},
    "audio": {**FILE, "duration": 100},
    "animation": {**FILE, "width": 320, "height": 240, "duration": 2},
    "document": {**FILE, "file_name": "scan.pdf"},
    "contact": {"phone_number": "+441234567890", "first_name": "Sam"},
    "poll": {
        "id": "5",
        "question": "Twitch?",
        "options": [
            {"text": "yes", "voter_count": 0, "persistent_id": "a"},
            {"text": "no", "voter_count": 0, "persistent_id": "b"},
        ],
        "total_voter_count": 0,
        "is_closed": False,
        "is_anonymous": True,
        "type": "regular",
        "allows_multiple_answers": False,
        "allows_revoting": False,
        "members_only": False,
    },
    "dice": {"emoji": "🎲", "value": 3},
    "location": {"latitude": 55.75, "longitude": 37.62},
    "venue": {
        "location": {"latitude": 55.75, "longitude": 37.62},
        "title": "Cafe",
        "address": "Tverskaya 1",
    },
}


def user_json(user_id: int, language_code: str = "en") -> JSON:
    return {"id": user_id, "is_bot": False, "first_name": "Fuzz", "language_code": language_code}


def private_chat(user_id: int) -> JSON:
    return {"id": user_id, "type": "private", "first_name": "Fuzz"}


def group_chat(chat_id: int, kind: str = "supergroup") -> JSON:
    return {"id": chat_id, "type": kind, "title": "Twitch club"}


def message(chat: JSON, user_id: int | None, **content: Any) -> JSON:
    payload: JSON = {"message_id": next(_ids), "date": int(time.time()), "chat": chat, **content}
    if user_id is not None:
        payload["from"] = user_json(user_id)
    return payload


def text_message(chat: JSON, user_id: int, text: str) -> JSON:
    content: JSON = {"text": text}
    if text.startswith("/"):
        command = text.split()[0]
        content["entities"] = [
            {"type": "bot_command", "offset": 0, "length": len(command.encode("utf-16-le")) // 2}
        ]
    return message(chat, user_id, **content)


def callback_query(chat: JSON, user_id: int, data: str, message_id: int = 1) -> JSON:
    return {
        "id": str(next(_ids)),
        "from": user_json(user_id),
        "chat_instance": "42",
        "data": data,
        "message": message(chat, None, text="menu") | {"message_id": message_id},
    }
