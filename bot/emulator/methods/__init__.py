"""The Bot API methods, by group; each group is a mixin over :class:`bot.emulator.world.World`."""
