"""The command menu: setMyCommands, getMyCommands, deleteMyCommands and their scopes."""

from __future__ import annotations

import copy
import json
import re
from typing import TYPE_CHECKING, Any

from bot.emulator.arguments import Args, req_int, req_str, to_integer
from bot.emulator.errors import JSON, Fail, bad
from bot.emulator.world import World

if TYPE_CHECKING:
    from aiohttp import web

    from bot.emulator.users import SimulatedUser


class CommandMethods(World):
    _commands: dict[tuple[tuple[Any, ...], str], list[dict[str, str]]]

    def commands(
        self,
        language_code: str = "",
        scope: str | JSON = "default",
    ) -> list[dict[str, str]]:
        """Commands registered with setMyCommands for exactly this scope and language, as
        ``[{"command": ..., "description": ...}]`` (what getMyCommands returns)."""
        scope_json = {"type": scope} if isinstance(scope, str) else scope
        key = (self._scope_key_from_json(scope_json), language_code)
        return copy.deepcopy(self._commands.get(key, []))

    async def _set_my_commands(self, args: Args, request: web.Request | None) -> bool:
        commands = self._parse_commands(args)
        scope_key = self._scope_key(args)
        language = self._language_code(args)
        checked: list[dict[str, str]] = []
        for command in commands:
            name = command["command"].strip().removeprefix("/")
            description = command["description"].strip()
            if not name:
                raise bad("Command must be non-empty")
            if len(name) > 32:
                raise bad("Command length must not exceed 32")
            if not description:
                raise bad("Command description must be non-empty")
            if len(description) > 256:
                raise bad("Command description length must not exceed 256")
            checked.append({"command": name, "description": description})
        if len(checked) > 100:
            raise bad("BOT_COMMANDS_TOO_MUCH")
        for command in checked:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command["command"]):
                raise bad("BOT_COMMAND_INVALID")
        if checked:
            self._commands[(scope_key, language)] = checked
        else:
            self._commands.pop((scope_key, language), None)
        return True

    async def _get_my_commands(self, args: Args, request: web.Request | None) -> list[JSON]:
        key = (self._scope_key(args), self._language_code(args))
        return copy.deepcopy(self._commands.get(key, []))

    async def _delete_my_commands(self, args: Args, request: web.Request | None) -> bool:
        key = (self._scope_key(args), self._language_code(args))
        self._commands.pop(key, None)
        return True

    def _parse_commands(self, args: Args) -> list[JSON]:
        raw = args.text("commands")
        if raw == "":
            return []
        try:
            value = json.loads(raw)
        except ValueError:
            raise bad("Can't parse commands JSON object") from None
        if not isinstance(value, list):
            raise bad("Expected an Array of BotCommand")
        result = []
        for item in value:
            try:
                if not isinstance(item, dict):
                    raise Fail("expected an Object")
                result.append(
                    {
                        "command": req_str(item, "command"),
                        "description": req_str(item, "description"),
                    }
                )
            except Fail as exc:
                raise bad(f"Can't parse BotCommand: {exc}") from None
        return result

    def _language_code(self, args: Args) -> str:
        code = args.text("language_code")
        if code and not re.fullmatch(r"[a-z]{2}", code):
            raise bad("Invalid language code specified")
        return code

    def _scope_key(self, args: Args) -> tuple[Any, ...]:
        raw = args.text("scope")
        if raw == "":
            return ("default",)
        try:
            value = json.loads(raw)
        except ValueError:
            raise bad("Can't parse BotCommandScope JSON object") from None
        try:
            key = self._scope_key_from_json(value)
        except Fail as exc:
            raise bad(f"Can't parse BotCommandScope: {exc}") from None
        if len(key) > 1:
            self._check_chat(str(key[1]))
        return key

    def _scope_key_from_json(self, value: Any) -> tuple[Any, ...]:
        if not isinstance(value, dict):
            raise Fail("BotCommandScope must be an Object")
        kind = req_str(value, "type")
        if kind in ("default", "all_private_chats", "all_group_chats", "all_chat_administrators"):
            return (kind,)
        if kind not in ("chat", "chat_administrators", "chat_member"):
            raise Fail("Unsupported type specified")
        chat_id = req_str(value, "chat_id")
        if chat_id == "":
            raise Fail("Empty chat_id specified")
        if kind != "chat_member":
            return (kind, to_integer(chat_id))
        user_id = req_int(value, "user_id")
        if user_id <= 0:
            raise Fail("Invalid user_id specified")
        return (kind, to_integer(chat_id), user_id)

    def _resolve_commands(self, user: SimulatedUser) -> list[dict[str, str]]:
        languages = [user.language_code or "", ""] if user.language_code else [""]
        for scope in (("chat", user.id), ("all_private_chats",), ("default",)):
            for language in languages:
                commands = self._commands.get((scope, language))
                if commands:
                    return copy.deepcopy(commands)
        return []
