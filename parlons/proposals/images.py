"""The optional image of a proposal: checked like the territory's logo and the démarche's banner."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from parlons.core.validators import LOGO_FORMATS, LOGO_MAX_SIDE
from parlons.proposals.models import IMAGE_MAX_BYTES

ACCEPT = "image/png,image/jpeg,image/webp"


def validate_proposal_image(file) -> None:
    """A PNG, JPEG or WebP image that Pillow can read, of bounded weight and size."""
    from PIL import Image  # Pillow comes with Django's ImageField

    if file.size > IMAGE_MAX_BYTES:
        raise ValidationError(
            _("L'image pèse plus de %(max)s Mo : réduisez-la ou enregistrez-la en JPEG ou WebP.")
            % {"max": IMAGE_MAX_BYTES // (1024 * 1024)},
            code="image_too_big",
        )
    try:
        file.seek(0)
        with Image.open(file) as image:
            kind, (width, height) = image.format, image.size
            image.verify()
    except Exception as error:  # Pillow raises many kinds of errors on a bad file
        raise ValidationError(
            _("Ce fichier n'est pas une image lisible : envoyez un PNG, un JPEG ou un WebP."),
            code="image_unreadable",
        ) from error
    finally:
        file.seek(0)
    if kind not in LOGO_FORMATS:
        raise ValidationError(
            _("L'image doit être au format PNG, JPEG ou WebP (le format SVG n'est pas accepté)."),
            code="image_format",
        )
    if max(width, height) > LOGO_MAX_SIDE:
        raise ValidationError(
            _("L'image mesure plus de %(max)s pixels de côté : réduisez-la.")
            % {"max": LOGO_MAX_SIDE},
            code="image_too_large",
        )
