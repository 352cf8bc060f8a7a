"""The follow-up pages as a visitor and as the organising team reads them, and the Atom feed."""

import html
import re
from datetime import timedelta
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.db import transaction
from django.utils import timezone

from parlons.conftest import login_staff
from parlons.core.models import AuditEntry
from parlons.followup import services
from parlons.followup.models import Status, TrackedResult
from parlons.followup.tests.conftest import decision_of
from parlons.processes import decisions
from parlons.processes.decisions import announce
from parlons.processes.models import Process

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def story(make_result, organiser):
    """Three decisions: one in progress with two updates, one done, one just tracked."""
    now = timezone.now()
    shelter = make_result(
        title="Un abri vélo à la gare",
        planned_amount=Decimal("12000"),
        responsible_service="Service voirie",
        decided_by="Conseil municipal",
        decided_at=now - timedelta(days=30),
    )
    services.post_update(
        actor=organiser,
        result=shelter,
        text="La commande est passée.",
        status=Status.SCHEDULED,
        progress=20,
        at=now - timedelta(days=20),
    )
    services.post_update(
        actor=organiser,
        result=shelter,
        text="Le chantier a commencé. Contact : camille.martin@exemple.test",
        status=Status.IN_PROGRESS,
        progress=60,
        spent_amount=Decimal("7000"),
        at=now - timedelta(days=2),
    )
    wifi = make_result(title="Le wifi dans les mairies", decided_at=now - timedelta(days=25))
    services.update_result(actor=organiser, result=wifi, status=Status.DONE, progress=100)
    make_result(title="Un car le soir", decided_at=now - timedelta(days=10))
    return shelter


def text_of(response) -> str:
    # Collapse the layout's white space, keeping French non-breaking spaces.
    return re.sub(r"[ \t\r\n]+", " ", html.unescape(response.content.decode()))


def test_the_followup_page_lists_cards_with_status_progress_budget_and_last_update(
    client, story, process
):
    response = client.get(f"/demarches/{process.slug}/suivi/")
    assert response.status_code == 200
    page = text_of(response)
    assert "3 décisions suivies, 1 terminée, 1 en cours." in page
    titles = [r.title for r in response.context["page"].object_list]
    assert titles[0] == "Un car le soir" or "Un abri vélo à la gare" in titles
    assert "Avancement\xa0: 60\xa0%" in page
    assert "Budget prévu\xa0: 12\xa0000\xa0€" in page and "Dépensé\xa0: 7\xa0000\xa0€" in page
    last = timezone.localtime(timezone.now() - timedelta(days=2)).date()
    assert f"Dernière actualité le {last.day}" in page
    # The scrubber masked the e-mail in the published copy; the card never shows raw text.
    detail = text_of(client.get(story.get_absolute_url()))
    assert "camille.martin@exemple.test" not in detail and "[e-mail]" in detail


def test_the_status_filter_keeps_the_chosen_results_and_ignores_unknown_values(
    client, story, process
):
    url = f"/demarches/{process.slug}/suivi/"
    done = client.get(url, {"etat": "done"})
    assert [r.title for r in done.context["page"].object_list] == ["Le wifi dans les mairies"]
    assert "Décisions dans l'état «\xa0terminé\xa0»" in text_of(done)
    nothing = client.get(url, {"etat": "abandoned"})
    assert "Aucune décision dans cet état." in text_of(nothing)
    unknown = client.get(url, {"etat": "<script>"})
    assert unknown.status_code == 200 and len(unknown.context["page"].object_list) == 3


def test_a_result_page_tells_its_dated_history_with_status_changes(client, story, organiser):
    response = client.get(story.get_absolute_url())
    assert response.status_code == 200
    page = text_of(response)
    assert "État\xa0: programmé → en cours · avancement 60\xa0% · dépensé 7\xa0000\xa0€" in page
    assert "État\xa0: à l'étude → programmé · avancement 20\xa0%" in page
    assert "La décision entre dans le suivi." in page
    assert "Service voirie" in page and "Conseil municipal" in page
    assert page.index("Le chantier a commencé") < page.index("La commande est passée")
    # The author is the team's business: no name, no pseudonym on the public page.
    assert organiser.pseudonym not in page and organiser.email not in page
    assert "Publier une actualité" not in page


