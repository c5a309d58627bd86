"""The app's themes: the portal's blue, a light one, and a high-contrast one."""

from __future__ import annotations

from textual.theme import Theme

EP = Theme(
    name="ep",
    primary="#2E6FD0",
    secondary="#5B8DEF",
    accent="#FFB000",
    warning="#FFB000",
    error="#FF5A5F",
    success="#3CB371",
    background="#0B1B33",
    surface="#12294D",
    panel="#1A3663",
    dark=True,
)
EP_CLAIR = Theme(
    name="ep-clair",
    primary="#0C419A",
    secondary="#2E6FD0",
    accent="#B35900",
    warning="#B35900",
    error="#C0001A",
    success="#1B7F3B",
    background="#F4F6FA",
    surface="#FFFFFF",
    panel="#DDE6F5",
    dark=False,
)
# High contrast: pure black and white, yellow for what has focus, no tinted surfaces.
EP_CONTRASTE = Theme(
    name="ep-contraste",
    primary="#FFFF00",
    secondary="#FFFFFF",
    accent="#FFFF00",
    warning="#FFFF00",
    error="#FF6060",
    success="#00FF00",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#FFFFFF",
    dark=True,
    variables={
        "border": "#FFFFFF",
        "border-blurred": "#FFFFFF",
        "footer-key-foreground": "#FFFF00",
    },
)
THEMES = (EP, EP_CLAIR, EP_CONTRASTE)
