"""Decisions announced by other apps become tracked results, once each, in the same transaction."""

from decimal import Decimal

import pytest
from django.db import transaction

from parlons.core.models import AuditEntry
from parlons.followup import services
from parlons.followup.models import Status, TrackedResult
from parlons.followup.tests.conftest import decision_of
from parlons.processes import decisions
from parlons.processes.decisions import announce

pytestmark = pytest.mark.django_db


def test_an_announced_decision_is_tracked_and_told_twice_it_is_updated_not_duplicated(process):
    with transaction.atomic():
        announce(decision_of(process))
    result = TrackedResult.objects.get()
    assert (result.source_kind, result.source_key, result.title) == (
        "proposal",
        "7",
        "Un abri vélo à la gare",
    )
    assert result.planned_amount == Decimal("12000")
    assert result.status == Status.STUDY
    assert result.source_url == f"/demarches/{process.slug}/propositions/7/"

    # The team moves it on; then the deciding app announces a new amount and title.
    TrackedResult.objects.filter(pk=result.pk).update(status=Status.IN_PROGRESS, progress=30)
    with transaction.atomic():
        announce(decision_of(process, title="Un abri vélo couvert à la gare", amount="15000"))

    result = TrackedResult.objects.get()
    assert TrackedResult.objects.count() == 1
    assert (result.title, result.planned_amount) == ("Un abri vélo couvert à la gare", 15000)
    assert (result.status, result.progress) == (Status.IN_PROGRESS, 30)  # the team's own
    assert [u.published_at for u in result.updates.all()] == [decision_of(process).decided_at]
    entries = AuditEntry.objects.filter(action="followup.track_decision").order_by("pk")
    assert [(e.data["created"], e.data["fields"]) for e in entries] == [
        (True, []),
        (False, ["title", "planned_amount"]),
    ]


def test_the_tracked_result_rolls_back_with_the_decision_that_announced_it(process):
    with pytest.raises(RuntimeError), transaction.atomic():
        announce(decision_of(process))
        raise RuntimeError("the deciding app's write failed")
    assert not TrackedResult.objects.exists()


def test_synchronise_adds_the_decisions_taken_before_the_app_was_installed(
    process, organiser, monkeypatch
):
    held = [decision_of(process, key=str(key), title=f"Décision {key}") for key in (1, 2, 3)]

    def accepted_decisions(asked):
        assert asked == process
        return held

    monkeypatch.setattr(decisions, "provided", lambda name, attribute: [accepted_decisions])
    with transaction.atomic():
        announce(held[0])  # already tracked: left alone

    created = services.synchronise(actor=organiser, process=process)
    assert sorted(r.source_key for r in created) == ["2", "3"]
    assert TrackedResult.objects.count() == 3
    assert services.synchronise(actor=organiser, process=process) == []
    entries = AuditEntry.objects.filter(action="followup.synchronise").order_by("pk")
    assert [(e.data["found"], e.data["created"]) for e in entries] == [(3, 2), (3, 0)]


def test_staff_enter_a_decision_taken_elsewhere_with_its_first_line_of_history(
    make_result, organiser
):
    result = make_result(decided_by="Conseil communautaire", planned_amount=Decimal("500"))
    other = make_result(title="Le wifi dans les mairies")
    assert result.source_kind == other.source_kind == "manual"
    assert result.source_key != other.source_key
    assert [(u.status, u.progress, u.author) for u in result.updates.all()] == [
        ("study", 0, organiser)
    ]
    assert AuditEntry.objects.filter(action="followup.create").count() == 2


def test_a_new_status_on_the_form_joins_the_history_a_new_title_does_not(make_result, organiser):
    result = make_result()
    services.update_result(actor=organiser, result=result, title="Permanence du samedi")
    assert result.updates.count() == 1
    services.update_result(actor=organiser, result=result, status=Status.SCHEDULED, progress=10)
    assert [(u.status, u.progress) for u in result.updates.order_by("pk")] == [
        ("study", 0),
        ("scheduled", 10),
    ]
    entry = AuditEntry.objects.filter(action="followup.update").order_by("pk").last()
    assert entry.data["fields"] == ["status", "progress"]


def test_an_odd_decision_is_adjusted_never_refused_so_the_deciding_app_is_not_rolled_back(
    process,
):
    odd = decision_of(process, key="9", title="  ", amount="-10")
    with transaction.atomic():
        announce(odd)
    result = TrackedResult.objects.get(source_key="9")
    assert (result.title, result.planned_amount) == ("Décision sans titre", None)
