"""The debate's pages, through Django's test client: no JavaScript, POST then redirect."""

import pytest

from parlons.conftest import login_staff
from parlons.core.models import AuditEntry
from parlons.debates import services
from parlons.debates.models import Contribution, OfficialAnswer, Reaction, Report
from parlons.privacy.publication import create_published

pytestmark = pytest.mark.django_db


def test_the_list_shows_contributions_with_their_counts(
    client, process, citizen, other_citizen, contribute, answer_to, react_to
):
    first = contribute(citizen, "Des bornes de recharge pour les vélos électriques à la gare.")
    answer_to(first, other_citizen)
    react_to(first, other_citizen)
    response = client.get(f"/demarches/{process.slug}/contributions/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Des bornes de recharge pour les vélos électriques" in page
    assert "1 d'accord" in page and "1 réponse" in page
    assert "camille" in page


def test_the_list_filters_by_theme_commune_and_meeting(client, process, citizen, contribute):
    emploi = process.themes.get(slug="emploi")
    commune = process.territory.communes.get(slug="port-essai")
    contribute(citizen, "Un texte sur l'emploi des jeunes.", theme=emploi)
    contribute(citizen, "Un texte sur le port et ses horaires.", place=commune)
    page = client.get(f"/demarches/{process.slug}/contributions/?theme=emploi").content.decode()
    assert "emploi des jeunes" in page and "horaires" not in page
    page = client.get(
        f"/demarches/{process.slug}/contributions/?commune=port-essai"
    ).content.decode()
    assert "horaires" in page and "emploi des jeunes" not in page


def test_an_unknown_filter_value_shows_everything_instead_of_failing(
    client, process, citizen, contribute
):
    contribute(citizen, "Toujours visible.")
    response = client.get(f"/demarches/{process.slug}/contributions/?theme=inconnu&reunion=abc")
    assert response.status_code == 200
    assert "Toujours visible." in response.content.decode()


def test_the_list_is_paginated_by_twenty(client, process, citizen, contribute):
    for number in range(25):
        contribute(citizen, f"Contribution numéro {number:02d}.")
    first = client.get(f"/demarches/{process.slug}/contributions/").content.decode()
    second = client.get(f"/demarches/{process.slug}/contributions/?page=2").content.decode()
    assert first.count('class="contribution"') == 20
    assert second.count('class="contribution"') == 5
    assert "Page 2 sur 2" in second


def test_a_citizen_contributes_and_is_redirected_to_the_contribution(client, process, citizen):
    client.force_login(citizen)
    theme = process.themes.get(slug="mobilite")
    response = client.post(
        f"/demarches/{process.slug}/contributions/nouvelle/",
        {"body": "Un minibus à la demande le mardi.", "theme": theme.pk, "place": ""},
    )
    contribution = Contribution.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/demarches/{process.slug}/contributions/{contribution.pk}/"
    assert contribution.author == citizen and contribution.theme == theme
    page = client.get(response["Location"]).content.decode()
    assert "Un minibus à la demande le mardi." in page


def test_an_empty_contribution_keeps_the_form_and_says_what_to_fix(client, process, citizen):
    client.force_login(citizen)
    theme = process.themes.get(slug="sante")
    response = client.post(
        f"/demarches/{process.slug}/contributions/nouvelle/", {"body": "   ", "theme": theme.pk}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Écrivez votre contribution." in page
    assert f'<option value="{theme.pk}" selected>' in page
    assert Contribution.objects.count() == 0


def test_contributing_when_the_phase_is_closed_gives_a_french_403(client, make_process, citizen):
    process = make_process(open=())
    client.force_login(citizen)
    response = client.get(f"/demarches/{process.slug}/contributions/nouvelle/")
    assert response.status_code == 403
    assert "ne sont pas ouvertes" in response.content.decode()


def test_an_anonymous_visitor_is_sent_to_sign_in(client, process):
    response = client.get(f"/demarches/{process.slug}/contributions/nouvelle/")
    assert response.status_code == 302 and "/compte/connexion/" in response["Location"]


def test_an_unknown_contribution_or_process_gives_404(client, process):
    assert client.get(f"/demarches/{process.slug}/contributions/999/").status_code == 404
    assert client.get("/demarches/nulle-part/contributions/").status_code == 404


def test_a_reply_is_threaded_under_its_parent(client, process, citizen, other_citizen, contribute):
    parent = contribute(citizen)
    client.force_login(other_citizen)
    response = client.post(
        f"/demarches/{process.slug}/contributions/{parent.pk}/repondre/",
        {"body": "Et le soir aussi, pour celles et ceux qui travaillent."},
    )
    reply = Contribution.objects.get(parent=parent)
    assert response.status_code == 302
    assert response["Location"].endswith(f"/contributions/{parent.pk}/#contribution-{reply.pk}")
    page = client.get(f"/demarches/{process.slug}/contributions/{parent.pk}/").content.decode()
    assert "Et le soir aussi" in page


def test_an_empty_reply_reopens_its_form_with_the_error(
    client, process, citizen, other_citizen, contribute
):
    parent = contribute(citizen)
    client.force_login(other_citizen)
    response = client.post(
        f"/demarches/{process.slug}/contributions/{parent.pk}/repondre/", {"body": ""}
    )
    assert response.status_code == 400
    assert "Écrivez votre réponse." in response.content.decode()


def test_reacting_without_javascript_sets_changes_and_removes(
    client, process, citizen, other_citizen, contribute
):
    contribution = contribute(citizen)
    url = f"/demarches/{process.slug}/contributions/{contribution.pk}/reagir/"
    client.force_login(other_citizen)
    assert client.post(url, {"value": "agree"}).status_code == 302
    page = client.get(
        f"/demarches/{process.slug}/contributions/{contribution.pk}/"
    ).content.decode()
    assert 'value="none" aria-pressed="true">D&#x27;accord (1)' in page
    client.post(url, {"value": "disagree"})
    assert Reaction.objects.get().value == "disagree"
    client.post(url, {"value": "none"})
    assert Reaction.objects.count() == 0


def test_reacting_with_htmx_returns_the_buttons_only(
    client, process, citizen, other_citizen, contribute
):
    contribution = contribute(citizen)
    client.force_login(other_citizen)
    response = client.post(
        f"/demarches/{process.slug}/contributions/{contribution.pk}/reagir/",
        {"value": "pass"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<html" not in fragment
    assert 'aria-pressed="true"' in fragment and "Sans avis (1)" in fragment


def test_a_report_is_sent_from_its_own_page(client, process, citizen, other_citizen, contribute):
    contribution = contribute(citizen)
    client.force_login(other_citizen)
    url = f"/demarches/{process.slug}/contributions/{contribution.pk}/signaler/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 400
    response = client.post(url, {"reason": "Propos insultants envers un voisin."})
    assert response.status_code == 302
    assert Report.objects.get().reporter == other_citizen


def test_the_counter_form_records_a_mediated_contribution(client, process, mediator):
    login_staff(client, mediator)
    url = f"/demarches/{process.slug}/guichet/"
    assert client.get(url).status_code == 200
    response = client.post(url, {"body": "  ", "display_label": "x" * 81})
    assert response.status_code == 400
    page = response.content.decode()
    # every problem is said at once, each on its field
    assert "Écrivez la contribution de la personne." in page
    assert "Sans l&#x27;accord de la personne" in page
    assert "La signature fait 80 caractères au plus." in page
    response = client.post(
        url, {"body": "Le bus ne passe plus le dimanche.", "display_label": "Un habitant du bourg"}
    )
    assert response.status_code == 400
    assert "Sans l&#x27;accord de la personne" in response.content.decode()
    assert "Le bus ne passe plus le dimanche." in response.content.decode()
    response = client.post(
        url,
        {
            "body": "Le bus ne passe plus le dimanche.",
            "display_label": "Un habitant du bourg",
            "consent": "on",
        },
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.source == Contribution.Source.COUNTER
    assert contribution.author is None and contribution.entered_by == mediator
    page = client.get(contribution.get_absolute_url()).content.decode()
    assert "Un habitant du bourg" in page and "saisie par un·e médiateur·rice" in page


def test_the_counter_is_refused_to_citizens(client, process, citizen):
    client.force_login(citizen)
    assert client.get(f"/demarches/{process.slug}/guichet/").status_code == 403


def test_an_expert_answers_from_the_contribution_page(client, process, citizen, expert, contribute):
    contribution = contribute(citizen)
    login_staff(client, expert)
    page = client.get(contribution.get_absolute_url()).content.decode()
    assert "Répondre officiellement" in page
    response = client.post(
        f"/demarches/{process.slug}/contributions/{contribution.pk}/reponse-officielle/",
        {"body": "Un atelier sera ouvert chaque samedi matin dès le printemps."},
    )
    assert response.status_code == 302
    page = client.get(contribution.get_absolute_url()).content.decode()
    assert "Claire Expert, Chargée de mission mobilités (Expert·e ou élu·e)" in page
    assert OfficialAnswer.objects.count() == 1


def test_the_process_page_lists_latest_contributions_and_official_answers(
    client, process, citizen, expert, contribute
):
    contribution = contribute(citizen, "Former les aînés aux démarches en ligne.")
    create_published(
        OfficialAnswer,
        process=process,
        contribution=contribution,
        author=expert,
        body="Des permanences sont prévues.",
    )
    page = client.get(f"/demarches/{process.slug}/").content.decode()
    assert "Former les aînés aux démarches en ligne." in page
    assert "Des permanences sont prévues." in page
    assert "1 contribution pour l'instant." in page


def test_every_write_through_the_pages_is_audited(client, process, citizen, contribute):
    client.force_login(citizen)
    client.post(f"/demarches/{process.slug}/contributions/nouvelle/", {"body": "Un texte."})
    assert AuditEntry.objects.filter(action="debates.submit", actor=citizen).count() == 1


def test_public_pages_mask_personal_data_in_texts(client, process, citizen, contribute):
    contribute(citizen, "Appelez-moi au 06 12 34 56 78 ou écrivez à jean.dupont@exemple.fr.")
    page = client.get(f"/demarches/{process.slug}/contributions/").content.decode()
    assert "06 12 34 56 78" not in page and "jean.dupont@exemple.fr" not in page


def test_the_list_filters_by_meeting_and_by_official_answer(
    client, process, citizen, mediator, expert, meeting, contribute
):
    at_meeting = contribute(None, "Dit à la réunion de la médiathèque.", occasion=meeting.occasion)
    answered = contribute(citizen, "Une question qui a reçu une réponse.")
    contribute(citizen, "Une contribution sans rien de plus.")
    create_published(
        OfficialAnswer,
        process=process,
        contribution=answered,
        author=expert,
        body="Voici la réponse.",
    )
    page = client.get(f"/demarches/{process.slug}/contributions/?reunion={meeting.occasion_id}")
    text = page.content.decode()
    assert at_meeting.body in text and answered.body not in text
    assert f'<option value="{meeting.occasion_id}" selected>' in text
    text = client.get(f"/demarches/{process.slug}/contributions/?repondues=on").content.decode()
    assert answered.body in text and at_meeting.body not in text
    assert "sans rien de plus" not in text


def test_the_staff_dashboard_links_to_the_counter_and_the_queue(
    client, process, mediator, moderator, citizen
):
    login_staff(client, mediator)
    page = client.get("/compte/equipe/").content.decode()
    assert f"/demarches/{process.slug}/guichet/" in page and "/equipe/moderation/" not in page
    login_staff(client, moderator)
    page = client.get("/compte/equipe/").content.decode()
    assert "/demarches/equipe/moderation/" in page and "/guichet/" not in page
    client.force_login(citizen)
    page = client.get("/compte/equipe/").content.decode()
    assert "/guichet/" not in page and "/moderation/" not in page


def test_after_the_contribution_phase_mediators_are_led_to_the_paper_import(
    client, make_process, mediator
):
    process = make_process(open=("reply",))
    login_staff(client, mediator)
    page = client.get("/compte/equipe/").content.decode()
    assert "/guichet/" not in page
    assert f"/demarches/{process.slug}/import-papier/" in page
    assert client.get(f"/demarches/{process.slug}/import-papier/").status_code == 200


def test_the_pages_exist_in_english(client, process, citizen, contribute):
    contribute(citizen, "Un texte.")
    client.cookies["django_language"] = "en"
    page = client.get(f"/demarches/{process.slug}/contributions/").content.decode()
    assert '<html lang="en">' in page
    assert "Filter the contributions" in page and "1 contribution" in page
    assert "0 agree" in page


def test_a_reply_address_leads_to_its_thread(client, process, citizen, contribute, answer_to):
    top = contribute(citizen)
    reply = answer_to(top, citizen)
    response = client.get(f"/demarches/{process.slug}/contributions/{reply.pk}/")
    assert response.status_code == 302
    assert (
        response["Location"]
        == f"/demarches/{process.slug}/contributions/{top.pk}/#contribution-{reply.pk}"
    )


def test_a_refused_reaction_says_why_instead_of_failing(
    client, process, citizen, other_citizen, moderator, contribute
):
    top = contribute(other_citizen)
    services.hide(actor=moderator, contribution=top, reason="Hors sujet.")
    client.force_login(citizen)
    url = f"/demarches/{process.slug}/contributions/{top.pk}/reagir/"
    response = client.post(url, {"value": "agree"}, follow=True)
    assert response.status_code == 200
    assert "Cette contribution est masquée par la modération." in response.content.decode()
    response = client.post(url, {"value": "maybe"})
    assert response.status_code == 302
