"""The purges by category, and a dry run of the next one that removes nothing."""

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from parlons.conftest import login_staff
from parlons.core.models import AuditEntry
from parlons.debates.models import Contribution, Report
from parlons.privacy.purge_preview import by_category, dry_run
from parlons.privacy.services import purge_expired

pytestmark = pytest.mark.django_db


@pytest.fixture
def old_report(make_process, citizen, moderator):
    contribution = Contribution.objects.create(
        process=make_process(), author=citizen, body="Une idée."
    )
    return Report.objects.create(
        contribution=contribution,
        reporter=citizen,
        reason="Je trouve cela blessant : Jeanne Martin.",
        handled_at=timezone.now() - timedelta(days=400),
        handled_by=moderator,
        outcome=Report.Outcome.KEPT,
    )


def test_the_dry_run_counts_what_the_purge_then_removes_and_removes_nothing(old_report):
    preview = dry_run()
    assert preview["debates.Report.reason"] == 1
    assert Report.objects.filter(pk=old_report.pk).exists()
    assert not AuditEntry.objects.filter(action="privacy.purge").exists()
    assert purge_expired() == preview


def test_a_report_counts_rows_once_per_category(old_report):
    totals = dict(by_category(dry_run()))
    # The report row goes once per category its declarations name, not once per field.
    assert totals == {"participation": 1, "texte libre écrit par la personne": 1}


def test_the_command_dry_run_says_categories_and_never_the_data(old_report):
    out = StringIO()
    call_command("purge_personal_data", "--dry-run", stdout=out)
    assert out.getvalue().splitlines() == [
        "participation : 1",
        "texte libre écrit par la personne : 1",
    ]
    assert "Jeanne" not in out.getvalue()
    assert Report.objects.exists()
    out = StringIO()
    call_command("purge_personal_data", "--dry-run", "--json", stdout=out)
    assert json.loads(out.getvalue())["debates.Report.reason"] == 1


def test_the_dpo_page_lists_past_purges_by_category_and_previews_the_next(client, dpo, old_report):
    purge_expired()
    login_staff(client, dpo)
    page = client.get(reverse("privacy:purges")).content.decode()
    assert "texte libre écrit par la personne (1 élément)" in page
    assert "Voir ce que la prochaine purge effacera" in page
    preview = client.get(reverse("privacy:purges") + "?apercu=1").content.decode()
    assert "elle n'aurait rien à effacer" in preview.replace("&#x27;", "'")
    assert "Jeanne" not in page + preview


def test_only_the_dpo_sees_the_purges(client, citizen, organiser):
    client.force_login(citizen)
    assert client.get(reverse("privacy:purges")).status_code == 403
    login_staff(client, organiser)
    assert client.get(reverse("privacy:purges")).status_code == 403
