"""python-telegram-bot against the fake."""

from __future__ import annotations

import datetime as dtm

import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, CommandHandler, ContextTypes

from bot.emulator import BotApiEmulator
from tests.emulator.helpers import TOKEN


async def test_python_telegram_bot_round_trip() -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Next ▶️", callback_data="next")]])
        await update.effective_message.reply_html("<b>Привет</b>, pick one", reply_markup=keyboard)

    async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("Moving on")
        await query.edit_message_text(f"You chose <i>{query.data}</i>", parse_mode=ParseMode.HTML)

    async with BotApiEmulator(token=TOKEN) as server:
        app = ApplicationBuilder().token(TOKEN).base_url(server.base_url).build()
        app.add_handler(CommandHandler("start", start))
        app.add_handler(CallbackQueryHandler(on_button))
        async with app:
            assert app.updater is not None
            await app.updater.start_polling(timeout=dtm.timedelta(seconds=2))
            await app.start()
            try:
                user = server.user(1001, language_code="ru", first_name="Ира")
                await user.send("/start")
                reply = await user.wait_for_message()
                assert reply.text == "Привет, pick one"
                assert reply.html == "<b>Привет</b>, pick one"
                assert reply.entities == [{"type": "bold", "offset": 0, "length": 6}]
                assert reply.buttons == [[("Next ▶️", "next")]]
                assert reply.button_texts() == ["Next ▶️"]

                edited = await user.tap_and_wait("Next")
                assert edited.kind == "edit" and edited.message_id == reply.message_id
                assert edited.text == "You chose next" and edited.buttons == []
                assert user.callback_answers[-1]["text"] == "Moving on"
                assert server.unanswered_callback_queries() == []
                assert server.errors == []

                # Telegram's rejections reach the bot as the matching PTB exceptions
                with pytest.raises(BadRequest, match='end tag corresponding to start tag "b"'):
                    await app.bot.send_message(user.id, "<b>broken", parse_mode=ParseMode.HTML)
                user.block()
                with pytest.raises(Forbidden, match="bot was blocked by the user"):
                    await app.bot.send_message(user.id, "hello?")
            finally:
                await app.updater.stop()
                await app.stop()
    assert [e.error_code for e in server.errors] == [400, 403]