def test_a_photo_is_shown_with_its_description(client, story, organiser):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from parlons.followup.tests.conftest import png_bytes

    services.post_update(
        actor=organiser,
        result=story,
        text="La dalle est coulée.",
        photo=SimpleUploadedFile("dalle.png", png_bytes(), content_type="image/png"),
        photo_alt="La dalle de béton de l'abri, vue de la rue",
    )
    page = client.get(story.get_absolute_url()).content.decode()
    assert 'alt="La dalle de béton de l&#x27;abri, vue de la rue"' in page
    assert 'src="/media/followup/dalle' in page


def test_the_atom_feed_parses_and_carries_each_update_with_absolute_links(
    client, story, process, settings
):
    settings.PUBLIC_URL = "https://participer.exemple.fr"
    response = client.get(f"/demarches/{process.slug}/suivi/flux.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ElementTree.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert "Suivi des décisions" in feed.findtext(f"{ATOM}title")
    entries = feed.findall(f"{ATOM}entry")
    # Updates with a text only: first lines and state changes from the form have none.
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Un abri vélo à la gare — en cours, 60 %",
        "Un abri vélo à la gare — programmé, 20 %",
    ]
    links = [e.find(f"{ATOM}link").get("href") for e in entries]
    assert all(
        link.startswith(f"https://participer.exemple.fr/demarches/{process.slug}/suivi/")
        for link in links
    )
    assert "[e-mail]" in entries[0].findtext(f"{ATOM}summary")
    assert b"camille.martin" not in response.content


def test_draft_demarches_hide_their_followup(client, make_process, organiser):
    draft = make_process(status=Process.Status.DRAFT, slug="brouillon")
    services.create_result(actor=organiser, process=draft, title="Secret")
    assert client.get("/demarches/brouillon/suivi/").status_code == 404
    assert client.get("/demarches/brouillon/suivi/flux.atom").status_code == 404
    assert "Secret" not in text_of(client.get("/suivi/"))


def test_the_territory_page_lists_every_demarche_results(client, story, make_process, organiser):
    other = make_process(slug="mobilites", title="Bouger mieux")
    services.create_result(actor=organiser, process=other, title="Une navette le dimanche")
    response = client.get("/suivi/")
    page = text_of(response)
    assert response.status_code == 200
    assert "Bouger mieux" in page and "Une navette le dimanche" in page
    assert "Un abri vélo à la gare" in page
    done = text_of(client.get("/suivi/", {"etat": "done"}))
    assert "Le wifi dans les mairies" in done and "Une navette le dimanche" not in done


def test_the_demarche_page_sums_up_the_followup_with_a_link_and_a_key_figure(
    client, story, process, django_assert_max_num_queries
):
    response = client.get(process.get_absolute_url())
    page = text_of(response)
    assert "3 décisions suivies, 1 terminée, 1 en cours." in page
    assert f'href="/demarches/{process.slug}/suivi/"' in response.content.decode()
    figures = [(f["value"], str(f["label"])) for f in response.context["figures"]]
    assert (3, "décisions suivies") in figures


def test_a_demarche_without_decisions_shows_no_followup_to_visitors(client, process):
    response = client.get(process.get_absolute_url())
    assert "Suivi des décisions" not in text_of(response)
    assert all("décision" not in str(f["label"]) for f in response.context["figures"])


