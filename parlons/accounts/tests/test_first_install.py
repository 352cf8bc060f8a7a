"""A first installation as a town's IT staff would do it: the `parlons` command on a new folder."""

import os
import subprocess
import sys

import pytest

from parlons.conftest import PASSWORD


def parlons(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "parlons", *args], env=env, capture_output=True, text=True
    )


def test_parlons_help_lists_setup_to_get_started():
    shown = parlons("--help", env=dict(os.environ)).stdout

    getting_started = shown.split("Mettre en route :")[1].split("\n\n")[0]
    assert (
        "  setup                     crée le territoire, ses communes et le premier "
        "administrateur" in getting_started.splitlines()
    )


@pytest.mark.once
def test_first_install_migrate_then_setup_twice_then_setup_with_other_values(tmp_path):
    environ = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("PARLONS_", "DJANGO_"))
    }
    environ.update(PARLONS_VAR_DIR=str(tmp_path / "donnees"), PARLONS_ADMIN_PASSWORD=PASSWORD)
    communes = tmp_path / "communes.csv"
    communes.write_text("nom;code_insee\nLe Conquet;29040\nPlougonvelin;29190\n", encoding="utf-8")
    setup = [
        "setup",
        "--no-input",
        "--territory",
        "Pays d'Iroise",
        "--kind",
        "intercommunalite",
        "--communes",
        str(communes),
        "--admin-email",
        "admin@iroise.test",
    ]

    migrate = parlons("migrate", "--no-input", "-v0", env=environ)
    first = parlons(*setup, env=environ)
    second = parlons(*setup, env=environ)
    other = parlons(*setup[:3], "Iroise", *setup[4:], env=environ)

    assert migrate.returncode == 0, migrate.stderr
    assert (tmp_path / "donnees" / "parlons.sqlite3").is_file()
    assert (tmp_path / "donnees" / "secret_key").is_file()
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines()[:3] == [
        "Territoire « Pays d'Iroise » créé (intercommunalité), 2 commune(s).",
        "Compte administrateur admin@iroise.test (créé) ; rôles : Médiateur·rice, "
        "Modérateur·rice, Expert·e ou élu·e, Organisateur·rice, Délégué·e à la protection des "
        "données, Administrateur·rice.",
        f"Données de cette installation : {tmp_path / 'donnees'}",
    ]
    assert (second.returncode, second.stderr) == (0, "")
    assert second.stdout.splitlines()[-1] == "Rien n'a changé."
    assert other.returncode == 1
    assert "  - nom du territoire : « Pays d'Iroise » enregistré, « Iroise » demandé" in (
        other.stderr.splitlines()
    )
    assert "manage.py" not in first.stdout + second.stdout + other.stdout + other.stderr
