"""Every declared retention rule is applied by the daily purge: old rows go, young rows stay.

The test is generic over the declarations: for each one with an `Expiry`, it
plants a row whose `after` date is one day past the limit and one a day short of
it, runs the purge, and checks both. Planting goes through FACTORIES, one per
model: the next app that declares a retention rule adds its factory here.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from parlons.accounts.models import OutgoingEmail, PendingNotification
from parlons.core.charter import ANONYMISE, DELETE, declarations
from parlons.core.models import AuditEntry, UsedFormToken
from parlons.debates.models import Contribution, ContributionRevision, Report
from parlons.meetings.models import Meeting, Place, Registration
from parlons.privacy.services import purge_expired
from parlons.proposals.models import Proposal, ProposalRevision
from parlons.proposals.models import State as ProposalState

pytestmark = pytest.mark.django_db


def plant_audit_entry(world, when):
    entry = AuditEntry.objects.create(
        actor=world.citizen, action="test.retention", data={"ip": "192.0.2.1"}
    )
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=when)  # auto_now_add ignores it
    return entry


def plant_pending_notification(world, when):
    return PendingNotification.objects.create(
        user=world.citizen, kind="replies", subject="Une réponse", body="Texte.", sent_at=when
    )


def plant_outgoing_email(world, when):
    return OutgoingEmail.objects.create(
        to=world.citizen.email, subject="Rappel", body="Demain 18 h.", sent_at=when
    )


def plant_report(world, when):
    contribution = Contribution.objects.create(
        process=world.process, author=world.citizen, body="Une idée."
    )
    return Report.objects.create(
        contribution=contribution,
        reporter=world.citizen,
        reason="Je trouve cela blessant.",
        handled_at=when,
        handled_by=world.moderator,
        outcome=Report.Outcome.KEPT,
    )


def plant_withdrawn_contribution(world, when):
    return Contribution.objects.create(
        process=world.process,
        author=world.citizen,
        title="Mon idée",
        body="Une idée que je retire.",
        withdrawn_at=when,
    )


def plant_revision(world, when):
    contribution = plant_withdrawn_contribution(world, when)
    return ContributionRevision.objects.create(
        contribution=contribution,
        title="Le titre d'avant",
        body="Le texte d'avant.",
        written_at=contribution.created_at,
    )


def plant_withdrawn_proposal(world, when):
    return Proposal.objects.create(
        process=world.process,
        author=world.citizen,
        title="Mon idée de banc",
        body="Une proposition que je retire.",
        state=ProposalState.WITHDRAWN,
        withdrawn_at=when,
    )


def plant_proposal_revision(world, when):
    proposal = plant_withdrawn_proposal(world, when)
    return ProposalRevision.objects.create(
        proposal=proposal,
        title="Le titre d'avant",
        body="Le texte d'avant.",
        estimated_cost=1500,
        written_at=proposal.created_at,
    )


def plant_registration(world, when):
    meeting = Meeting.objects.create(
        process=world.process,
        place=world.place,
        title="Le numérique et l'emploi",
        description="Venez.",
        starts_at=when - timedelta(hours=2),
        ends_at=when,
        created_by=world.moderator,
    )
    return Registration.objects.create(
        meeting=meeting, user=world.citizen, status=Registration.Status.CONFIRMED
    )


def plant_used_form_token(world, when):
    token = UsedFormToken.objects.create(key=f"{when:%Y%m%d%H%M%S}", result_url="/")
    UsedFormToken.objects.filter(pk=token.pk).update(used_at=when)  # auto_now_add ignores it
    return token


def plant_rights_request(world, when):
    from parlons.privacy.models import RequestStatus, RightsRequest

    return RightsRequest.objects.create(
        kind="access",
        name="Jeanne Martin",
        email="jeanne@exemple.test",
        channel="without_account",
        text="Que gardez-vous sur moi ?",
        received_on=when.date(),
        due_on=when.date(),
        answer="Voici vos données.",
        status=RequestStatus.CLOSED,
        closed_at=when,
    )


def plant_receipt(world, when):
    from parlons.privacy.models import Receipt

    return Receipt.objects.create(
        code_digest=f"{when:%Y%m%d%H%M%S%f}".ljust(64, "0"),
        item_kind="debates.contribution",
        item_id=1,
        title="Contribution à la démarche « Essai »",
        summary="Un banc devant la mairie.",
        recorded_at=when,
        recorded_by=world.moderator,
    )


# One factory per model that declares a retention rule: factory(world, when) plants
# one row whose rule's `after` date is `when`.
def plant_consent(world, when):
    from parlons.privacy.models import Consent

    return Consent.objects.create(
        user=world.citizen,
        purpose="accounts.show_real_name",
        wording="Afficher mon nom réel.",
        wording_version="1",
        given_at=when - timedelta(days=30),
        withdrawn_at=when,
    )


def plant_answer_file(world, when):
    from parlons.questionnaires.models import (
        Answer,
        AnswerFile,
        Question,
        Questionnaire,
        QuestionVersion,
        Response,
        Section,
    )

    questionnaire = Questionnaire.objects.create(process=world.process, title="Enquête")
    section = Section.objects.create(questionnaire=questionnaire, title="Partie")
    question = Question.objects.create(
        questionnaire=questionnaire, section=section, kind=Question.Kind.FILE
    )
    version = QuestionVersion.objects.create(question=question, wording="Un devis ?")
    response = Response.objects.create(questionnaire=questionnaire, respondent=world.citizen)
    answer = Answer.objects.create(
        response=response, question=question, version=version, value={"file": True}
    )
    joined = AnswerFile.objects.create(
        answer=answer,
        name="devis-jeanne-martin.pdf",
        stored_name=f"planted-{answer.pk}",
        content_type="application/pdf",
        size=12,
    )
    AnswerFile.objects.filter(pk=joined.pk).update(created_at=when)
    return joined


FACTORIES = {
    "core.AuditEntry": plant_audit_entry,
    "accounts.PendingNotification": plant_pending_notification,
    "accounts.OutgoingEmail": plant_outgoing_email,
    "debates.Report": plant_report,
    "debates.Contribution": plant_withdrawn_contribution,
    "debates.ContributionRevision": plant_revision,
    "proposals.Proposal": plant_withdrawn_proposal,
    "proposals.ProposalRevision": plant_proposal_revision,
    "meetings.Registration": plant_registration,
    "core.UsedFormToken": plant_used_form_token,
    "privacy.RightsRequest": plant_rights_request,
    "privacy.Consent": plant_consent,
    "privacy.Receipt": plant_receipt,
    "questionnaires.AnswerFile": plant_answer_file,
}

EXPIRING = [item for item in declarations() if item.expiry is not None]


@pytest.fixture
def world(territory, citizen, moderator, make_process):
    place = Place.objects.create(
        territory=territory,
        name="Médiathèque du Port",
        kind=Place.Kind.LIBRARY,
        address="2 quai des Goélands",
        postcode="29001",
        commune=territory.communes.get(slug="port-essai"),
    )
    return SimpleNamespace(
        citizen=citizen, moderator=moderator, process=make_process(), place=place
    )


def field_value(item, row):
    return apps.get_model(item.model).objects.filter(pk=row.pk).values_list(item.field, flat=True)


def plant(item, world, now):
    """An old and a young row for `item`, checked by the rule's own `after` date."""
    factory = FACTORIES.get(item.model)
    if factory is None:
        pytest.fail(
            f"{item.key} declares a retention rule but {item.model} has no factory in "
            f"FACTORIES ({__name__}): add one that plants a row whose "
            f"{item.expiry.after!r} is the given date."
        )
    limit = now - timedelta(days=item.expiry.days)
    old, young = (
        factory(world, limit - timedelta(days=1)),
        factory(world, limit + timedelta(days=1)),
    )
    model = apps.get_model(item.model)
    after = item.expiry.after
    assert model.objects.filter(pk=old.pk, **{f"{after}__lt": limit}).exists(), (
        f"the factory for {item.model} does not set {after!r} to the date it is given"
    )
    assert model.objects.filter(pk=young.pk, **{f"{after}__gt": limit}).exists(), (
        f"the factory for {item.model} does not set {after!r} to the date it is given"
    )
    if item.expiry.action == ANONYMISE:
        assert list(field_value(item, old)) != [item.expiry.value], (
            f"the factory for {item.model} plants {item.field} already anonymised"
        )
    return old, young, list(field_value(item, young))


