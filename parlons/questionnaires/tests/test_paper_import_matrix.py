"""Matrix (tableau) questions in the paper CSV import: one column per row, each cell checked."""

import pytest

from parlons.questionnaires import services
from parlons.questionnaires.models import Answer, Response, Tally

pytestmark = pytest.mark.django_db


@pytest.fixture
def with_matrix(survey, organiser):
    """Q5: how often, for three uses (one column per row); Q6: which devices where (several)."""
    section = survey["sections"][1]
    often = services.add_question(
        actor=organiser,
        section=section,
        kind="matrix",
        wording="À quelle fréquence…",
        choices_text="Jamais\nParfois\nSouvent",
        rows_text="Démarches en ligne\nMessagerie\nVisio",
        required=True,
    )
    where = services.add_question(
        actor=organiser,
        section=section,
        kind="matrix",
        wording="Où utilisez-vous…",
        choices_text="Maison\nTravail",
        rows_text="Ordinateur\nTéléphone",
        matrix_multiple=True,
    )
    return {**survey, "often": often, "where": where}


HEADER = "q1;q2;q3;q4;q5_1;q5_2;q5_3;q6_1;q6_2;consentement"


def _import(survey, mediator, *lines):
    content = "\n".join([HEADER, *(f"{line};oui" for line in lines)]) + "\n"
    return services.import_paper_answers(
        actor=mediator, questionnaire=survey["questionnaire"], file=content.encode()
    )


def test_the_columns_are_named_one_per_row(with_matrix):
    questions = services.questions_for(with_matrix["questionnaire"])
    assert services.import_columns(questions) == [*HEADER.split(";"), "reunion", "exemplaire"]


def test_matrix_rows_are_imported_by_label_or_number(with_matrix, mediator):
    _import(
        with_matrix,
        mediator,
        "Ordinateur;non;;30;Souvent;2;jamais;Maison|Travail;2",
        "Téléphone;non;;40;1;1;1;;",
    )
    often, where = with_matrix["often"], with_matrix["where"]
    answers = [a.value for a in Answer.objects.filter(question=often).order_by("response_id")]
    assert answers == [{"r1": "c3", "r2": "c2", "r3": "c1"}, {"r1": "c1", "r2": "c1", "r3": "c1"}]
    assert list(Answer.objects.filter(question=where).values_list("value", flat=True)) == [
        {"r1": ["c1", "c2"], "r2": ["c2"]}
    ]
    counts = {t.key: t.count for t in Tally.objects.filter(question=often)}
    assert counts == {"": 2, "r1|c3": 1, "r1|c1": 1, "r2|c2": 1, "r2|c1": 1, "r3|c1": 2}


def test_each_bad_cell_is_reported_with_its_line_and_column_and_nothing_is_imported(
    with_matrix, mediator
):
    with pytest.raises(services.ImportRejected) as rejected:
        _import(
            with_matrix,
            mediator,
            "Ordinateur;non;;30;Souvent;2;jamais;Maison;",
            "Ordinateur;non;;30;Toujours;;Parfois|Souvent;Garage;",
            "Ordinateur;non;;30;Souvent;;;;",
        )
    found = [(error.line, error.column, error.reason) for error in rejected.value.errors]
    assert found == [
        (
            3,
            "q5_1",
            "« Toujours » n'est pas une colonne de ce tableau. Colonnes : « Jamais », "
            "« Parfois », « Souvent » (ou leur numéro).",
        ),
        (3, "q5_2", "ligne du tableau sans réponse : la question est obligatoire."),
        (3, "q5_3", "une seule colonne par ligne dans ce tableau."),
        (
            3,
            "q6_1",
            "« Garage » n'est pas une colonne de ce tableau. Colonnes : « Maison », « Travail » "
            "(ou leur numéro).",
        ),
        (4, "q5_2", "ligne du tableau sans réponse : la question est obligatoire."),
        (4, "q5_3", "ligne du tableau sans réponse : la question est obligatoire."),
    ]
    assert Response.objects.count() == 0 and not Tally.objects.exists()


def test_a_matrix_given_in_one_column_is_refused_with_the_expected_columns(with_matrix, mediator):
    content = "q1;q2;q3;q4;q5;consentement\nOrdinateur;non;;30;Souvent;oui\n"
    with pytest.raises(services.ImportRejected) as rejected:
        services.import_paper_answers(
            actor=mediator, questionnaire=with_matrix["questionnaire"], file=content.encode()
        )
    assert [(e.line, e.column, e.reason) for e in rejected.value.errors] == [
        (
            1,
            "q5",
            "la question 5 est un tableau : une colonne par ligne du tableau, de q5_1 à q5_3.",
        )
    ]


def test_the_import_page_lists_the_row_columns(client, with_matrix, mediator):
    from parlons.conftest import login_staff

    login_staff(client, mediator)
    questionnaire = with_matrix["questionnaire"]
    page = client.get(
        f"/demarches/{questionnaire.process.slug}/questionnaires/{questionnaire.pk}/import-papier/"
    ).content.decode()
    assert "<code>q5_2</code></td><td>À quelle fréquence… — ligne" in page
    assert "Messagerie" in page
