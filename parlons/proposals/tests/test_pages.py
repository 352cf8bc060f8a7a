"""The pages, through the test client: list, detail, filing with look-alikes, staff pages."""

import re

import pytest
from django.urls import reverse

from parlons.conftest import form_token_of, login_staff
from parlons.core.models import UsedFormToken
from parlons.proposals import services
from parlons.proposals.models import Proposal, State, Support

pytestmark = pytest.mark.django_db


def token_of(response) -> str:
    return form_token_of(response.content.decode())


def test_list_filters_sorts_and_numbers_its_pages(client, citizen, other_citizen, propose, process):
    theme = process.themes.get(slug="mobilite")
    popular = propose(citizen, title="Une navette le samedi", theme=theme)
    quiet = propose(citizen, title="Un jardin partagé")
    services.support(actor=other_citizen, proposal=popular)
    url = reverse("proposals:list", args=[process.slug])
    page = client.get(url, {"tri": "soutiens"}).content.decode()
    assert page.index("Une navette le samedi") < page.index("Un jardin partagé")
    assert "2 propositions" in page
    filtered = client.get(url, {"theme": theme.pk, "etat": "published"}).content.decode()
    assert "Une navette le samedi" in filtered and "Un jardin partagé" not in filtered
    assert client.get(url, {"theme": "abc", "tri": "n'importe", "page": "x"}).status_code == 200
    for number in range(25):
        propose(citizen, title=f"Idée {number}")
    second = client.get(url, {"page": 2}).content.decode()
    assert 'aria-current="page"' in second and "Page 2 sur 2" in second
    assert quiet.get_absolute_url()


def test_a_proposal_page_shows_the_public_copy_only(client, citizen, propose):
    proposal = propose(citizen, body="Appelez-moi au 06 12 34 56 78 pour en parler.")
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "06 12 34 56 78" not in page and proposal.public_title in page
    assert "Connectez-vous" in page


def test_a_citizen_files_sees_look_alikes_and_may_file_anyway(client, citizen, propose, process):
    existing = propose(citizen, title="Des bancs le long de la rivière")
    client.force_login(citizen)
    url = reverse("proposals:propose", args=[process.slug])
    form = client.get(url)
    assert form.status_code == 200
    typed = {
        "title": "Plus de bancs près de la rivière",
        "body": "Des bancs sur le chemin de la rivière pour se reposer.",
        "estimated_cost": "3000",
        "form_token": token_of(form),
    }
    shown = client.post(url, typed)
    page = shown.content.decode()
    assert shown.status_code == 200 and not Proposal.objects.exclude(pk=existing.pk).exists()
    assert "ressemblent à la vôtre" in page and existing.public_title in page
    assert "Plus de bancs près de la rivière" in page  # what was typed is kept
    assert "Déposer quand même" in page
    done = client.post(url, {**typed, "confirm": "1"})
    created = Proposal.objects.exclude(pk=existing.pk).get()
    assert done.status_code == 302 and done.url == created.get_absolute_url()
    again = client.post(url, {**typed, "confirm": "1"})  # a double click
    assert again.status_code == 302 and Proposal.objects.count() == 2
    assert UsedFormToken.objects.count() == 1


