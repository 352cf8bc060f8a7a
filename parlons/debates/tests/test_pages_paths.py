"""Titles, edits, withdrawals, reactions to replies, numbered pages and the experts' list,
through Django's test client: no JavaScript, POST then redirect (and the htmx partials)."""

import re
from html import escape

import pytest
from django.utils import timezone

from parlons.conftest import login_staff
from parlons.core.models import AuditEntry
from parlons.debates import counters, services
from parlons.debates.models import Contribution, Reaction
from parlons.privacy.publication import publish

pytestmark = pytest.mark.django_db

PHONE = "06 12 34 56 78"


def url(process, contribution, action=""):
    return f"/demarches/{process.slug}/contributions/{contribution.pk}/{action}"


def test_a_titled_card_is_headed_by_its_title_and_an_untitled_one_by_who_and_when(
    client, process, citizen, contribute
):
    titled = contribute(citizen, "Un car le dimanche matin.", title="Le car du dimanche")
    contribute(citizen, "Des ateliers pour apprendre à se servir d'une tablette à la médiathèque.")
    page = client.get(f"/demarches/{process.slug}/contributions/").content.decode()
    assert (
        f'<h3 id="contribution-title-{titled.pk}" class="contribution-title">'
        f'<a href="{url(process, titled)}">Le car du dimanche</a></h3>'
    ) in page
    # The page gives the day in the territory's time zone: near midnight it is not UTC's.
    date = timezone.localtime(titled.created_at).strftime("%-d")
    untitled_heading = re.search(
        r'<h3 id="contribution-title-\d+" class="visually-hidden">(.*?)</h3>', page
    )
    assert untitled_heading.group(1).startswith(f"Contribution signée camille, le {date} ")
    # No heading is cut from the first words of the text any more.
    assert "<h3" not in page.split("Des ateliers pour apprendre")[0].rsplit("<article", 1)[
        1
    ].replace(untitled_heading.group(0), "")
    assert "Lire la contribution</a>" in page


def test_untitled_cards_of_the_counter_and_of_erased_accounts_are_named_too(
    client, process, mediator, contribute
):
    contribute(None, "Dit au guichet.", source=Contribution.Source.COUNTER, entered_by=mediator)
    contribute(None, "Écrit par un compte effacé depuis.")
    page = client.get(f"/demarches/{process.slug}/contributions/").content.decode()
    headings = re.findall(
        r'<h3 id="contribution-title-\d+" class="visually-hidden">(.*?), le ', page
    )
    assert headings == [
        "Contribution d'un compte supprimé",
        "Contribution d'une personne sans compte",
    ]


def test_the_thread_of_an_untitled_contribution_is_headed_by_its_author(
    client, process, citizen, contribute
):
    contribution = contribute(citizen, "Un car le dimanche matin.")
    page = client.get(url(process, contribution)).content.decode()
    assert '<h1 id="contribution-heading">Contribution signée camille</h1>' in page
    assert "<title>Contribution signée camille" in page


def test_a_citizen_gives_a_title_when_contributing(client, process, citizen):
    client.force_login(citizen)
    response = client.post(
        f"/demarches/{process.slug}/contributions/nouvelle/",
        {"title": "Le car du dimanche", "body": "Un car le dimanche matin.", "theme": ""},
    )
    contribution = Contribution.objects.get()
    assert response.status_code == 302
    assert contribution.title == "Le car du dimanche"
    form = client.get(f"/demarches/{process.slug}/contributions/nouvelle/").content.decode()
    assert 'name="title"' in form and 'maxlength="120"' in form


def test_the_author_edits_from_a_page_filled_with_their_own_words(
    client, process, citizen, other_citizen, moderator, contribute
):
    contribution = contribute(citizen, f"Appelez-moi au {PHONE}.", title="Le car")
    client.force_login(citizen)
    thread = client.get(url(process, contribution)).content.decode()
    assert f'href="{url(process, contribution, "modifier/")}"' in thread
    form = client.get(url(process, contribution, "modifier/")).content.decode()
    assert PHONE in form and 'value="Le car"' in form  # the author's words, unmasked
    response = client.post(
        url(process, contribution, "modifier/"),
        {"title": "Le car du dimanche", "body": "Un car le dimanche, en fait."},
        follow=True,
    )
    page = response.content.decode()
    assert response.redirect_chain == [(url(process, contribution), 302)]
    assert "Votre message est modifié. La version précédente est conservée." in page
    assert "Le car du dimanche" in page and "modifiée le " in page
    assert "Version précédente (visible par l'auteur·rice et la modération)" in page
    assert PHONE in page  # the author reads their earlier version
    # Others see the mention, not the earlier version; the moderators see it.
    client.force_login(other_citizen)
    page = client.get(url(process, contribution)).content.decode()
    assert "modifiée le " in page and "Version précédente" not in page and "Appelez" not in page
    assert f'href="{url(process, contribution, "modifier/")}"' not in page
    client.logout()
    listing = client.get(f"/demarches/{process.slug}/contributions/").content.decode()
    assert "modifiée le " in listing and "Appelez" not in listing
    login_staff(client, moderator)
    page = client.get(url(process, contribution)).content.decode()
    assert "Version précédente" in page and "Appelez-moi au" in page


