"""Console mode: the whole bot in a terminal, with no token and no network.

The real Application, handlers, content, database and job queue run unchanged; only
python-telegram-bot's HTTP requests are routed in-process to the Bot API emulator
(`bot.emulator`), which plays Telegram and the one user at the keyboard.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import IO, Any

from bot.app import ALLOWED_UPDATES, build_application, load_services
from bot.config import CONSOLE_TOKEN, Settings
from bot.context import GuideApplication
from bot.emulator import BotApiEmulator, EmulatorRequest, MessageSnapshot, SimulatedUser

CONSOLE_API_URL = "emulator://console/bot"  # never dialled: EmulatorRequest answers in-process
CONSOLE_USER_ID = 1
ANSWER_TIMEOUT = 10.0  # seconds to wait for the bot's first reaction to an input
QUIET = 0.3  # seconds without new messages that end a reaction


class Screen:
    """Writes the bot's messages as they would read on a phone, buttons numbered."""

    def __init__(self, output: IO[str], styled: bool, pictures: Path | None = None) -> None:
        self.output = output
        self.styled = styled
        self.buttons: list[tuple[MessageSnapshot, str, dict[str, Any]]] = []  # numbered 1..n
        self._pictures = pictures  # where received pictures are saved; a temporary one if None
        self._saved = 0

    def save_picture(self, message: MessageSnapshot, data: bytes) -> Path:
        """A picture the bot sent, as a PNG file a terminal user can open."""
        if self._pictures is None:
            self._pictures = Path(tempfile.mkdtemp(prefix="twitch-guide-pictures-"))
        self._pictures.mkdir(parents=True, exist_ok=True)
        self._saved += 1
        path = self._pictures / f"picture-{self._saved}-message-{message.message_id}.png"
        path.write_bytes(data)
        return path

    def _style(self, text: str, entities: list[dict[str, Any]]) -> str:
        """Apply bold/italic (terminal) and show links as 'title (url)'."""
        units = text.encode("utf-16-le")
        marks: dict[int, list[str]] = {}
        for entity in entities:
            start, end = entity["offset"], entity["offset"] + entity["length"]
            kind = entity["type"]
            if kind == "text_link":
                marks.setdefault(end, []).append(f" ({entity['url']})")
            elif self.styled and kind in ("bold", "italic", "underline"):
                code = {"bold": "1", "italic": "3", "underline": "4"}[kind]
                marks.setdefault(start, []).insert(0, f"\033[{code}m")
                marks.setdefault(end, []).append("\033[0m")
        pieces, last = [], 0
        for offset in sorted(marks):
            pieces.append(units[last * 2 : offset * 2].decode("utf-16-le"))
            pieces.extend(marks[offset])
            last = offset
        pieces.append(units[last * 2 :].decode("utf-16-le"))
        return "".join(pieces)

    def show(self, message: MessageSnapshot) -> None:
        title = "bot" if message.kind == "new" else "bot (edited the message above)"
        lines = [f"── {title} " + "─" * max(0, 40 - len(title))]
        if message.photo is not None:
            lines.append(f"[picture saved to {self.save_picture(message, message.photo)}]")
            lines.append(self._style(message.caption or "", message.caption_entities))
        else:
            lines.append(self._style(message.text or "", message.entities))
        self.buttons = []  # the newest message is the one to answer: number its buttons from 1
        for row in message.inline_keyboard:
            cells = []
            for button in row:
                self.buttons.append((message, button["text"], button))
                cells.append(f"[{len(self.buttons)}] {button['text']}")
            lines.append("   ".join(cells))
        keyboard = (message.reply_markup or {}).get("keyboard")
        for row in keyboard or []:
            cells = []
            for button in row:
                self.buttons.append((message, button["text"], button))
                cells.append(f"[{len(self.buttons)}] {button['text']}")
            lines.append("keyboard: " + "   ".join(cells))
        self.write("\n".join(lines) + "\n")

    def note(self, text: str) -> None:
        self.write(f"   ({text})\n")

    def write(self, text: str) -> None:
        self.output.write(text)
        self.output.flush()


