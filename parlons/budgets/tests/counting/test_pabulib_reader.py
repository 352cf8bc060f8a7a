"""Reading pabulib files: every vote type and optional column, and a clear French error
naming the line and the column for anything malformed, never a traceback."""

from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parlons.budgets.counting import PabulibError, parse_pabulib, read_pabulib

pytestmark = pytest.mark.engine

DATA = Path(__file__).resolve().parents[4] / ".." / "shared" / "data" / "pabulib"


def real_files() -> list[Path]:
    if not DATA.is_dir():
        pytest.skip(f"données réelles absentes ({DATA})")
    return sorted(DATA.glob("*.pb"))


def pb(meta: str, projects: str, votes: str) -> str:
    return (
        f"META\nkey;value\n{meta.strip()}\nPROJECTS\n{projects.strip()}\nVOTES\n{votes.strip()}\n"
    )


APPROVAL = pb(
    "budget;100\nvote_type;approval\ncurrency;EUR",
    "project_id;cost;votes;name;category;target;district;selected\n"
    "1;60;2;Un parc;nature,sport;enfants,seniors;Nord;1\n"
    "2;50.5;1;Une piste;mobilité;None;Sud;0\n"
    "3;10;0;Un banc;None;None;Sud;0",
    "voter_id;vote;age;sex\nv1;1,2;34;F\nv2;1;51;M",
)


def ballots_of(election) -> list[list[str]]:
    ids = [project.project_id for project in election.projects]
    return [[ids[i] for i in election.ballots.ballot(v)] for v in range(election.num_voters)]


def test_real_files_are_read_with_their_counts_and_columns():
    for path in real_files():
        election = read_pabulib(path)
        assert len(election.projects) == election.meta_int("num_projects"), path.name
        assert election.num_voters == election.meta_int("num_votes"), path.name
        assert election.warnings == [], path.name
        declared = [int(project.fields["votes"]) for project in election.projects]
        assert election.vote_counts().tolist() == declared, path.name


def test_krakow_ordinal_ballots_keep_their_order_and_voter_columns():
    path = next((p for p in real_files() if "Krakow" in p.name), None)
    if path is None:
        pytest.skip("Kraków absent")
    election = read_pabulib(path)
    assert election.vote_type == "ordinal"
    assert list(election.voter_fields) == ["voter_id", "age", "sex", "neighborhood"]
    assert ballots_of(election)[0] == ["BO.OM.63/24", "BO.OM.81/24", "BO.OM.178/24"]
    assert election.voter_fields["neighborhood"][0] == "Podgórze"
    assert sum(project.selected == 1 for project in election.projects) > 0


def test_optional_columns_are_read():
    election = parse_pabulib(APPROVAL)
    park, track, bench = election.projects
    assert park.categories == ("nature", "sport")
    assert park.targets == ("enfants", "seniors")
    assert park.district == "Nord"
    assert park.selected == 1 and track.selected == 0
    assert track.cost == Fraction(101, 2)
    assert track.targets == () and bench.categories == ()
    assert election.voter_fields == {
        "voter_id": ["v1", "v2"],
        "age": ["34", "51"],
        "sex": ["F", "M"],
    }
    assert ballots_of(election) == [["1", "2"], ["1"]]
    assert election.budget == 100 and election.currency == "EUR"


def test_every_vote_type_is_read():
    ordinal = parse_pabulib(
        pb(
            "budget;10\nvote_type;ordinal",
            "project_id;cost\na;1\nb;2\nc;3",
            "voter_id;vote\n1;c,a,b\n2;b",
        )
    )
    assert ballots_of(ordinal) == [["c", "a", "b"], ["b"]]

    cumulative = parse_pabulib(
        pb(
            "budget;10\nvote_type;cumulative\nmax_sum_points;10",
            "project_id;cost\na;1\nb;2",
            "voter_id;vote;points\n1;a,b;7,3\n2;b;2.5\n3;;",
        )
    )
    assert cumulative.ballots.ballot_points(0) == [7, 3]
    assert cumulative.ballots.ballot_points(1) == [Fraction(5, 2)]
    assert ballots_of(cumulative)[2] == []

    scoring = parse_pabulib(
        pb(
            "budget;10\nvote_type;scoring",
            "project_id;cost\na;1\nb;2",
            "voter_id;vote;points\n1;a,b;-1,0",
        )
    )
    assert scoring.ballots.ballot_points(0) == [-1, 0]

    choose_one = parse_pabulib(
        pb("budget;10\nvote_type;choose-1", "project_id;cost\na;1", "voter_id;vote\n1;a")
    )
    assert ballots_of(choose_one) == [["a"]]


