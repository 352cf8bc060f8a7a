"""Authors edit and withdraw their proposals: each rule, each refusal, each trace."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from parlons.conftest import out_of_reach, stored_files
from parlons.core.datasets import dataset_named
from parlons.core.models import AuditEntry
from parlons.privacy.services import purge_expired
from parlons.proposals import queries, services
from parlons.proposals.models import Proposal, ProposalRevision, State
from parlons.proposals.privacy import WITHDRAWN_RETENTION_DAYS, export_user_data
from parlons.proposals.queries import Filters
from parlons.proposals.sections import process_figures

pytestmark = pytest.mark.django_db

PHONE = "06 12 34 56 78"


def edit(actor, proposal, **fields):
    """The edit form sends every field: what is not changed is sent as it was."""
    fields = {
        "title": proposal.title,
        "body": proposal.body,
        "theme": proposal.theme,
        "place": proposal.place,
        "estimated_cost": proposal.estimated_cost,
        **fields,
    }
    return services.edit_proposal(actor=actor, proposal=proposal, **fields)


def test_the_author_edits_the_earlier_version_is_kept_and_the_supports_stay(
    citizen, other_citizen, propose
):
    proposal = propose(citizen, estimated_cost=Decimal(800))
    services.support(actor=other_citizen, proposal=proposal)
    revision = edit(
        citizen,
        proposal,
        title="Des bancs et des tables le long de la rivière",
        body=f"Des bancs et deux tables de pique-nique. Appelez le {PHONE}.",
        estimated_cost="1 500",
    )
    proposal.refresh_from_db()
    assert proposal.title == "Des bancs et des tables le long de la rivière"
    assert PHONE not in proposal.public_body and "pique-nique" in proposal.public_body
    assert "table" in proposal.public_terms.split()  # look-alikes follow the new words
    assert proposal.estimated_cost == Decimal(1500)
    assert proposal.edited_at is not None
    assert proposal.support_count == 1  # people supported the idea; its author clarified it
    assert (revision.title, revision.estimated_cost) == (
        "Des bancs le long de la rivière",
        Decimal(800),
    )
    assert revision.body.startswith("Installer des bancs")
    assert revision.written_at == proposal.created_at
    again = edit(citizen, proposal, body="Troisième version.")
    assert again.written_at == proposal.edited_at and again.estimated_cost == Decimal(1500)
    assert [r.pk for r in queries.revisions_of(proposal)] == [again.pk, revision.pk]
    entry = AuditEntry.objects.filter(action="proposals.edit").order_by("pk").first()
    assert entry.data["fields"] == ["title", "body", "estimated_cost"]


def test_an_edit_that_changes_nothing_keeps_no_version(citizen, propose):
    proposal = propose(citizen)
    assert edit(citizen, proposal) is None
    assert ProposalRevision.objects.count() == 0
    assert not AuditEntry.objects.filter(action="proposals.edit").exists()


def test_an_edit_is_checked_like_a_new_proposal_and_keeps_what_was_typed(citizen, propose):
    proposal = propose(citizen)
    with pytest.raises(ValidationError) as refused:
        edit(citizen, proposal, title=" ", body="", estimated_cost="beaucoup")
    assert set(refused.value.message_dict) == {"title", "body", "estimated_cost"}
    proposal.refresh_from_db()
    assert proposal.title == "Des bancs le long de la rivière"


def test_others_cannot_edit_nor_withdraw(citizen, other_citizen, organiser, mediator, propose):
    proposal = propose(citizen)
    for someone in (other_citizen, organiser):
        with pytest.raises(PermissionDenied, match="Seule la personne qui a déposé"):
            edit(someone, proposal, body="Réécrit par un autre.")
        with pytest.raises(PermissionDenied, match="Seule la personne qui a déposé"):
            services.withdraw_proposal(actor=someone, proposal=proposal)
    # A mediated proposal belongs to the counter: withdrawn with the receipt's code.
    mediated = services.submit_on_behalf(
        actor=mediator, process=proposal.process, title="Au guichet", body="Texte.", consent=True
    )
    with pytest.raises(PermissionDenied):
        edit(mediator, mediated, body="Autre.")


def test_no_edit_after_the_proposal_phase_closes(citizen, propose, process):
    proposal = propose(citizen)
    process.phases.update(components=["support"])
    with pytest.raises(PermissionDenied, match="pendant la phase de dépôt"):
        edit(citizen, proposal, body="Trop tard.")
    # Withdrawing does not wait for a phase: taking one's words back is always possible.
    services.withdraw_proposal(actor=citizen, proposal=proposal)


@pytest.mark.parametrize("state", [State.UNDER_STUDY, State.ACCEPTED, State.REJECTED])
def test_no_edit_nor_withdrawal_after_an_official_answer(state, citizen, expert, propose):
    proposal = propose(citizen)
    services.answer(
        actor=expert,
        proposal=proposal,
        state=state,
        reason="Motif.",
        answering_body="Conseil municipal",
    )
    proposal.refresh_from_db()
    with pytest.raises(PermissionDenied, match="réponse officielle"):
        edit(citizen, proposal, body="Après la réponse.")
    with pytest.raises(PermissionDenied, match="réponse officielle"):
        services.withdraw_proposal(actor=citizen, proposal=proposal)


def test_retained_by_the_threshold_alone_is_not_an_answer(
    citizen, other_citizen, organiser, propose, process
):
    proposal = propose(citizen)
    services.set_support_threshold(actor=organiser, process=process, threshold=1)
    services.support(actor=other_citizen, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.state == State.UNDER_STUDY
    assert edit(citizen, proposal, body="Précisée pendant l'étude.") is not None


def test_a_withdrawn_proposal_leaves_lists_and_counts_keeps_a_trace_and_frozen_supports(
    citizen, other_citizen, organiser, expert, propose, process
):
    proposal = propose(citizen, title=f"Appelez le {PHONE}")
    kept = propose(other_citizen, title="Une autre idée")
    services.support(actor=other_citizen, proposal=proposal)
    services.withdraw_proposal(actor=citizen, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.is_withdrawn and proposal.state == State.WITHDRAWN
    assert (proposal.public_title, proposal.public_body, proposal.public_terms) == ("", "", "")
    assert proposal.support_count == 1
    # Out of the lists, the counts and the look-alikes; its address still answers.
    assert list(queries.proposal_list(process, Filters())) == [kept]
    assert [p.pk for p in queries.look_alike_candidates(process)] == [kept.pk]
    assert list(queries.waiting_for_answer(process)) == [kept]
    assert {f["value"] for f in process_figures(process) if f["order"] == 15} == {1}
    assert queries.proposal_for(process, proposal.pk) == proposal
    # Frozen: nobody adds a support or takes one back, and nobody answers it.
    with pytest.raises(ValidationError, match="gelés"):
        services.support(actor=organiser, proposal=proposal)
    with pytest.raises(ValidationError, match="gelés"):
        services.withdraw_support(actor=other_citizen, proposal=proposal)
    with pytest.raises(ValidationError, match="retirée"):
        services.answer(
            actor=expert, proposal=proposal, state=State.ACCEPTED, answering_body="Conseil"
        )
    with pytest.raises(ValidationError, match="retirée"):
        services.answer(
            actor=expert,
            proposal=kept,
            state=State.MERGED,
            reason="Même idée.",
            answering_body="Conseil",
            merged_into=proposal,
        )
    proposal.refresh_from_db()
    assert proposal.support_count == 1 and proposal.supports.count() == 1
    # Withdrawn once: a second time, and any edit, are refused.
    with pytest.raises(PermissionDenied, match="déjà retirée"):
        services.withdraw_proposal(actor=citizen, proposal=proposal)
    with pytest.raises(PermissionDenied, match="retirée"):
        edit(citizen, proposal, body="Revenue.")
    entry = AuditEntry.objects.get(action="proposals.withdraw")
    assert entry.target_id == str(proposal.pk) and entry.data["supports"] == 1


def test_the_open_data_gives_a_withdrawn_proposal_as_a_row_without_its_words(
    citizen, other_citizen, propose, process
):
    proposal = propose(citizen)
    propose(other_citizen, title="Une autre idée")
    services.withdraw_proposal(actor=citizen, proposal=proposal)
    # Even if the texts are masked again later, the open data gives no words back.
    Proposal.objects.filter(pk=proposal.pk).update(public_title="Des bancs", public_body="Texte")
    rows = {row["id"]: row for row in dataset_named("propositions").rows_of(process)}
    assert rows[proposal.pk]["etat"] == "withdrawn"
    assert (rows[proposal.pk]["titre"], rows[proposal.pk]["texte"]) == ("", "")
    assert rows[proposal.pk]["soutiens"] == 0
    assert "withdrawn" in dataset_named("propositions").fields[6].enum


def test_withdrawing_takes_the_picture_at_once(citizen, process):
    from parlons.proposals.tests.test_services import png

    proposal = services.submit_proposal(
        actor=citizen,
        process=process,
        title="Un verger partagé",
        body="Planter des pommiers au parc.",
        image=png(),
        image_alt="Un pommier",
    )
    storage, name = proposal.image.storage, proposal.image.name
    assert storage.exists(name)
    services.withdraw_proposal(actor=citizen, proposal=proposal)
    proposal.refresh_from_db()
    assert not proposal.image and not storage.exists(name)
    assert (proposal.image_alt, proposal.public_image_alt) == ("", "")


def test_the_purge_erases_a_withdrawn_text_and_its_versions_after_the_retention(citizen, propose):
    old = propose(citizen, title="Ancienne", body="Retirée il y a longtemps.")
    edit(citizen, old, body="Version 2.")
    recent = propose(citizen, title="Récente", body="Retirée hier.")
    kept = propose(citizen, title="Là", body="Toujours là.")
    services.withdraw_proposal(actor=citizen, proposal=old)
    services.withdraw_proposal(actor=citizen, proposal=recent)
    Proposal.objects.filter(pk=old.pk).update(
        withdrawn_at=timezone.now() - timedelta(days=WITHDRAWN_RETENTION_DAYS + 1)
    )
    report = purge_expired()
    assert report["proposals.Proposal.body"] == 1
    assert report["proposals.ProposalRevision.body"] == 1
    assert dict(Proposal.objects.values_list("pk", "body")) == {
        old.pk: "",
        recent.pk: "Retirée hier.",
        kept.pk: "Toujours là.",
    }
    assert ProposalRevision.objects.count() == 0


def test_the_export_gives_the_edits_the_withdrawal_and_the_earlier_versions(citizen, propose):
    proposal = propose(citizen)
    edit(citizen, proposal, body="Net.")
    services.withdraw_proposal(actor=citizen, proposal=proposal)
    (exported,) = export_user_data(citizen)["proposals"]
    assert exported["text"] == "Net." and exported["state"] == "withdrawn"
    assert exported["edited"] and exported["withdrawn"]
    [earlier] = exported["earlier_versions"]
    assert earlier["text"].startswith("Installer des bancs")


def with_image(author, process, alt="Un pommier"):
    from parlons.proposals.tests.test_services import png

    return services.submit_proposal(
        actor=author,
        process=process,
        title="Un verger partagé",
        body="Planter des pommiers au parc.",
        image=png(),
        image_alt=alt,
    )


def test_the_author_replaces_the_image_the_old_file_goes_once_committed(
    citizen, process, django_capture_on_commit_callbacks
):
    from parlons.proposals.tests.test_services import png

    proposal = with_image(citizen, process)
    storage, old_name = proposal.image.storage, proposal.image.name
    with django_capture_on_commit_callbacks() as callbacks:
        revision = edit(
            citizen,
            proposal,
            image=png(80, 60),
            image_alt=f"Des pommiers en fleurs, appelez le {PHONE}",
        )
        assert storage.exists(old_name), "the old file stays until the edit is committed"
    for callback in callbacks:
        callback()
    assert not storage.exists(old_name)
    proposal.refresh_from_db()
    assert proposal.image.name != old_name and storage.exists(proposal.image.name)
    assert proposal.image_alt == f"Des pommiers en fleurs, appelez le {PHONE}"
    assert PHONE not in proposal.public_image_alt and "pommiers" in proposal.public_image_alt
    assert revision.image_change == "replaced"
    assert (revision.title, revision.body) == (proposal.title, proposal.body)
    entry = AuditEntry.objects.get(action="proposals.edit")
    assert entry.data["fields"] == ["image", "image_alt"]
    assert entry.data["image"] == "replaced"


def test_an_edit_that_fails_after_writing_its_image_leaves_no_file(
    citizen, process, monkeypatch, django_capture_on_commit_callbacks
):
    from parlons.proposals.tests.test_services import png

    proposal = with_image(citizen, process)
    old_name = proposal.image.name
    before = stored_files("proposals")
    assert old_name.removeprefix("proposals/") in before

    monkeypatch.setattr(services.audit, "record", out_of_reach)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        edit(citizen, proposal, image=png(80, 60), image_alt="Des pommiers en fleurs")

    assert stored_files("proposals") == before, "the new file is deleted, the old one stays"
    proposal.refresh_from_db()
    assert proposal.image.name == old_name and proposal.image_alt == "Un pommier"
    assert not ProposalRevision.objects.filter(proposal=proposal).exists()


def test_a_filing_that_fails_after_writing_its_image_leaves_no_file(citizen, process, monkeypatch):
    before = stored_files("proposals")
    monkeypatch.setattr(services, "count_posting", out_of_reach)
    with pytest.raises(RuntimeError):
        with_image(citizen, process)

    assert stored_files("proposals") == before
    assert not Proposal.objects.filter(title="Un verger partagé").exists()


def test_the_author_removes_the_image_and_its_description(
    citizen, process, django_capture_on_commit_callbacks
):
    proposal = with_image(citizen, process)
    storage, old_name = proposal.image.storage, proposal.image.name
    with django_capture_on_commit_callbacks(execute=True):
        revision = edit(citizen, proposal, remove_image=True)
    assert not storage.exists(old_name)
    proposal.refresh_from_db()
    assert not proposal.image
    assert (proposal.image_alt, proposal.public_image_alt) == ("", "")
    assert revision.image_change == "removed"
    assert AuditEntry.objects.get(action="proposals.edit").data["image"] == "removed"
    (exported,) = export_user_data(citizen)["proposals"]
    assert exported["earlier_versions"][0]["image_change"] == "removed"


def test_an_image_added_on_edit_is_checked_as_on_filing_and_needs_its_description(citizen, propose):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from parlons.proposals.tests.test_services import png

    proposal = propose(citizen)
    not_an_image = SimpleUploadedFile("x.png", b"not a picture", content_type="image/png")
    with pytest.raises(ValidationError) as no:
        edit(citizen, proposal, image=not_an_image, image_alt="", body="")
    assert set(no.value.message_dict) == {"image", "image_alt", "body"}
    revision = edit(citizen, proposal, image=png(), image_alt="Un banc en bois")
    assert revision.image_change == "added"
    proposal.refresh_from_db()
    assert proposal.image and proposal.public_image_alt == "Un banc en bois"


def test_a_kept_image_keeps_a_description_and_a_new_one_is_recorded(
    citizen, process, django_capture_on_commit_callbacks
):
    proposal = with_image(citizen, process)
    name = proposal.image.name
    with pytest.raises(ValidationError) as refused:
        edit(citizen, proposal, image_alt="  ")
    assert set(refused.value.message_dict) == {"image_alt"}
    assert edit(citizen, proposal, image_alt=None) is None, "None keeps the description"
    with django_capture_on_commit_callbacks(execute=True):
        revision = edit(citizen, proposal, image_alt="Trois pommiers et un banc")
    assert proposal.image.storage.exists(name), "the picture itself did not change"
    assert revision.image_change == "described"
    proposal.refresh_from_db()
    assert proposal.image.name == name and proposal.image_alt == "Trois pommiers et un banc"
