"""What the profile and roles pages show of the second factor (no secret ever)."""

from django import template
from django_otp.plugins.otp_totp.models import TOTPDevice

from parlons.accounts.roles import holds_staff_role
from parlons.accounts.second_factor import is_required, recovery_device, totp_device
from parlons.core.queries import current_territory

register = template.Library()


@register.simple_tag
def second_factor_status(user) -> dict:
    """The person's device (name, date), recovery codes left, and whether they are staff."""
    device = totp_device(user)
    codes = recovery_device(user)
    return {
        "device": device,
        "codes_left": codes.token_set.count() if codes is not None else 0,
        "staff": holds_staff_role(user, current_territory()),
        "required": is_required(),
        "confirmed": device is not None and getattr(user, "otp_device", None) is not None,
    }


@register.simple_tag
def users_with_second_factor(assignments) -> set[int]:
    """The ids of the people of these role assignments who set up a second factor (one query)."""
    user_ids = {assignment.user_id for assignment in assignments}
    return set(
        TOTPDevice.objects.filter(user_id__in=user_ids, confirmed=True).values_list(
            "user_id", flat=True
        )
    )