def test_the_team_lists_synchronises_creates_and_edits_results(
    client, process, organiser, monkeypatch
):
    held = [decision_of(process, key="1"), decision_of(process, key="2", title="Des bancs")]
    monkeypatch.setattr(decisions, "provided", lambda name, attribute: [lambda p: held])
    with transaction.atomic():
        announce(held[0])
    login_staff(client, organiser)
    overview = client.get("/demarches/equipe/suivi/")
    assert overview.status_code == 200 and process.title in text_of(overview)

    staff_url = f"/demarches/{process.slug}/suivi/equipe/"
    assert client.get(staff_url).status_code == 200
    response = client.post(staff_url, follow=True)
    assert "1 décision ajoutée au suivi." in text_of(response)
    assert "Des bancs" in text_of(response)
    response = client.post(staff_url, follow=True)
    assert "aucune décision à ajouter" in text_of(response)

    create_url = f"/demarches/{process.slug}/suivi/equipe/nouvelle/"
    response = client.post(create_url, {"title": "", "status": "study", "progress": "0"})
    assert response.status_code == 400
    future = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client.post(
        create_url,
        {"title": "Une fontaine", "decided_on": future, "status": "study", "progress": "0"},
    )
    assert response.status_code == 400
    assert "la date est à venir" in text_of(response)
    response = client.post(
        create_url,
        {
            "title": "Une fontaine sur la place",
            "decided_on": "2026-11-03",
            "summary": "Décidé en conseil municipal le 3 novembre.",
            "decided_by": "Conseil municipal",
            "status": "scheduled",
            "progress": "0",
            "responsible_service": "Service des eaux",
        },
    )
    result = TrackedResult.objects.get(title="Une fontaine sur la place")
    assert response.status_code == 302 and response["Location"] == result.get_absolute_url()
    assert result.source_kind == "manual"
    assert timezone.localtime(result.decided_at).date().isoformat() == "2026-11-03"
    assert "3 novembre 2026 (Conseil municipal)" in text_of(client.get(result.get_absolute_url()))

    edit_url = f"/demarches/{process.slug}/suivi/{result.pk}/modifier/"
    assert client.get(edit_url).status_code == 200
    fields = {
        "title": result.title,
        "status": "in_progress",
        "progress": "250",
        "spent_amount": "-1",
    }
    response = client.post(edit_url, fields)
    assert response.status_code == 400
    page = text_of(response)
    assert "L'avancement est un pourcentage entre 0 et 100." in page
    assert "Le montant dépensé ne peut pas être négatif." in page
    response = client.post(edit_url, {**fields, "progress": "45", "spent_amount": "300"})
    assert response.status_code == 302
    result.refresh_from_db()
    assert (result.status, result.progress, result.spent_amount) == ("in_progress", 45, 300)
    overview = client.get("/demarches/equipe/suivi/")
    assert [(p.followup_total, p.followup_done) for p in overview.context["processes"]] == [(3, 0)]
    actions = list(AuditEntry.objects.values_list("action", flat=True).order_by("pk"))
    assert actions[-4:] == [
        "followup.synchronise",
        "followup.synchronise",
        "followup.create",
        "followup.update",
    ]


@pytest.mark.parametrize("role", ["anonymous", "citizen", "moderator"])
def test_staff_pages_refuse_everyone_else(client, personas, story, process, role):
    if personas[role] is not None:
        login_staff(client, personas[role])
    for url in (
        "/demarches/equipe/suivi/",
        f"/demarches/{process.slug}/suivi/equipe/",
        f"/demarches/{process.slug}/suivi/equipe/nouvelle/",
        f"/demarches/{process.slug}/suivi/{story.pk}/modifier/",
        f"/demarches/{process.slug}/suivi/{story.pk}/actualite/",
    ):
        status = client.get(url).status_code
        assert status == (302 if role == "anonymous" else 403), url
    if role != "anonymous":
        assert client.post(f"/demarches/{process.slug}/suivi/equipe/").status_code == 403


