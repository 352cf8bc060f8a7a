"""Forms that cannot be submitted twice: a one-time token per form that creates something.

Each such form carries a hidden `form_token` (`{% include "core/form_token.html" %}`).
The view runs its service through `once(...)`: in the same transaction, a row
keyed by the token (and by who sent it) is inserted, then the service writes.
A double click or a replayed POST finds the key taken and `AlreadySent` carries
the address of the first result; nothing is written a second time. When the
service refuses (a ValidationError), everything rolls back, the token with it,
so the corrected form may be sent again. Why a table rather than the cache:
docs/decisions/0006-limits-and-one-time-forms.md.
"""

import hashlib
import hmac
import secrets
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from parlons.core.models import UsedFormToken

T = TypeVar("T")

FIELD = "form_token"
TOKEN_MAX_LENGTH = 64
ALREADY_SENT = _(
    "Ce formulaire avait déjà été envoyé : rien n'a été enregistré une seconde fois. "
    "Voici le résultat du premier envoi."
)


class AlreadySent(Exception):
    """The form's token was used already; `url` is where its first result is shown."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _key(user, token: str) -> str:
    message = f"{getattr(user, 'pk', None)}:{token}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def once(request, save: Callable[[], T], *, url: Callable[[T], str]) -> T:
    """Run `save()` unless this request's form token was used before (then `AlreadySent`).

    A POST without a token (a script, a page opened before tokens existed) is
    saved as before: the token protects people's double clicks, not an API.
    """
    token = request.POST.get(FIELD, "")
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return save()
    key = _key(request.user, token)
    with transaction.atomic():
        try:
            with transaction.atomic():
                claim = UsedFormToken.objects.create(key=key)
        except IntegrityError:
            # The first send has committed (its insert held ours until then).
            earlier = UsedFormToken.objects.filter(key=key).first()
            raise AlreadySent(earlier.result_url if earlier else "") from None
        result = save()
        claim.result_url = url(result)[:500]
        claim.save(update_fields=["result_url"])
    return result
