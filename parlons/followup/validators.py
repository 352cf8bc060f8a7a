"""Photos of the follow-up: raster images only, of bounded weight and size.

The same formats as the territory's logo (parlons.core.validators): a PNG,
JPEG or WebP file is only pixels, an SVG could carry scripts and links.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PHOTO_FORMATS = ("PNG", "JPEG", "WEBP")
PHOTO_MAX_BYTES = 3 * 1024 * 1024
PHOTO_MAX_SIDE = 6000


def validate_photo(file) -> None:
    """A newly uploaded photo is a PNG, JPEG or WebP image Pillow can read, of bounded size."""
    if getattr(file, "_committed", True):
        return  # already stored: checked when it was uploaded
    from PIL import Image  # Pillow comes with Django's ImageField

    if file.size > PHOTO_MAX_BYTES:
        raise ValidationError(
            _("La photo pèse plus de %(max)s Mo : réduisez-la ou enregistrez-la en JPEG ou WebP."),
            code="photo_too_big",
            params={"max": PHOTO_MAX_BYTES // (1024 * 1024)},
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
    except Exception as error:  # Pillow raises many kinds of errors on a bad file
        raise ValidationError(
            _("Ce fichier n'est pas une image lisible : envoyez un JPEG, un PNG ou un WebP."),
            code="photo_unreadable",
        ) from error
    finally:
        file.seek(0)
    if kind not in PHOTO_FORMATS:
        raise ValidationError(
            _("La photo doit être une image JPEG, PNG ou WebP."), code="photo_format"
        )
    if max(width, height) > PHOTO_MAX_SIDE:
        raise ValidationError(
            _("La photo mesure plus de %(max)s pixels de côté : réduisez-la."),
            code="photo_too_large",
            params={"max": PHOTO_MAX_SIDE},
        )