def retention_failures(item, old, young, young_value) -> list[str]:
    """What the purge left undone (or overdid) for one declaration; empty when it held."""
    failures = []
    old_value, young_now = list(field_value(item, old)), list(field_value(item, young))
    if item.expiry.action == DELETE and old_value != []:
        failures.append(f"{item.key}: a row past {item.expiry.days} days was not deleted")
    if item.expiry.action == ANONYMISE and old_value != [item.expiry.value]:
        failures.append(f"{item.key}: a row past {item.expiry.days} days was not anonymised")
    if young_now != young_value:
        failures.append(f"{item.key}: a row younger than {item.expiry.days} days was touched")
    return failures


def test_every_model_with_a_retention_rule_has_a_factory():
    missing = sorted({item.model for item in EXPIRING} - set(FACTORIES))
    assert missing == [], (
        "These models declare a retention rule but have no factory in FACTORIES "
        f"({__name__}), so nothing checks that the purge applies it: " + ", ".join(missing)
    )


@pytest.mark.parametrize("item", EXPIRING, ids=[item.key for item in EXPIRING])
def test_the_purge_applies_each_declared_retention(item, world):
    now = timezone.now()
    old, young, young_value = plant(item, world, now)
    report = purge_expired(now=now)
    assert retention_failures(item, old, young, young_value) == []
    assert report[item.key] == 1


