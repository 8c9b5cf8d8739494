"""Pictures the bot sends: the weekly chart and the body map, drawn with Pillow as PNG."""
