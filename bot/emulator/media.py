"""Photos as Telegram takes them: the limits of an uploaded photo and the PhotoSizes it keeps.

sendPhoto and editMessageMedia (bot.emulator.methods.media) read an upload through here:
at most 10 MB, width + height at most 10000, a side at most 20 times the other, and a file
that decodes as an image; each refusal has telegram-bot-api's wording.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from typing import Final

from PIL import Image, UnidentifiedImageError

from bot.emulator.errors import JSON, bad

MAX_PHOTO_BYTES: Final = 10 * 1024 * 1024
MAX_PHOTO_SIDES: Final = 10_000  # width + height
MAX_PHOTO_RATIO: Final = 20
MAX_CAPTION_LENGTH: Final = 1024  # Unicode code points after entity parsing
# Telegram keeps a photo in several sizes: thumbnails and the photo itself at most 2560 px.
_SIZES: Final = (90, 320, 800, 1280, 2560)


@dataclass(frozen=True)
class Upload:
    """A file sent in a multipart/form-data request part."""

    filename: str
    data: bytes


@dataclass(frozen=True)
class StoredPhoto:
    """A photo Telegram keeps, with the bytes the bot uploaded (for tests and the console)."""

    file_id: str
    file_unique_id: str
    width: int
    height: int
    data: bytes

    def sizes_json(self) -> list[JSON]:
        """The PhotoSize array of a message, smallest first, as Telegram returns it."""
        sizes: list[JSON] = []
        longest = max(self.width, self.height)
        for index, limit in enumerate(_SIZES):
            scale = min(1.0, limit / longest)
            width, height = max(1, round(self.width * scale)), max(1, round(self.height * scale))
            if sizes and (width, height) == (sizes[-1]["width"], sizes[-1]["height"]):
                break
            size: JSON = {
                "file_id": f"{self.file_id}-{index}",
                "file_unique_id": f"{self.file_unique_id}{index}",
                "width": width,
                "height": height,
            }
            if scale == 1.0:
                size["file_size"] = len(self.data)
            sizes.append(size)
            if scale == 1.0:
                break
        sizes[-1]["file_id"] = self.file_id
        return sizes


def read_photo(data: bytes) -> tuple[int, int]:
    """Width and height of an uploaded photo, or Telegram's refusal."""
    if len(data) > MAX_PHOTO_BYTES:
        raise bad("PHOTO_SAVE_FILE_INVALID")
    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise bad("IMAGE_PROCESS_FAILED") from None
    if width <= 0 or height <= 0 or width + height > MAX_PHOTO_SIDES:
        raise bad("PHOTO_INVALID_DIMENSIONS")
    if max(width, height) > MAX_PHOTO_RATIO * min(width, height):
        raise bad("PHOTO_INVALID_DIMENSIONS")
    return width, height


def store_photo(data: bytes, known: dict[str, StoredPhoto]) -> StoredPhoto:
    """Check an upload and keep it under a new file_id (the same bytes get the same unique id)."""
    width, height = read_photo(data)
    digest = hashlib.sha256(data).hexdigest()
    photo = StoredPhoto(
        file_id=f"AgAC{len(known) + 1:06d}{digest[:20]}",
        file_unique_id=f"AQAD{digest[:12]}",
        width=width,
        height=height,
        data=data,
    )
    known[photo.file_id] = photo
    return photo
