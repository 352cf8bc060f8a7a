"""Moderation: a queue of reports, hiding with a public reason that leaves a trace, restoring."""

import pytest

from parlons.conftest import login_staff
from parlons.debates import services
from parlons.debates.models import Report

pytestmark = pytest.mark.django_db

QUEUE = "/demarches/equipe/moderation/"


def test_the_queue_is_for_moderators_only(client, citizen, organiser, moderator):
    client.force_login(citizen)
    response = client.get(QUEUE)
    assert response.status_code == 403
    assert "équipe de modération" in response.content.decode()
    login_staff(client, organiser)
    assert client.get(QUEUE).status_code == 403
    login_staff(client, moderator)
    assert client.get(QUEUE).status_code == 200


def test_the_queue_lists_reported_content_with_its_reports(
    client, process, citizen, other_citizen, moderator, contribute, answer_to
):
    quiet = contribute(citizen, "Rien à signaler ici.")
    loud = contribute(citizen, "Un texte signalé deux fois.")
    reply = answer_to(quiet, citizen, "Une réponse signalée.")
    services.report(actor=other_citizen, contribution=loud, reason="Publicité déguisée.")
    services.report(actor=moderator, contribution=loud, reason="Hors sujet.")
    services.report(actor=other_citizen, contribution=reply, reason="Insulte.")
    login_staff(client, moderator)
    page = client.get(QUEUE).content.decode()
    assert "2 contenus signalés" in page
    assert "Un texte signalé deux fois." in page and "Une réponse signalée." in page
    assert "Rien à signaler ici." not in page
    assert "Publicité déguisée." in page and "2 signalements" in page
    assert page.index("Un texte signalé deux fois.") < page.index("Une réponse signalée.")


def test_hiding_from_the_queue_leaves_a_public_trace(
    client, process, citizen, other_citizen, moderator, contribute
):
    contribution = contribute(citizen, "Des propos injurieux.")
    services.report(actor=other_citizen, contribution=contribution, reason="Insultes.")
    login_staff(client, moderator)
    response = client.post(
        f"/demarches/{process.slug}/contributions/{contribution.pk}/masquer/",
        {"reason": "propos injurieux", "next": QUEUE},
    )
    assert response.status_code == 302 and response["Location"] == QUEUE
    assert "Aucun signalement en attente." in client.get(QUEUE).content.decode()
    client.logout()
    for url in (contribution.get_absolute_url(), f"/demarches/{process.slug}/contributions/"):
        page = client.get(url).content.decode()
        assert "Masqué par la modération\u00a0: propos injurieux" in page
        assert "Des propos injurieux." not in page


def test_hiding_without_a_reason_hides_nothing(client, process, citizen, moderator, contribute):
    contribution = contribute(citizen)
    login_staff(client, moderator)
    client.post(
        f"/demarches/{process.slug}/contributions/{contribution.pk}/masquer/", {"reason": " "}
    )
    contribution.refresh_from_db()
    assert contribution.is_hidden is False


def test_a_hidden_reply_leaves_its_trace_in_the_thread(
    client, process, citizen, other_citizen, moderator, contribute, answer_to
):
    top = contribute(citizen, "Une idée.")
    reply = answer_to(top, other_citizen, "Une réponse déplacée.")
    answer_to(reply, citizen, "Une réponse à la réponse, qui reste.")
    services.hide(actor=moderator, contribution=reply, reason="attaque personnelle")
    page = client.get(top.get_absolute_url()).content.decode()
    assert "Masqué par la modération\u00a0: attaque personnelle" in page
    assert "Une réponse déplacée." not in page
    assert "Une réponse à la réponse, qui reste." in page


def test_restoring_from_the_queue_shows_the_text_again(
    client, process, citizen, moderator, contribute
):
    contribution = contribute(citizen, "Finalement acceptable.")
    services.hide(actor=moderator, contribution=contribution, reason="à vérifier")
    login_staff(client, moderator)
    assert "Finalement acceptable." in client.get(QUEUE).content.decode()
    client.post(
        f"/demarches/{process.slug}/contributions/{contribution.pk}/retablir/", {"next": QUEUE}
    )
    page = client.get(contribution.get_absolute_url()).content.decode()
    assert "Finalement acceptable." in page and "Masqué par la modération" not in page


def test_a_citizen_cannot_hide_restore_or_dismiss(client, process, citizen, contribute):
    contribution = contribute(citizen)
    client.force_login(citizen)
    base = f"/demarches/{process.slug}/contributions/{contribution.pk}"
    assert client.post(f"{base}/masquer/", {"reason": "non"}).status_code == 403
    assert client.post(f"{base}/retablir/").status_code == 403
    assert client.post(f"{base}/classer/").status_code == 403


def test_dismissing_from_the_queue_keeps_the_content(
    client, process, citizen, other_citizen, moderator, contribute
):
    contribution = contribute(citizen)
    services.report(actor=other_citizen, contribution=contribution, reason="Pas d'accord.")
    login_staff(client, moderator)
    client.post(f"/demarches/{process.slug}/contributions/{contribution.pk}/classer/")
    assert Report.objects.get().outcome == Report.Outcome.KEPT
    contribution.refresh_from_db()
    assert contribution.is_hidden is False
