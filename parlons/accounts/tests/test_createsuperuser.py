"""`parlons createsuperuser`: Parlons' own, in French, with the password rules and the staff roles."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from parlons.accounts.models import User
from parlons.accounts.tests.test_setup import STAFF_ROLES, Terminal, typed_passwords
from parlons.conftest import PASSWORD
from parlons.core.models import AuditEntry


@pytest.fixture(autouse=True)
def no_admin_variables(monkeypatch):
    for name in [
        "PARLONS_ADMIN_EMAIL",
        "PARLONS_ADMIN_PASSWORD",
        "PARLONS_ADMIN_PASSWORD_FILE",
        "PARLONS_ADMIN_PSEUDONYM",
        "DJANGO_SUPERUSER_EMAIL",
        "DJANGO_SUPERUSER_PASSWORD",
        "DJANGO_SUPERUSER_PSEUDONYM",
    ]:
        monkeypatch.delenv(name, raising=False)


def create(*args: str, **options) -> str:
    out = io.StringIO()
    call_command("createsuperuser", *args, stdout=out, stderr=io.StringIO(), **options)
    return out.getvalue()


@pytest.mark.django_db
def test_createsuperuser_without_input_reads_the_parlons_variables_and_gives_every_role(
    territory, monkeypatch
):
    monkeypatch.setenv("PARLONS_ADMIN_EMAIL", "Secours@Exemple.test")
    monkeypatch.setenv("PARLONS_ADMIN_PASSWORD", PASSWORD)

    out = create("--no-input")

    user = User.objects.get(email="secours@exemple.test")
    assert (user.pseudonym, user.is_superuser, user.is_staff) == ("Administration", True, True)
    assert user.check_password(PASSWORD)
    assert sorted(user.role_assignments.values_list("role", flat=True)) == STAFF_ROLES
    assert out.splitlines()[0] == "Compte administrateur secours@exemple.test créé."
    assert AuditEntry.objects.filter(
        action="accounts.create_administrator", target_id=str(user.pk), actor=None
    ).exists()


@pytest.mark.django_db
def test_createsuperuser_reads_django_variables_too(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "django@exemple.test")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", PASSWORD)
    monkeypatch.setenv("DJANGO_SUPERUSER_PSEUDONYM", "Équipe technique")

    create("--no-input")

    assert User.objects.filter(email="django@exemple.test", pseudonym="Équipe technique").exists()


@pytest.mark.django_db
def test_createsuperuser_before_setup_says_to_run_setup(monkeypatch):
    monkeypatch.setenv("PARLONS_ADMIN_PASSWORD", PASSWORD)

    out = create("--no-input", "--email", "tot@exemple.test")

    assert out.splitlines()[1] == (
        "Aucun territoire pour l'instant : lancez « parlons setup » avec cette adresse pour le "
        "créer ; ce compte y recevra tous les rôles de l'équipe."
    )
    assert User.objects.get().role_assignments.count() == 0


@pytest.mark.django_db
def test_createsuperuser_without_a_password_refuses_instead_of_making_an_account_without_one():
    with pytest.raises(CommandError) as raised:
        create("--no-input", "--email", "sans@exemple.test")

    assert str(raised.value) == (
        "Avec --no-input, il faut le mot de passe : PARLONS_ADMIN_PASSWORD."
    )
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_createsuperuser_without_input_checks_the_password_rules(monkeypatch):
    monkeypatch.setenv("PARLONS_ADMIN_PASSWORD", "motdepasse")
    err = io.StringIO()

    with pytest.raises(CommandError, match="Aucun compte n'a été créé."):
        call_command("createsuperuser", "--no-input", "--email", "faible@exemple.test", stderr=err)

    assert "mot de passe : Ce mot de passe est trop courant." in err.getvalue().splitlines()
    assert User.objects.count() == 0


@pytest.mark.django_db
def test_createsuperuser_refuses_an_address_already_taken_in_french(citizen, monkeypatch):
    monkeypatch.setenv("PARLONS_ADMIN_PASSWORD", PASSWORD)
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("createsuperuser", "--no-input", "--email", citizen.email, stderr=err)

    assert err.getvalue().splitlines() == [
        "adresse électronique : Un compte a déjà cette adresse électronique."
    ]


@pytest.mark.django_db
def test_createsuperuser_at_a_terminal_asks_in_french_and_hides_the_password(territory):
    answers = ["pas-une-adresse", "nouvelle@exemple.test", "Direction du numérique"]

    out = create(
        stdin=Terminal("\n".join(answers) + "\n"),
        getpass=typed_passwords("court", "court", PASSWORD, PASSWORD),
    )

    assert "« pas-une-adresse » n'est pas une adresse électronique" in out
    assert "Pseudonyme affiché [Administration] : " in out
    assert "Ce mot de passe est trop court." in out
    assert PASSWORD not in out
    user = User.objects.get(email="nouvelle@exemple.test")
    assert user.pseudonym == "Direction du numérique"
    assert sorted(user.role_assignments.values_list("role", flat=True)) == STAFF_ROLES


@pytest.mark.django_db
def test_createsuperuser_without_a_terminal_never_mentions_manage_py():
    with pytest.raises(CommandError) as raised:
        create(stdin=io.StringIO(""))

    assert str(raised.value) == (
        "Pas de terminal pour poser les questions. Pour un script : « PARLONS_ADMIN_EMAIL=… "
        "PARLONS_ADMIN_PASSWORD=… parlons createsuperuser --no-input » (voir « parlons "
        "createsuperuser --help »)."
    )
    assert "manage.py" not in str(raised.value)


@pytest.mark.django_db
def test_createsuperuser_offers_a_free_pseudonym_when_administration_is_taken(monkeypatch):
    monkeypatch.setenv("PARLONS_ADMIN_PASSWORD", PASSWORD)
    create("--no-input", "--email", "une@exemple.test")

    create("--no-input", "--email", "deux@exemple.test")

    assert list(User.objects.order_by("pk").values_list("pseudonym", flat=True)) == [
        "Administration",
        "Administration 2",
    ]
