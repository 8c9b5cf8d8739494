"""The smallest useful aiogram 3 bot: /start shows buttons, a tap answers and edits.

The fast yardstick of `benchmarks/taps.py --compare` (pip install -e '.[bench]'):
BOT_TOKEN and BOT_API_URL as for bot.py.
"""

from __future__ import annotations

import asyncio
import itertools
import os

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.filters import CommandStart
from aiogram.types import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Message

KEYBOARD = InlineKeyboardMarkup(
    inline_keyboard=[
        [InlineKeyboardButton(text=f"Button {i}", callback_data=str(i)) for i in range(1, 4)]
    ]
)
COUNTER = itertools.count(1)
dispatcher = Dispatcher()


@dispatcher.message(CommandStart())
async def start(message: Message) -> None:
    await message.answer("Tap a button", reply_markup=KEYBOARD)


@dispatcher.callback_query()
async def tap(query: CallbackQuery) -> None:
    await query.answer()
    assert isinstance(query.message, Message)
    await query.message.edit_text(
        f"You tapped {query.data} (#{next(COUNTER)})", reply_markup=KEYBOARD
    )


async def main() -> None:
    base = os.environ["BOT_API_URL"].removesuffix("/bot")
    session = AiohttpSession(api=TelegramAPIServer.from_base(base))
    bot = Bot(os.environ["BOT_TOKEN"], session=session)
    await dispatcher.start_polling(bot, allowed_updates=["message", "callback_query"])


if __name__ == "__main__":
    asyncio.run(main())
