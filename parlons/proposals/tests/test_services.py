"""The services: file, support once, withdraw, threshold, answers, merge, mediated entry."""

import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from parlons.core.models import AuditEntry
from parlons.processes.decisions import collect_decisions, decision_made
from parlons.proposals import services
from parlons.proposals.decisions import accepted_decisions
from parlons.proposals.models import Proposal, Source, State, Support

pytestmark = pytest.mark.django_db


def png(width=40, height=30, kind="PNG") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "#0b4f8a").save(buffer, kind)
    return SimpleUploadedFile("idee.png", buffer.getvalue(), content_type="image/png")


def test_a_citizen_files_a_proposal_masked_and_audited(citizen, process, territory):
    proposal = services.submit_proposal(
        actor=citizen,
        process=process,
        title="  Un composteur   partagé ",
        body="Un composteur au square, appelez-moi au 06 12 34 56 78.",
        theme=process.themes.first(),
        place=territory.communes.first(),
        estimated_cost="2 500",
        image=png(),
        image_alt="Un composteur en bois",
    )
    assert proposal.title == "Un composteur partagé"
    assert "06 12 34 56 78" not in proposal.public_body
    assert proposal.estimated_cost == Decimal(2500)
    assert proposal.image.name.startswith("proposals/")
    assert "composteur" in proposal.public_terms.split()
    assert proposal.state == State.PUBLISHED and proposal.support_count == 0
    assert AuditEntry.objects.filter(action="proposals.submit", target_id=str(proposal.pk)).exists()


def test_every_problem_is_said_at_once(citizen, process, make_process):
    other = make_process(slug="autre-demarche")
    with pytest.raises(ValidationError) as refused:
        services.submit_proposal(
            actor=citizen,
            process=process,
            title="",
            body="",
            estimated_cost="beaucoup",
            image=png(),
            image_alt="",
            theme=other.themes.first(),
        )
    assert set(refused.value.message_dict) == {
        "title",
        "body",
        "estimated_cost",
        "image_alt",
        "theme",
    }
    assert not Proposal.objects.exists()


