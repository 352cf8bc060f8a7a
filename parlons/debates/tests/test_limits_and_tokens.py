"""Flooding, double clicks and replays: posting limits, one-time form tokens, paper files by hash."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from parlons.conftest import form_token_of, login_staff
from parlons.core.limits import LimitExceeded
from parlons.core.models import AuditEntry
from parlons.debates import services
from parlons.debates.models import Contribution, OfficialAnswer, PaperImport, Report
from parlons.privacy.models import Receipt

pytestmark = pytest.mark.django_db

FOREIGN = ["https://evil.example", "//evil.example", "/\\evil.example"]
PAPER = (
    "texte;consentement\n"
    "Un atelier le samedi matin pour les démarches en ligne.;oui\n"
    "Le car du matin est toujours en retard.;oui\n"
)
ALREADY_SENT = (
    "Ce formulaire avait déjà été envoyé : rien n&#x27;a été enregistré une seconde fois."
)


def messages_of(response) -> list[str]:
    return [str(message) for message in response.wsgi_request._messages]


# Posting limits, raised by the services: pages and the CLI refuse with the same words.


@override_settings(PARLONS_LIMITS={"contribution_account": (2, 600)})
def test_contributions_are_limited_per_account(process, citizen):
    for number in range(2):
        services.submit_contribution(actor=citizen, process=process, body=f"Idée {number}.")
    with pytest.raises(LimitExceeded) as refused:
        services.submit_contribution(actor=citizen, process=process, body="Une de trop.")
    assert refused.value.messages[0].startswith(
        "Vous avez envoyé beaucoup de messages en peu de temps. Pour éviter les abus, attendez "
    )
    assert Contribution.objects.count() == 2


@override_settings(
    PARLONS_LIMITS={"contribution_account": (5, 600), "contribution_address": (2, 600)}
)
def test_contributions_are_limited_per_address_when_the_caller_gives_it(
    process, citizen, other_citizen
):
    services.submit_contribution(actor=citizen, process=process, body="Un.", address="192.0.2.1")
    services.submit_contribution(
        actor=other_citizen, process=process, body="Deux.", address="192.0.2.1"
    )
    with pytest.raises(LimitExceeded):
        services.submit_contribution(
            actor=other_citizen, process=process, body="Trois.", address="192.0.2.1"
        )
    services.submit_contribution(actor=other_citizen, process=process, body="Trois.")  # CLI


@override_settings(PARLONS_LIMITS={"reply_account": (1, 600), "report_account": (1, 600)})
def test_replies_and_reports_have_their_own_limits(process, citizen, other_citizen, contribute):
    first, second = contribute(other_citizen, "Premier."), contribute(other_citizen, "Second.")
    services.reply(actor=citizen, parent=first, body="Oui.")
    with pytest.raises(LimitExceeded):
        services.reply(actor=citizen, parent=second, body="Encore oui.")
    services.report(actor=citizen, contribution=first, reason="Publicité.")
    with pytest.raises(LimitExceeded):
        services.report(actor=citizen, contribution=second, reason="Publicité aussi.")
    assert (Contribution.objects.count(), Report.objects.count()) == (3, 1)


def test_a_refused_try_does_not_count(process, citizen):
    for _ in range(10):
        with pytest.raises(ValidationError):
            services.submit_contribution(actor=citizen, process=process, body="   ")
    services.submit_contribution(actor=citizen, process=process, body="Enfin un texte.")


def test_a_mediator_at_the_counter_enters_a_queue_of_people(process, mediator):
    for number in range(12):  # far past a citizen's 5 in 10 minutes
        services.submit_on_behalf(
            actor=mediator, process=process, body=f"Avis n° {number}.", consent=True
        )
    assert Contribution.objects.filter(entered_by=mediator).count() == 12


@override_settings(PARLONS_LIMITS={"contribution_account": (1, 600)})
def test_past_the_limit_the_page_answers_429_and_keeps_the_text(client, process, citizen):
    client.force_login(citizen)
    url = f"/demarches/{process.slug}/contributions/nouvelle/"
    assert client.post(url, {"body": "Une première idée."}).status_code == 302
    refused = client.post(url, {"body": "Une seconde idée, gardée."})
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    page = refused.content.decode()
    assert "Vous avez envoyé beaucoup de messages en peu de temps." in page
    assert "Une seconde idée, gardée." in page


@override_settings(PARLONS_LIMITS={"reply_account": (1, 600)})
def test_past_the_limit_a_reply_answers_429_with_the_thread(
    client, process, citizen, other_citizen, contribute
):
    parent = contribute(other_citizen)
    client.force_login(citizen)
    url = f"/demarches/{process.slug}/contributions/{parent.pk}/repondre/"
    assert client.post(url, {"body": "Oui."}).status_code == 302
    refused = client.post(url, {"body": "Oui, encore."})
    assert refused.status_code == 429
    assert "Vous avez envoyé beaucoup de messages en peu de temps." in refused.content.decode()


# One-time tokens: a double click or a replayed POST creates one row and leads to it.


def test_a_contribution_sent_twice_is_published_once(client, process, citizen):
    client.force_login(citizen)
    url = f"/demarches/{process.slug}/contributions/nouvelle/"
    data = {
        "body": "Des ateliers le soir.",
        "form_token": form_token_of(client.get(url).content.decode()),
    }
    first, second = client.post(url, data), client.post(url, data)
    contribution = Contribution.objects.get()
    assert first["Location"] == second["Location"] == contribution.get_absolute_url()
    assert messages_of(second) == [  # the first send's, then the calm word of the second
        "Merci ! Votre contribution est publiée.",
        "Ce formulaire avait déjà été envoyé : rien n'a été enregistré une seconde fois. "
        "Voici le résultat du premier envoi.",
    ]
    assert AuditEntry.objects.filter(action="debates.submit").count() == 1
    # The next page has a new token: a new contribution is welcome.
    data["form_token"] = form_token_of(client.get(url).content.decode())
    client.post(url, data)
    assert Contribution.objects.count() == 2


def test_a_refused_form_keeps_a_usable_token(client, process, citizen):
    client.force_login(citizen)
    url = f"/demarches/{process.slug}/contributions/nouvelle/"
    token = form_token_of(client.get(url).content.decode())
    assert client.post(url, {"body": "", "form_token": token}).status_code == 400
    assert client.post(url, {"body": "Corrigé.", "form_token": token}).status_code == 302
    assert Contribution.objects.get().body == "Corrigé."


def test_a_reply_sent_twice_is_published_once(client, process, citizen, other_citizen, contribute):
    parent = contribute(other_citizen)
    client.force_login(citizen)
    page = client.get(parent.get_absolute_url()).content.decode()
    url = f"/demarches/{process.slug}/contributions/{parent.pk}/repondre/"
    data = {"body": "Bonne idée.", "form_token": form_token_of(page)}
    first, second = client.post(url, data), client.post(url, data)
    answer = Contribution.objects.get(parent=parent)
    assert first["Location"] == second["Location"] == answer.get_absolute_url()
    assert ALREADY_SENT in client.get(second["Location"]).content.decode()


def test_a_report_sent_twice_is_recorded_once(client, process, citizen, other_citizen, contribute):
    contribution = contribute(other_citizen)
    client.force_login(citizen)
    url = f"/demarches/{process.slug}/contributions/{contribution.pk}/signaler/"
    data = {"reason": "Publicité.", "form_token": form_token_of(client.get(url).content.decode())}
    first, second = client.post(url, data), client.post(url, data)
    assert (first.status_code, second.status_code) == (302, 302)
    assert second["Location"] == contribution.get_absolute_url()
    assert Report.objects.count() == 1


def test_an_official_answer_sent_twice_is_published_once(
    client, process, citizen, expert, contribute
):
    contribution = contribute(citizen)
    login_staff(client, expert)
    page = client.get(contribution.get_absolute_url()).content.decode()
    token = re.search(
        r'reponse-officielle/" class="stacked" novalidate><input type="hidden" '
        r'name="csrfmiddlewaretoken" value="[^"]+"><input type="hidden" name="form_token" '
        r'value="([^"]+)"',
        page,
    ).group(1)
    url = f"/demarches/{process.slug}/contributions/{contribution.pk}/reponse-officielle/"
    data = {"body": "La médiathèque ouvrira le samedi.", "form_token": token}
    first, second = client.post(url, data), client.post(url, data)
    assert first["Location"] == second["Location"]
    assert second["Location"] == f"{contribution.get_absolute_url()}#reponses-officielles"
    assert OfficialAnswer.objects.count() == 1


def test_a_counter_entry_sent_twice_is_recorded_once(client, process, mediator):
    login_staff(client, mediator)
    url = f"/demarches/{process.slug}/guichet/"
    data = {
        "body": "Le bus ne passe plus le dimanche.",
        "consent": "on",
        "form_token": form_token_of(client.get(url).content.decode()),
    }
    first, second = client.post(url, data), client.post(url, data)
    # Both lead to the one receipt printed for the person.
    receipt = Receipt.objects.get()
    assert (
        first["Location"] == second["Location"] == f"/confidentialite/recu/{receipt.pk}/imprimer/"
    )
    assert Contribution.objects.count() == 1


# Paper imports: a token per form, and the same file (by SHA-256) refused a second time.


def upload(name="reunion.csv", text=PAPER):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_a_paper_import_sent_twice_imports_once(client, process, mediator):
    login_staff(client, mediator)
    url = f"/demarches/{process.slug}/import-papier/"
    token = form_token_of(client.get(url).content.decode())
    first = client.post(url, {"file": upload(), "form_token": token})
    second = client.post(url, {"file": upload(), "form_token": token})
    assert (first.status_code, second["Location"]) == (302, url)
    assert ALREADY_SENT in client.get(url).content.decode()
    assert (PaperImport.objects.count(), Contribution.objects.count()) == (1, 2)


def test_the_same_paper_file_is_refused_a_second_time_naming_the_first_import(
    client, process, mediator
):
    login_staff(client, mediator)
    url = f"/demarches/{process.slug}/import-papier/"
    assert client.post(url, {"file": upload()}).status_code == 302
    earlier = PaperImport.objects.get()
    assert len(earlier.file_sha256) == 64 and not earlier.confirmed_duplicate
    refused = client.post(url, {"file": upload(name="copie.csv")})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Ce fichier a déjà été importé le " in page
    assert "par mediatrice (2 contributions, fichier « reunion.csv »)" in page
    assert "cochez « Importer quand même »" in page
    assert Contribution.objects.count() == 2
    # Staff who mean it tick the box: imported again, and the audit log says so.
    again = client.post(url, {"file": upload(name="copie.csv"), "import_anyway": "on"})
    assert again.status_code == 302
    assert Contribution.objects.count() == 4
    second = PaperImport.objects.exclude(pk=earlier.pk).get()
    assert second.confirmed_duplicate and second.file_sha256 == earlier.file_sha256
    entry = AuditEntry.objects.filter(action="debates.import_paper_forms").latest("pk")
    assert entry.data["imported_anyway"] is True and entry.data["same_file_as"] == earlier.pk


def test_another_file_is_not_a_duplicate(process, mediator):
    services.import_paper_forms(actor=mediator, process=process, file=PAPER.encode())
    services.import_paper_forms(
        actor=mediator, process=process, file=(PAPER + "Encore une idée.;oui\n").encode()
    )
    assert PaperImport.objects.count() == 2


def test_the_command_refuses_the_same_file_unless_told(process, mediator, tmp_path):
    path = tmp_path / "reunion.csv"
    path.write_text(PAPER, encoding="utf-8")
    call_command("import_paper_forms", process.slug, str(path), "--as", mediator.email)
    with pytest.raises(CommandError, match="Ce fichier a déjà été importé le .*--quand-meme"):
        call_command("import_paper_forms", process.slug, str(path), "--as", mediator.email)
    call_command(
        "import_paper_forms", process.slug, str(path), "--as", mediator.email, "--quand-meme"
    )
    assert PaperImport.objects.count() == 2


# `next`: moderation actions send back to this site only.


@pytest.mark.parametrize("target", FOREIGN)
@pytest.mark.parametrize("action", ["masquer", "retablir", "classer"])
def test_moderation_actions_never_send_to_another_site(
    client, process, citizen, moderator, contribute, action, target
):
    contribution = contribute(citizen)
    login_staff(client, moderator)
    url = f"/demarches/{process.slug}/contributions/{contribution.pk}/{action}/"
    response = client.post(url, {"reason": "hors sujet", "next": target})
    fallback = "/demarches/equipe/moderation/" if action == "classer" else None
    assert response.status_code == 302
    assert response["Location"] == (fallback or contribution.get_absolute_url())


def test_moderation_actions_follow_a_next_on_this_site(
    client, process, citizen, moderator, contribute
):
    contribution = contribute(citizen)
    login_staff(client, moderator)
    url = f"/demarches/{process.slug}/contributions/{contribution.pk}/classer/"
    response = client.post(url, {"next": "/demarches/equipe/moderation/?page=2"})
    assert response["Location"] == "/demarches/equipe/moderation/?page=2"


@pytest.mark.parametrize("target", FOREIGN)
def test_the_language_switch_never_sends_to_another_site(client, target):
    response = client.post("/i18n/setlang/", {"language": "en", "next": target})
    assert (response.status_code, response["Location"]) == (302, "/")
