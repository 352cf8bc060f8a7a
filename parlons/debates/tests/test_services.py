"""The debate's services: what each one writes, refuses and records."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from parlons.core.models import AuditEntry
from parlons.debates import services
from parlons.debates.consent import CONSENT_TEXT_VERSION
from parlons.debates.models import Contribution, OfficialAnswer, Reaction, Report
from parlons.privacy.publication import create_published
from parlons.processes.models import Theme

pytestmark = pytest.mark.django_db


def test_submit_contribution_writes_it_and_its_audit_entry(process, citizen):
    theme = process.themes.get(slug="emploi")
    place = process.territory.communes.get(slug="saint-essai")
    contribution = services.submit_contribution(
        actor=citizen, process=process, body="  Des ateliers le samedi.  ", theme=theme, place=place
    )
    assert contribution.body == "Des ateliers le samedi."
    assert (contribution.author, contribution.theme, contribution.place) == (citizen, theme, place)
    assert contribution.source == Contribution.Source.ONLINE and contribution.depth == 0
    entry = AuditEntry.objects.get(action="debates.submit")
    assert entry.actor == citizen and entry.target_id == str(contribution.pk)


def test_submit_contribution_refuses_an_empty_or_too_long_text(process, citizen):
    with pytest.raises(ValidationError) as empty:
        services.submit_contribution(actor=citizen, process=process, body=" \n ")
    assert empty.value.message_dict == {"body": ["Écrivez votre contribution."]}
    with pytest.raises(ValidationError) as long:
        services.submit_contribution(actor=citizen, process=process, body="a" * 5001)
    assert "5001 caractères" in long.value.message_dict["body"][0]
    assert Contribution.objects.count() == 0


def test_a_theme_of_another_process_is_refused(process, make_process, citizen):
    other = make_process(slug="autre")
    with pytest.raises(ValidationError) as error:
        services.submit_contribution(
            actor=citizen, process=process, body="Texte.", theme=other.themes.first()
        )
    assert "theme" in error.value.message_dict


def test_replies_are_threaded_three_levels_deep_at_most(
    process, citizen, other_citizen, contribute
):
    top = contribute(citizen)
    first = services.reply(actor=other_citizen, parent=top, body="Première réponse.")
    second = services.reply(actor=citizen, parent=first, body="Réponse à la réponse.")
    assert (first.depth, first.root, first.parent) == (1, top, top)
    assert (second.depth, second.root, second.parent) == (2, top, first)
    with pytest.raises(ValidationError) as error:
        services.reply(actor=other_citizen, parent=second, body="Trop loin.")
    assert "répondez plutôt au message précédent" in error.value.messages[0]
    assert Contribution.objects.count() == 3


def test_the_database_refuses_a_fourth_level(process, citizen, contribute):
    top = contribute(citizen)
    with pytest.raises(IntegrityError), transaction.atomic():
        create_published(
            Contribution, process=process, author=citizen, body="x", parent=top, root=top, depth=3
        )


def test_one_cannot_reply_to_hidden_content(process, citizen, moderator, contribute):
    top = contribute(citizen)
    services.hide(actor=moderator, contribution=top, reason="Hors sujet.")
    with pytest.raises(ValidationError):
        services.reply(actor=citizen, parent=top, body="Réponse.")


def test_a_reaction_is_set_changed_and_removed(process, citizen, other_citizen, contribute):
    contribution = contribute(citizen)
    services.react(actor=other_citizen, contribution=contribution, value="agree")
    services.react(actor=other_citizen, contribution=contribution, value="disagree")
    assert list(Reaction.objects.values_list("user", "value")) == [(other_citizen.pk, "disagree")]
    services.react(actor=other_citizen, contribution=contribution, value=None)
    assert Reaction.objects.count() == 0
    actions = list(
        AuditEntry.objects.filter(action__startswith="debates.react").values_list("action", "data")
    )
    assert actions == [
        ("debates.react_remove", {}),
        ("debates.react", {"changed": True}),
        ("debates.react", {"changed": False}),
    ]


def test_one_reaction_per_person_is_a_database_rule(process, citizen, contribute):
    contribution = contribute(citizen)
    Reaction.objects.create(contribution=contribution, user=citizen, value="agree")
    with pytest.raises(IntegrityError), transaction.atomic():
        Reaction.objects.create(contribution=contribution, user=citizen, value="pass")


def test_an_unknown_reaction_is_refused(process, citizen, contribute):
    contribution = contribute(citizen)
    with pytest.raises(ValidationError) as refused:
        services.react(actor=citizen, contribution=contribution, value="maybe")
    assert refused.value.message_dict == {"value": ["Réaction inconnue."]}


def test_a_mediator_enters_a_contribution_with_consent_and_no_email(process, mediator):
    meeting_less = services.submit_on_behalf(
        actor=mediator,
        process=process,
        body="Je n'ai pas d'ordinateur, il me faut un guichet.",
        consent=True,
        display_label="Une habitante de Port-Essai",
    )
    assert meeting_less.source == Contribution.Source.COUNTER
    assert meeting_less.author is None and meeting_less.entered_by == mediator
    assert meeting_less.consent_given is True
    assert meeting_less.consent_text_version == CONSENT_TEXT_VERSION
    assert meeting_less.consent_at is not None
    assert AuditEntry.objects.get(action="debates.submit_on_behalf").actor == mediator


def test_a_mediated_contribution_without_consent_is_refused(process, mediator):
    with pytest.raises(ValidationError) as error:
        services.submit_on_behalf(actor=mediator, process=process, body="Texte.", consent=False)
    assert "consent" in error.value.message_dict
    assert Contribution.objects.count() == 0


def test_a_contribution_collected_at_a_meeting_points_to_it(process, mediator, meeting):
    contribution = services.submit_on_behalf(
        actor=mediator, process=process, body="Texte.", consent=True, occasion=meeting.occasion
    )
    assert (
        contribution.source == Contribution.Source.MEETING
        and contribution.occasion == meeting.occasion
    )


def test_a_report_is_recorded_once_per_person_until_handled(
    process, citizen, other_citizen, contribute
):
    contribution = contribute(citizen)
    services.report(actor=other_citizen, contribution=contribution, reason="Insulte.")
    with pytest.raises(ValidationError):
        services.report(actor=other_citizen, contribution=contribution, reason="Encore.")
    with pytest.raises(ValidationError):
        services.report(actor=citizen, contribution=contribution, reason="  ")
    assert Report.objects.count() == 1


def test_hiding_needs_a_public_reason_and_closes_the_reports(
    process, citizen, other_citizen, moderator, contribute
):
    contribution = contribute(citizen)
    services.report(actor=other_citizen, contribution=contribution, reason="Insulte.")
    with pytest.raises(ValidationError) as error:
        services.hide(actor=moderator, contribution=contribution, reason=" ")
    assert "reason" in error.value.message_dict
    services.hide(actor=moderator, contribution=contribution, reason="Propos injurieux.")
    contribution.refresh_from_db()
    assert contribution.is_hidden and contribution.hidden_reason == "Propos injurieux."
    assert contribution.hidden_by == moderator and contribution.hidden_at is not None
    handled = Report.objects.get()
    assert (handled.outcome, handled.handled_by) == (Report.Outcome.HIDDEN, moderator)


def test_restore_shows_the_contribution_again(process, citizen, moderator, contribute):
    contribution = contribute(citizen)
    services.hide(actor=moderator, contribution=contribution, reason="Doublon.")
    services.restore(actor=moderator, contribution=contribution)
    contribution.refresh_from_db()
    assert not contribution.is_hidden and contribution.hidden_reason == ""
    entry = AuditEntry.objects.get(action="debates.restore")
    assert entry.data == {"previous_reason": "Doublon."}


def test_dismissing_keeps_the_contribution_and_closes_reports(
    process, citizen, other_citizen, moderator, contribute
):
    contribution = contribute(citizen)
    services.report(
        actor=other_citizen, contribution=contribution, reason="Je ne suis pas d'accord."
    )
    assert services.dismiss_reports(actor=moderator, contribution=contribution) == 1
    assert Report.objects.get().outcome == Report.Outcome.KEPT
    contribution.refresh_from_db()
    assert not contribution.is_hidden


def test_an_official_answer_is_signed_with_name_title_and_role(
    process, citizen, expert, contribute
):
    contribution = contribute(citizen)
    answer = services.answer_officially(
        actor=expert, contribution=contribution, body="Nous ouvrons un guichet numérique."
    )
    assert answer.signature == "Claire Expert, Chargée de mission mobilités (Expert·e ou élu·e)"
    assert OfficialAnswer.objects.get().author == expert
    assert AuditEntry.objects.filter(action="debates.answer", actor=expert).count() == 1


def test_official_answers_are_for_top_level_contributions(
    process, citizen, expert, contribute, answer_to
):
    reply = answer_to(contribute(citizen), citizen)
    with pytest.raises(ValidationError):
        services.answer_officially(actor=expert, contribution=reply, body="Réponse.")


def test_services_refuse_with_a_french_message(make_process, citizen):
    closed = make_process(open=())
    with pytest.raises(PermissionDenied) as error:
        services.submit_contribution(actor=citizen, process=closed, body="Texte.")
    assert (
        str(error.value)
        == "Les contributions ne sont pas ouvertes dans cette démarche en ce moment."
    )


def test_deleting_a_theme_keeps_its_contributions(process, citizen):
    theme = process.themes.get(slug="emploi")
    contribution = services.submit_contribution(
        actor=citizen, process=process, body="Texte.", theme=theme
    )
    Theme.objects.filter(pk=theme.pk).delete()
    contribution.refresh_from_db()
    assert contribution.theme is None
