"""The demo territory's invented look: a logo and a banner drawn with Pillow at load time,
and two colours that pass WCAG AA. Nothing is fetched from elsewhere."""

import io
import math

from PIL import Image, ImageDraw

# Teal for links and buttons, deep blue for the header band: 5.8:1 and 11:1 with white text.
PRIMARY_COLOUR = "#1d6a5a"
HEADER_COLOUR = "#173f5f"
LOGO_ALT = "Logo du Pays des Trois Rives : trois rivières qui se rejoignent dans un cercle"
BANNER_ALT = (
    "Dessin : des collines vertes sous un ciel clair, traversées par trois rivières bleues "
    "qui descendent vers la mer."
)

TEAL = (29, 106, 90)
BLUE = (23, 63, 95)
RIVERS = [(64, 148, 196), (29, 106, 90), (23, 63, 95)]


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _wave(pen, box, y: float, amplitude: float, phase: float, colour, width: int) -> None:
    left, right = box
    points = [
        (x, y + amplitude * math.sin(phase + (x - left) / (right - left) * 2 * math.pi))
        for x in range(int(left), int(right) + 1, 2)
    ]
    # A round brush stamped along the curve: smooth edges where a wide line would crack.
    radius = width / 2
    for x, y_at in points:
        pen.ellipse((x - radius, y_at - radius, x + radius, y_at + radius), fill=colour)


def draw_logo(size: int = 240) -> bytes:
    """Three wavy rivers inside a white disc ringed in teal: readable on the dark header."""
    big = size * 3
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    ring = big // 14
    pen.ellipse((0, 0, big - 1, big - 1), fill=TEAL)
    pen.ellipse((ring, ring, big - 1 - ring, big - 1 - ring), fill=(255, 255, 255))
    for index, colour in enumerate(RIVERS):
        _wave(
            pen,
            (big * 0.16, big * 0.84),
            big * (0.34 + 0.16 * index),
            big * 0.06,
            index,
            colour,
            big // 16,
        )
    return _png(image.resize((size, size), Image.LANCZOS))


def draw_banner(width: int = 1200, height: int = 360) -> bytes:
    """Hills under a clear sky, three rivers running down to the sea."""
    image = Image.new("RGB", (width, height), (214, 234, 245))
    pen = ImageDraw.Draw(image)
    for y in range(height // 2):  # the sky lightens towards the horizon
        shade = int(190 + 50 * y / (height / 2))
        pen.line([(0, y), (width, y)], fill=(shade - 40, shade - 10, 250))
    pen.ellipse(
        (width * 0.78, height * 0.1, width * 0.78 + 70, height * 0.1 + 70), fill=(255, 214, 102)
    )
    for index, (colour, top) in enumerate(
        [((120, 170, 110), 0.42), ((86, 140, 90), 0.55), ((60, 112, 74), 0.7)]
    ):
        points = (
            [(0, height)]
            + [
                (x, height * top + 22 * math.sin(x / width * 5 + index * 1.7))
                for x in range(0, width + 1, 10)
            ]
            + [(width, height)]
        )
        pen.polygon(points, fill=colour)
    pen.rectangle((0, height * 0.9, width, height), fill=(64, 148, 196))
    for index, colour in enumerate(RIVERS):
        start = width * (0.18 + 0.3 * index)
        points = [
            (start + 40 * math.sin(y / 40 + index) + (y - height * 0.5) * (0.4 - 0.3 * index), y)
            for y in range(int(height * 0.5), int(height * 0.92), 4)
        ]
        pen.line(points, fill=colour, width=14, joint="curve")
    return _png(image)
