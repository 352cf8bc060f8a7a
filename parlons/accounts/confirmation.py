"""Signed, expiring links that confirm a new account's e-mail address."""

from django.core import signing
from django.urls import reverse

from parlons.core.public_url import absolute_url

SALT = "parlons.accounts.confirm_email"
# Said in the e-mail; past it, the person asks for a new link from the page they see.
CONFIRMATION_LINK_DAYS = 3


def confirmation_token(user) -> str:
    # The address is part of the token: a link sent to an old address confirms nothing.
    return signing.dumps({"u": user.pk, "e": user.email}, salt=SALT)


def confirmation_url(user, request=None) -> str:
    return absolute_url(
        reverse("accounts:confirm_email", kwargs={"token": confirmation_token(user)}), request
    )


def read_confirmation_token(token: str) -> tuple[int, str] | None:
    """The (user id, address) a link was made for, or None if it was altered or has expired."""
    try:
        data = signing.loads(token, salt=SALT, max_age=CONFIRMATION_LINK_DAYS * 24 * 3600)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    return int(data["u"]), str(data["e"])
