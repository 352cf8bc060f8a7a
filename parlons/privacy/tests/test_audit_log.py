"""The audit log speaks French: one sentence per entry, its object linked, filters that a town reads."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone, translation

from parlons.accounts import services as accounts
from parlons.accounts.models import Role
from parlons.conftest import login_staff, make_person
from parlons.core import audit
from parlons.core.models import AuditEntry
from parlons.core.privacy import REDACTED
from parlons.debates import services as debates
from parlons.debates.models import Contribution
from parlons.privacy import audit_log
from parlons.privacy.publication import create_published

PAGE = "/confidentialite/equipe/journal/"
PARLONS = Path(__file__).resolve().parents[2]


def recorded_action_codes() -> dict[str, str]:
    """Every action code written in the code: audit.record(actor, "x.y", ...) and save_changes."""
    codes: dict[str, str] = {}
    for path in sorted(PARLONS.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", getattr(node.func, "id", ""))
            position = {"record": 1, "save_changes": 4}.get(name)
            if position is None:
                continue
            arguments = [*node.args[position : position + 1]]
            arguments += [k.value for k in node.keywords if k.arg == "action"]
            for argument in arguments:
                where = f"{path.relative_to(PARLONS.parent)}:{node.lineno}"
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    codes[argument.value] = where
                elif not (
                    # save_changes passes its own `action` on to record: its callers are read.
                    where.startswith("parlons/core/audit.py:")
                    and isinstance(argument, ast.Name)
                    and argument.id == "action"
                ):
                    # A code built at run time escapes this test: write it out instead.
                    codes[f"<not a literal at {where}>"] = where
    return codes


def test_every_recorded_action_code_has_a_french_sentence():
    codes = recorded_action_codes()
    assert "debates.hide" in codes and "processes.update" in codes and len(codes) > 50
    missing = sorted(
        f"{code} ({where})" for code, where in codes.items() if code not in audit_log.labels()
    )
    assert missing == []


def test_every_declared_sentence_fills_with_any_details(settings):
    for code, label in audit_log.labels().items():
        entry = AuditEntry(action=code, data={})
        text = str(audit_log.sentence(entry, {}))
        assert "%(" not in text, code
        assert text.startswith("Une personne (lien effacé) ") or text.startswith("Parlons"), code
        assert str(label.kind)


def test_the_kinds_are_listed_by_app_in_french():
    groups = dict(audit_log.kinds_by_app())
    names = {kind.code: kind.name for kinds in groups.values() for kind in kinds}
    assert names["debates.hide"] == "Masquer une contribution"
    assert set(names) == set(audit_log.labels())


@pytest.fixture
def contribution(make_process, citizen):
    process = make_process()
    return create_published(
        Contribution, process=process, author=citizen, title="Plus de bancs", body="Sur la place."
    )


@pytest.mark.django_db
def test_a_hidden_contribution_reads_as_a_sentence_with_a_link(
    client, dpo, moderator, contribution
):
    debates.hide(actor=moderator, contribution=contribution, reason="Hors sujet")
    login_staff(client, dpo)
    page = client.get(PAGE).content.decode()
    url = contribution.get_absolute_url()
    assert (
        f'moderateur a masqué la contribution <a href="{url}">« Plus de bancs »</a> '
        "(motif : Hors sujet)."
    ) in page
    assert "<code>debates.hide</code>" in page


@pytest.mark.django_db
def test_the_log_escapes_what_people_wrote(client, dpo, moderator, make_process, citizen):
    sneaky = create_published(
        Contribution,
        process=make_process(),
        author=citizen,
        title="<script>alert(1)</script>",
        body="texte",
    )
    debates.hide(actor=moderator, contribution=sneaky, reason="<b>gras</b>")
    login_staff(client, dpo)
    page = client.get(PAGE).content.decode()
    assert "<script>alert(1)</script>" not in page and "<b>gras</b>" not in page
    assert "« &lt;script&gt;alert(1)&lt;/script&gt; »" in page
    assert "(motif : &lt;b&gt;gras&lt;/b&gt;)" in page


@pytest.mark.django_db
def test_a_redacted_entry_names_nobody(client, dpo, administrator, territory):
    person = make_person(territory, "sacha-oublie")
    with transaction.atomic():
        entry = audit.record(administrator, "accounts.grant_role", person, role=Role.MODERATOR)
    AuditEntry.objects.filter(pk=entry.pk).update(actor=None, data=REDACTED)
    login_staff(client, dpo)
    page = client.get(PAGE).content.decode()
    assert (
        "Une personne (lien effacé) a donné le rôle « [effacé] » à Une personne (lien effacé)."
    ) in page
    assert "sacha-oublie" not in page


@pytest.mark.django_db
def test_a_live_role_change_names_the_role_and_the_person(client, dpo, administrator, territory):
    person = make_person(territory, "sacha")
    accounts.grant_role(actor=administrator, user=person, territory=territory, role=Role.MODERATOR)
    login_staff(client, dpo)
    page = client.get(PAGE).content.decode()
    assert "admin a donné le rôle « Modérateur·rice » à sacha." in page


@pytest.mark.django_db
def test_an_unknown_code_falls_back_to_a_plain_line(client, dpo, administrator):
    with transaction.atomic():
        audit.record(administrator, "ancien.code_retire", None, x=1)
    login_staff(client, dpo)
    page = client.get(PAGE).content.decode()
    assert "admin : action « ancien.code_retire » sur aucun objet." in page


@pytest.mark.django_db
def test_a_deleted_object_is_named_by_its_number(client, dpo, moderator, contribution):
    debates.hide(actor=moderator, contribution=contribution, reason="Hors sujet")
    number = contribution.pk
    Contribution.objects.filter(pk=number).delete()
    login_staff(client, dpo)
    page = client.get(PAGE).content.decode()
    assert (
        f"moderateur a masqué la contribution n° {number} (supprimé) (motif : Hors sujet)." in page
    )


@pytest.mark.django_db
def test_the_filters_keep_one_person_one_kind_and_a_date_range(
    client, dpo, moderator, citizen, contribution
):
    debates.hide(actor=moderator, contribution=contribution, reason="Hors sujet")
    debates.restore(actor=moderator, contribution=contribution)
    debates.report(actor=citizen, contribution=contribution, reason="Doublon")
    AuditEntry.objects.filter(action="debates.report").update(
        created_at=timezone.now() - timedelta(days=40)
    )
    login_staff(client, dpo)

    def sentences(query: str) -> list[str]:
        response = client.get(f"{PAGE}?{query}")
        assert response.status_code == 200
        return sorted(e.action for e, _ in response.context["entries"])

    assert sentences(f"actor={moderator.pk}") == ["debates.hide", "debates.restore"]
    assert sentences("action=debates.restore") == ["debates.restore"]
    since = (timezone.localdate() - timedelta(days=41)).isoformat()
    until = (timezone.localdate() - timedelta(days=39)).isoformat()
    assert sentences(f"since={since}&until={until}") == ["debates.report"]
    page = client.get(f"{PAGE}?action=debates.hide").content.decode()
    assert '<optgroup label="Contributions et débat">' in page
    assert '<option value="debates.hide" selected>Masquer une contribution</option>' in page


@pytest.mark.django_db
def test_refused_filters_say_why_in_french_and_show_nothing(client, dpo, moderator, contribution):
    debates.hide(actor=moderator, contribution=contribution, reason="Hors sujet")
    login_staff(client, dpo)
    response = client.get(f"{PAGE}?since=hier&action=inconnu.code")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Saisissez une date, par exemple 2026-03-31." in page
    assert "Ce choix n&#x27;est pas dans la liste ; choisissez-en un autre." in page
    assert response.context["entries"] == []
    response = client.get(f"{PAGE}?since=2026-03-02&until=2026-03-01")
    assert response.status_code == 400
    assert "La date de début doit précéder la date de fin." in response.content.decode()


@pytest.mark.django_db
def test_the_pages_keep_the_filters(client, dpo, moderator, contribution):
    with transaction.atomic():
        for _ in range(51):
            audit.record(moderator, "debates.restore", contribution)
    login_staff(client, dpo)
    page = client.get(f"{PAGE}?action=debates.restore").content.decode()
    assert 'href="?action=debates.restore&amp;page=2"' in page
    second = client.get(f"{PAGE}?action=debates.restore&page=2")
    assert len(second.context["entries"]) == 1


@pytest.mark.django_db
def test_the_sentences_have_english_translations(moderator, contribution):
    debates.hide(actor=moderator, contribution=contribution, reason="Off topic")
    entries = list(AuditEntry.objects.filter(action="debates.hide"))
    with translation.override("en"):
        [(_entry, text)] = audit_log.told(entries)
        kinds = dict(audit_log.kinds_by_app())
    url = contribution.get_absolute_url()
    assert text == (
        f'moderateur hid the contribution <a href="{url}">“Plus de bancs”</a> (reason: Off topic).'
    )
    assert "Hide a contribution" in [kind.name for group in kinds.values() for kind in group]


@pytest.mark.django_db
def test_a_full_page_costs_one_query_per_kind_of_object(
    client, dpo, moderator, contribution, django_assert_max_num_queries
):
    with transaction.atomic():
        for _ in range(25):
            audit.record(moderator, "debates.hide", contribution, reason="Hors sujet")
            audit.record(moderator, "processes.update", contribution.process, fields=["title"])
    login_staff(client, dpo)
    client.get(PAGE)
    with django_assert_max_num_queries(14) as captured:
        response = client.get(PAGE)
    assert len(response.context["entries"]) == 50
    print(f"audit log page of 50 entries: {len(captured.captured_queries)} queries")
