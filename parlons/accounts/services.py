"""Every write about people and their roles. Each one is audited."""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from parlons.accounts.confirmation import (
    CONFIRMATION_LINK_DAYS,
    confirmation_url,
    read_confirmation_token,
)
from parlons.accounts.models import Role, RoleAssignment, User
from parlons.accounts.notifications import render_text
from parlons.accounts.roles import forget_cached_roles
from parlons.accounts.rules import (
    can_edit_profile,
    can_manage_periodic_jobs,
    can_manage_roles,
    can_regenerate_recovery_codes,
    can_remove_second_factor,
    can_reset_second_factor,
    can_set_up_second_factor,
)
from parlons.accounts.second_factor import RECOVERY_CODE_COUNT, matched_step
from parlons.accounts.tasks import queue_email
from parlons.core import audit, scheduler
from parlons.core.communes import SLUG_MAX_LENGTH, CommuneRow, commune_slugs
from parlons.core.consents import consent_changed
from parlons.core.models import Commune, PeriodicJobRun, Territory
from parlons.core.public_url import public_url
from parlons.core.queries import current_territory


@transaction.atomic
def register_user(
    *,
    email: str,
    password: str,
    pseudonym: str,
    real_name: str = "",
    show_real_name: bool = False,
    request=None,
) -> User:
    """A person signs up. They are a citizen of every territory from then on.

    They contribute once they open the link sent to their address (may_participate).
    """
    user = User(
        email=email.strip().lower(),
        pseudonym=pseudonym.strip(),
        real_name=real_name.strip(),
        show_real_name=show_real_name,
        email_confirmed_at=None,
    )
    validate_password(password, user)
    user.set_password(password)
    user.save()
    audit.record(user, "accounts.register", user)
    if show_real_name:
        _consent_changed(user, "show_real_name")
    send_confirmation_email(user=user, request=request)
    return user


def send_confirmation_email(*, user: User, request=None) -> None:
    """The link that confirms the address, valid CONFIRMATION_LINK_DAYS days."""
    with translation.override("fr"):
        subject = _("Confirmez votre adresse électronique")
        body = render_text(
            "accounts/email/confirm_email.txt",
            {
                "user": user,
                "link": confirmation_url(user, request),
                "days": CONFIRMATION_LINK_DAYS,
                "platform": settings.PLATFORM_NAME,
            },
        )
    queue_email(to=user.email, subject=subject, body=body)


def warn_of_sign_up_attempt(*, email: str, request=None) -> None:
    """Someone signed up with an address that has an account: its owner is told, nobody else.

    The sign-up page answers as for a new address, so it never reveals who has an account.
    """
    with translation.override("fr"):
        subject = _("Une inscription a été tentée avec votre adresse")
        body = render_text(
            "accounts/email/sign_up_attempt.txt",
            {
                "site_url": public_url(request),
                "platform": settings.PLATFORM_NAME,
            },
        )
    queue_email(to=email.strip().lower(), subject=subject, body=body)


@transaction.atomic
def confirm_email(*, token: str) -> User | None:
    """The person opened the link: their address is theirs. None if the link is bad or expired."""
    found = read_confirmation_token(token)
    if found is None:
        return None
    user = User.objects.select_for_update().filter(pk=found[0], email=found[1]).first()
    if user is None or not user.is_active or user.erased_at is not None:
        return None
    if user.email_confirmed_at is None:
        user.email_confirmed_at = timezone.now()
        user.save(update_fields=["email_confirmed_at"])
        audit.record(user, "accounts.confirm_email", user)
    return user


@transaction.atomic
def register_from_identity_provider(*, email: str, pseudonym_hint: str, provider: str) -> User:
    """A person signed in with the territory's identity provider for the first time.

    Only the e-mail address is kept, with a pseudonym made from the hint (made
    unique); the person may change it on their profile. No password: they sign
    in through the provider, or set one with "mot de passe oublié".
    """
    base = (slugify(pseudonym_hint) or "habitant")[:32]
    pseudonym, number = base, 2
    while User.objects.filter(pseudonym__iexact=pseudonym).exists():
        pseudonym, number = f"{base}-{number}", number + 1
    # The provider vouches for the address: confirmed (the field's default).
    user = User(email=email.strip().lower(), pseudonym=pseudonym)
    user.set_unusable_password()
    user.save()
    audit.record(user, "accounts.register_from_identity_provider", user, provider=provider)
    return user


