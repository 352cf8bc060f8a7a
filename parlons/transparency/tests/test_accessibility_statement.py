"""The RGAA accessibility statement: what Parlons states, what the territory's administrators set."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from parlons.conftest import ROLES, login_staff
from parlons.core.models import AuditEntry
from parlons.transparency.accessibility import JOURNEYS, checked_pages
from parlons.transparency.models import AccessibilityStatement
from parlons.transparency.services import update_accessibility_statement

URL = "/transparence/accessibilite/"
EDIT_URL = "/transparence/accessibilite/modifier/"

AUDITED = {
    "conformance": AccessibilityStatement.Conformance.PARTIALLY,
    "audit_rate": Decimal("72.5"),
    "audit_date": date(2026, 3, 12),
    "auditor": "Atelier Accès Essai",
    "contact_email": "accessibilite@val-essai.test",
    "statement_date": date(2026, 4, 1),
}


def page_text(client, **headers) -> str:
    response = client.get(URL, **headers)
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'")


@pytest.mark.django_db
def test_the_statement_has_every_section_of_the_rgaa_model(client, territory):
    page = page_text(client)
    for heading in [
        "<h1>Déclaration d'accessibilité</h1>",
        "<h2>État de conformité</h2>",
        "<h2>Résultats des tests</h2>",
        "<h2>Contenus non accessibles</h2>",
        "<h3>Non-conformités</h3>",
        "<h3>Dérogations pour charge disproportionnée</h3>",
        "<h3>Contenus non soumis à l'obligation d'accessibilité</h3>",
        "<h2>Établissement de cette déclaration</h2>",
        "<h3>Environnement de test</h3>",
        "<h3>Pages vérifiées par les tests du logiciel</h3>",
        "<h2>Retour d'information et contact</h2>",
        "<h2>Voies de recours</h2>",
    ]:
        assert heading in page


@pytest.mark.django_db
def test_before_any_audit_the_statement_says_not_conforming_and_claims_no_rate(client, territory):
    page = page_text(client)
    assert "Ce site est <strong>non conforme</strong>" in page
    assert "Aucun audit de conformité n'a encore été réalisé" in page
    assert "%" not in page.split("<h2>Résultats des tests</h2>")[1].split("<h3>")[0]
    assert "Le territoire n'a pas encore complété cette déclaration" in page
    assert "Communauté de communes du Val d'Essai s'engage" in page


@pytest.mark.django_db
def test_the_statement_lists_the_journeys_and_pages_the_browser_tests_check(client, territory):
    page = page_text(client)
    for journey in JOURNEYS:
        assert str(journey.title) in page
    for checked in checked_pages():
        assert f"<li>{checked.label}</li>" in page
    assert page.count("au clavier seul") == sum(j.keyboard_only for j in JOURNEYS)
    assert page.count("sans JavaScript</span>") == sum(j.without_javascript for j in JOURNEYS)
    assert "axe-core 4.14" in page


@pytest.mark.django_db
def test_the_appeal_to_the_defenseur_des_droits_is_given_three_ways(client, territory):
    page = page_text(client)
    assert 'href="https://formulaire.defenseurdesdroits.fr/"' in page
    assert "délégué du Défenseur des droits" in page
    assert "Défenseur des droits<br>Libre réponse 71120<br>75342 Paris CEDEX 07" in page


@pytest.mark.django_db
def test_the_contact_falls_back_to_the_territory_address(client, territory):
    territory.contact_email = "contact@val-essai.test"
    territory.save()
    page = page_text(client)
    assert '<a href="mailto:contact@val-essai.test">contact@val-essai.test</a>' in page


@pytest.mark.django_db
def test_what_an_administrator_sets_is_published(client, territory, administrator):
    update_accessibility_statement(
        actor=administrator,
        territory=territory,
        **AUDITED,
        entity_name="Val d'Essai Communauté",
        non_conformities="Les cartes des lieux n'ont pas d'alternative textuelle\n\n"
        "Le lecteur vidéo ne se pilote pas au clavier",
        derogations="Les archives vidéo des conseils de 2019",
        exempt_content="Les comptes rendus numérisés avant le 23 septembre 2018",
        contact_form_url="https://www.val-essai.test/contact",
        contact_address="Hôtel communautaire\n1 place de l'Essai\n29000 Saint-Essai",
        audit_environment="Firefox 128 avec NVDA 2024.4",
        multiyear_plan_url="https://www.val-essai.test/schema-accessibilite",
    )
    page = page_text(client)
    assert "Ce site est <strong>partiellement conforme</strong>" in page
    assert "réalisé par Atelier Accès Essai le 12 mars 2026 montre que 72,5 % des critères" in page
    assert "Val d'Essai Communauté s'engage" in page
    assert "<li>Les cartes des lieux n'ont pas d'alternative textuelle</li>" in page
    assert "<li>Le lecteur vidéo ne se pilote pas au clavier</li>" in page
    assert "<li>Les archives vidéo des conseils de 2019</li>" in page
    assert "<li>Les comptes rendus numérisés avant le 23 septembre 2018</li>" in page
    assert "<li>Firefox 128 avec NVDA 2024.4</li>" in page
    assert '<a href="mailto:accessibilite@val-essai.test">' in page
    assert '<a href="https://www.val-essai.test/contact">' in page
    assert "Hôtel communautaire<br>1 place de l'Essai<br>29000 Saint-Essai" in page
    assert 'href="https://www.val-essai.test/schema-accessibilite"' in page
    assert "Cette déclaration a été établie le 1er avril 2026." in page


@pytest.mark.django_db
def test_the_statement_reads_in_english(client, territory, administrator):
    update_accessibility_statement(actor=administrator, territory=territory, **AUDITED)
    page = page_text(client, HTTP_ACCEPT_LANGUAGE="en")
    assert "<h1>Accessibility statement</h1>" in page
    assert "This site is <strong>partially conforming</strong>" in page
    assert "<h2>Remedies</h2>" in page


@pytest.mark.django_db
def test_saving_is_audited_with_the_fields_changed(territory, administrator):
    statement = update_accessibility_statement(
        actor=administrator, territory=territory, contact_email="a11y@val-essai.test"
    )
    update_accessibility_statement(actor=administrator, territory=territory, **AUDITED)
    entries = AuditEntry.objects.filter(action="transparency.update_accessibility_statement")
    assert [entry.data["fields"] for entry in entries.order_by("id")] == [
        ["contact_email"],
        ["conformance", "audit_rate", "audit_date", "auditor", "contact_email", "statement_date"],
    ]
    assert {entry.actor for entry in entries} == {administrator}
    assert entries.first().target_id == str(statement.pk)
    assert AccessibilityStatement.objects.count() == 1


@pytest.mark.django_db
def test_only_an_administrator_saves_and_a_refusal_changes_nothing(territory, organiser, dpo):
    for person in (organiser, dpo, None):
        with pytest.raises(PermissionDenied) as refused:
            update_accessibility_statement(actor=person, territory=territory, **AUDITED)
        assert str(refused.value) == (
            "Seuls les administrateurs modifient la déclaration d'accessibilité."
        )
    assert AccessibilityStatement.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="transparency.").exists()


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"conformance": "partiellement_conforme"},
            {"conformance": ["Sans audit RGAA (taux et date), le site est « non conforme »."]},
        ),
        (
            {"audit_rate": Decimal("80")},
            {"audit_date": ["Indiquez à la fois le taux de conformité et la date de l'audit."]},
        ),
        (
            {"audit_date": date(2026, 1, 5)},
            {"audit_rate": ["Indiquez à la fois le taux de conformité et la date de l'audit."]},
        ),
        (
            {"audit_rate": Decimal("100"), "audit_date": date(2026, 1, 5)},
            {
                "conformance": [
                    "Avec 100 % de critères respectés, l'état de conformité est "
                    "« totalement conforme »."
                ]
            },
        ),
        (
            {
                "conformance": "partiellement_conforme",
                "audit_rate": Decimal("49.9"),
                "audit_date": date(2026, 1, 5),
            },
            {
                "conformance": [
                    "Avec 49,9 % de critères respectés, l'état de conformité est « non conforme »."
                ]
            },
        ),
        (
            {
                "conformance": "non_conforme",
                "audit_rate": Decimal("101"),
                "audit_date": date(2026, 1, 5),
            },
            {"audit_rate": ["Assurez-vous que cette valeur est inférieure ou égale à 100."]},
        ),
        (
            {"statement_date": "tomorrow"},
            {"statement_date": ["La date de la déclaration ne peut pas être dans le futur."]},
        ),
        (
            {"contact_email": ""},
            {
                "contact_email": [
                    "Indiquez au moins un moyen de signaler un défaut : adresse électronique, "
                    "formulaire ou adresse postale."
                ]
            },
        ),
    ],
)
@pytest.mark.django_db
def test_the_service_refuses_an_incoherent_statement_and_saves_nothing(
    fields, errors, territory, administrator
):
    base = {"contact_email": "accessibilite@val-essai.test"}
    if fields.get("statement_date") == "tomorrow":
        fields = {**fields, "statement_date": timezone.localdate() + timedelta(days=1)}
    with pytest.raises(ValidationError) as refused:
        update_accessibility_statement(
            actor=administrator, territory=territory, **{**base, **fields}
        )
    assert refused.value.message_dict == errors
    assert AccessibilityStatement.objects.count() == 0
    assert AuditEntry.objects.count() == 0


@pytest.mark.parametrize(
    ("rate", "level"),
    [
        (None, "non_conforme"),
        (Decimal("0"), "non_conforme"),
        (Decimal("49.9"), "non_conforme"),
        (Decimal("50"), "partiellement_conforme"),
        (Decimal("99.9"), "partiellement_conforme"),
        (Decimal("100"), "totalement_conforme"),
    ],
)
def test_the_level_follows_the_rgaa_thresholds(rate, level):
    assert AccessibilityStatement.conformance_for(rate) == level


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_administrators_open_the_form_and_see_its_links(role, client, personas):
    person = personas[role]
    if person is not None:
        login_staff(client, person)
    response = client.get(EDIT_URL)
    page = client.get(URL).content.decode()
    dashboard = client.get("/compte/equipe/") if person is not None else None
    if role == "administrator":
        assert response.status_code == 200
        assert EDIT_URL in page
        assert EDIT_URL in dashboard.content.decode()
    else:
        assert response.status_code == (302 if person is None else 403)
        assert EDIT_URL not in page
        if dashboard is not None and dashboard.status_code == 200:
            assert EDIT_URL not in dashboard.content.decode()


@pytest.mark.django_db
def test_the_form_keeps_what_was_typed_when_refused_and_saves_when_right(
    client, territory, administrator
):
    login_staff(client, administrator)
    sent = {
        "conformance": "totalement_conforme",
        "contact_email": "accessibilite@val-essai.test",
        "statement_date": "2026-04-01",
    }
    refused = client.post(EDIT_URL, sent)
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Sans audit RGAA (taux et date), le site est « non conforme »." in text
    assert 'value="accessibilite@val-essai.test"' in text
    assert AccessibilityStatement.objects.count() == 0

    saved = client.post(EDIT_URL, {**sent, "conformance": "non_conforme"})
    assert saved.status_code == 302 and saved["Location"] == URL
    statement = AccessibilityStatement.objects.get(territory=territory)
    assert statement.contact_email == "accessibilite@val-essai.test"
    assert statement.statement_date == date(2026, 4, 1)
    assert "Déclaration d'accessibilité enregistrée." in client.get(URL).content.decode().replace(
        "&#x27;", "'"
    )
