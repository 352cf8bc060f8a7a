"""Fuzzing the paper-form CSV reader: every file is read, or refused with PaperImportRejected."""

from pathlib import Path

import pytest
from hypothesis import given

from parlons.core.tests.fuzzing import corpus, damaged, fuzz_settings
from parlons.core.validators import date_in_range, first_control_character
from parlons.debates.models import BODY_MAX_LENGTH
from parlons.debates.paper_forms import PaperImportRejected, read_paper_forms
from parlons.processes.models import Process

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

SEEDS = corpus(Path(__file__).parent / "fuzz_corpus")
PIECES = [
    b"texte", b"theme", b"commune", b"reunion", b"date", b"consentement", b"signature",
    b"oui", b"non", b"Emploi", b"Saint-Essai", b"12/03/2025", b"01/01/0001", b"31/12/9999",
    b"2025-02-30", b"29/02/2024", b"00/00/00", b"1", b"x",
]  # fmt: skip


def check_paper_forms(data: bytes, process: Process) -> None:
    try:
        rows = read_paper_forms(data, process)
    except PaperImportRejected as rejected:
        assert rejected.errors
        for error in rejected.errors:
            assert error.line >= 1 and error.column and error.reason
        return
    for row in rows:
        assert row.body and len(row.body) <= BODY_MAX_LENGTH
        assert first_control_character(row.body + row.display_label) is None
        assert row.written_at is None or date_in_range(row.written_at)


@fuzz_settings()
@given(data=damaged(SEEDS, PIECES))
def test_any_damaged_paper_forms_file_is_read_or_refused_with_line_and_column(make_process, data):
    check_paper_forms(data, _process(make_process))


def _process(make_process) -> Process:
    """One démarche per test: hypothesis runs the body many times within one test."""
    return Process.objects.filter(slug="transition-numerique").first() or make_process()
