"""Titles, edits and withdrawals through the services: each rule, each refusal, each trace."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from parlons.core.models import AuditEntry
from parlons.debates import queries, services
from parlons.debates.models import TITLE_MAX_LENGTH, Contribution, ContributionRevision
from parlons.debates.privacy import WITHDRAWN_RETENTION_DAYS, export_user_data
from parlons.privacy.publication import refresh_public_texts
from parlons.privacy.services import purge_expired

pytestmark = pytest.mark.django_db

PHONE = "06 12 34 56 78"


def test_a_contribution_may_have_a_short_title_masked_like_its_text(process, citizen):
    contribution = services.submit_contribution(
        actor=citizen,
        process=process,
        title=f"  Appelez   le {PHONE}  ",
        body="Un car le dimanche matin.",
    )
    assert contribution.title == f"Appelez le {PHONE}"
    assert PHONE not in contribution.public_title
    assert contribution.public_title.startswith("Appelez le ")
    untitled = services.submit_contribution(actor=citizen, process=process, body="Sans titre.")
    assert (untitled.title, untitled.public_title) == ("", "")


def test_a_title_too_long_and_an_empty_text_are_refused_together(process, citizen):
    with pytest.raises(ValidationError) as refused:
        services.submit_contribution(
            actor=citizen, process=process, title="x" * (TITLE_MAX_LENGTH + 1), body=" "
        )
    assert refused.value.message_dict == {
        "title": [f"Le titre fait {TITLE_MAX_LENGTH + 1} caractères ; 120 au plus."],
        "body": ["Écrivez votre contribution."],
    }
    assert Contribution.objects.count() == 0


def test_an_edit_keeps_the_earlier_version_masks_again_and_is_audited(process, citizen, contribute):
    contribution = contribute(citizen, "Un car le dimanche.")
    revision = services.edit_contribution(
        actor=citizen,
        contribution=contribution,
        title="Le car du dimanche",
        body=f"Un car le dimanche, appelez-moi au {PHONE}.",
    )
    contribution.refresh_from_db()
    assert (revision.title, revision.body) == ("", "Un car le dimanche.")
    assert revision.written_at == contribution.created_at
    assert contribution.edited_at == revision.replaced_at
    assert contribution.title == "Le car du dimanche"
    assert contribution.public_title == "Le car du dimanche"
    assert PHONE in contribution.body and PHONE not in contribution.public_body
    entry = AuditEntry.objects.get(action="debates.edit")
    assert entry.data == {
        "process": process.slug,
        "revision": revision.pk,
        "fields": ["title", "body"],
        "held_for_review": False,
    }
    second = services.edit_contribution(
        actor=citizen, contribution=contribution, title="Le car du dimanche", body="Un car."
    )
    assert second.written_at == revision.replaced_at  # the version it replaces was the edit
    assert list(contribution.revisions.values_list("body", flat=True)) == [
        f"Un car le dimanche, appelez-moi au {PHONE}.",
        "Un car le dimanche.",
    ]


def test_an_edit_that_changes_nothing_keeps_no_version(process, citizen, contribute):
    contribution = contribute(citizen, "Un car le dimanche.")
    assert (
        services.edit_contribution(
            actor=citizen, contribution=contribution, body="  Un car le dimanche.  "
        )
        is None
    )
    assert ContributionRevision.objects.count() == 0
    assert not AuditEntry.objects.filter(action="debates.edit").exists()
    contribution.refresh_from_db()
    assert contribution.edited_at is None


def test_a_reply_is_edited_without_a_title(process, citizen, other_citizen, contribute, answer_to):
    reply = answer_to(contribute(other_citizen), citizen, "Oui.")
    services.edit_contribution(actor=citizen, contribution=reply, title="Ignoré", body="Oui, mais.")
    reply.refresh_from_db()
    assert (reply.title, reply.body) == ("", "Oui, mais.")
    with pytest.raises(ValidationError) as refused:
        services.edit_contribution(actor=citizen, contribution=reply, body="")
    assert refused.value.message_dict == {"body": ["Écrivez votre réponse."]}


def test_only_the_author_edits_and_a_refusal_says_why(
    citizen, other_citizen, moderator, contribute
):
    contribution = contribute(citizen, "Mon texte.")
    for someone in (other_citizen, moderator):
        with pytest.raises(PermissionDenied) as refused:
            services.edit_contribution(actor=someone, contribution=contribution, body="Piraté.")
        assert str(refused.value) == (
            "Seule la personne qui a écrit ce message en ligne peut le modifier."
        )
    services.hide(actor=moderator, contribution=contribution, reason="Hors sujet.")
    with pytest.raises(PermissionDenied, match="masqué par la modération"):
        services.edit_contribution(actor=citizen, contribution=contribution, body="Autre.")
    contribution.refresh_from_db()
    assert contribution.body == "Mon texte."


def test_no_edit_once_the_contribution_phase_is_over(make_process, citizen, contribute):
    process = make_process(open=("reply", "react"), slug="phase-des-reponses")
    contribution = contribute(citizen, "Mon texte.", process=process)
    with pytest.raises(PermissionDenied, match="pendant la phase"):
        services.edit_contribution(actor=citizen, contribution=contribution, body="Autre.")


def test_a_mediated_contribution_is_not_edited_online(process, mediator):
    contribution = services.submit_on_behalf(
        actor=mediator, process=process, body="Dit au guichet.", consent=True
    )
    with pytest.raises(PermissionDenied):
        services.edit_contribution(actor=mediator, contribution=contribution, body="Autre.")
    with pytest.raises(PermissionDenied):
        services.withdraw(actor=mediator, contribution=contribution)


@pytest.mark.django_db(transaction=True)
def test_a_suspicious_edit_is_held_for_a_moderator(process, citizen, contribute):
    contribution = contribute(citizen, "Un car le dimanche.")
    services.edit_contribution(
        actor=citizen,
        contribution=contribution,
        body="Gagnez de l'argent facilement, cliquez ici : https://exemple.test/promo",
    )
    contribution.refresh_from_db()
    assert contribution.held_for_review is True
    assert "cliquez ici" in contribution.held_explanation
    assert list(queries.public_contributions(process)) == []
    assert AuditEntry.objects.get(action="debates.edit").data["held_for_review"] is True


def test_withdrawing_removes_the_text_from_public_reads_and_leaves_a_trace(
    process, citizen, other_citizen, contribute, answer_to
):
    contribution = contribute(citizen, "Un car le dimanche.", title="Le car")
    reply = answer_to(contribution, other_citizen, "Bonne idée.")
    services.withdraw(actor=citizen, contribution=contribution)
    contribution.refresh_from_db()
    assert contribution.withdrawn_at is not None
    assert (contribution.public_title, contribution.public_body) == ("", "")
    assert contribution.body == "Un car le dimanche."  # kept for the declared retention
    assert list(queries.public_contributions(process)) == []
    assert list(queries.contribution_list(process)) == []
    assert queries.process_summary(process)["contribution_count"] == 0
    thread = queries.thread_of(process, contribution.pk)
    assert thread.contribution.is_withdrawn
    assert [item.contribution.pk for item in thread.replies] == [reply.pk]
    assert AuditEntry.objects.get(action="debates.withdraw").target_id == str(contribution.pk)


def test_a_withdrawn_reply_is_no_longer_counted_nor_public(
    process, citizen, other_citizen, contribute, answer_to
):
    top = contribute(other_citizen)
    reply = answer_to(top, citizen, "Ma réponse.")
    services.withdraw(actor=citizen, contribution=reply)
    assert list(queries.public_replies(process)) == []
    assert queries.contribution_list(process).get().reply_count == 0


def test_only_the_author_withdraws_once(process, citizen, other_citizen, moderator, contribute):
    contribution = contribute(citizen)
    for someone in (other_citizen, moderator):
        with pytest.raises(PermissionDenied, match="Seule la personne qui a écrit ce message"):
            services.withdraw(actor=someone, contribution=contribution)
    services.withdraw(actor=citizen, contribution=contribution)
    with pytest.raises(PermissionDenied, match="déjà retiré"):
        services.withdraw(actor=citizen, contribution=contribution)


def test_a_withdrawn_contribution_takes_no_reply_reaction_or_answer(
    process, citizen, other_citizen, expert, contribute
):
    contribution = contribute(citizen)
    services.withdraw(actor=citizen, contribution=contribution)
    refused = "Ce message a été retiré par son auteur·rice."
    with pytest.raises(ValidationError, match=refused):
        services.reply(actor=other_citizen, parent=contribution, body="Pourquoi ?")
    with pytest.raises(ValidationError, match=refused):
        services.react(actor=other_citizen, contribution=contribution, value="agree")
    with pytest.raises(ValidationError, match=refused):
        services.answer_officially(actor=expert, contribution=contribution, body="Réponse.")


def test_the_purge_erases_a_withdrawn_text_and_its_versions_after_the_retention(
    process, citizen, contribute
):
    old = contribute(citizen, "Retirée il y a longtemps.", title="Ancien")
    services.edit_contribution(actor=citizen, contribution=old, title="Ancien", body="Version 2.")
    recent = contribute(citizen, "Retirée hier.")
    kept = contribute(citizen, "Toujours là.")
    services.withdraw(actor=citizen, contribution=old)
    services.withdraw(actor=citizen, contribution=recent)
    Contribution.objects.filter(pk=old.pk).update(
        withdrawn_at=timezone.now() - timedelta(days=WITHDRAWN_RETENTION_DAYS + 1)
    )
    report = purge_expired()
    assert report["debates.Contribution.body"] == 1
    assert report["debates.ContributionRevision.body"] == 1
    assert dict(Contribution.objects.values_list("pk", "body")) == {
        old.pk: "",
        recent.pk: "Retirée hier.",
        kept.pk: "Toujours là.",
    }
    assert Contribution.objects.get(pk=old.pk).title == ""
    assert ContributionRevision.objects.count() == 0
    # Masking every text again later finds nothing left to publish.
    refresh_public_texts()
    assert Contribution.objects.get(pk=old.pk).public_body == ""


def test_the_export_gives_the_titles_the_edits_and_the_earlier_versions(
    process, citizen, contribute
):
    contribution = contribute(citizen, "Premier jet.")
    services.edit_contribution(actor=citizen, contribution=contribution, title="Titre", body="Net.")
    services.withdraw(actor=citizen, contribution=contribution)
    contribution.refresh_from_db()
    (exported,) = export_user_data(citizen)["contributions"]
    assert exported["title"] == "Titre" and exported["text"] == "Net."
    assert exported["edited"] == contribution.edited_at.isoformat()
    assert exported["withdrawn"] == contribution.withdrawn_at.isoformat()
    assert [version["text"] for version in exported["earlier_versions"]] == ["Premier jet."]


def test_a_reply_takes_reactions_and_removing_one_is_audited(
    process, citizen, other_citizen, contribute, answer_to
):
    reply = answer_to(contribute(citizen), citizen)
    services.react(actor=other_citizen, contribution=reply, value="agree")
    reactions = queries.reactions_of(process, reply.pk, other_citizen)
    assert (reactions.agree_count, reactions.my_reaction) == (1, "agree")
    services.react(actor=other_citizen, contribution=reply, value=None)
    reactions = queries.reactions_of(process, reply.pk, other_citizen)
    assert (reactions.agree_count, reactions.my_reaction) == (0, None)
    assert list(
        AuditEntry.objects.filter(target_id=str(reply.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["debates.react", "debates.react_remove"]


@pytest.mark.django_db(transaction=True)  # cached pages are renewed once the write is committed
def test_anonymous_visitors_see_an_edit_and_a_withdrawal_at_once(
    client, settings, process, citizen, contribute
):
    settings.PAGE_CACHE_SECONDS = 300
    contribution = contribute(citizen, "Un car le dimanche.")
    thread, listing = contribution.get_absolute_url(), f"/demarches/{process.slug}/contributions/"
    assert client.get(thread)["X-Parlons-Cache"] == "miss"
    assert client.get(thread)["X-Parlons-Cache"] == "hit"
    client.get(listing)
    services.edit_contribution(actor=citizen, contribution=contribution, body="Un car le lundi.")
    page = client.get(thread)
    assert page["X-Parlons-Cache"] == "miss" and "Un car le lundi." in page.content.decode()
    services.withdraw(actor=citizen, contribution=contribution)
    assert "Un car le lundi." not in client.get(listing).content.decode()
    assert "Contribution retirée par son auteur·rice" in client.get(thread).content.decode()
