"""Draws Parlons' own icons (favicon, home-screen icons) into parlons/core/static/core/icons.

Run once when the drawing changes: `.venv/bin/python scripts/draw_icons.py`. The files are
committed; nothing is drawn at run time.
"""

from pathlib import Path

from PIL import Image, ImageDraw

OUT = Path(__file__).resolve().parents[1] / "parlons" / "core" / "static" / "core" / "icons"
BLUE = (11, 79, 138, 255)  # --accent in parlons.css
WHITE = (255, 255, 255, 255)


def draw(size: int) -> Image.Image:
    """A speech bubble with three dots on a blue rounded square, drawn large then reduced."""
    big = size * 4
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big // 5, fill=BLUE)
    left, top, right, bottom = big * 0.17, big * 0.2, big * 0.83, big * 0.68
    pen.rounded_rectangle((left, top, right, bottom), radius=big * 0.14, fill=WHITE)
    pen.polygon(
        [(big * 0.3, bottom - 2), (big * 0.27, big * 0.84), (big * 0.46, bottom - 2)], fill=WHITE
    )
    radius, middle = big * 0.055, (top + bottom) / 2
    for x in (0.33, 0.5, 0.67):
        pen.ellipse(
            (big * x - radius, middle - radius, big * x + radius, middle + radius), fill=BLUE
        )
    return image.resize((size, size), Image.LANCZOS)


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    draw(256).save(OUT / "favicon.ico", sizes=[(16, 16), (32, 32), (48, 48)])
    for size in (192, 512):
        draw(size).save(OUT / f"icon-{size}.png", optimize=True)
    # iOS puts its own rounded corners on an opaque square.
    touch = Image.new("RGBA", (180, 180), BLUE)
    touch.alpha_composite(draw(180))
    touch.convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
