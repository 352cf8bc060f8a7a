"""Paper forms from a CSV file: every row or none, and every problem said with line and column."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from parlons.conftest import login_staff
from parlons.core.models import AuditEntry
from parlons.debates import services
from parlons.debates.models import Contribution, PaperImport
from parlons.debates.paper_forms import PaperImportRejected

pytestmark = pytest.mark.django_db

GOOD = (
    "texte;theme;commune;reunion;date;consentement;signature\n"
    '"Il faudrait un atelier; le samedi matin, pour les papiers en ligne.";Emploi;Saint-Essai;;'
    "12/03/2025;oui;Une habitante de Saint-Essai\n"
    "Le car du matin est toujours en retard.;mobilité;port-essai;;2025-03-13;Oui;\n"
    "\n"
    "Plus de rendez-vous médicaux par téléphone.;;;;;x;\n"
)


def run(mediator, process, text: str, encoding="utf-8"):
    return services.import_paper_forms(
        actor=mediator, process=process, file=text.encode(encoding), file_name="reunion.csv"
    )


def problems(mediator, process, text: str, encoding="utf-8") -> list[tuple[int, str]]:
    with pytest.raises(PaperImportRejected) as rejected:
        run(mediator, process, text, encoding)
    assert Contribution.objects.count() == 0, "nothing is half-imported"
    assert PaperImport.objects.count() == 0
    return [(error.line, error.column) for error in rejected.value.errors]


def test_a_good_file_imports_every_row(process, mediator):
    paper_import = run(mediator, process, GOOD)
    assert paper_import.row_count == 3 and paper_import.file_name == "reunion.csv"
    rows = list(Contribution.objects.order_by("pk"))
    assert [row.source for row in rows] == [Contribution.Source.PAPER] * 3
    first, second, third = rows
    assert first.body == "Il faudrait un atelier; le samedi matin, pour les papiers en ligne."
    assert first.theme.slug == "emploi" and first.place.slug == "saint-essai"
    assert first.display_label == "Une habitante de Saint-Essai"
    assert timezone.localtime(first.created_at).date().isoformat() == "2025-03-12"
    assert second.theme.slug == "mobilite" and second.place.slug == "port-essai"
    assert third.theme is None and third.consent_given
    assert all(row.entered_by == mediator and row.author is None for row in rows)
    assert all(row.paper_import == paper_import for row in rows)
    entry = AuditEntry.objects.get(action="debates.import_paper_forms")
    assert entry.actor == mediator and entry.data["rows"] == 3


def test_a_file_with_a_byte_order_mark_and_commas_imports(process, mediator):
    text = 'texte,consentement\n"Un texte, avec une virgule.",oui\n'
    run(mediator, process, text, encoding="utf-8-sig")
    assert Contribution.objects.get().body == "Un texte, avec une virgule."


def test_a_meeting_is_found_by_number_or_title_and_dates_the_form(process, mediator, meeting):
    text = (
        "texte;reunion;consentement\n"
        f"Premier.;{meeting.pk};oui\n"
        "Second.;atelier numérique à la Médiathèque;oui\n"
    )
    run(mediator, process, text)
    assert [c.occasion for c in Contribution.objects.all()] == [meeting.occasion] * 2
    assert Contribution.objects.filter(created_at=meeting.starts_at).count() == 2


def test_every_bad_row_is_reported_with_line_and_column(process, mediator):
    future = (timezone.localdate() + timedelta(days=5)).strftime("%d/%m/%Y")
    text = (
        "texte;theme;commune;reunion;date;consentement\n"
        "Bon texte.;Emploi;;;;oui\n"  # line 2: fine
        ";Emploi;;;;oui\n"  # line 3: empty text
        "Texte.;Culture;;;;oui\n"  # line 4: unknown theme
        "Texte.;;Atlantis;;;oui\n"  # line 5: unknown commune
        "Texte.;;;42;;oui\n"  # line 6: unknown meeting
        "Texte.;;;;31/02/2025;oui\n"  # line 7: impossible date
        f"Texte.;;;;{future};oui\n"  # line 8: future date
        "Texte.;;;;;non\n"  # line 9: no consent
        "Texte.;;;;;peut-être\n"  # line 10: unreadable consent
        "Texte.;;;;;oui;en trop\n"  # line 11: too many cells
    )
    assert problems(mediator, process, text) == [
        (3, "texte"),
        (4, "theme"),
        (5, "commune"),
        (6, "reunion"),
        (7, "date"),
        (8, "date"),
        (9, "consentement"),
        (10, "consentement"),
        (11, "—"),
    ]


def test_reasons_are_in_plain_french(process, mediator):
    with pytest.raises(PaperImportRejected) as rejected:
        run(mediator, process, "texte;theme;consentement\nTexte.;Culture;non\n")
    reasons = {error.column: error.reason for error in rejected.value.errors}
    assert reasons["theme"] == (
        "thème inconnu « Culture ». Thèmes de la démarche : Emploi, Mobilité, Santé."
    )
    assert reasons["consentement"].startswith("la personne n'a pas donné son accord")


def test_a_multiline_text_keeps_the_right_line_numbers(process, mediator):
    text = 'texte;consentement\n"Un texte\nsur deux lignes.";oui\nTexte.;non\n'
    assert problems(mediator, process, text) == [(4, "consentement")]


def test_header_problems_are_reported_on_line_one(process, mediator):
    assert problems(mediator, process, "theme;commune;avis\nEmploi;;x\n") == [
        (1, "avis"),
        (1, "consentement"),
        (1, "texte"),
    ]


def test_a_file_that_is_not_utf8_is_explained(process, mediator):
    with pytest.raises(PaperImportRejected) as rejected:
        run(mediator, process, "texte;consentement\nLe délai est trop long.;oui\n", "cp1252")
    error = rejected.value.errors[0]
    assert error.line == 2 and "CSV UTF-8" in error.reason


@pytest.mark.parametrize("text", ["", "texte;consentement\n", "\n\n"])
def test_an_empty_file_is_explained(process, mediator, text):
    assert len(problems(mediator, process, text)) == 1


def test_the_command_imports_with_the_same_service(process, mediator, tmp_path, capsys):
    path = tmp_path / "formulaires.csv"
    path.write_text(GOOD, encoding="utf-8")
    call_command("import_paper_forms", process.slug, str(path), "--as", mediator.email)
    assert "3 contribution(s) importée(s)" in capsys.readouterr().out
    assert PaperImport.objects.get().file_name == "formulaires.csv"


def test_the_command_prints_each_problem_and_imports_nothing(process, mediator, tmp_path, capsys):
    path = tmp_path / "formulaires.csv"
    path.write_text("texte;consentement\nTexte.;non\n;oui\n", encoding="utf-8")
    with pytest.raises(CommandError, match="rien n'a été importé"):
        call_command("import_paper_forms", process.slug, str(path), "--as", mediator.email)
    errors = capsys.readouterr().err
    assert "ligne 2, colonne consentement" in errors and "ligne 3, colonne texte" in errors
    assert Contribution.objects.count() == 0


def test_the_command_refuses_a_citizen(process, citizen, tmp_path):
    path = tmp_path / "formulaires.csv"
    path.write_text(GOOD, encoding="utf-8")
    with pytest.raises(CommandError, match="médiation"):
        call_command("import_paper_forms", process.slug, str(path), "--as", citizen.email)


def test_the_import_page_shows_the_problems_table(client, process, mediator):
    from django.core.files.uploadedfile import SimpleUploadedFile

    login_staff(client, mediator)
    upload = SimpleUploadedFile("papier.csv", b"texte;consentement\nTexte.;non\n")
    response = client.post(f"/demarches/{process.slug}/import-papier/", {"file": upload})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Rien n&#x27;a été importé" in page or "Rien n'a été importé" in page
    assert "<td>2</td><td>consentement</td>" in page
    upload = SimpleUploadedFile("papier.csv", GOOD.encode())
    response = client.post(f"/demarches/{process.slug}/import-papier/", {"file": upload})
    assert response.status_code == 302
    assert Contribution.objects.count() == 3


@pytest.mark.parametrize("character", ["\x00", "\x0c", "\x1f", "\x9b"])
def test_a_control_character_is_refused_with_its_line_and_column(process, mediator, character):
    text = f"texte;consentement;signature\nUn texte.;oui;\nUn autre{character} texte.;oui;\n"
    text += f"Encore un.;oui;Cam{character}ille\n"
    assert problems(mediator, process, text) == [(3, "texte"), (4, "signature")]
    with pytest.raises(PaperImportRejected) as rejected:
        run(mediator, process, text)
    assert rejected.value.errors[0].reason.startswith(
        f"caractère de contrôle invisible (U+{ord(character):04X}) à la position 9 : retirez-le"
    )


def test_a_control_character_in_the_header_is_refused(process, mediator):
    assert problems(mediator, process, "texte;consentement;\x00\nUn texte.;oui;\n") == [(1, "3")]


@pytest.mark.parametrize("date", ["01/01/0001", "31/12/1999", "01-01-1000"])
def test_a_date_before_2000_is_refused(process, mediator, date):
    with pytest.raises(PaperImportRejected) as rejected:
        run(mediator, process, f"texte;consentement;date\nUn texte.;oui;{date}\n")
    assert [(e.line, e.column, e.reason) for e in rejected.value.errors] == [
        (2, "date", "la date doit être comprise entre 2000 et 2099.")
    ]
