"""Twitch guide: a Telegram bot with a calm, sourced guide to muscle twitching."""