def test_a_rule_the_purge_does_not_apply_is_caught(world):
    item = next(item for item in EXPIRING if item.key == "debates.Report.reporter")
    now = timezone.now()
    old, young, young_value = plant(item, world, now)
    assert purge_expired(now=now, declared=[]) == {}
    assert retention_failures(item, old, young, young_value) == [
        "debates.Report.reporter: a row past 365 days was not deleted"
    ]


def test_an_anonymisation_the_purge_does_not_apply_is_caught(world):
    item = next(item for item in EXPIRING if item.key == "core.AuditEntry.data")
    now = timezone.now()
    old, young, young_value = plant(item, world, now)
    purge_expired(now=now, declared=[])
    assert retention_failures(item, old, young, young_value) == [
        "core.AuditEntry.data: a row past 365 days was not anonymised"
    ]


def test_fields_sharing_a_rule_are_purged_in_one_query_and_reported_each(world):
    now = timezone.now()
    plant_audit_entry(world, now - timedelta(days=400))
    plant_report(world, now - timedelta(days=400))
    with CaptureQueriesContext(connection) as queries:
        report = purge_expired(now=now)
    updates = [q["sql"] for q in queries if q["sql"].startswith('UPDATE "core_auditentry"')]
    deletes = [q["sql"] for q in queries if q["sql"].startswith('DELETE FROM "debates_report"')]
    assert (len(updates), len(deletes)) == (1, 1)
    assert report == {
        "core.AuditEntry.actor": 1,
        "core.AuditEntry.data": 1,
        "accounts.PendingNotification.user": 0,
        "accounts.PendingNotification.body": 0,
        "accounts.OutgoingEmail.to": 0,
        "accounts.OutgoingEmail.subject": 0,
        "accounts.OutgoingEmail.body": 0,
        "accounts.OutgoingEmail.headers": 0,
        "meetings.Registration.user": 0,
        "meetings.Registration.created_at": 0,
        "meetings.Registration.reminded_at": 0,
        "debates.Report.reporter": 1,
        "debates.Report.reason": 1,
        "debates.Report.handled_by": 1,
        "debates.Contribution.body": 0,
        "debates.Contribution.title": 0,
        "debates.ContributionRevision.body": 0,
        "debates.ContributionRevision.title": 0,
        "proposals.Proposal.title": 0,
        "proposals.Proposal.body": 0,
        "proposals.ProposalRevision.title": 0,
        "proposals.ProposalRevision.body": 0,
        "proposals.ProposalRevision.estimated_cost": 0,
        "core.UsedFormToken.key": 0,
        "questionnaires.AnswerFile.name": 0,
    } | {
        item.key: 0
        for item in EXPIRING
        if item.model in ("privacy.RightsRequest", "privacy.Consent", "privacy.Receipt")
    }
    assert AuditEntry.objects.get(action="privacy.purge").data == {"report": report}


def test_a_row_already_anonymised_is_not_counted_again(world):
    now = timezone.now()
    plant_audit_entry(world, now - timedelta(days=400))
    assert purge_expired(now=now)["core.AuditEntry.actor"] == 1
    assert purge_expired(now=now)["core.AuditEntry.actor"] == 0
