"""Who may analyse, decide on themes and publish the synthesis: the role x phase matrix."""

import pytest
from django.core.exceptions import PermissionDenied

from parlons.conftest import ROLES
from parlons.processes.models import Process
from parlons.synthesis import rules, services
from parlons.synthesis.models import Analysis, Report

# There is no synthesis role: organisers, and administrators who hold every role.
ORGANISERS = {"organiser", "administrator"}
# Every predicate of synthesis/rules.py that this matrix covers (core checks none is missed).
COVERED_RULES = {"can_analyse", "can_write_synthesis"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("phase", ["contribute", "synthesis"])
def test_analysing_and_writing_by_role_whatever_the_phase(
    role, phase, personas, make_process, corpus_of
):
    process = make_process(open=("contribute",) if phase == "contribute" else ())
    corpus_of(process)
    user = personas[role]
    expected = role in ORGANISERS
    assert rules.can_analyse(user, process) is expected
    assert rules.can_write_synthesis(user, process) is expected
    if expected:
        analysis, started = services.start_analysis(actor=user, process=process, kind="themes")
        assert started
        assert services.report_for(actor=user, process=process).pk
    else:
        with pytest.raises(PermissionDenied):
            services.start_analysis(actor=user, process=process, kind="themes")
        with pytest.raises(PermissionDenied):
            services.report_for(actor=user, process=process)
        assert not Analysis.objects.exists() and not Report.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("published", [True, False])
def test_reading_the_synthesis_by_role(role, published, personas, make_process, organiser):
    process = make_process()
    report = Report.objects.create(
        process=process,
        title="Synthèse",
        status=Report.Status.PUBLISHED if published else Report.Status.DRAFT,
    )
    expected = published or role in ORGANISERS
    assert rules.can_read_synthesis(personas[role], process, report) is expected
    assert rules.can_read_synthesis(personas[role], process, None) is False


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_a_draft_demarche_hides_its_synthesis_from_the_public(role, personas, make_process):
    process = make_process(status=Process.Status.DRAFT)
    report = Report.objects.create(process=process, title="S", status=Report.Status.PUBLISHED)
    assert rules.can_read_synthesis(personas[role], process, report) is (role in ORGANISERS)
