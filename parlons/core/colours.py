"""The territory's two colours: WCAG 2.x contrast, and a darker shade that passes.

Pure functions on "#rrggbb" strings, used by the territory's model rules (so the
settings page and the service refuse the same colours) and by the stylesheet
route that carries them to every page (parlons.core.views.territory_css).
"""

import re

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

# WCAG 2.x level AA for normal text.
AA_RATIO = 4.5
WHITE = "#ffffff"
# The light grey of the header, footer, filters and table heads (--soft in parlons.css):
# links in the primary colour are read on it, and it is a little darker than white.
SOFT = "#f3f4f6"


def rgb(colour: str) -> tuple[int, int, int]:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def hex_of(red: float, green: float, blue: float) -> str:
    return "#" + "".join(f"{max(0, min(255, round(part))):02x}" for part in (red, green, blue))


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance, from 0 (black) to 1 (white)."""

    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(part) for part in rgb(colour))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """From 1 (same colour) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def darker(colour: str, amount: float) -> str:
    """`colour` mixed with `amount` (0 to 1) of black: same hue, darker."""
    return hex_of(*(part * (1 - amount) for part in rgb(colour)))


def darker_shade_passing(colour: str, against: str, ratio: float = AA_RATIO) -> str:
    """The lightest shade of `colour` (darkened by steps of 2 %) that reaches `ratio`."""
    for step in range(51):
        shade = darker(colour, step / 50)
        if contrast_ratio(shade, against) >= ratio:
            return shade
    return "#000000"
