"""`parlons count_budget FILE.pb --rule ... --format json|text`."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from parlons.budgets.counting import RULES, parse_pabulib
from parlons.budgets.tests.typography import plain

pytestmark = pytest.mark.engine

ROOT = Path(__file__).resolve().parents[4]
DATA = ROOT / ".." / "shared" / "data" / "pabulib"

ELECTION = (
    "META\nkey;value\ndescription;Budget de quartier\ncountry;France\nunit;Saint-Essai\n"
    "instance;2025\nbudget;100000\nvote_type;approval\ncurrency;EUR\n"
    "PROJECTS\nproject_id;cost;name\nP1;60000;Un parc\nP2;50000;Une piste cyclable\n"
    "P3;30000;Des bancs\nVOTES\nvoter_id;vote\n1;P1,P3\n2;P1\n3;P2\n4;P2,P3\n5;P1,P2\n"
)


@pytest.fixture
def election_file(tmp_path):
    path = tmp_path / "saint-essai.pb"
    path.write_text(ELECTION, encoding="utf-8")
    return path


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("count_budget", *map(str, args), stdout=out, stderr=err)
    return plain(out.getvalue()), err.getvalue()


def test_json_has_exactly_the_promised_shape(election_file):
    out, err = run(election_file, "--rule", "greedy", "--format", "json")
    payload = json.loads(out)
    assert list(payload) == ["rule", "selected", "total_cost", "budget", "explanations"]
    assert payload["rule"] == "greedy"
    assert payload["selected"] == ["P1", "P3"]
    assert payload["total_cost"] == 90000 and payload["budget"] == 100000
    assert list(payload["explanations"]) == ["P1", "P2", "P3"]
    assert payload["explanations"]["P1"] == (
        "sélectionné : 3 voix, 60 000 €, il restait 40 000 € (1er au classement) ; à égalité "
        "avec P2 : l'égalité est départagée par l'ordre des identifiants de projet"
    )
    assert err == ""


@pytest.mark.parametrize("rule", RULES)
def test_every_rule_runs_and_explains_every_project(election_file, rule):
    payload = json.loads(run(election_file, "--rule", rule, "--format", "json")[0])
    assert payload["rule"] == rule
    assert set(payload["explanations"]) == {"P1", "P2", "P3"}
    assert payload["total_cost"] <= payload["budget"]


def test_text_is_a_readable_french_table(election_file):
    out, _ = run(election_file, "--rule", "mes-cost-completed")
    assert out.startswith("Dépouillement du budget participatif : Saint-Essai 2025")
    assert "Règle « mes-cost-completed » : parts égales" in out
    assert "5 votants, 3 projets" in out
    assert "Résultat     Projet" in out
    assert "→ sélectionné" in out and "Un parc" in out


def test_a_malformed_file_gives_a_french_error_with_line_and_column(tmp_path):
    bad = tmp_path / "abime.pb"
    bad.write_text(ELECTION.replace("P2;50000", "P2;cinquante mille"), encoding="utf-8")
    err = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("count_budget", str(bad), stdout=StringIO(), stderr=err)
    assert exited.value.code == 1
    assert err.getvalue().strip() == (
        f"Erreur : fichier {bad}, ligne 13, colonne 2 (« cost ») : attendu un nombre (le coût "
        "du projet), trouvé « cinquante mille »"
    )


def test_bad_options_are_refused_in_french(election_file):
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "count_budget",
            str(election_file),
            "--points-per-rank",
            "trois",
            stderr=err,
            stdout=StringIO(),
        )
    assert "--points-per-rank attend des nombres" in err.getvalue()


def test_a_missing_file_is_named(tmp_path):
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command("count_budget", str(tmp_path / "absent.pb"), stdout=StringIO(), stderr=err)
    assert err.getvalue().startswith(
        f"Erreur : fichier {tmp_path / 'absent.pb'} : impossible de lire"
    )


def test_the_real_command_exits_1_without_a_traceback(tmp_path):
    bad = tmp_path / "abime.pb"
    bad.write_text(ELECTION.replace("1;P1,P3", "1;P1,P9"), encoding="utf-8")
    completed = subprocess.run(
        [sys.executable, "-m", "parlons", "count_budget", str(bad)],
        capture_output=True,
        text=True,
        env={**os.environ, "PARLONS_TESTING": "true"},
        cwd=ROOT,
        check=False,
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr
    assert "ligne 17, colonne 2 (« vote ») : le projet « P9 » n'est pas" in completed.stderr
    assert completed.stdout == ""


def test_krakow_greedy_reproduces_the_city_results_from_the_command_line():
    path = DATA / "Poland_Krakow_2024.pb"
    if not path.exists():
        pytest.skip(f"données réelles absentes ({path})")
    payload = json.loads(run(path, "--format", "json")[0])
    with path.open(encoding="utf-8") as handle:
        text = handle.read()
    projects = text.split("PROJECTS\n", 1)[1].split("VOTES\n", 1)[0].splitlines()[1:]
    city_selected = {line.split(";")[0] for line in projects if line.rsplit(";", 1)[1] == "1"}
    assert set(payload["selected"]) == city_selected
    assert payload["explanations"]["BO.OM.97/24"].startswith("sélectionné : 16 141 points")


def test_the_files_minimum_score_applies_to_greedy_unless_set_to_zero(tmp_path):
    path = tmp_path / "seuil.pb"
    path.write_text(
        ELECTION.replace("currency;EUR", "currency;EUR\nmin_project_score_threshold;3"),
        encoding="utf-8",
    )
    with_threshold = json.loads(run(path, "--format", "json")[0])
    assert with_threshold["selected"] == ["P1"]
    assert with_threshold["explanations"]["P3"] == (
        "non sélectionné : 2 voix, sous le seuil de 3 voix exigé pour qu'un projet puisse être "
        "retenu"
    )
    without = json.loads(run(path, "--format", "json", "--min-score", "0")[0])
    assert without["selected"] == ["P1", "P3"]


@pytest.mark.parametrize("budget", ["10/0", "1e309", "nan", "0x10", "١٢"])
def test_a_budget_that_is_not_a_plain_number_exits_1_with_line_and_column(tmp_path, budget):
    bad = tmp_path / "budget.pb"
    bad.write_text(ELECTION.replace("budget;100000", f"budget;{budget}"), encoding="utf-8")
    err = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("count_budget", str(bad), stdout=StringIO(), stderr=err)
    assert exited.value.code == 1
    assert err.getvalue().strip() == (
        f"Erreur : fichier {bad}, ligne 7, colonne 2 (« value ») : « budget » doit être un "
        f"nombre, trouvé « {budget} »"
    )


@pytest.mark.parametrize("option", [("--min-score", "1e309"), ("--points-per-rank", "3,nan,1")])
def test_options_that_are_not_plain_numbers_exit_1(election_file, option):
    err = StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("count_budget", str(election_file), *option, stdout=StringIO(), stderr=err)
    assert exited.value.code == 1
    assert err.getvalue().startswith(f"Erreur : {option[0]} attend")


def test_a_file_without_projects_is_counted_not_a_crash(tmp_path):
    # Found by scripts/fuzz-atheris: the text table had no row to measure.
    empty = tmp_path / "vide.pb"
    empty.write_text(
        "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\nproject_id;cost\n"
        "VOTES\nvoter_id;vote\n",
        encoding="utf-8",
    )
    out, _ = run(empty)
    assert "0 votants, 0 projets" in out
    assert out.rstrip().endswith("Résultat  Projet  Coût  Voix  Nom")


def test_selected_and_score_columns_that_are_not_numbers_do_not_crash_the_count(tmp_path):
    path = tmp_path / "classement.pb"
    path.write_text(
        "META\nkey;value\nbudget;100\nvote_type;ordinal\nPROJECTS\nproject_id;cost;score;selected\n"
        "A;60;1/0;1/0\nB;50;1e309;nan\nVOTES\nvoter_id;vote\n1;A,B\n2;B\n",
        encoding="utf-8",
    )
    out, _ = run(path, "--format", "json", "--points-per-rank", "2,1")
    assert json.loads(out)["selected"] == ["B"]
    election = parse_pabulib(path.read_text(encoding="utf-8"))
    assert [project.selected for project in election.projects] == [None, None]


@pytest.fixture
def district_file(tmp_path):
    path = tmp_path / "quartiers.pb"
    path.write_text(
        ELECTION.replace("project_id;cost;name", "project_id;cost;name;district")
        .replace("Un parc\n", "Un parc;Nord\n")
        .replace("Une piste cyclable\n", "Une piste cyclable;Sud\n")
        .replace("Des bancs\n", "Des bancs;Sud\n"),
        encoding="utf-8",
    )
    return path


def test_a_file_with_districts_is_counted_as_one_budget_by_default_and_says_so(district_file):
    out, _ = run(district_file)
    assert (
        "À savoir : décompte d'un seul budget de 100 000 € pour tous les projets, comme le "
        "fichier l'indique ; ses projets indiquent leur quartier (2 quartiers)"
    ) in out
    assert "Quartier Nord" not in out
    payload = json.loads(run(district_file, "--format", "json")[0])
    assert payload["selected"] == ["P1", "P3"] and payload["budget"] == 100000


def test_district_budgets_on_the_command_line_count_each_district_apart(district_file):
    args = ("--district-budget", "Nord=70000", "--district-budget", "Sud=40000")
    out, _ = run(district_file, *args)
    assert "À savoir : décompte par quartier, comme demandé : 2 quartiers" in out
    assert "Quartier Nord : budget 70 000 €" in out
    assert "Quartier Sud : budget 40 000 €" in out
    payload = json.loads(run(district_file, *args, "--format", "json")[0])
    assert payload["selected"] == ["P1", "P3"] and payload["budget"] == 110000


def test_a_missing_district_budget_is_refused_in_french(district_file):
    err = StringIO()
    with pytest.raises(SystemExit):
        call_command(
            "count_budget",
            str(district_file),
            "--district-budget",
            "Nord=70000",
            stdout=StringIO(),
            stderr=err,
        )
    assert err.getvalue().strip() == "Erreur : budget manquant pour le(s) quartier(s) : Sud"