def test_an_organiser_leaving_takes_their_name_off_their_updates(story, organiser):
    from parlons.followup.privacy import anonymise_user, export_user_data

    exported = export_user_data(organiser)["followup_updates"]
    assert "Le chantier a commencé. Contact : camille.martin@exemple.test" in [
        u["text"] for u in exported
    ]
    anonymise_user(organiser)
    assert not story.updates.filter(author__isnull=False).exists()
    assert story.updates.count() == 3


def test_the_pages_read_a_fixed_number_of_queries_whatever_the_number_of_results(
    client, process, make_result
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(path) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    make_result(title="Première")
    paths = [f"/demarches/{process.slug}/suivi/", "/suivi/", process.get_absolute_url()]
    few = [queries(path) for path in paths]
    for number in range(5):
        make_result(title=f"Décision {number}")
    assert [queries(path) for path in paths] == few


def test_the_audit_log_tells_each_followup_write_in_a_sentence(client, story, dpo, process):
    with transaction.atomic():
        announce(decision_of(process))
    login_staff(client, dpo)
    page = text_of(client.get("/confidentialite/equipe/journal/"))
    words = re.sub(r"<[^>]+>", "", page)
    assert (
        "organisatrice a publié une actualité de la décision « Un abri vélo à la gare » " in words
    )
    assert "(en cours, 60 %)" in words
    assert "organisatrice a ajouté la décision « Un car le soir » au suivi." in words
    assert (
        "Parlons (tâche automatique) a mis à jour le suivi de la décision "
        "« Un abri vélo à la gare » (origine : proposition acceptée)."
    ) in words


def test_the_followup_reads_in_english_too(client, story, process):
    client.cookies["django_language"] = "en"
    page = text_of(client.get(f"/demarches/{process.slug}/suivi/"))
    assert "Follow-up of decisions" in page
    assert "3 followed decisions, 1 done, 1 in progress." in page
    assert "Progress: 60%" in page and "Planned budget: €12,000" in page
    detail = text_of(client.get(story.get_absolute_url()))
    assert "Status: scheduled → in progress" in detail


def test_the_followup_lists_page_by_twenty_with_numbered_pages_and_the_feed_keeps_the_latest(
    client, process, make_result, organiser, monkeypatch
):
    from parlons.core.pagination import PAGE_SIZE
    from parlons.followup.queries import FEED_SIZE

    now = timezone.now()
    for number in range(45):
        result = make_result(title=f"Décision n° {number:02d}")
        services.post_update(
            actor=organiser,
            result=result,
            text=f"Actualité n° {number:02d}",
            progress=10,
            at=now - timedelta(days=100 - number),
        )
    cards = re.compile(r'class="card followup-card"')
    for path in (f"/demarches/{process.slug}/suivi/", "/suivi/"):
        first = client.get(path).content.decode()
        assert len(cards.findall(first)) == PAGE_SIZE == 20
        assert "Décision n° 44" in first and "Décision n° 24" not in first  # newest news first
        assert 'aria-current="page"' in first and "page=3" in first
        last = client.get(path, {"page": 3}).content.decode()
        assert len(cards.findall(last)) == 5 and "Décision n° 00" in last
        assert "Page 3 sur 3" in text_of(client.get(path, {"page": 3}))
        # A page out of range or not a number shows the nearest page, never an error.
        assert client.get(path, {"page": 99}).status_code == 200
        assert client.get(path, {"page": "x"}).status_code == 200
    # The filter keeps its place in the page links.
    filtered = client.get(f"/demarches/{process.slug}/suivi/", {"etat": "study"}).content
    assert b"etat=study&amp;page=2" in filtered
    assert FEED_SIZE == 50
    monkeypatch.setattr("parlons.followup.queries.FEED_SIZE", 30)
    entries = ElementTree.fromstring(
        client.get(f"/demarches/{process.slug}/suivi/flux.atom").content
    ).findall(f"{ATOM}entry")
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert len(titles) == 30  # the latest 30 of 45
    assert titles[0].startswith("Décision n° 44") and titles[-1].startswith("Décision n° 15")