# Imported accounts have no address: this reserved domain (RFC 2606) never receives mail.
IMPORTED_EMAIL_DOMAIN = "import.parlons.invalid"


@transaction.atomic
def create_imported_accounts(*, actor, pseudonyms: list[str], origin: str) -> list[User]:
    """Accounts for the authors of a history brought from another platform (Decidim).

    Only a pseudonym: no e-mail address (a placeholder in the reserved
    `.invalid` domain fills the required column), no password, no
    notification, not active — nobody signs in with them; they sign the
    imported texts. The caller makes the pseudonyms unique and checks the
    actor's right to import (the proposals' and debates' import services).
    """
    users = []
    for pseudonym in pseudonyms:
        user = User(
            email=f"{pseudonym.lower()}@{IMPORTED_EMAIL_DOMAIN}",
            pseudonym=pseudonym,
            is_active=False,
            email_confirmed_at=None,
            notify_replies=False,
            notify_answers=False,
            notify_meetings=False,
        )
        user.set_unusable_password()
        users.append(user)
    User.objects.bulk_create(users, batch_size=500)
    if users:
        audit.record(actor, "accounts.import_accounts", actor, origin=origin, rows=len(users))
    return users


@transaction.atomic
def update_profile(*, actor: User, user: User, **fields) -> User:
    """A person changes their own pseudonym, name and notification choices."""
    can_edit_profile.require(actor, user)
    changed = audit.save_changes(
        actor, user, fields, User.PROFILE_FIELDS, "accounts.update_profile", audit_unchanged=False
    )
    for name in changed:
        if name in CONSENT_FIELDS:
            _consent_changed(user, name)
    return user


# The profile's booleans that are consents (declared in accounts/privacy.py): the privacy
# app records each change with the wording the person read.
CONSENT_FIELDS = ("show_real_name", "notify_replies", "notify_answers", "notify_meetings")


def _consent_changed(user: User, field: str) -> None:
    consent_changed.send(
        sender=User, user=user, purpose=f"accounts.{field}", given=bool(getattr(user, field))
    )


@transaction.atomic
def set_notification(*, user: User, kind: str, enabled: bool) -> User:
    """One-click opt-out from an e-mail link: the person is identified by a signed token."""
    field = {
        "replies": "notify_replies",
        "answers": "notify_answers",
        "meetings": "notify_meetings",
    }[kind]
    changed = getattr(user, field) != enabled
    setattr(user, field, enabled)
    user.save(update_fields=[field])
    if changed:
        _consent_changed(user, field)
    audit.record(user, "accounts.set_notification", user, kind=kind, enabled=enabled)
    return user


@transaction.atomic
def grant_role(*, actor: User, user: User, territory: Territory, role: str) -> RoleAssignment:
    can_manage_roles.require(actor, territory)
    return _assign_role(actor, user, territory, role)


def _assign_role(
    actor: User | None, user: User, territory: Territory, role: str, **data
) -> RoleAssignment:
    if role not in Role.values:
        raise ValueError(f"unknown role {role!r}")
    assignment, _created = RoleAssignment.objects.get_or_create(
        user=user, territory=territory, role=role
    )
    forget_cached_roles(user)
    audit.record(actor, "accounts.grant_role", user, role=role, territory=territory.slug, **data)
    return assignment


@transaction.atomic
def revoke_role(*, actor: User, user: User, territory: Territory, role: str) -> None:
    can_manage_roles.require(actor, territory)
    RoleAssignment.objects.filter(user=user, territory=territory, role=role).delete()
    forget_cached_roles(user)
    audit.record(actor, "accounts.revoke_role", user, role=role, territory=territory.slug)