def test_quotes_crlf_bom_blank_lines_and_spaces_are_accepted():
    text = (
        '\ufeffMETA\r\nkey; value\r\ndescription; "Budget; quartier"\r\nbudget; 2500\r\n'
        "vote_type; approval\r\n\r\nPROJECTS\r\nproject_id; cost; name\r\n"
        '1; 600; "Le ""grand"" parc"\r\n2; 800; "Une description\r\nsur deux lignes"\r\n'
        "VOTES\r\nvoter_id; vote\r\n1; 1, 2\r\n\r\n2; 2\r\n"
    )
    election = parse_pabulib(text)
    assert election.meta["description"] == "Budget; quartier"
    assert election.projects[0].name == 'Le "grand" parc'
    assert election.projects[1].name == "Une description\nsur deux lignes"
    assert ballots_of(election) == [["1", "2"], ["2"]]


def test_reading_bytes_decodes_utf8():
    election = parse_pabulib(APPROVAL.replace("Un parc", "Un jardin d'été").encode("utf-8"))
    assert election.projects[0].name == "Un jardin d'été"


def test_inconsistent_declared_counts_become_warnings():
    text = APPROVAL.replace("budget;100", "budget;100\nnum_votes;3\nnum_projects;3").replace(
        "3;10;0;", "3;10;5;"
    )
    warnings = parse_pabulib(text).warnings
    assert any("num_votes" in warning for warning in warnings)
    assert any("colonne « votes »" in warning for warning in warnings)
    assert not any("num_projects" in warning for warning in warnings)


MALFORMED = [
    # (text, line, column, words of the message)
    ("PROJECTS\nproject_id;cost\n", 1, None, "attendu le titre de section « META »"),
    ("META\nclé;valeur\n", 2, None, "« key;value »"),
    ("META\nkey;value\nbudget;10;20\n", 3, 3, "attendu 2 champs"),
    ("META\nkey;value\nvote_type;approval\nPROJECTS\n", 1, None, "« budget »"),
    (
        "META\nkey;value\nbudget;beaucoup\nvote_type;approval\n",
        3,
        2,
        "« budget » doit être un nombre",
    ),
    ("META\nkey;value\nbudget;10\nvote_type;vote\n", 4, 2, "type de vote « vote » inconnu"),
    ("META\nkey;value\nbudget;10\nvote_type;approval\n", 5, None, "avant la section PROJECTS"),
    (
        pb("budget;10\nvote_type;approval", "project_id;prix\n1;3", "voter_id;vote"),
        6,
        None,
        "« cost »",
    ),
    (
        pb("budget;10\nvote_type;approval", "project_id;cost\n1;3;x", "voter_id;vote"),
        7,
        3,
        "attendu 2 champs",
    ),
    (
        pb("budget;10\nvote_type;approval", "project_id;cost\n1;trois", "voter_id;vote"),
        7,
        2,
        "le coût du projet",
    ),
    (
        pb("budget;10\nvote_type;approval", "project_id;cost\n1;-3", "voter_id;vote"),
        7,
        2,
        "négatif",
    ),
    (
        pb("budget;10\nvote_type;approval", "project_id;cost\n1;3\n1;4", "voter_id;vote"),
        8,
        1,
        "déjà défini ligne 7",
    ),
    (
        pb("budget;10\nvote_type;approval", "project_id;cost\n1;3", "voter_id;choix\n1;1"),
        9,
        None,
        "« vote »",
    ),
    (
        pb("budget;10\nvote_type;approval", "project_id;cost\n1;3", "voter_id;vote\n1;1\n2;7"),
        11,
        2,
        "« 7 » n'est pas dans la section PROJECTS",
    ),
    (
        pb("budget;10\nvote_type;approval", "project_id;cost\n1;3", "voter_id;vote\n1;1,1"),
        10,
        2,
        "deux fois",
    ),
    (
        pb("budget;10\nvote_type;approval", "project_id;cost\n1;3", "voter_id;vote\n1;1\n2;1;x"),
        11,
        3,
        "attendu 2 champs",
    ),
    (
        pb("budget;10\nvote_type;approval", "project_id;cost\n1;3", "voter_id;vote\n1;1\nPROJECTS"),
        11,
        None,
        "section PROJECTS inattendue",
    ),
    (
        pb("budget;10\nvote_type;cumulative", "project_id;cost\n1;3", "voter_id;vote\n1;1"),
        9,
        None,
        "colonne « points »",
    ),
    (
        pb(
            "budget;10\nvote_type;scoring",
            "project_id;cost\n1;3\n2;4",
            "voter_id;vote;points\n1;1,2;5",
        ),
        11,
        3,
        "autant de points",
    ),
    (
        pb(
            "budget;10\nvote_type;scoring", "project_id;cost\n1;3", "voter_id;vote;points\n1;1;cinq"
        ),
        10,
        3,
        "« cinq »",
    ),
    (
        pb("budget;10\nvote_type;approval", 'project_id;cost;name\n1;3;"ouvert', "voter_id;vote"),
        7,
        None,
        "guillemet",
    ),
]