def test_an_edit_refused_by_the_service_keeps_what_was_typed(client, process, citizen, contribute):
    contribution = contribute(citizen, "Un car le dimanche.")
    client.force_login(citizen)
    response = client.post(
        url(process, contribution, "modifier/"), {"title": "x" * 121, "body": "Nouveau texte."}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Le titre fait 121 caractères ; 120 au plus." in page and "Nouveau texte." in page
    contribution.refresh_from_db()
    assert contribution.body == "Un car le dimanche."


def test_someone_else_cannot_open_the_edit_or_withdraw_pages(
    client, process, citizen, other_citizen, contribute
):
    contribution = contribute(citizen)
    client.force_login(other_citizen)
    for action in ("modifier/", "retirer/"):
        response = client.get(url(process, contribution, action))
        assert response.status_code == 403
        assert "Seule la personne qui a écrit ce message en ligne" in response.content.decode()
    assert client.post(url(process, contribution, "retirer/")).status_code == 403
    contribution.refresh_from_db()
    assert contribution.withdrawn_at is None


def test_withdrawing_asks_first_then_leaves_a_trace_and_keeps_the_replies(
    client, process, citizen, other_citizen, contribute, answer_to
):
    contribution = contribute(citizen, "Un car le dimanche matin.", title="Le car")
    answer_to(contribution, other_citizen, "Oui, surtout pour le marché.")
    client.force_login(citizen)
    confirm = client.get(url(process, contribution, "retirer/")).content.decode()
    assert "Retirer votre contribution\u00a0?" in confirm and "90 jours" in confirm
    assert Contribution.objects.get(pk=contribution.pk).withdrawn_at is None  # GET changes nothing
    response = client.post(url(process, contribution, "retirer/"), follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [(url(process, contribution), 302)]
    assert "Votre message est retiré" in page
    assert "Contribution retirée par son auteur·rice le " in page
    assert "Oui, surtout pour le marché." in page
    client.logout()
    page = client.get(url(process, contribution)).content.decode()
    assert "Contribution retirée par son auteur·rice le " in page
    assert "Un car le dimanche" not in page and "Le car" not in page
    assert "Oui, surtout pour le marché." in page
    listing = client.get(f"/demarches/{process.slug}/contributions/").content.decode()
    assert "Aucune contribution" in listing and "Le car" not in listing
    process_page = client.get(f"/demarches/{process.slug}/").content.decode()
    assert "Un car le dimanche" not in process_page
    # Sent twice (an old tab): it is done already, nothing breaks.
    client.force_login(citizen)
    again = client.post(url(process, contribution, "retirer/"), follow=True)
    assert again.status_code == 200 and "Ce message est déjà retiré." in again.content.decode()
    assert AuditEntry.objects.filter(action="debates.withdraw").count() == 1


def test_a_withdrawn_reply_leaves_its_trace_in_place(
    client, process, citizen, other_citizen, contribute, answer_to
):
    top = contribute(other_citizen)
    reply = answer_to(top, citizen, "Ma réponse que je retire.")
    answer_to(reply, other_citizen, "Une réponse à la réponse.")
    services.withdraw(actor=citizen, contribution=reply)
    page = client.get(url(process, top)).content.decode()
    item = page.split(f'id="contribution-{reply.pk}"')[1]
    assert item.index("Réponse retirée par son auteur·rice le ") < item.index(
        "Une réponse à la réponse."
    )
    assert "Ma réponse que je retire." not in page
    assert "1 réponse" in page  # the withdrawn one is not counted


def test_replies_to_replies_are_nested_with_a_reply_form_where_depth_allows(
    client, process, citizen, other_citizen, contribute, answer_to
):
    top = contribute(citizen)
    first = answer_to(top, other_citizen, "Premier niveau.")
    second = answer_to(first, citizen, "Deuxième niveau.")
    client.force_login(other_citizen)
    page = client.get(url(process, top)).content.decode()
    nested = re.search(
        rf'<li id="contribution-{first.pk}" class="reply">.*?<ul class="replies">\s*'
        rf'<li id="contribution-{second.pk}" class="reply">',
        page,
        re.S,
    )
    assert nested is not None
    assert f'id="reply-body-{first.pk}"' in page  # depth 1: one can still answer it
    assert f'id="reply-body-{second.pk}"' not in page  # depth 2 = MAX_DEPTH: no deeper
    assert f'id="reply-body-{top.pk}"' in page


def test_reacting_to_a_reply_without_javascript_sets_and_removes_with_a_message(
    client, process, citizen, other_citizen, contribute, answer_to
):
    reply = answer_to(contribute(citizen), citizen, "Une réponse.")
    client.force_login(other_citizen)
    response = client.post(url(process, reply, "reagir/"), {"value": "agree"}, follow=True)
    page = response.content.decode()
    assert response.redirect_chain == [(f"{url(process, reply.parent)}#reactions-{reply.pk}", 302)]
    assert "Votre réaction est enregistrée." in page
    assert (
        f'id="react-{reply.pk}-agree" name="value" value="none" aria-pressed="true">'
        "D&#x27;accord (1)"
    ) in page
    response = client.post(url(process, reply, "reagir/"), {"value": "none"}, follow=True)
    page = response.content.decode()
    assert "Votre réaction est retirée." in page and "Votre réaction est enregistrée." not in page
    assert Reaction.objects.count() == 0


def test_reacting_to_a_reply_with_htmx_returns_its_buttons_and_announces_the_change(
    client, process, citizen, other_citizen, contribute, answer_to
):
    reply = answer_to(contribute(citizen), citizen, "Une réponse.")
    client.force_login(other_citizen)
    response = client.post(
        url(process, reply, "reagir/"), {"value": "pass"}, HTTP_HX_REQUEST="true"
    )
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert fragment.startswith(f'<div id="reactions-{reply.pk}"')
    assert "Sans avis (1)" in fragment and 'aria-pressed="true"' in fragment
    assert (
        '<p class="visually-hidden" role="status">Votre réaction est enregistrée.</p>' in fragment
    )
    response = client.post(
        url(process, reply, "reagir/"), {"value": "none"}, HTTP_HX_REQUEST="true"
    )
    fragment = response.content.decode()
    assert "Sans avis (0)" in fragment and 'aria-pressed="true"' not in fragment
    assert '<p class="visually-hidden" role="status">Votre réaction est retirée.</p>' in fragment


def test_removing_a_reaction_to_a_contribution_says_it_was_removed(
    client, process, citizen, other_citizen, contribute
):
    contribution = contribute(citizen)
    client.force_login(other_citizen)
    client.post(url(process, contribution, "reagir/"), {"value": "agree"})
    page = client.post(
        url(process, contribution, "reagir/"), {"value": "none"}, follow=True
    ).content.decode()
    assert "Votre réaction est retirée." in page


def seed_list(process, author, count):
    Contribution.objects.bulk_create(
        publish(Contribution(process=process, author=author, body=f"Idée numéro {n}."))
        for n in range(count)
    )
    counters.recount([process.pk])  # written in bulk, behind the services


def test_the_list_shows_numbered_pages_with_the_current_one_marked(client, process, citizen):
    seed_list(process, citizen, 20 * 11 + 3)  # 12 pages
    page = client.get(f"/demarches/{process.slug}/contributions/?theme=&page=6").content.decode()
    nav = page.split('<nav class="page-nav"')[1].split("</nav>")[0]
    links = re.findall(r'page=(\d+)"( rel="\w+")?( aria-current="page")?', nav)
    assert [(number, rel.strip(), current.strip()) for number, rel, current in links] == [
        ("5", 'rel="prev"', ""),
        ("1", "", ""),
        ("4", "", ""),
        ("5", "", ""),
        ("6", "", 'aria-current="page"'),
        ("7", "", ""),
        ("8", "", ""),
        ("12", "", ""),
        ("7", 'rel="next"', ""),
    ]
    assert nav.count('<span class="gap" aria-hidden="true">…</span>') == 2
    assert "?theme=&amp;page=7" in nav  # the filters are kept
    assert "Page 6 sur 12" in nav


def test_the_first_page_has_no_previous_link_and_the_last_no_next(client, process, citizen):
    seed_list(process, citizen, 45)
    first = client.get(f"/demarches/{process.slug}/contributions/").content.decode()
    last = client.get(f"/demarches/{process.slug}/contributions/?page=3").content.decode()
    assert 'rel="prev"' not in first and 'rel="next"' in first
    assert 'page=1" aria-current="page"' in first
    assert 'rel="prev"' in last and 'rel="next"' not in last


def test_experts_find_the_contributions_waiting_for_an_official_answer(
    client, process, citizen, expert, moderator, contribute
):
    answered = contribute(citizen, "Une question qui a sa réponse.")
    waiting = contribute(citizen, "Une question qui attend.")
    hidden = contribute(citizen, "Hors sujet.")
    services.answer_officially(actor=expert, contribution=answered, body="Voici la réponse.")
    services.hide(actor=moderator, contribution=hidden, reason="Hors sujet.")
    login_staff(client, expert)
    dashboard = client.get("/compte/equipe/").content.decode()
    link = f"/demarches/{process.slug}/contributions/?en-attente=on"
    assert escape(link) in dashboard or link in dashboard
    assert "En attente d&#x27;une réponse officielle" in dashboard
    page = client.get(link).content.decode()
    assert waiting.body in page
    assert answered.body not in page and "Contribution masquée" not in page
    assert "1 contribution" in page
    assert 'id="filter-en-attente" checked' in page


def test_the_waiting_list_link_is_for_experts_only(client, process, citizen, mediator):
    login_staff(client, mediator)
    assert "en-attente" not in client.get("/compte/equipe/").content.decode()
