"""The demo is written through the services, so every write has its audit entry."""

import pytest
from django.core import mail

from parlons.accounts.models import RoleAssignment, User
from parlons.core.models import AuditEntry
from parlons.debates.models import Contribution, OfficialAnswer, PaperImport, Reaction, Report
from parlons.demo.loader import load_demo
from parlons.meetings.models import Registration
from parlons.processes.models import Phase, Theme


def audited(action: str) -> list[str]:
    """The targets of the audit entries of `action`, one per entry, sorted."""
    return sorted(AuditEntry.objects.filter(action=action).values_list("target_id", flat=True))


def pks(queryset) -> list[str]:
    return sorted(str(pk) for pk in queryset.values_list("pk", flat=True))


@pytest.mark.django_db
def test_the_demo_audits_each_contribution_and_each_reply():
    load_demo()
    top = Contribution.objects.filter(parent=None)
    assert audited("debates.submit") == pks(top.filter(source=Contribution.Source.ONLINE))
    assert audited("debates.submit_on_behalf") == pks(
        top.filter(source__in=[Contribution.Source.COUNTER, Contribution.Source.MEETING])
    )
    assert audited("debates.reply") == pks(Contribution.objects.exclude(parent=None))
    paper = PaperImport.objects.get()
    assert audited("debates.import_paper_forms") == [str(paper.pk)]
    entry = AuditEntry.objects.get(action="debates.import_paper_forms")
    assert entry.data["rows"] == top.filter(source=Contribution.Source.PAPER).count() == 12


@pytest.mark.django_db
def test_the_demo_audits_each_reaction_answer_report_and_hidden_contribution():
    load_demo()
    # A reaction's entry names the contribution, not the opinion given.
    assert audited("debates.react") == sorted(
        str(pk) for pk in Reaction.objects.values_list("contribution_id", flat=True)
    )
    assert audited("debates.answer") == pks(OfficialAnswer.objects.all())
    assert audited("debates.report") == pks(Report.objects.all())
    hidden = Contribution.objects.filter(is_hidden=True)
    assert audited("debates.hide") == pks(hidden)
    assert sorted(
        AuditEntry.objects.filter(action="debates.hide").values_list(
            "data__reports_closed", flat=True
        )
    ) == [1, 1]
    assert (
        Report.objects.filter(contribution__in=hidden, outcome=Report.Outcome.HIDDEN).count() == 2
    )


@pytest.mark.django_db
def test_the_demo_audits_each_role_granted_by_the_administrator_and_each_registration():
    load_demo()
    grants = AuditEntry.objects.filter(action="accounts.grant_role")
    assert sorted((entry.target_id, entry.data["role"]) for entry in grants) == sorted(
        (str(user_id), role) for user_id, role in RoleAssignment.objects.values_list("user", "role")
    )
    assert RoleAssignment.objects.count() == 6
    assert set(grants.values_list("actor__email", flat=True)) == {"admin@demo.parlons.fr"}
    assert audited("meetings.register") == pks(Registration.objects.all())
    assert audited("processes.add_theme") == pks(Theme.objects.all())
    assert audited("processes.add_phase") == pks(Phase.objects.all())
    assert AuditEntry.objects.filter(action="core.update_territory").count() == 1


@pytest.mark.django_db
def test_the_demo_keeps_the_dates_of_its_story():
    load_demo()
    paper = PaperImport.objects.get()
    contributions = paper.contributions.all()
    assert max(contributions.values_list("created_at", flat=True)) < paper.imported_at
    hidden = Contribution.objects.filter(is_hidden=True)
    for contribution in hidden:
        report = contribution.reports.get()
        assert report.handled_at == contribution.hidden_at > report.created_at
    # The rows tell the story of the past weeks; the audit log, when the demo was loaded.
    loaded_at = AuditEntry.objects.earliest("created_at").created_at
    assert Contribution.objects.filter(created_at__gte=loaded_at).count() == 0


@pytest.mark.django_db
def test_the_demo_loads_once():
    assert load_demo() is True
    entries = AuditEntry.objects.count()
    assert load_demo() is False
    assert AuditEntry.objects.count() == entries


@pytest.mark.django_db(transaction=True)
def test_loading_the_demo_writes_to_nobody():
    """Committed for real, so that e-mails queued after commit would reach the outbox."""
    load_demo()
    assert mail.outbox == []
    # Those who opted out while it loaded have opted back in.
    assert User.objects.filter(notify_replies=False).count() == 0
    assert User.objects.filter(notify_answers=False).count() == 0