@pytest.mark.parametrize(("text", "line", "column", "words"), MALFORMED)
def test_malformed_files_name_line_column_and_what_was_expected(text, line, column, words):
    with pytest.raises(PabulibError) as raised:
        parse_pabulib(text)
    error = raised.value
    assert (error.line, error.column) == (line, column)
    assert words in error.message
    described = str(error)
    assert described.startswith(f"ligne {line}")
    if column is not None:
        assert f"colonne {column}" in described


def test_invalid_utf8_is_located():
    with pytest.raises(PabulibError) as raised:
        parse_pabulib(APPROVAL.encode("utf-8").replace(b"Un banc", b"Un b\xe2nc"))
    assert raised.value.line == 10
    assert "UTF-8" in raised.value.message


def test_errors_from_a_path_name_the_file(tmp_path):
    path = tmp_path / "vote.pb"
    path.write_text(pb("budget;10\nvote_type;approval", "project_id;cost\n1;x", "voter_id;vote"))
    with pytest.raises(PabulibError) as raised:
        read_pabulib(path)
    assert str(raised.value).startswith(f"fichier {path}, ligne 7, colonne 2 (« cost »)")
    with pytest.raises(PabulibError, match="impossible de lire"):
        read_pabulib(tmp_path / "absent.pb")


@settings(max_examples=300, deadline=None)
@given(
    position=st.integers(0, len(APPROVAL) - 1),
    change=st.sampled_from(["", ";", ",", '"', "\n", "x", "-", "None", "META\n", "1"]),
    replace=st.booleans(),
)
def test_a_damaged_file_is_read_or_refused_with_a_located_error_never_a_crash(
    position, change, replace
):
    damaged = APPROVAL[:position] + change + APPROVAL[position + (1 if replace else 0) :]
    try:
        election = parse_pabulib(damaged)
    except PabulibError as error:
        assert error.line is not None and error.line >= 1
        assert error.message
    else:
        assert election.num_voters >= 0 and election.budget >= 0


