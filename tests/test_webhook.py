"""Webhook mode: Telegram posts updates to the bot, which refuses requests without the secret."""

from __future__ import annotations

import asyncio
import signal
import socket
from pathlib import Path

import httpx

from bot.context import Services
from bot.emulator import BotApiEmulator
from tests.helpers import start_bot_process

SECRET = "webhook-secret_42"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_serves_updates_and_refuses_strangers(
    telegram: BotApiEmulator, tmp_path: Path, services: Services, token: str
) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/hook/path"
    process = await start_bot_process(
        telegram,
        tmp_path / "bot.db",
        {
            "WEBHOOK_URL": url,
            "WEBHOOK_SECRET": SECRET,
            "PORT": str(port),
        },
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    try:
        for _ in range(200):  # the bot registers its webhook on start-up
            if telegram.calls_to("setWebhook"):
                break
            await asyncio.sleep(0.05)
        registered = telegram.calls_to("setWebhook")[-1].params
        assert registered["url"] == url and registered["secret_token"] == SECRET

        user = telegram.user(6006, language_code="ru")
        await user.send("/start")
        home = await user.wait_for_message(timeout=15)
        assert services.languages["ru"].gettext("Muscle twitching: a calm guide") in home.text
        screen = await user.tap_and_wait(services.languages["ru"].texts.areas["foot"].title)
        assert services.languages["ru"].texts.areas["foot"].title in screen.text

        forged = {
            "update_id": 999999,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": 6006, "type": "private"},
                "text": "/start",
            },
        }
        async with httpx.AsyncClient() as client:
            no_secret = await client.post(url, json=forged)
            wrong = await client.post(
                url, json=forged, headers={"X-Telegram-Bot-Api-Secret-Token": "guess"}
            )
        assert no_secret.status_code == 403 and wrong.status_code == 403
        await user.assert_no_message(within=0.5)

        # Telegram posts an update again when it missed the answer: it is handled once.
        command = [{"type": "bot_command", "offset": 0, "length": 6}]
        message = {**forged["message"], "from": user.to_user_json(), "text": "/about"}
        message["entities"] = command
        again = {"update_id": 777, "message": {**message, "chat": user.to_chat_json()}}
        secret = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        async with httpx.AsyncClient() as client:
            for _ in range(2):
                assert (await client.post(url, json=again, headers=secret)).status_code == 200
        await user.wait_for_message(timeout=10)
        await user.assert_no_message(within=1.0)

        process.send_signal(signal.SIGTERM)
        output, _ = await asyncio.wait_for(process.communicate(), timeout=15)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, output.decode()
    assert token not in output.decode()
