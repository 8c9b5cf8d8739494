"""The command menu: scopes and languages."""

from __future__ import annotations

import httpx

from bot.emulator import BotApiEmulator
from tests.emulator.helpers import error, ok, started


async def test_commands_per_scope_and_language(
    server: BotApiEmulator, client: httpx.AsyncClient
) -> None:
    english = [
        {"command": "start", "description": "Start"},
        {"command": "help", "description": "Help"},
    ]
    assert await ok(client, server, "setMyCommands", commands=english) is True
    russian = [{"command": "/start", "description": "  Начать "}]
    assert await ok(client, server, "setMyCommands", commands=russian, language_code="ru")
    assert await ok(client, server, "getMyCommands") == english
    assert server.commands() == english
    assert server.commands(language_code="ru") == [{"command": "start", "description": "Начать"}]
    assert await ok(client, server, "getMyCommands", language_code="de") == []

    ira = await started(server, 1001, language_code="ru")
    bob = await started(server, 1002, language_code="de")
    assert [c["description"] for c in ira.command_menu()] == ["Начать"]
    assert bob.command_menu() == english
    private = [{"command": "menu", "description": "Menu"}]
    scope = {"type": "all_private_chats"}
    assert await ok(client, server, "setMyCommands", commands=private, scope=scope)
    assert ira.command_menu() == private  # all_private_chats beats default, even with language
    assert server.commands(scope="all_private_chats") == private
    chat_scope = {"type": "chat", "chat_id": ira.id}
    assert await ok(client, server, "setMyCommands", commands=english, scope=chat_scope)
    assert ira.command_menu() == english
    assert await ok(client, server, "deleteMyCommands", scope=chat_scope)
    assert await ok(client, server, "deleteMyCommands", language_code="ru")
    assert server.commands(language_code="ru") == []

    def single(command: str, description: str = "d") -> list[dict[str, str]]:
        return [{"command": command, "description": description}]

    for params, description in [
        ({"commands": single("Start")}, "Bad Request: BOT_COMMAND_INVALID"),
        ({"commands": single("старт")}, "Bad Request: BOT_COMMAND_INVALID"),
        ({"commands": single("a" * 33)}, "Bad Request: command length must not exceed 32"),
        ({"commands": single("/")}, "Bad Request: command must be non-empty"),
        ({"commands": single("a", " ")}, "Bad Request: command description must be non-empty"),
        (
            {"commands": single("a", "d" * 257)},
            "Bad Request: command description length must not exceed 256",
        ),
        (
            {"commands": [single(f"c{i}")[0] for i in range(101)]},
            "Bad Request: BOT_COMMANDS_TOO_MUCH",
        ),
        ({"commands": "nope"}, "Bad Request: can't parse commands JSON object"),
        ({"commands": {"command": "a"}}, "Bad Request: expected an Array of BotCommand"),
        (
            {"commands": [{"command": "a"}]},
            "Bad Request: can't parse BotCommand: Can't find field \"description\"",
        ),
        (
            {"commands": single("a"), "language_code": "rus"},
            "Bad Request: invalid language code specified",
        ),
        (
            {"commands": single("a"), "scope": {"type": "bogus"}},
            "Bad Request: can't parse BotCommandScope: Unsupported type specified",
        ),
        (
            {"commands": single("a"), "scope": {"type": "chat", "chat_id": 424242}},
            "Bad Request: chat not found",
        ),
    ]:
        assert await error(client, server, "setMyCommands", **params) == (400, description)