def test_a_refused_filing_keeps_what_was_typed(client, citizen, process):
    client.force_login(citizen)
    url = reverse("proposals:propose", args=[process.slug])
    response = client.post(url, {"title": "", "body": "Mon idée sans titre", "estimated_cost": "x"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Donnez un titre à votre proposition." in page and "Mon idée sans titre" in page


def test_the_look_alike_fragment(client, citizen, propose, process):
    existing = propose(citizen)
    url = reverse("proposals:look_alikes", args=[process.slug])
    page = client.get(url, {"title": "Bancs rivière", "body": "chemin"}).content.decode()
    assert existing.public_title in page and "<html" not in page
    assert client.get(url, {"title": "vélo"}).content.decode().strip() == ""


def test_support_and_withdraw_through_the_page(client, citizen, other_citizen, propose):
    proposal = propose(other_citizen)
    client.force_login(citizen)
    client.post(reverse("proposals:support", args=[proposal.process.slug, proposal.pk]))
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Vous soutenez cette proposition." in page and "1 soutien" in page
    client.post(reverse("proposals:withdraw_support", args=[proposal.process.slug, proposal.pk]))
    assert not Support.objects.exists()


def test_an_expert_answers_and_a_refusal_without_reason_is_refused_clearly(
    client, expert, citizen, propose
):
    proposal = propose(citizen)
    login_staff(client, expert)
    url = reverse("proposals:answer", args=[proposal.process.slug, proposal.pk])
    refused = client.post(url, {"state": "rejected", "reason": "", "answering_body": "Mairie"})
    assert refused.status_code == 400
    assert "Expliquez pourquoi la proposition est refusée" in refused.content.decode()
    client.post(
        url, {"state": "rejected", "reason": "Hors compétence.", "answering_body": "Mairie"}
    )
    proposal.refresh_from_db()
    assert proposal.state == State.REJECTED
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Hors compétence." in page and "refusée" in page


def test_a_merged_proposal_says_with_which(client, expert, citizen, propose):
    kept = propose(citizen, title="Des bancs")
    duplicate = propose(citizen, title="Encore des bancs")
    services.answer(
        actor=expert,
        proposal=duplicate,
        state=State.MERGED,
        reason="Même idée.",
        answering_body="Mairie",
        merged_into=kept,
    )
    page = client.get(duplicate.get_absolute_url()).content.decode()
    assert "Fusionnée avec" in page and kept.get_absolute_url() in page


def test_the_process_page_shows_the_section_figures_and_call_to_action(
    client, citizen, other_citizen, propose, process
):
    proposal = propose(citizen, title="Une navette le samedi")
    services.support(actor=other_citizen, proposal=proposal)
    client.force_login(citizen)
    page = client.get(process.get_absolute_url()).content.decode()
    assert "Une navette le samedi" in page
    assert "Proposer une idée" in page
    assert reverse("proposals:propose", args=[process.slug]) in page
    assert "1 proposition" in page or "1\n" in page


def test_staff_pages_answer_staff_only(client, citizen, organiser, expert, propose, process):
    propose(citizen)
    staff = reverse("proposals:staff", args=[process.slug])
    settings_url = reverse("proposals:settings", args=[process.slug])
    client.force_login(citizen)
    assert client.get(staff).status_code == 403
    assert client.get(settings_url).status_code == 403
    login_staff(client, expert)
    assert client.get(staff).status_code == 200
    assert client.get(settings_url).status_code == 403
    login_staff(client, organiser)
    response = client.post(settings_url, {"support_threshold": "0"})
    assert response.status_code == 400
    client.post(settings_url, {"support_threshold": "10"})
    assert process.proposal_settings.support_threshold == 10
    dashboard = client.get(reverse("accounts:staff")).content.decode()
    assert staff in dashboard


def test_a_mediator_files_at_the_counter_and_counts_a_support(client, mediator, process):
    login_staff(client, mediator)
    url = reverse("proposals:counter", args=[process.slug])
    token = token_of(client.get(url))
    refused = client.post(url, {"title": "Un abri vélo", "body": "À la gare.", "form_token": token})
    assert refused.status_code == 400 and "Sans l&#x27;accord" in refused.content.decode()
    client.post(
        url, {"title": "Un abri vélo", "body": "À la gare.", "consent": "on", "form_token": token}
    )
    proposal = Proposal.objects.get()
    assert "saisie par un médiateur" in client.get(proposal.get_absolute_url()).content.decode()
    support_url = reverse("proposals:support_on_behalf", args=[process.slug, proposal.pk])
    client.post(support_url, {"consent": "on"})
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_pages_read_a_fixed_number_of_queries(client, citizen, other_citizen, propose, process):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def counts() -> tuple[int, int]:
        lengths = []
        for url in (reverse("proposals:list", args=[process.slug]), process.get_absolute_url()):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            lengths.append(len(captured))
        return lengths[0], lengths[1]

    client.force_login(citizen)
    for number in range(3):
        services.support(
            actor=other_citizen, proposal=propose(other_citizen, title=f"Idée {number}")
        )
    few = counts()
    for number in range(3, 15):
        services.support(
            actor=other_citizen, proposal=propose(other_citizen, title=f"Idée {number}")
        )
    assert counts() == few


def test_the_pages_switch_to_english(client, citizen, expert, propose, process):
    proposal = propose(citizen, title="Un abri vélo")
    services.answer(
        actor=expert,
        proposal=proposal,
        state=State.ACCEPTED,
        reason="Oui.",
        answering_body="Mairie",
    )
    client.force_login(citizen)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    listing = client.get(reverse("proposals:list", args=[process.slug])).content.decode()
    assert "Put forward an idea" in listing and "Most supported" in listing
    assert "accepted" in listing and "acceptée" not in listing
    detail = client.get(proposal.get_absolute_url()).content.decode()
    assert "Official answer" in detail and "Réponse officielle" not in detail
    form = client.get(reverse("proposals:propose", args=[process.slug])).content.decode()
    assert "Title of the proposal" in form and "File my proposal" in form


def test_the_author_edits_through_the_page_marked_modified_with_versions_for_author_and_team(
    client, citizen, other_citizen, organiser, propose
):
    proposal = propose(citizen)
    url = proposal.get_absolute_url()
    edit_url = reverse("proposals:edit", args=[proposal.process.slug, proposal.pk])
    client.force_login(other_citizen)
    assert "Modifier" not in client.get(url).content.decode()
    assert client.get(edit_url).status_code == 403
    client.force_login(citizen)
    page = client.get(url).content.decode()
    assert edit_url in page
    form = client.get(edit_url).content.decode()
    assert "Des bancs le long de la rivière" in form  # the form starts from the current text
    refused = client.post(edit_url, {"title": "", "body": "Un texte gardé."})
    assert refused.status_code == 400
    assert "Un texte gardé." in refused.content.decode()
    done = client.post(
        edit_url, {"title": "Des bancs et des tables", "body": "Avec deux tables."}, follow=True
    )
    page = done.content.decode()
    assert "La version précédente est conservée" in page
    assert "Des bancs et des tables" in page and "modifiée le" in page
    assert "Installer des bancs" in page  # the author reads the earlier version
    client.force_login(other_citizen)
    other = client.get(url).content.decode()
    assert "modifiée le" in other and "Installer des bancs" not in other
    login_staff(client, organiser)
    assert "Installer des bancs" in client.get(url).content.decode()


def test_the_author_withdraws_through_the_page_and_a_trace_stays(
    client, citizen, other_citizen, propose, process
):
    proposal = propose(citizen, title="Un kiosque à livres")
    services.support(actor=other_citizen, proposal=proposal)
    withdraw_url = reverse("proposals:withdraw", args=[process.slug, proposal.pk])
    client.force_login(other_citizen)
    assert client.post(withdraw_url).status_code == 403
    client.force_login(citizen)
    asked = client.get(withdraw_url).content.decode()
    assert "Oui, retirer ma proposition" in asked and "Un kiosque à livres" in asked
    done = client.post(withdraw_url, follow=True).content.decode()
    assert "Proposition retirée par son auteur·rice le" in done
    assert "Un kiosque à livres" not in done
    listing = client.get(reverse("proposals:list", args=[process.slug])).content.decode()
    assert "Un kiosque à livres" not in listing and "0 proposition" in listing
    again = client.post(withdraw_url, follow=True).content.decode()  # an old tab
    assert "Cette proposition est déjà retirée." in again
    client.force_login(other_citizen)
    frozen = client.post(
        reverse("proposals:withdraw_support", args=[process.slug, proposal.pk]), follow=True
    ).content.decode()
    assert "ses soutiens sont gelés" in frozen
    proposal.refresh_from_db()
    assert proposal.support_count == 1


def test_list_cards_show_the_image_with_its_description_or_the_placeholder(
    client, citizen, process
):
    from parlons.proposals.tests.test_services import png

    services.submit_proposal(
        actor=citizen,
        process=process,
        title="Un verger partagé",
        body="Des pommiers au parc.",
        image=png(),
        image_alt="Un pommier en fleurs",
    )
    services.submit_proposal(actor=citizen, process=process, title="Sans image", body="Texte.")
    page = client.get(reverse("proposals:list", args=[process.slug])).content.decode()
    assert page.count('class="card card-with-image proposal-card"') == 2
    assert re.search(r'<img class="card-image" src="[^"]+" alt="Un pommier en fleurs"', page)
    assert page.count("card-image-placeholder") == 1
