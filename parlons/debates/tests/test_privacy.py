"""The data charter for the debate: export, erasure with or without the texts, retention."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parlons.debates import privacy, services
from parlons.debates.models import Contribution, Reaction, Report
from parlons.privacy.services import erase_account, export_user_data, purge_expired

pytestmark = pytest.mark.django_db


@pytest.fixture
def activity(process, citizen, other_citizen, moderator, contribute):
    mine = contribute(citizen, "Mon idée pour le car du matin.")
    theirs = contribute(other_citizen, "Leur idée.")
    services.reply(actor=citizen, parent=theirs, body="Ma réponse.")
    services.react(actor=citizen, contribution=theirs, value="disagree")
    services.react(actor=other_citizen, contribution=mine, value="agree")
    services.report(actor=citizen, contribution=theirs, reason="Je trouve cela blessant.")
    return mine, theirs


def test_export_gives_contributions_reactions_and_reports(citizen, activity):
    mine, theirs = activity
    data = privacy.export_user_data(citizen)
    assert [item["text"] for item in data["contributions"]] == [
        "Mon idée pour le car du matin.",
        "Ma réponse.",
    ]
    assert data["contributions"][1]["reply_to"] == theirs.pk
    assert [(r["contribution"], r["value"]) for r in data["reactions"]] == [(theirs.pk, "disagree")]
    assert data["reports"][0]["reason"] == "Je trouve cela blessant."


def test_the_privacy_app_exports_the_debate_too(citizen, activity):
    assert "debates" in export_user_data(user=citizen)


def test_erasure_keeps_the_contributions_without_their_author(citizen, other_citizen, activity):
    mine, theirs = activity
    erase_account(actor=citizen, user=citizen)
    mine.refresh_from_db()
    assert mine.author is None and mine.body == "Mon idée pour le car du matin."
    assert Reaction.objects.filter(user=citizen).count() == 0
    assert Reaction.objects.filter(contribution=theirs).count() == 1, "the count stays"
    assert Report.objects.get().reporter is None
    assert privacy.export_user_data(citizen)["contributions"] == []


def test_erasure_can_remove_the_texts_too(citizen, activity):
    mine, theirs = activity
    erase_account(actor=citizen, user=citizen, keep_contributions=False)
    bodies = set(Contribution.objects.filter(author=None).values_list("body", flat=True))
    assert "contribution supprimée à la demande de son auteur" in bodies
    assert "Mon idée pour le car du matin." not in bodies and "Ma réponse." not in bodies
    assert Reaction.objects.filter(contribution=theirs).count() == 0


def test_an_erased_author_shows_as_deleted_account(client, process, citizen, activity):
    mine, theirs = activity
    erase_account(actor=citizen, user=citizen)
    page = client.get(mine.get_absolute_url()).content.decode()
    assert "compte supprimé" in page and "camille" not in page


def test_handled_reports_are_purged_after_a_year(
    process, citizen, other_citizen, moderator, contribute
):
    old = contribute(citizen)
    recent = contribute(citizen)
    services.report(actor=other_citizen, contribution=old, reason="Vieux.")
    services.report(actor=other_citizen, contribution=recent, reason="Récent.")
    services.dismiss_reports(actor=moderator, contribution=old)
    services.dismiss_reports(actor=moderator, contribution=recent)
    Report.objects.filter(contribution=old).update(handled_at=timezone.now() - timedelta(days=400))
    services.report(actor=citizen, contribution=old, reason="Encore ouvert.")
    report = purge_expired()
    assert {key: count for key, count in report.items() if key.startswith("debates.")} == {
        "debates.Report.reporter": 1,
        "debates.Report.reason": 1,
        "debates.Report.handled_by": 1,
        # Nothing withdrawn: no text to erase.
        "debates.Contribution.body": 0,
        "debates.Contribution.title": 0,
        "debates.ContributionRevision.body": 0,
        "debates.ContributionRevision.title": 0,
    }
    assert sorted(Report.objects.values_list("reason", flat=True)) == [
        "Encore ouvert.",
        "Récent.",
    ]
