"""Staff second factor: the facts and helpers around django-otp's devices.

A staff member holds one TOTP device (an authenticator app) and one static
device (ten recovery codes, each usable once). Writes are in services.py;
this module only reads, checks codes and draws the QR code (locally, as SVG).
"""

import math
from base64 import b32encode
from binascii import unhexlify

import segno
from django.conf import settings
from django.utils import timezone
from django_otp import verify_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice, default_key

RECOVERY_CODE_COUNT = 10
# What the session remembers between the setup page and its confirmation.
PENDING_KEY_SESSION_KEY = "parlons_pending_totp_key"
# Recovery codes waiting to be shown once, right after they were made.
NEW_CODES_SESSION_KEY = "parlons_new_recovery_codes"
# Set on a staff member's session: it expires after inactivity.
STAFF_SESSION_KEY = "parlons_staff_session"
LAST_SEEN_SESSION_KEY = "parlons_staff_last_seen"


def is_required() -> bool:
    return bool(settings.STAFF_TWO_FACTOR)


def totp_device(user) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they set one up."""
    if user is None or not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def recovery_device(user) -> StaticDevice | None:
    if user is None or not user.is_authenticated:
        return None
    return StaticDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()


def has_second_factor(user) -> bool:
    return totp_device(user) is not None


def session_confirmed(user) -> bool:
    """True when this request's session was confirmed by a second factor (or none is asked)."""
    if not is_required():
        return True
    return getattr(user, "otp_device", None) is not None


def new_key() -> str:
    """A random TOTP secret, as django-otp stores it (40 hexadecimal digits)."""
    return default_key()


def secret_for_typing(key: str) -> str:
    """The secret in base 32, in groups of four, for people who type it into their app."""
    text = b32encode(unhexlify(key)).decode("ascii")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def matched_step(key: str, code: str, *, tolerance: int = 1) -> int | None:
    """The time step at which `code` is the TOTP code for `key` (one step early or late is
    fine), or None when it does not match."""
    code = code.strip().replace(" ", "")
    if not code.isdigit():
        return None
    totp = TOTP(unhexlify(key))
    return totp.t() if totp.verify(int(code), tolerance) else None


def current_code(key: str) -> str:
    """The code an authenticator app shows now for `key` (tests and the demo use it)."""
    return f"{TOTP(unhexlify(key)).token():06d}"


def config_url(user, key: str) -> str:
    """The otpauth:// address that authenticator apps read from the QR code."""
    return TOTPDevice(user=user, key=key).config_url


def qr_code_svg(url: str) -> str:
    """The QR code of `url` as an inline SVG element, made here (no other site is asked)."""
    return segno.make(url, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")


def check_code(user, code: str):
    """The device that accepts `code` (an app's 6 digits, or a recovery code, used up),
    and how many seconds to wait before trying again when too many codes were wrong.

    django-otp throttles each device (1, 2, 4, 8… seconds after successive wrong
    codes): a guessed code is slow, a mistyped one costs a second.
    """
    code = code.strip().replace(" ", "").lower()
    device = totp_device(user) if code.isdigit() else recovery_device(user)
    if device is None:
        return None, None
    allowed, details = device.verify_is_allowed()
    if not allowed and details and details.get("locked_until"):
        wait = (details["locked_until"] - timezone.now()).total_seconds()
        return None, max(1, math.ceil(wait))
    return verify_token(user, device.persistent_id, code), None