def _delete_second_factor(user: User) -> int:
    deleted = 0
    for model in (TOTPDevice, StaticDevice):
        count, _per_model = model.objects.filter(user=user).delete()
        deleted += count
    return deleted


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=str(_("Codes de secours")), confirmed=True)
    codes = [StaticToken.random_token() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def set_up_second_factor(
    *, actor: User, key: str, code: str, name: str
) -> tuple[TOTPDevice, list[str]]:
    """A person confirms their authenticator app with a first code; it replaces any earlier one.

    Returns the device and ten new recovery codes, to be shown once.
    """
    can_set_up_second_factor.require(actor)
    step = matched_step(key, code)
    if step is None:
        raise ValidationError(
            {
                "code": _(
                    "Ce code ne correspond pas. Vérifiez l'heure de votre téléphone et "
                    "tapez le code à 6 chiffres affiché maintenant."
                )
            }
        )
    replaced = TOTPDevice.objects.filter(user=actor).exists()
    _delete_second_factor(actor)
    # The code just typed cannot be used again to sign in (last_t).
    device = TOTPDevice.objects.create(
        user=actor, key=key, name=name.strip(), confirmed=True, last_t=step
    )
    device.set_last_used_timestamp()
    codes = _new_recovery_codes(actor)
    audit.record(
        actor, "accounts.set_up_second_factor", actor, device=device.name, replaced=replaced
    )
    return device, codes


@transaction.atomic
def regenerate_recovery_codes(*, actor: User) -> list[str]:
    """New recovery codes; the old ones stop working."""
    can_regenerate_recovery_codes.require(actor)
    codes = _new_recovery_codes(actor)
    audit.record(actor, "accounts.regenerate_recovery_codes", actor)
    return codes


@transaction.atomic
def remove_second_factor(*, actor: User, territory: Territory | None) -> None:
    can_remove_second_factor.require(actor, territory)
    _delete_second_factor(actor)
    audit.record(actor, "accounts.remove_second_factor", actor)


@transaction.atomic
def reset_second_factor(*, actor: User, user: User, territory: Territory) -> None:
    """An administrator removes a person's second factor (a lost phone): they set a new one.

    Their sessions lose their staff powers at once (the device that confirmed
    them is gone); the person is told by e-mail.
    """
    can_reset_second_factor.require(actor, territory)
    deleted = _delete_second_factor(user)
    audit.record(
        actor, "accounts.reset_second_factor", user, territory=territory.slug, devices=deleted
    )
    with translation.override("fr"):
        subject = _("Votre second facteur de connexion a été réinitialisé")
        body = render_text(
            "accounts/email/second_factor_reset.txt",
            {"user": user, "site_url": public_url(), "platform": settings.PLATFORM_NAME},
        )
    queue_email(to=user.email, subject=subject, body=body)


# The first installation, from the command line (`parlons setup`, `parlons createsuperuser`).
# Nobody is signed in yet: the audit entries have no actor and name the command instead.

# Every role but a citizen's: the first administrator can do and show every staff task.
FIRST_ADMINISTRATOR_ROLES = tuple(role for role in Role.values if role != Role.CITIZEN)
DEFAULT_ADMINISTRATOR_PSEUDONYM = "Administration"


@dataclass(frozen=True)
class TerritoryRequest:
    """What `parlons setup` was asked for; None means "not given" (not compared on a re-run)."""

    name: str
    admin_email: str
    admin_password: str | None = None
    admin_pseudonym: str | None = None
    kind: str | None = None
    contact_email: str | None = None
    dpo_email: str | None = None
    communes: list[CommuneRow] = field(default_factory=list)


@dataclass
class SetupOutcome:
    territory: Territory
    administrator: User
    created_territory: bool = False
    created_account: bool = False
    granted_roles: list[str] = field(default_factory=list)
    added_communes: list[str] = field(default_factory=list)


class SetupConflict(Exception):
    """What exists differs from what was asked; nothing was changed. `differences` says what."""

    def __init__(self, territory: Territory, differences: list[str]):
        self.territory = territory
        self.differences = differences
        super().__init__(f"{len(differences)} difference(s) with the existing installation")


def _new_account(*, email: str, pseudonym: str, password: str, superuser: bool) -> User:
    user = User(
        email=User.objects.normalize_email(email.strip()).lower(),
        pseudonym=pseudonym.strip(),
        is_staff=superuser,
        is_superuser=superuser,
    )
    errors: dict[str, list[str]] = {}
    try:
        user.full_clean(exclude=["password"], validate_unique=False)
    except ValidationError as error:
        errors.update(error.message_dict)
    if "email" not in errors and User.objects.filter(email=user.email).exists():
        errors["email"] = [_("Un compte a déjà cette adresse électronique.")]
    # The sign-up form's rule: "Camille" and "camille" are the same pseudonym.
    if "pseudonym" not in errors and User.objects.filter(pseudonym__iexact=user.pseudonym).exists():
        errors["pseudonym"] = [_("Ce pseudonyme est déjà pris.")]
    try:
        validate_password(password, user)
    except ValidationError as error:
        errors["password"] = list(error.messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(password)
    user.save()
    return user


def _grant_every_staff_role(user: User, territory: Territory, command: str) -> list[str]:
    held = set(
        RoleAssignment.objects.filter(user=user, territory=territory).values_list("role", flat=True)
    )
    missing = [role for role in FIRST_ADMINISTRATOR_ROLES if role not in held]
    for role in missing:
        _assign_role(None, user, territory, role, command=command)
    return missing


@transaction.atomic
def create_administrator(*, email: str, pseudonym: str, password: str) -> tuple[User, list[str]]:
    """An administrator account made at the console (`parlons createsuperuser`).

    When the territory exists, the account receives every staff role in it at
    once; otherwise `parlons setup` gives them. Returns the account and the
    roles granted.
    """
    user = _new_account(email=email, pseudonym=pseudonym, password=password, superuser=True)
    audit.record(None, "accounts.create_administrator", user, command="createsuperuser")
    territory = current_territory()
    granted = []
    if territory is not None:
        granted = _grant_every_staff_role(user, territory, "createsuperuser")
    return user, granted


def _shown(value: str) -> str:
    return f"« {value} »" if value else _("(vide)")


def _commune_label(commune) -> str:
    return f"{commune.name} ({commune.insee_code})" if commune.insee_code else commune.name


def _setup_differences(
    territory: Territory, request: TerritoryRequest
) -> tuple[list[str], list[CommuneRow]]:
    """What an existing installation says otherwise than `request`, and the communes it lacks."""
    differences = []
    compared = [
        (_("nom du territoire"), territory.name, request.name),
        (_("type de territoire"), territory.kind, request.kind),
        (_("adresse de contact"), territory.contact_email, request.contact_email),
        (
            _("adresse du délégué à la protection des données"),
            territory.dpo_email,
            request.dpo_email,
        ),
    ]
    for label, saved, asked in compared:
        if asked is not None and asked.strip() != saved:
            differences.append(
                _("%(what)s : %(saved)s enregistré, %(asked)s demandé")
                % {"what": label, "saved": _shown(saved), "asked": _shown(asked.strip())}
            )
    existing = list(territory.communes.all())
    by_code = {commune.insee_code: commune for commune in existing if commune.insee_code}
    by_slug = {commune.slug: commune for commune in existing}
    missing = []
    for row, slug in zip(request.communes, commune_slugs(request.communes), strict=True):
        saved_commune = by_code.get(row.insee_code) or by_slug.get(slug)
        if saved_commune is None:
            missing.append(row)
        elif (saved_commune.name, saved_commune.insee_code) != (row.name, row.insee_code) or (
            row.postcode and row.postcode != saved_commune.postcode
        ):
            differences.append(
                _("commune %(saved)s enregistrée, %(asked)s demandée")
                % {
                    "saved": _commune_label(saved_commune),
                    "asked": _commune_label(row) + (f" {row.postcode}" if row.postcode else ""),
                }
            )
    user = User.objects.filter(email=request.admin_email.strip().lower()).first()
    if user is None:
        differences.append(
            _(
                "administrateur : aucun compte « %(email)s » (un autre administrateur : "
                "parlons createsuperuser)"
            )
            % {"email": request.admin_email.strip()}
        )
    else:
        differences.extend(_account_differences(user, request))
        held = set(
            RoleAssignment.objects.filter(user=user, territory=territory).values_list(
                "role", flat=True
            )
        )
        lacking = [Role(role).label for role in FIRST_ADMINISTRATOR_ROLES if role not in held]
        if lacking:
            differences.append(
                _("le compte « %(email)s » n'a pas les rôles : %(roles)s")
                % {"email": user.email, "roles": ", ".join(str(label) for label in lacking)}
            )
    return differences, missing


def _account_differences(user: User, request: TerritoryRequest) -> list[str]:
    differences = []
    if not user.is_active or user.erased_at:
        differences.append(_("le compte « %(email)s » est désactivé") % {"email": user.email})
    if request.admin_pseudonym is not None and request.admin_pseudonym.strip() != user.pseudonym:
        differences.append(
            _("pseudonyme de l'administrateur : %(saved)s enregistré, %(asked)s demandé")
            % {"saved": _shown(user.pseudonym), "asked": _shown(request.admin_pseudonym.strip())}
        )
    if request.admin_password is not None and not user.check_password(request.admin_password):
        differences.append(
            _("le compte « %(email)s » a un autre mot de passe (setup ne le change pas)")
            % {"email": user.email}
        )
    return differences


def _add_communes(territory: Territory, rows: list[CommuneRow]) -> list[str]:
    taken = set(territory.communes.values_list("slug", flat=True))
    added = []
    for row, slug in zip(rows, commune_slugs(rows), strict=True):
        if slug in taken and row.insee_code:
            slug = f"{slug[: SLUG_MAX_LENGTH - 6]}-{row.insee_code.lower()}"
        commune = Commune(
            territory=territory,
            name=row.name,
            slug=slug,
            insee_code=row.insee_code,
            postcode=row.postcode,
        )
        commune.full_clean()
        commune.save()
        taken.add(slug)
        added.append(_commune_label(commune))
    if added:
        audit.record(None, "core.add_communes", territory, count=len(added), command="setup")
    return added


@transaction.atomic
def set_up_territory(*, request: TerritoryRequest) -> SetupOutcome:
    """The first installation: the territory, its communes and its first administrator.

    Run again, it changes nothing that exists: when what exists matches the
    request it only adds the communes not there yet; when anything differs
    (a name, an address, another administrator, a commune's code...) it raises
    SetupConflict listing the differences, and nothing is written.
    """
    territory = current_territory()
    if territory is not None:
        differences, missing = _setup_differences(territory, request)
        if differences:
            raise SetupConflict(territory, differences)
        administrator = User.objects.get(email=request.admin_email.strip().lower())
        return SetupOutcome(
            territory=territory,
            administrator=administrator,
            added_communes=_add_communes(territory, missing),
        )
    territory = Territory(
        name=request.name.strip(),
        slug=slugify(request.name)[: Territory._meta.get_field("slug").max_length],
        kind=request.kind or Territory.Kind.COMMUNE,
        contact_email=(request.contact_email or "").strip(),
        dpo_email=(request.dpo_email or "").strip(),
    )
    territory.full_clean()
    territory.save()
    audit.record(
        None,
        "core.create_territory",
        territory,
        kind=territory.kind,
        fields=["name", "kind", "contact_email", "dpo_email"],
        command="setup",
    )
    communes = request.communes
    if not communes and territory.kind == Territory.Kind.COMMUNE:
        # A commune's territory is that one place: contributions can still name it.
        communes = [CommuneRow(line=0, name=territory.name, insee_code="")]
    added = _add_communes(territory, communes)
    outcome = SetupOutcome(
        territory=territory,
        administrator=User(),
        created_territory=True,
        added_communes=added,
    )
    user = User.objects.filter(email=request.admin_email.strip().lower()).first()
    if user is None:
        if request.admin_password is None:
            raise ValidationError({"password": [_("Un mot de passe est nécessaire.")]})
        user = _new_account(
            email=request.admin_email,
            pseudonym=request.admin_pseudonym or DEFAULT_ADMINISTRATOR_PSEUDONYM,
            password=request.admin_password,
            superuser=False,
        )
        audit.record(None, "accounts.create_administrator", user, command="setup")
        outcome.created_account = True
    else:
        differences = _account_differences(user, request)
        if differences:
            raise SetupConflict(territory, differences)
    outcome.administrator = user
    outcome.granted_roles = _grant_every_staff_role(user, territory, "setup")
    return outcome


@transaction.atomic
def run_periodic_job_now(*, actor: User, territory: Territory, name: str) -> PeriodicJobRun:
    """An administrator runs a periodic job out of its times ("Lancer maintenant")."""
    can_manage_periodic_jobs.require(actor, territory)
    try:
        run = scheduler.start_now(name)
    except LookupError:
        raise ValidationError(_("Cette tâche périodique n'existe pas.")) from None
    audit.record(actor, "core.run_periodic_job", run, job=name)
    return run