def test_line_ends_and_quoting_do_not_change_what_is_read():
    plain = parse_pabulib(APPROVAL.replace("v2;1;51;M", "v2;1;51;É"))
    windows = parse_pabulib(APPROVAL.replace("v2;1;51;M", "v2;1;51;É").replace("\n", "\r\n"))
    quoted = parse_pabulib(APPROVAL.replace("v2;1;51;M", 'v2;"1";51;É'))
    for other in (windows, quoted):
        assert ballots_of(other) == ballots_of(plain) == [["1", "2"], ["1"]]
        assert dict(other.voter_fields) == dict(plain.voter_fields)
    assert plain.voter_fields["sex"] == ["F", "É"]
    with pytest.raises(KeyError):
        plain.voter_fields["revenu"]


NOT_PLAIN_NUMBERS = ["10/0", "1e309", "1e3", "nan", "inf", "-inf", "0x10", "١٢", "1_000", "1/0"]


@pytest.mark.parametrize("number", NOT_PLAIN_NUMBERS)
def test_numbers_are_plain_decimals_or_refused_with_line_and_column(number):
    files = [
        (pb(f"budget;{number}\nvote_type;approval", "project_id;cost\n1;3", "voter_id;vote"), 3),
        (pb("budget;10\nvote_type;approval", f"project_id;cost\n1;{number}", "voter_id;vote"), 7),
        (
            pb(
                "budget;10\nvote_type;scoring",
                "project_id;cost\n1;3",
                f"voter_id;vote;points\n1;1;{number}",
            ),
            10,
        ),
    ]
    for text, line in files:
        with pytest.raises(PabulibError) as raised:
            parse_pabulib(text)
        assert (raised.value.line, raised.value.column) == (line, 2 if line != 10 else 3)


def test_exact_fractions_as_our_writer_writes_them_are_still_read():
    text = pb(
        "budget;10,5\nvote_type;scoring",
        "project_id;cost\n1;1/3\n2;-0.0\n3;+2",
        "voter_id;vote;points\n1;1,2;1/3,2.25",
    )
    election = parse_pabulib(text)
    assert election.budget == Fraction(21, 2)
    assert [p.cost for p in election.projects] == [Fraction(1, 3), 0, 2]


def test_a_declared_count_that_is_not_a_number_is_ignored_not_a_crash():
    text = APPROVAL.replace("budget;100", "budget;100\nnum_votes;10/0\nnum_projects;1e309")
    assert parse_pabulib(text).meta_int("num_votes") is None


@pytest.mark.parametrize("points", ["-1", "2,-1"])
def test_negative_points_in_cumulative_ballots_are_refused(points):
    votes = "1,2" if "," in points else "1"
    text = pb(
        "budget;10\nvote_type;cumulative",
        "project_id;cost\n1;3\n2;4",
        f"voter_id;vote;points\n1;1,2;3,2\n2;{votes};{points}",
    )
    with pytest.raises(PabulibError) as raised:
        parse_pabulib(text)
    assert (raised.value.line, raised.value.column) == (12, 3)
    assert "négatif" in raised.value.message


def test_negative_scores_stay_allowed_in_scoring_ballots():
    text = pb(
        "budget;10\nvote_type;scoring",
        "project_id;cost\n1;3\n2;4",
        "voter_id;vote;points\n1;1,2;-1,2",
    )
    assert parse_pabulib(text).num_voters == 1


def test_points_too_fine_to_count_exactly_are_refused():
    text = pb(
        "budget;10\nvote_type;cumulative",
        "project_id;cost\n1;3\n2;4\n3;5",
        "voter_id;vote;points\n1;1,2,3;1/999999937,1/999999929,1/999999893",
    )
    with pytest.raises(PabulibError) as raised:
        parse_pabulib(text)
    assert (raised.value.line, raised.value.column) == (12, 3)


@pytest.mark.parametrize("character", ["\x00", "\x1f", "\x0b", "\x85"])
def test_a_control_character_is_refused_with_line_and_column(character):
    text = APPROVAL.replace("Une piste", f"Une{character} piste")
    with pytest.raises(PabulibError) as raised:
        parse_pabulib(text)
    assert (raised.value.line, raised.value.column) == (9, 4)
    assert f"U+{ord(character):04X}" in raised.value.message