class Console:
    """One user's chat with the bot, driven by lines of input."""

    def __init__(self, user: SimulatedUser, screen: Screen) -> None:
        self.user = user
        self.screen = screen
        self.shown = asyncio.Event()

    async def show_messages(self) -> None:
        """Print every new message or edit as it arrives, reminders included."""
        while True:
            try:
                message = await self.user.wait_for_message(timeout=3600)
            except AssertionError:
                continue
            self.screen.show(message)
            self.shown.set()

    async def settle(self) -> None:
        """Wait for the bot's reaction to an input, then for a short quiet spell."""
        timeout = ANSWER_TIMEOUT
        while True:
            try:
                await asyncio.wait_for(self.shown.wait(), timeout)
            except TimeoutError:
                return
            self.shown.clear()
            timeout = QUIET

    async def handle(self, line: str, read_line: Any) -> None:
        text = line.strip()
        if not text:
            return
        if text.isdigit() and 1 <= int(text) <= len(self.screen.buttons):
            message, label, button = self.screen.buttons[int(text) - 1]
            if "callback_data" in button:
                self.shown.clear()
                query_id = await self.user.tap_data_nowait(button["callback_data"], message=message)
                answer = await self.user.wait_for_answer(query_id, timeout=ANSWER_TIMEOUT)
                if answer.get("text"):
                    self.screen.note(answer["text"])
                await self.settle()
                return
            if button.get("request_location"):
                self.screen.write(
                    "Type your location as: latitude, longitude (e.g. 55.75, 37.62)\n"
                )
                coordinates = (await read_line()).replace(",", " ").split()
                try:
                    latitude, longitude = (float(value) for value in coordinates[:2])
                except ValueError:
                    self.screen.note("not a location; nothing was sent")
                    return
                self.shown.clear()
                await self.user.share_location(latitude, longitude)
                await self.settle()
                return
            text = label
        self.shown.clear()
        await self.user.send(text)
        await self.settle()


@asynccontextmanager
async def running(application: GuideApplication) -> AsyncIterator[GuideApplication]:
    """Start and stop the application as run_polling does, inside the caller's loop."""
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    assert application.updater is not None
    await application.updater.start_polling(timeout=1, allowed_updates=ALLOWED_UPDATES)
    await application.start()
    try:
        yield application
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        if application.post_shutdown:
            await application.post_shutdown(application)


async def run_console(
    settings: Settings, language: str, stdin: IO[str] = sys.stdin, stdout: IO[str] = sys.stdout
) -> None:
    emulator = BotApiEmulator(token=CONSOLE_TOKEN, callback_timeout=3600)
    user = emulator.user(CONSOLE_USER_ID, first_name="You", language_code=language)
    application = build_application(settings, load_services(), request=EmulatorRequest(emulator))
    interactive = stdin.isatty()
    screen = Screen(stdout, styled=stdout.isatty())
    console = Console(user, screen)
    loop = asyncio.get_running_loop()

    async def read_line() -> str:
        if interactive:
            screen.write("> ")
        return await loop.run_in_executor(None, stdin.readline)

    if interactive:
        screen.write(
            "Console chat with the bot. Type a button's number, a message or a "
            "/command; Ctrl+D to quit.\n"
        )
    async with running(application):
        printer = asyncio.create_task(console.show_messages())
        try:
            await console.handle("/start", read_line)
            while line := await read_line():
                if line.strip() in ("/quit", "/exit"):
                    break
                await console.handle(line, read_line)
        finally:
            printer.cancel()
    problems = [f"{e.method}: {e.description}" for e in emulator.errors]
    for problem in problems:
        screen.note(f"Bot API error: {problem}")
