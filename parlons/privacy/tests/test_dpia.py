"""The impact assessment (AIPD): generated from the declarations, completed and signed by the DPO."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from parlons.conftest import login_staff
from parlons.core.charter import declarations
from parlons.core.consents import consent_purposes
from parlons.core.models import AuditEntry
from parlons.privacy import dpia
from parlons.privacy.dpia_models import ImpactAssessment

pytestmark = pytest.mark.django_db

PROCESSORS = [
    {
        "name": "Hébergeur Exemple",
        "service": "hébergement",
        "location": "France",
        "guarantees": "HDS",
    },
    {
        "name": "Courriel SA",
        "service": "envoi des courriels",
        "location": "Irlande",
        "guarantees": "",
    },
]

LEVELS = {
    f"{risk}_{axis}": "limited"
    for risk in ("access", "modification", "disappearance")
    for axis in ("likelihood", "severity")
}


@pytest.fixture
def processors(settings):
    settings.PROCESSORS = PROCESSORS
    settings.BACKUP_RETENTION_DAYS = 17
    return PROCESSORS


def _all_text(sections) -> str:
    parts = []
    for section in sections:
        parts.append(section["title"])
        for block in section["blocks"]:
            parts += [block["heading"], *block["paragraphs"], *block["head"]]
            parts += [cell for row in block["rows"] for cell in row]
    return "\n".join(parts)


def test_the_draft_covers_every_declaration_and_the_processors(processors):
    sections = dpia.generate()
    assert [section["title"][:2] for section in sections] == ["1.", "2.", "3.", "4."]
    text = _all_text(sections)
    for item in declarations():
        assert str(item.purpose) in text
        assert str(item.legal_basis) in text
        assert str(item.retention) in text
        assert str(item.visible_to) in text
    for purpose in consent_purposes():
        assert str(purpose.wording) in text
    for entry in processors:
        assert entry["name"] in text and entry["service"] in text
    assert "Irlande" in text and "17 jours" in text
    assert len(sections[2]["blocks"]) == 3  # access, modification, disappearance


def test_the_draft_says_how_political_opinions_are_protected():
    text = _all_text(dpia.generate())
    assert "opinions politiques (art. 9 du RGPD)" in text
    for words in (
        "pseudonyme",
        "masquées",
        "aucun profilage",
        "ne listent personne",
        "pseudonyme différent pour chaque démarche",
        "une personne nommée valide",
    ):
        assert words in text, words


def test_without_processors_the_draft_says_so(settings):
    settings.PROCESSORS = []
    assert "Aucun sous-traitant n'est déclaré" in _all_text(dpia.generate())


def _fill_and_sign(territory, dpo):
    draft = dpia.start_draft(actor=dpo, territory=territory)
    dpia.save_draft(actor=dpo, assessment=draft, values=LEVELS | {"dpo_opinion": "Favorable."})
    dpia.sign(actor=dpo, assessment=draft)
    draft.refresh_from_db()
    return draft


def test_signing_freezes_the_version_and_a_new_draft_starts_from_it(territory, dpo, settings):
    signed = _fill_and_sign(territory, dpo)
    assert signed.signed_by == dpo and signed.is_signed
    frozen = signed.generated
    with pytest.raises(ValidationError, match="Cette version est signée"):
        dpia.save_draft(actor=dpo, assessment=signed, values={"dpo_opinion": "Autre avis."})
    with pytest.raises(ValidationError, match="déjà signée"):
        dpia.sign(actor=dpo, assessment=signed)
    settings.PROCESSORS = PROCESSORS  # the settings change: the signed text does not
    second = dpia.start_draft(actor=dpo, territory=territory)
    signed.refresh_from_db()
    assert signed.generated == frozen and signed.dpo_opinion == "Favorable."
    assert "Hébergeur Exemple" in _all_text(second.generated)
    assert "Hébergeur Exemple" not in _all_text(frozen)
    assert (second.number, second.dpo_opinion, second.access_severity) == (
        2,
        "Favorable.",
        "limited",
    )
    with pytest.raises(ValidationError, match="existe déjà"):
        dpia.start_draft(actor=dpo, territory=territory)
    actions = list(
        AuditEntry.objects.filter(action__startswith="privacy.dpia")
        .values_list("action", flat=True)
        .order_by("id")
    )
    assert actions == [
        "privacy.dpia_start",
        "privacy.dpia_edit",
        "privacy.dpia_sign",
        "privacy.dpia_start",
    ]


def test_signing_needs_the_levels_and_the_opinion(territory, dpo):
    draft = dpia.start_draft(actor=dpo, territory=territory)
    with pytest.raises(ValidationError, match="vraisemblance et la gravité"):
        dpia.sign(actor=dpo, assessment=draft)
    draft.refresh_from_db()
    assert not draft.is_signed


def test_the_dpo_fills_the_draft_in_the_page_and_signs(client, territory, dpo):
    login_staff(client, dpo)
    url = reverse("privacy:dpia")
    page = client.get(url)
    assert page.status_code == 200 and "Commencer la première version" in page.content.decode()
    client.post(url, {"step": "start"})
    draft = ImpactAssessment.objects.get()
    page = client.get(url).content.decode()
    assert "Données sensibles" in page and 'name="dpo_opinion"' in page
    assert 'name="generated"' not in page  # the generated parts are read-only
    # A bad level: said in French, nothing typed is lost, nothing saved.
    answer = client.post(
        url, {"step": "save", "context": "Budget participatif 2027.", "access_likelihood": "énorme"}
    )
    assert answer.status_code == 400
    html = answer.content.decode()
    assert "Rien n\u2019est enregistré" in html or "Rien n'est enregistré" in html
    assert "Budget participatif 2027." in html
    draft.refresh_from_db()
    assert draft.context == ""
    client.post(
        url,
        {
            "step": "save",
            "context": "Budget participatif 2027.",
            **LEVELS,
            "dpo_opinion": "Favorable sous réserve.",
        },
    )
    draft.refresh_from_db()
    assert draft.context == "Budget participatif 2027." and draft.access_likelihood == "limited"
    confirm = client.get(reverse("privacy:dpia_sign"))
    assert "ne peut plus être modifiée" in confirm.content.decode()
    client.post(reverse("privacy:dpia_sign"))
    draft.refresh_from_db()
    assert draft.signed_by == dpo
    # A signed version is refused by the service even when posted to.
    client.post(url, {"step": "save", "dpo_opinion": "Changé."})
    draft.refresh_from_db()
    assert draft.dpo_opinion == "Favorable sous réserve."


def test_the_pdf_is_a_pdf_with_the_text(client, territory, dpo, processors):
    signed = _fill_and_sign(territory, dpo)
    login_staff(client, dpo)
    response = client.get(reverse("privacy:dpia_pdf", kwargs={"version_id": signed.pk}))
    assert response["Content-Type"] == "application/pdf"
    assert f"analyse-impact-v{signed.number}.pdf" in response["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = " ".join(text.split())
    assert "Analyse d" in flat and "1. Description du traitement" in flat
    assert "opinions politiques" in flat and "Favorable." in flat
    assert "Hébergeur Exemple" in flat  # the processors of the settings
    assert dpo.pseudonym in flat


def test_the_register_pdf_still_renders(client):
    response = client.get(reverse("privacy:register_pdf"))
    assert response.content.startswith(b"%PDF")
    assert "registre-traitements.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize("role", ["moderator", "organiser", "mediator", "citizen"])
def test_only_the_dpo_sees_edits_and_signs(client, territory, dpo, personas, role):
    draft = dpia.start_draft(actor=dpo, territory=territory)
    login_staff(client, personas[role])
    for url in (
        reverse("privacy:dpia"),
        reverse("privacy:dpia_sign"),
        reverse("privacy:dpia_version", kwargs={"version_id": draft.pk}),
        reverse("privacy:dpia_pdf", kwargs={"version_id": draft.pk}),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("privacy:dpia"), {"step": "save", "context": "x"}).status_code == 403
    assert client.post(reverse("privacy:dpia_sign")).status_code == 403
    draft.refresh_from_db()
    assert draft.context == "" and not draft.is_signed


def test_the_dashboard_links_the_assessment_for_the_dpo_only(client, dpo, moderator):
    login_staff(client, dpo)
    assert reverse("privacy:dpia") in client.get(reverse("accounts:staff")).content.decode()
    login_staff(client, moderator)
    assert reverse("privacy:dpia") not in client.get(reverse("accounts:staff")).content.decode()


def test_the_draft_is_written_in_the_language_of_the_dpo_who_starts_it(territory, dpo):
    with translation.override("en"):
        draft = dpia.start_draft(actor=dpo, territory=territory)
    text = _all_text(draft.generated)
    assert "Sensitive data: political opinions (GDPR art. 9)" in text
    assert "1. Description of the processing" in text
    assert "Données sensibles" not in text


def test_the_audit_log_says_who_started_and_signed_which_version(client, territory, dpo):
    signed = _fill_and_sign(territory, dpo)
    login_staff(client, dpo)
    html = client.get(reverse("privacy:audit_log")).content.decode()
    assert f"{dpo.pseudonym} a signé l'analyse d'impact, <a" in html.replace("&#x27;", "'")
    assert reverse("privacy:dpia_version", args=[signed.pk]) in html


def test_the_register_page_links_the_assessment_for_the_dpo_only(client, dpo, moderator):
    url = reverse("privacy:dpia")
    assert url not in client.get(reverse("privacy:register")).content.decode()
    login_staff(client, moderator)
    assert url not in client.get(reverse("privacy:register")).content.decode()
    login_staff(client, dpo)
    assert url in client.get(reverse("privacy:register")).content.decode()


def test_signing_too_early_in_the_page_says_what_is_missing(client, territory, dpo):
    draft = dpia.start_draft(actor=dpo, territory=territory)
    login_staff(client, dpo)
    answer = client.post(reverse("privacy:dpia_sign"))
    assert answer.status_code == 400
    assert "notez la vraisemblance et la gravité" in answer.content.decode()
    draft.refresh_from_db()
    assert not draft.is_signed


def test_a_second_draft_at_the_same_moment_is_refused_not_an_error(territory, dpo, monkeypatch):
    dpia.start_draft(actor=dpo, territory=territory)
    monkeypatch.setattr(dpia, "current_draft", lambda territory: None)  # the race: both saw none
    with pytest.raises(ValidationError, match="existe déjà"):
        dpia.start_draft(actor=dpo, territory=territory)
    assert ImpactAssessment.objects.count() == 1
