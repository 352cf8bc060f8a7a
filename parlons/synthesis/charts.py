"""Charts drawn on the server as SVG, with their numbers written on them.

No script, no style attribute (the Content-Security-Policy forbids inline
styles): presentation attributes only. Each chart has a title and sits next
to a table with the same numbers, for screen readers and print.
"""

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

# Colours that stay apart for common colour blindness (Okabe-Ito).
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
BAR_HEIGHT = 26
LABEL_WIDTH = 190
BAR_WIDTH = 260


def _cut(text: str, limit: int = 20) -> str:
    # 20 characters of 15-pixel text fit in the label column (LABEL_WIDTH).
    return text if len(text) <= limit else text[: limit - 1] + "…"


def themes_bar_chart(rows: list[tuple[str, int]], title: str) -> SafeString:
    """One horizontal bar per theme: (name, number of contributions)."""
    biggest = max((count for _name, count in rows), default=0) or 1
    height = BAR_HEIGHT * len(rows) + 10
    width = LABEL_WIDTH + BAR_WIDTH + 70
    parts = [
        format_html(
            '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
            'width="100%" role="img" aria-label="{}"><title>{}</title>',
            width,
            height,
            title,
            title,
        )
    ]
    for index, (name, count) in enumerate(rows):
        y = 5 + index * BAR_HEIGHT
        length = max(1, round(BAR_WIDTH * count / biggest))
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="15" fill="#222">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                '<text x="{}" y="{}" font-size="15" fill="#222">{}</text>',
                LABEL_WIDTH - 8,
                y + 17,
                _cut(name),
                LABEL_WIDTH,
                y + 3,
                length,
                BAR_HEIGHT - 8,
                PALETTE[0],
                LABEL_WIDTH + length + 6,
                y + 17,
                count,
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(part) for part in parts))


def group_letter(group: int) -> str:
    return chr(ord("A") + group) if 0 <= group < 26 else str(group)


def opinion_map(points: list, extent: float, title: str) -> SafeString:
    """Each placed participant as an anonymous dot, coloured by group, on fixed axes.

    `extent` is the half-width of both axes, kept from one run to the next
    (never smaller than before), so that two maps compare at a glance.
    """
    size = 360
    margin = 30
    scale = (size / 2 - margin) / (extent or 1)
    centre = size / 2
    parts = [
        format_html(
            '<svg class="chart opinion-map" xmlns="http://www.w3.org/2000/svg" '
            'viewBox="0 0 {} {}" width="100%" role="img" aria-label="{}"><title>{}</title>'
            '<rect x="0" y="0" width="{}" height="{}" fill="#fff" stroke="#999"></rect>'
            '<line x1="{}" y1="0" x2="{}" y2="{}" stroke="#ccc"></line>'
            '<line x1="0" y1="{}" x2="{}" y2="{}" stroke="#ccc"></line>',
            size,
            size,
            title,
            title,
            size,
            size,
            centre,
            centre,
            size,
            centre,
            size,
            centre,
        )
    ]
    centres: dict[int, list[float]] = {}
    for x, y, group in points:
        cx = centre + x * scale
        cy = centre - y * scale
        total = centres.setdefault(group, [0.0, 0.0, 0])
        total[0] += cx
        total[1] += cy
        total[2] += 1
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="4" fill="{}" fill-opacity="0.6"></circle>',
                round(cx, 1),
                round(cy, 1),
                PALETTE[group % len(PALETTE)],
            )
        )
    for group, (sx, sy, count) in sorted(centres.items()):
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="16" font-weight="bold" fill="#000" '
                'text-anchor="middle">{} ({})</text>',
                round(sx / count, 1),
                round(sy / count - 10, 1),
                _("Groupe %(letter)s") % {"letter": group_letter(group)},
                count,
            )
        )
    parts.append(
        format_html(
            '<text x="{}" y="{}" font-size="11" fill="#444">{}</text></svg>',
            6,
            size - 6,
            _("Échelle fixe : ±%(extent)s sur chaque axe") % {"extent": escape(str(extent))},
        )
    )
    return mark_safe("".join(str(part) for part in parts))
