"""`parlons setup` on a new database: the territory, its communes, the first administrator.

Run twice it changes nothing; run with other values it says which and changes nothing;
it asks in French at a terminal, again and again until an answer is acceptable.
"""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from parlons.accounts.models import Role, RoleAssignment, User
from parlons.conftest import PASSWORD
from parlons.core.models import AuditEntry, Commune, Territory

STAFF_ROLES = ["administrator", "dpo", "expert", "mediator", "moderator", "organiser"]
COMMUNES_CSV = (
    "\ufeffnom;code_insee;code_postal\nBrest;29019;29200\nPlouzané;29212;29280\nGuipavas;29075;\n"
)


def run_setup(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("setup", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def refused(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("setup", *args, stdout=out, stderr=err)
    return err.getvalue(), str(raised.value)


@pytest.fixture
def communes_file(tmp_path):
    path = tmp_path / "communes.csv"
    path.write_text(COMMUNES_CSV, encoding="utf-8")
    return path


@pytest.fixture
def admin_password(monkeypatch):
    monkeypatch.setenv("PARLONS_ADMIN_PASSWORD", PASSWORD)
    return PASSWORD


def metropole_args(communes_file) -> list[str]:
    return [
        "--no-input",
        "--territory",
        "Brest métropole",
        "--kind",
        "metropole",
        "--communes",
        str(communes_file),
        "--admin-email",
        "Admin@Brest.test",
        "--dpo-email",
        "dpo@brest.test",
        "--contact-email",
        "participation@brest.test",
    ]


def snapshot() -> tuple:
    """Everything setup writes, to compare before and after a run."""
    return (
        list(Territory.objects.values_list("name", "slug", "kind", "contact_email", "dpo_email")),
        list(Commune.objects.order_by("pk").values_list("name", "slug", "insee_code", "postcode")),
        list(User.objects.order_by("pk").values_list("email", "pseudonym", "password")),
        sorted(RoleAssignment.objects.values_list("user__email", "role")),
        AuditEntry.objects.count(),
    )


@pytest.mark.django_db
def test_setup_creates_the_territory_communes_and_an_administrator_with_every_staff_role(
    communes_file, admin_password
):
    out, err = run_setup(*metropole_args(communes_file))

    territory = Territory.objects.get()
    assert (territory.name, territory.slug, territory.kind) == (
        "Brest métropole",
        "brest-metropole",
        "metropole",
    )
    assert (territory.contact_email, territory.dpo_email) == (
        "participation@brest.test",
        "dpo@brest.test",
    )
    assert list(
        territory.communes.order_by("name").values_list("name", "slug", "insee_code", "postcode")
    ) == [
        ("Brest", "brest", "29019", "29200"),
        ("Guipavas", "guipavas", "29075", ""),
        ("Plouzané", "plouzane", "29212", "29280"),
    ]
    admin = User.objects.get()
    assert (admin.email, admin.pseudonym, admin.is_superuser) == (
        "admin@brest.test",
        "Administration",
        False,
    )
    assert admin.check_password(PASSWORD)
    assert sorted(admin.role_assignments.values_list("role", flat=True)) == STAFF_ROLES
    assert "Territoire « Brest métropole » créé (métropole), 3 commune(s)." in out
    assert "Compte administrateur admin@brest.test (créé)" in out
    assert err == ""


@pytest.mark.django_db
def test_setup_is_audited_without_an_actor_and_names_the_command(communes_file, admin_password):
    run_setup(*metropole_args(communes_file))

    entries = list(AuditEntry.objects.order_by("pk").values_list("actor", "action", "data"))
    assert [action for _actor, action, _data in entries] == [
        "core.create_territory",
        "core.add_communes",
        "accounts.create_administrator",
        *["accounts.grant_role"] * 6,
    ]
    assert {actor for actor, _action, _data in entries} == {None}
    assert {data["command"] for _actor, _action, data in entries} == {"setup"}
    assert sorted(data["role"] for _a, action, data in entries if "role" in data) == STAFF_ROLES


@pytest.mark.django_db
def test_setup_run_twice_changes_nothing_and_says_what_exists(communes_file, admin_password):
    run_setup(*metropole_args(communes_file))
    before = snapshot()

    out, err = run_setup(*metropole_args(communes_file))

    assert snapshot() == before
    assert out == (
        "Déjà en place : le territoire « Brest métropole » et le compte admin@brest.test "
        "avec tous les rôles de l'équipe.\nRien n'a changé.\n"
    )
    assert err == ""


@pytest.mark.django_db
def test_setup_run_again_with_other_values_lists_them_and_changes_nothing(
    communes_file, admin_password, monkeypatch
):
    run_setup(*metropole_args(communes_file))
    before = snapshot()
    monkeypatch.setenv("PARLONS_ADMIN_PASSWORD", "un-autre-mot-de-passe-77")
    other = communes_file.parent / "autres.csv"
    other.write_text("name,insee\nBrest-Centre,29019\nGouesnou,29061\n", encoding="utf-8")

    err, message = refused(
        "--no-input",
        "--territory",
        "Brest",
        "--kind",
        "commune",
        "--communes",
        str(other),
        "--admin-email",
        "admin@brest.test",
        "--dpo-email",
        "",
    )

    assert snapshot() == before
    assert err.splitlines() == [
        "Le territoire « Brest métropole » existe déjà, et ce qui est enregistré diffère de "
        "ce qui est demandé :",
        "  - nom du territoire : « Brest métropole » enregistré, « Brest » demandé",
        "  - type de territoire : « metropole » enregistré, « commune » demandé",
        "  - adresse du délégué à la protection des données : « dpo@brest.test » enregistré, "
        "(vide) demandé",
        "  - commune Brest (29019) enregistrée, Brest-Centre (29019) demandée",
        "  - le compte « admin@brest.test » a un autre mot de passe (setup ne le change pas)",
    ]
    assert message.startswith("Rien n'a été changé.")


@pytest.mark.django_db
def test_setup_run_again_with_more_communes_adds_only_those(communes_file, admin_password):
    run_setup(*metropole_args(communes_file))

    out, _err = run_setup(*metropole_args(communes_file), "--commune", "Gouesnou:29061")

    assert "1 commune(s) ajoutée(s) : Gouesnou (29061)" in out
    assert Commune.objects.count() == 4
    assert AuditEntry.objects.filter(action="core.add_communes").count() == 2


@pytest.mark.django_db
def test_setup_for_another_administrator_refuses_and_points_to_createsuperuser(
    communes_file, admin_password
):
    run_setup(*metropole_args(communes_file))
    args = metropole_args(communes_file)
    args[args.index("Admin@Brest.test")] = "autre@brest.test"

    err, _message = refused(*args)

    assert (
        "  - administrateur : aucun compte « autre@brest.test » (un autre administrateur : "
        "parlons createsuperuser)" in err.splitlines()
    )
    assert not User.objects.filter(email="autre@brest.test").exists()


@pytest.mark.django_db
def test_setup_of_a_commune_without_a_list_makes_the_commune_itself_its_place(admin_password):
    run_setup("--no-input", "--territory", "Plouzané", "--admin-email", "mairie@plouzane.test")

    territory = Territory.objects.get()
    assert territory.kind == "commune"
    assert list(territory.communes.values_list("name", "insee_code")) == [("Plouzané", "")]


@pytest.mark.django_db
def test_setup_gives_the_roles_to_an_account_made_before_by_createsuperuser(
    communes_file, admin_password
):
    call_command(
        "createsuperuser", "--no-input", "--email", "admin@brest.test", stdout=io.StringIO()
    )

    out, _err = run_setup(*metropole_args(communes_file))

    admin = User.objects.get()
    assert sorted(admin.role_assignments.values_list("role", flat=True)) == STAFF_ROLES
    assert "Compte administrateur admin@brest.test (existant, mot de passe inchangé)" in out


@pytest.mark.django_db
def test_setup_without_the_password_variable_refuses_in_french(monkeypatch):
    monkeypatch.delenv("PARLONS_ADMIN_PASSWORD", raising=False)
    monkeypatch.delenv("PARLONS_ADMIN_PASSWORD_FILE", raising=False)

    _err, message = refused("--no-input", "--territory", "Brest", "--admin-email", "a@brest.test")

    assert message == (
        "Avec --no-input, il faut le mot de passe dans PARLONS_ADMIN_PASSWORD "
        "(ou PARLONS_ADMIN_PASSWORD_FILE)."
    )
    assert Territory.objects.count() == 0


@pytest.mark.django_db
def test_setup_reads_the_password_from_a_file(tmp_path, monkeypatch):
    secret = tmp_path / "admin_password"
    secret.write_text(PASSWORD + "\n", encoding="utf-8")
    monkeypatch.delenv("PARLONS_ADMIN_PASSWORD", raising=False)
    monkeypatch.setenv("PARLONS_ADMIN_PASSWORD_FILE", str(secret))

    run_setup("--no-input", "--territory", "Brest", "--admin-email", "admin@brest.test")

    assert User.objects.get().check_password(PASSWORD)


@pytest.mark.django_db
def test_setup_refuses_a_weak_password_with_the_password_rules_and_creates_nothing(monkeypatch):
    monkeypatch.setenv("PARLONS_ADMIN_PASSWORD", "12345678")

    err, message = refused(
        "--no-input", "--territory", "Brest", "--admin-email", "admin@brest.test"
    )

    assert "mot de passe : Ce mot de passe est trop courant." in err.splitlines()
    assert message == "Rien n'a été créé."
    assert (Territory.objects.count(), User.objects.count(), AuditEntry.objects.count()) == (
        0,
        0,
        0,
    )


@pytest.mark.django_db
def test_setup_with_a_bad_communes_file_reports_each_row_and_creates_nothing(
    tmp_path, admin_password
):
    bad = tmp_path / "communes.csv"
    bad.write_text("nom,code_insee\nBrest,29019\nPlouzané,2921\nAjaccio,2C004\n", encoding="utf-8")

    err, message = refused(
        "--no-input",
        "--territory",
        "Brest métropole",
        "--communes",
        str(bad),
        "--admin-email",
        "admin@brest.test",
        "--commune",
        "Gouesnou:ABC",
    )

    assert err.splitlines() == [
        f"{bad}, ligne 3, colonne code_insee : le code INSEE « 2921 » n'a que 4 chiffres : "
        "le tableur a sans doute retiré le zéro du début (écrivez 02921, dans une colonne au "
        "format texte).",
        f"{bad}, ligne 4, colonne code_insee : « 2C004 » n'est pas un code INSEE : 5 chiffres "
        "(29019), ou 2A ou 2B suivis de 3 chiffres pour la Corse (2A004).",
        "--commune « Gouesnou:ABC » : « ABC » n'est pas un code INSEE : 5 chiffres (29019), "
        "ou 2A ou 2B suivis de 3 chiffres pour la Corse (2A004).",
    ]
    assert message == "3 problème(s) : rien n'a été créé."
    assert (Territory.objects.count(), User.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_setup_refuses_a_commune_given_twice_across_the_file_and_the_options(
    communes_file, admin_password
):
    err, _message = refused(*metropole_args(communes_file), "--commune", "Brest Ville:29019")

    assert err.splitlines() == [
        "--commune : le code INSEE 29019 est déjà celui de « Brest » (ligne 2)."
    ]


@pytest.mark.django_db
def test_setup_refuses_a_malformed_address(admin_password):
    err, _message = refused(
        "--no-input", "--territory", "Brest", "--admin-email", "admin-brest.test"
    )

    assert err.splitlines() == [
        "--admin-email : « admin-brest.test » n'est pas une adresse électronique "
        "(prenom.nom@mairie.fr)."
    ]


class Terminal(io.StringIO):
    """What a person types at a terminal, one line per answer."""

    def isatty(self) -> bool:
        return True


def typed_passwords(*passwords: str):
    remaining = list(passwords)

    def read(prompt: str) -> str:
        return remaining.pop(0)

    return read


@pytest.mark.django_db
def test_setup_asks_in_french_and_asks_again_after_a_bad_answer(tmp_path, monkeypatch):
    monkeypatch.delenv("PARLONS_ADMIN_PASSWORD", raising=False)
    monkeypatch.delenv("PARLONS_ADMIN_EMAIL", raising=False)
    answers = [
        "",  # territory name: an answer is needed
        "Communauté de communes du Pays d'Iroise",
        "7",  # kind: no such number
        "2",  # intercommunalité
        str(tmp_path / "absent.csv"),  # no such file: asked again
        "",  # type the communes one by one
        "Le Conquet",
        "2904",  # four digits: asked again
        "29040",
        "Le Conquet",  # the same commune again: refused
        "Plougonvelin",
        "",  # no INSEE code
        "",  # done
        "pas-une-adresse",  # contact address: asked again
        "contact@iroise.test",
        "",  # no DPO address
        "admin@iroise.test",
        "",  # pseudonym: the default
        "o",
    ]
    out = io.StringIO()
    call_command(
        "setup",
        stdin=Terminal("\n".join(answers) + "\n"),
        getpass=typed_passwords("azerty", "azerty", PASSWORD, "différent", PASSWORD, PASSWORD),
        stdout=out,
        stderr=io.StringIO(),
    )

    shown = out.getvalue()
    territory = Territory.objects.get()
    assert (territory.name, territory.kind, territory.contact_email, territory.dpo_email) == (
        "Communauté de communes du Pays d'Iroise",
        "intercommunalite",
        "contact@iroise.test",
        "",
    )
    assert list(territory.communes.order_by("name").values_list("name", "insee_code")) == [
        ("Le Conquet", "29040"),
        ("Plougonvelin", ""),
    ]
    admin = User.objects.get()
    assert (admin.email, admin.pseudonym) == ("admin@iroise.test", "Administration")
    assert admin.check_password(PASSWORD)
    assert sorted(admin.role_assignments.values_list("role", flat=True)) == STAFF_ROLES
    for reason in [
        "Une réponse est nécessaire.",
        "Tapez un numéro entre 1 et 4.",
        "impossible de lire",
        "le code INSEE « 2904 » n'a que 4 chiffres",
        "« Le Conquet » est déjà dans la liste.",
        "« pas-une-adresse » n'est pas une adresse électronique",
        "Ce mot de passe est trop court.",
        "Les deux mots de passe sont différents. Recommencez.",
    ]:
        assert reason in shown
    assert "Type de territoire :\n  1. Commune\n  2. Intercommunalité\n" in shown


@pytest.mark.django_db
def test_setup_without_options_on_a_set_up_database_asks_nothing(territory, administrator):
    out = io.StringIO()

    # Not even a terminal is needed: there is nothing to ask.
    call_command("setup", stdin=io.StringIO(""), stdout=out)

    assert out.getvalue().splitlines()[:2] == [
        "Le territoire « Communauté de communes du Val d'Essai » existe déjà (2 commune(s)) : "
        "rien n'a changé.",
        "Administrateurs : admin@exemple.test.",
    ]


@pytest.mark.django_db
def test_setup_answered_no_creates_nothing(monkeypatch):
    monkeypatch.setenv("PARLONS_ADMIN_PASSWORD", PASSWORD)
    # name, then Enter for: kind, CSV file, commune 1 (the commune itself), its code,
    # commune 2 (done), contact and DPO addresses; the administrator, Enter for the pseudonym.
    answers = ["Plouzané", *[""] * 7, "admin@plouzane.test", "", "n"]

    with pytest.raises(CommandError, match="Abandon : rien n'a été créé."):
        call_command("setup", stdin=Terminal("\n".join(answers) + "\n"), stdout=io.StringIO())

    assert (Territory.objects.count(), User.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_setup_without_a_terminal_says_how_to_script_it():
    with pytest.raises(CommandError) as raised:
        call_command("setup", stdin=io.StringIO(""), stdout=io.StringIO())

    assert str(raised.value) == (
        "Pas de terminal pour poser les questions. Pour un script : « PARLONS_ADMIN_PASSWORD=… "
        "parlons setup --no-input --territory NOM --admin-email COURRIEL » (voir « parlons setup "
        "--help »)."
    )
    assert "manage.py" not in str(raised.value)


@pytest.mark.django_db
def test_staff_roles_of_the_first_administrator_are_every_role_but_citizen():
    from parlons.accounts.services import FIRST_ADMINISTRATOR_ROLES

    assert sorted(FIRST_ADMINISTRATOR_ROLES) == sorted(set(Role.values) - {"citizen"})