def test_an_image_must_be_a_real_picture(citizen, process):
    fake = SimpleUploadedFile("x.png", b"<svg></svg>", content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        services.submit_proposal(
            actor=citizen,
            process=process,
            title="Titre",
            body="Texte",
            image=fake,
            image_alt="une image",
        )
    assert "n'est pas une image lisible" in refused.value.message_dict["image"][0]
    gif = png(kind="GIF")
    with pytest.raises(ValidationError):
        services.submit_proposal(
            actor=citizen,
            process=process,
            title="Titre",
            body="Texte",
            image=gif,
            image_alt="une image",
        )


def test_filing_needs_the_phase(citizen, make_process):
    closed = make_process(open=("contribute",))
    with pytest.raises(PermissionDenied):
        services.submit_proposal(actor=citizen, process=closed, title="Titre", body="Texte")


def test_a_person_supports_once_and_may_withdraw(citizen, other_citizen, propose):
    proposal = propose(other_citizen)
    first, created = services.support(actor=citizen, proposal=proposal)
    again, created_again = services.support(actor=citizen, proposal=proposal)
    assert (created, created_again) == (True, False) and first.pk == again.pk
    proposal.refresh_from_db()
    assert proposal.support_count == 1 == Support.objects.count()
    assert services.withdraw_support(actor=citizen, proposal=proposal) is True
    assert services.withdraw_support(actor=citizen, proposal=proposal) is False
    proposal.refresh_from_db()
    assert proposal.support_count == 0 == Support.objects.count()
    actions = list(AuditEntry.objects.values_list("action", flat=True).order_by("pk"))
    assert actions == ["proposals.support", "proposals.withdraw_support"]


def test_withdrawing_waits_for_the_phase_too(citizen, other_citizen, propose, process):
    proposal = propose(other_citizen)
    services.support(actor=citizen, proposal=proposal)
    process.phases.update(components=["propose"])
    with pytest.raises(PermissionDenied):
        services.withdraw_support(actor=citizen, proposal=proposal)


def test_the_threshold_retains_a_proposal_for_study(
    citizen, other_citizen, organiser, expert, propose, process
):
    proposal = propose(citizen)
    services.support(actor=citizen, proposal=proposal)
    with pytest.raises(PermissionDenied):
        services.set_support_threshold(actor=citizen, process=process, threshold=2)
    services.set_support_threshold(actor=organiser, process=process, threshold=2)
    proposal.refresh_from_db()
    assert proposal.state == State.PUBLISHED
    services.support(actor=other_citizen, proposal=proposal)
    proposal.refresh_from_db()
    assert proposal.state == State.UNDER_STUDY and proposal.support_count == 2
    entry = AuditEntry.objects.get(action="proposals.threshold_reached")
    assert entry.actor is None and entry.data["threshold"] == 2


def test_setting_a_threshold_already_reached_retains_at_once(
    citizen, other_citizen, organiser, propose, process
):
    proposal = propose(citizen)
    services.support(actor=citizen, proposal=proposal)
    services.support(actor=other_citizen, proposal=proposal)
    services.set_support_threshold(actor=organiser, process=process, threshold=2)
    proposal.refresh_from_db()
    assert proposal.state == State.UNDER_STUDY
    with pytest.raises(ValidationError):
        services.set_support_threshold(actor=organiser, process=process, threshold=0)


@pytest.mark.parametrize("state", [State.REJECTED, State.MERGED])
def test_refusing_or_merging_needs_a_reason(state, citizen, expert, propose):
    proposal = propose(citizen)
    other = propose(citizen, title="Autre idée", body="Autre texte")
    with pytest.raises(ValidationError) as refused:
        services.answer(
            actor=expert,
            proposal=proposal,
            state=state,
            reason="  ",
            answering_body="Conseil municipal",
            merged_into=other,
        )
    assert "motif sera publié" in refused.value.message_dict["reason"][0]
    proposal.refresh_from_db()
    assert proposal.state == State.PUBLISHED and not proposal.answers.exists()


def test_an_answer_is_signed_and_the_author_is_told(
    citizen, expert, propose, django_capture_on_commit_callbacks
):
    proposal = propose(citizen)
    with pytest.raises(ValidationError) as refused:
        services.answer(actor=expert, proposal=proposal, state=State.DONE, answering_body="")
    assert "answering_body" in refused.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        item = services.answer(
            actor=expert,
            proposal=proposal,
            state=State.DONE,
            reason="Les bancs sont installés depuis juin.",
            answering_body="Conseil municipal",
        )
    proposal.refresh_from_db()
    assert proposal.state == State.DONE and item.answering_body == "Conseil municipal"
    assert len(mail.outbox) == 1 and "déjà réalisée" in mail.outbox[0].body
    assert "Conseil municipal" in mail.outbox[0].body


def test_the_author_who_opted_out_is_not_told(
    citizen, expert, propose, django_capture_on_commit_callbacks
):
    citizen.notify_answers = False
    citizen.save(update_fields=["notify_answers"])
    with django_capture_on_commit_callbacks(execute=True):
        services.answer(
            actor=expert,
            proposal=propose(citizen),
            state=State.UNDER_STUDY,
            answering_body="Bureau communautaire",
        )
    assert mail.outbox == []


def test_citizens_do_not_answer(citizen, propose):
    with pytest.raises(PermissionDenied):
        services.answer(
            actor=citizen, proposal=propose(citizen), state=State.ACCEPTED, answering_body="Moi"
        )


def test_accepting_announces_the_decision_in_the_same_transaction(
    citizen, organiser, propose, process
):
    heard = []

    def receiver(sender, decision, **kwargs):
        from django.db import connection

        heard.append((decision, connection.in_atomic_block))

    decision_made.connect(receiver)
    try:
        proposal = propose(citizen, estimated_cost=Decimal(12000))
        services.answer(
            actor=organiser,
            proposal=proposal,
            state=State.ACCEPTED,
            reason="Inscrit au budget 2027.",
            answering_body="Conseil communautaire",
        )
    finally:
        decision_made.disconnect(receiver)
    [(decision, in_transaction)] = heard
    assert in_transaction
    assert (decision.kind, decision.key, decision.process_id) == (
        "proposal",
        str(proposal.pk),
        process.pk,
    )
    assert decision.amount == Decimal(12000) and decision.decided_by == "Conseil communautaire"
    assert decision.summary == "Inscrit au budget 2027."
    assert decision.url.endswith(f"/propositions/{proposal.pk}/")
    assert accepted_decisions(process) == [decision]
    assert collect_decisions(process, kind="proposal") == [decision]


def test_merging_moves_supports_without_counting_anyone_twice(
    citizen, other_citizen, mediator, expert, propose, territory
):
    from parlons.conftest import make_person

    third = make_person(territory, "troisieme")
    kept = propose(citizen, title="Des bancs au bord de la rivière")
    duplicate = propose(other_citizen, title="Bancs sur le chemin de la rivière")
    for person in (citizen, other_citizen):
        services.support(actor=person, proposal=kept)
    for person in (other_citizen, third):  # other_citizen supports both
        services.support(actor=person, proposal=duplicate)
    services.support_on_behalf(actor=mediator, proposal=duplicate, consent=True)
    services.answer(
        actor=expert,
        proposal=duplicate,
        state=State.MERGED,
        reason="Les deux propositions demandent la même chose.",
        answering_body="Service des espaces verts",
        merged_into=kept,
    )
    kept.refresh_from_db()
    duplicate.refresh_from_db()
    # citizen, other_citizen (once), third, and the person met at the counter.
    assert kept.support_count == 4 == Support.objects.filter(proposal=kept).count()
    assert set(Support.objects.filter(proposal=kept).values_list("user_id", flat=True)) == {
        citizen.pk,
        other_citizen.pk,
        third.pk,
        None,
    }
    assert duplicate.state == State.MERGED and duplicate.merged_into_id == kept.pk
    assert duplicate.support_count == 0 and not duplicate.supports.exists()
    entry = AuditEntry.objects.get(action="proposals.answer")
    assert (entry.data["moved"], entry.data["counted_once"]) == (2, 1)
    with pytest.raises(ValidationError):
        services.support(actor=third, proposal=duplicate)


def test_merging_needs_another_proposal_of_the_same_process(citizen, expert, propose, make_process):
    proposal = propose(citizen)
    elsewhere = propose(citizen, process=make_process(slug="ailleurs", open=("propose",)))
    for target in (None, proposal, elsewhere):
        with pytest.raises(ValidationError) as refused:
            services.answer(
                actor=expert,
                proposal=proposal,
                state=State.MERGED,
                reason="Doublon",
                answering_body="Mairie",
                merged_into=target,
            )
        assert "merged_into" in refused.value.message_dict


def test_a_mediator_files_and_supports_for_someone_without_an_account(
    mediator, citizen, propose, process
):
    with pytest.raises(ValidationError) as refused:
        services.submit_on_behalf(
            actor=mediator, process=process, title="Un abri vélo", body="À la gare.", consent=False
        )
    assert "consent" in refused.value.message_dict
    proposal = services.submit_on_behalf(
        actor=mediator,
        process=process,
        title="Un abri vélo",
        body="À la gare, un abri couvert.",
        consent=True,
        display_label="Un habitant de Saint-Essai",
    )
    assert proposal.source == Source.COUNTER and proposal.author is None
    assert proposal.entered_by == mediator and proposal.consent_at is not None
    assert proposal.public_display_label == "Un habitant de Saint-Essai"
    with pytest.raises(ValidationError):
        services.support_on_behalf(actor=mediator, proposal=proposal, consent=False)
    services.support_on_behalf(actor=mediator, proposal=proposal, consent=True)
    services.support_on_behalf(actor=mediator, proposal=proposal, consent=True)  # two people
    proposal.refresh_from_db()
    assert proposal.support_count == 2
    with pytest.raises(PermissionDenied):
        services.submit_on_behalf(actor=citizen, process=process, title="T", body="B", consent=True)
