"""Personas and small factories shared by the apps' tests.

One persona per role, all in the same territory; `make_process` builds a
published démarche whose running phase opens the components you name.
"""

import os
import re
from base64 import b32decode
from binascii import hexlify
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone, translation
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from parlons.accounts.models import Role, RoleAssignment, User
from parlons.accounts.second_factor import current_code
from parlons.core.models import Commune, Territory
from parlons.processes.models import Phase, Process, Theme

PASSWORD = "un-mot-de-passe-solide-42"

# Every persona of the permission matrices, in the order tables print them.
ROLES = [
    "anonymous",
    "citizen",
    "mediator",
    "moderator",
    "expert",
    "organiser",
    "dpo",
    "administrator",
]


@pytest.fixture(autouse=True)
def fresh_cache():
    """No cached page, nor limit counter, from an earlier test."""
    from django.core.cache import caches

    for alias in caches:
        caches[alias].clear()
    yield
    for alias in caches:
        caches[alias].clear()


@pytest.fixture(autouse=True)
def uploads_in_tmp(settings, tmp_path):
    """Uploaded files (logos, images; the demo's drawings) go to the test's own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def fresh_scrubber():
    """Each test masks texts with its own territory's public figures, not an earlier test's."""
    from parlons.privacy.publication import forget_cached_scrubber

    forget_cached_scrubber()
    yield
    forget_cached_scrubber()


@pytest.fixture(autouse=True)
def french_by_default():
    """Each test starts in French: a request in English must not leak into the next test."""
    translation.activate("fr")
    yield
    translation.activate("fr")


def stored_files(folder: str) -> set[str]:
    """The names of the files in a folder of the default storage (the test's own MEDIA_ROOT)."""
    from django.core.files.storage import default_storage

    return set(default_storage.listdir(folder)[1]) if default_storage.exists(folder) else set()


def out_of_reach(*args, **kwargs):
    """Monkeypatched onto a step of a write (the audit log, a counter) to make it fail."""
    raise RuntimeError("out of reach")


def form_token_of(page: str) -> str:
    """The one-time token of the (first) form on a page (parlons.core.forms)."""
    found = re.search(r'name="form_token" value="([^"]+)"', page)
    assert found, "no one-time form token on this page"
    return found.group(1)


@pytest.fixture
def watched(monkeypatch):
    """[(what, inside a transaction?)] for every masking and every spam score (decision 0019)."""
    from django.db import connection

    from parlons.core import spam
    from parlons.privacy import publication

    seen: list[tuple[str, bool]] = []
    mask, score = publication.public_text, spam.score

    def public_text(text):
        seen.append(("mask", connection.in_atomic_block))
        return mask(text)

    def spam_score(*args, **kwargs):
        seen.append(("spam", connection.in_atomic_block))
        return score(*args, **kwargs)

    monkeypatch.setattr(publication, "public_text", public_text)
    monkeypatch.setattr(spam, "score", spam_score)
    return seen


@pytest.fixture
def territory(db):
    territory = Territory.objects.create(
        name="Communauté de communes du Val d'Essai",
        slug="val-essai",
        kind=Territory.Kind.INTERCOMMUNALITY,
    )
    Commune.objects.create(
        territory=territory, name="Saint-Essai", slug="saint-essai", postcode="29000"
    )
    Commune.objects.create(
        territory=territory, name="Port-Essai", slug="port-essai", postcode="29001"
    )
    return territory


def make_person(territory, pseudonym: str, *roles: str, **fields) -> User:
    user = User.objects.create_user(
        email=f"{pseudonym}@exemple.test", password=PASSWORD, pseudonym=pseudonym, **fields
    )
    for role in roles:
        RoleAssignment.objects.create(user=user, territory=territory, role=role)
    return user


def login_staff(client, user) -> TOTPDevice:
    """Sign a staff member in with a session confirmed by their second factor.

    Staff powers need one (settings.STAFF_TWO_FACTOR): `client.force_login`
    alone leaves a staff member with a citizen's powers. Creates the person's
    authenticator device when they have none; returns it.
    """
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Téléphone de test", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def confirm_second_factor_in_browser(page, user) -> None:
    """After signing in through the form, a staff member confirms the session as a person would.

    On the setup page (no app yet): read the key printed for manual entry, type
    its current code, go on past the recovery codes. On the code page: type the
    current code of their app. Does nothing for a citizen.
    """
    if "/double-authentification/configurer/" in page.url:
        secret = page.locator("code.secret").inner_text().replace(" ", "")
        key = hexlify(b32decode(secret)).decode("ascii")
        field = page.get_by_label("Code à 6 chiffres affiché par l'application")
        field.fill(current_code(key))
        with page.expect_navigation():
            field.press("Enter")
        with page.expect_navigation():
            page.get_by_role("button", name="J'ai gardé mes codes, continuer").press("Enter")
    elif "/double-authentification/" in page.url:
        device = TOTPDevice.objects.get(user=user, confirmed=True)
        field = page.get_by_label("Code à 6 chiffres ou code de secours")
        field.fill(current_code(device.key))
        with page.expect_navigation():
            field.press("Enter")


@pytest.fixture
def citizen(territory):
    return make_person(territory, "camille")


@pytest.fixture
def other_citizen(territory):
    return make_person(territory, "dominique")


@pytest.fixture
def mediator(territory):
    return make_person(territory, "mediatrice", Role.MEDIATOR)


@pytest.fixture
def moderator(territory):
    return make_person(territory, "moderateur", Role.MODERATOR)


@pytest.fixture
def expert(territory):
    return make_person(
        territory,
        "experte",
        Role.EXPERT,
        real_name="Claire Expert",
        show_real_name=True,
        official_title="Chargée de mission mobilités",
    )


@pytest.fixture
def organiser(territory):
    return make_person(territory, "organisatrice", Role.ORGANISER)


@pytest.fixture
def dpo(territory):
    return make_person(territory, "dpo", Role.DPO)


@pytest.fixture
def administrator(territory):
    return make_person(territory, "admin", Role.ADMINISTRATOR)


@pytest.fixture
def personas(citizen, mediator, moderator, expert, organiser, dpo, administrator):
    return {
        "anonymous": None,
        "citizen": citizen,
        "mediator": mediator,
        "moderator": moderator,
        "expert": expert,
        "organiser": organiser,
        "dpo": dpo,
        "administrator": administrator,
    }


@pytest.fixture
def make_process(territory, organiser):
    """make_process(open=("contribute", "reply"), status="published", slug=...)"""

    def build(
        open=("contribute", "reply", "react", "meetings", "expert_answers"),
        status=Process.Status.PUBLISHED,
        slug="transition-numerique",
        title=None,
    ) -> Process:
        now = timezone.now()
        process = Process.objects.create(
            territory=territory,
            slug=slug,
            title=title or "La transition numérique du territoire",
            summary="Comment le numérique peut-il servir tout le monde ?",
            status=status,
            description="Une démarche **pour tous**.",
            created_by=organiser,
        )
        Phase.objects.create(
            process=process,
            kind=Phase.Kind.INFORMATION,
            title="Information",
            starts_at=now - timedelta(days=30),
            ends_at=now - timedelta(days=10),
        )
        Phase.objects.create(
            process=process,
            kind=Phase.Kind.CONTRIBUTIONS,
            title="Contributions",
            starts_at=now - timedelta(days=10),
            ends_at=now + timedelta(days=20),
            components=list(open),
        )
        for position, name in enumerate(["Emploi", "Mobilité", "Santé"]):
            Theme.objects.create(
                process=process, name=name, slug=name.lower().replace("é", "e"), position=position
            )
        return process

    return build


# Set PARLONS_SCREENSHOTS=/some/dir to keep the screenshots and look at them.
SCREENSHOTS = os.environ.get("PARLONS_SCREENSHOTS")


def screenshots(page, name: str, tmp_path: Path) -> None:
    """The page at desktop (1280 px) and phone (390 px) widths; nothing may overflow sideways."""
    folder = Path(SCREENSHOTS) if SCREENSHOTS else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name} at {width} px is {overflow} px too wide"
    page.set_viewport_size({"width": 1280, "height": 900})
