"""The smallest useful python-telegram-bot bot: /start shows buttons, a tap answers and edits.

The yardstick of `benchmarks/taps.py --compare`: BOT_TOKEN and BOT_API_URL as for bot.py.
"""

from __future__ import annotations

import itertools
import os

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes

KEYBOARD = InlineKeyboardMarkup(
    [[InlineKeyboardButton(f"Button {i}", callback_data=str(i)) for i in range(1, 4)]]
)
COUNTER = itertools.count(1)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await update.message.reply_text("Tap a button", reply_markup=KEYBOARD)


async def tap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()
    await query.edit_message_text(
        f"You tapped {query.data} (#{next(COUNTER)})", reply_markup=KEYBOARD
    )


def main() -> None:
    application = (
        ApplicationBuilder()
        .token(os.environ["BOT_TOKEN"])
        .base_url(os.environ["BOT_API_URL"])
        .concurrent_updates(True)
        .build()
    )
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CallbackQueryHandler(tap))
    application.run_polling(allowed_updates=[Update.MESSAGE, Update.CALLBACK_QUERY])


if __name__ == "__main__":
    main()
