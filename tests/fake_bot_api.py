"""Old import path of the Bot API emulator (now bot/emulator.py), kept while branches move over."""

import bot.emulator as _emulator

globals().update({k: v for k, v in vars(_emulator).items() if not k.startswith("__")})
FakeBotAPI = _emulator.BotApiEmulator
