"""Bounds on what a person may type or import: dates in a sensible range, no control characters.

Both rules exist because the databases accept what our pages then cannot show:
PostgreSQL stores a meeting in year 1, and Python cannot turn it into local time
(the démarche page, the list, the calendar feed answered 500 for everyone); SQLite
stores a NUL byte that PostgreSQL refuses with an error (500).
"""

import re
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Every date a person sets (phases, meetings, the dates of paper forms) lies in
# [EARLIEST_DATE, LATEST_DATE). 2000: no démarche held on this platform, nor a
# paper form typed into it, predates it; 2100: farther than anyone plans a
# meeting. Both stay far from the years 1 and 9999 where converting to local
# time overflows.
EARLIEST_DATE = datetime(2000, 1, 1, tzinfo=UTC)
LATEST_DATE = datetime(2100, 1, 1, tzinfo=UTC)

# C0 controls but tab, line feed and carriage return; DEL; C1 controls. Nothing
# a person types, PostgreSQL refuses NUL, and the others hide text from readers.
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def date_in_range(value: datetime) -> bool:
    """Whether `value` (aware, or naive in UTC) lies in the allowed range."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return EARLIEST_DATE <= value < LATEST_DATE


def date_range_message() -> str:
    return _("la date doit être comprise entre %(first)s et %(last)s.") % {
        "first": EARLIEST_DATE.year,
        "last": LATEST_DATE.year - 1,
    }


def validate_date_in_range(value: datetime) -> None:
    """Model-field validator: run by `full_clean` (services) and by ModelForms (pages)."""
    if value is not None and not date_in_range(value):
        raise ValidationError(
            _("Choisissez une date entre %(first)s et %(last)s."),
            code="date_out_of_range",
            params={"first": EARLIEST_DATE.year, "last": LATEST_DATE.year - 1},
        )


def first_control_character(text: str) -> int | None:
    """The position of the first forbidden control character in `text`, or None."""
    found = CONTROL_CHARACTERS.search(text)
    return found.start() if found else None


def control_character_message(text: str) -> str:
    """A French reason naming the character, e.g. for an import's line and column."""
    position = first_control_character(text)
    code = ord(text[position]) if position is not None else 0
    return _(
        "caractère de contrôle invisible (U+%(code)04X) à la position %(position)s : "
        "retirez-le (il vient souvent d'un copier-coller) et réessayez."
    ) % {"code": code, "position": (position or 0) + 1}


def truncate_to_minute(value: datetime | None) -> datetime | None:
    """Dates people set are kept to the minute, as the date-and-time field shows them."""
    if value is None:
        return None
    return value.replace(second=0, microsecond=0)


# The territory's logo: raster images only. An SVG can carry scripts and links
# that a sanitiser would have to follow; a PNG, JPEG or WebP file is only pixels.
LOGO_FORMATS = ("PNG", "JPEG", "WEBP")
LOGO_MAX_BYTES = 1024 * 1024
LOGO_MAX_SIDE = 4000


def validate_hex_colour(value: str) -> None:
    if value and not re.fullmatch(r"#[0-9a-fA-F]{6}", value):
        raise ValidationError(
            _(
                "Écrivez la couleur en hexadécimal : # suivi de six chiffres ou lettres de a à f, "
                "par exemple #0b4f8a."
            ),
            code="bad_colour",
        )


def validate_logo(file) -> None:
    """A newly uploaded logo is a PNG, JPEG or WebP image Pillow can read, of bounded size."""
    if getattr(file, "_committed", True):
        return  # already stored: checked when it was uploaded
    from PIL import Image  # Pillow comes with Django's ImageField

    if file.size > LOGO_MAX_BYTES:
        raise ValidationError(
            _("Le logo pèse plus de %(max)s Mo : réduisez-le ou enregistrez-le en PNG ou WebP."),
            code="logo_too_big",
            params={"max": LOGO_MAX_BYTES // (1024 * 1024)},
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
    except Exception as error:  # Pillow raises many kinds of errors on a bad file
        raise ValidationError(
            _("Ce fichier n'est pas une image lisible : envoyez un PNG, un JPEG ou un WebP."),
            code="logo_unreadable",
        ) from error
    finally:
        file.seek(0)
    if kind not in LOGO_FORMATS:
        raise ValidationError(
            _("Le logo doit être une image PNG, JPEG ou WebP (le format SVG n'est pas accepté)."),
            code="logo_format",
        )
    if max(width, height) > LOGO_MAX_SIDE:
        raise ValidationError(
            _("Le logo mesure plus de %(max)s pixels de côté : réduisez-le."),
            code="logo_too_large",
            params={"max": LOGO_MAX_SIDE},
        )
