"""Signed one-click opt-out links carried by every notification e-mail."""

from django.core import signing
from django.urls import reverse

from parlons.core.public_url import absolute_url

SALT = "parlons.accounts.optout"
KINDS = ("replies", "answers", "meetings")


def optout_token(user, kind: str) -> str:
    if kind not in KINDS:
        raise ValueError(kind)
    return signing.dumps({"u": user.pk, "k": kind}, salt=SALT)


def optout_url(user, kind: str) -> str:
    return absolute_url(reverse("accounts:optout", kwargs={"token": optout_token(user, kind)}))


def read_optout_token(token: str) -> tuple[int, str] | None:
    """The (user id, kind) a token was made for, or None if it was altered."""
    try:
        data = signing.loads(token, salt=SALT)
    except signing.BadSignature:
        return None
    if data.get("k") not in KINDS:
        return None
    return int(data["u"]), data["k"]
