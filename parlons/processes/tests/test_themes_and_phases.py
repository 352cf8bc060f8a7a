"""Themes have one name per démarche and can be renamed; deleting a theme or a phase
that something uses says what will happen and waits for a confirmation."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from parlons.conftest import login_staff
from parlons.core.models import AuditEntry
from parlons.debates import services as debates
from parlons.processes import services
from parlons.processes.models import Phase, Theme

MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
MONTHS = MONTHS.split()


@pytest.mark.django_db
def test_theme_names_are_unique_in_a_process_whatever_the_case(organiser, make_process):
    process = make_process()
    with pytest.raises(ValidationError) as error:
        services.add_theme(actor=organiser, process=process, name="  santé ")
    assert error.value.message_dict == {
        "name": ["Un thème « santé » existe déjà dans cette démarche."]
    }
    other = make_process(slug="autre")
    services.add_theme(actor=organiser, process=other, name="Logement")
    # The same name in another démarche is another theme.
    assert services.add_theme(actor=organiser, process=process, name="Logement").slug == "logement"
    assert list(process.themes.values_list("name", flat=True)) == [
        "Emploi",
        "Mobilité",
        "Santé",
        "Logement",
    ]


@pytest.mark.django_db
def test_the_database_refuses_two_themes_named_alike(make_process):
    process = make_process()
    with pytest.raises(IntegrityError), transaction.atomic():
        Theme.objects.create(process=process, name="EMPLOI", slug="emploi-2")


@pytest.mark.django_db
def test_a_renamed_theme_keeps_its_slug_and_its_contributions(organiser, citizen, make_process):
    process = make_process()
    theme = process.themes.get(name="Mobilité")
    contribution = debates.submit_contribution(
        actor=citizen, process=process, body="Un car le dimanche.", theme=theme
    )
    services.rename_theme(
        actor=organiser, theme=theme, name="Transports", description="Cars, vélos, trains."
    )
    theme.refresh_from_db()
    contribution.refresh_from_db()
    assert (theme.name, theme.slug, theme.description) == (
        "Transports",
        "mobilite",
        "Cars, vélos, trains.",
    )
    assert contribution.theme == theme
    entry = AuditEntry.objects.get(action="processes.rename_theme")
    assert entry.actor == organiser
    assert entry.target_id == str(theme.pk)


@pytest.mark.django_db
def test_a_theme_cannot_take_the_name_of_another(organiser, make_process):
    process = make_process()
    theme = process.themes.get(name="Mobilité")
    with pytest.raises(ValidationError):
        services.rename_theme(actor=organiser, theme=theme, name="emploi")
    # Its own name in other letters is fine.
    services.rename_theme(actor=organiser, theme=theme, name="MOBILITÉ")
    theme.refresh_from_db()
    assert theme.name == "MOBILITÉ"


@pytest.mark.django_db
def test_a_theme_nothing_uses_is_deleted_at_once(organiser, make_process):
    process = make_process()
    theme = process.themes.get(name="Emploi")
    assert services.theme_deletion_effects(theme) == []
    services.delete_theme(actor=organiser, theme=theme)
    assert not Theme.objects.filter(pk=theme.pk).exists()


@pytest.mark.django_db
def test_deleting_a_theme_in_use_is_refused_until_confirmed(
    organiser, citizen, other_citizen, make_process
):
    process = make_process()
    theme = process.themes.get(name="Mobilité")
    first = debates.submit_contribution(
        actor=citizen, process=process, body="Un car le dimanche.", theme=theme
    )
    debates.submit_contribution(
        actor=other_citizen, process=process, body="Des vélos à la gare.", theme=theme
    )
    effects = services.theme_deletion_effects(theme)
    assert effects == [
        "Contributions concernées : 2. Le thème leur sera retiré ; rien n'est supprimé."
    ]
    with pytest.raises(ValidationError) as error:
        services.delete_theme(actor=organiser, theme=theme)
    assert error.value.code == "needs_confirmation"
    assert Theme.objects.filter(pk=theme.pk).exists()

    services.delete_theme(actor=organiser, theme=theme, confirmed=True)
    first.refresh_from_db()
    assert not Theme.objects.filter(pk=theme.pk).exists()
    assert (first.theme, first.body) == (None, "Un car le dimanche.")
    entry = AuditEntry.objects.get(action="processes.delete_theme")
    assert entry.data["effects"] == effects


@pytest.mark.django_db
def test_a_phase_to_come_that_opens_nothing_is_deleted_at_once(organiser, make_process):
    process = make_process()
    now = timezone.now()
    later = services.add_phase(
        actor=organiser,
        process=process,
        title="Synthèse",
        kind=Phase.Kind.SYNTHESIS,
        starts_at=now + timedelta(days=30),
        ends_at=now + timedelta(days=40),
    )
    assert services.phase_deletion_effects(later) == []
    services.delete_phase(actor=organiser, phase=later)
    assert not Phase.objects.filter(pk=later.pk).exists()


@pytest.mark.django_db
def test_deleting_a_running_phase_says_what_closes_and_waits_for_confirmation(
    organiser, citizen, make_process
):
    process = make_process(open=("contribute", "reply"))
    phase = process.phases.get(title="Contributions")
    contribution = debates.submit_contribution(
        actor=citizen, process=process, body="Un car le dimanche."
    )
    started = timezone.localtime(phase.starts_at)
    effects = services.phase_deletion_effects(phase)
    assert effects == [
        "Elle disparaîtra du calendrier public, où elle figure depuis le "
        f"{started.day} {MONTHS[started.month - 1]} {started.year}.",
        "Ce qu'elle ouvre ne sera plus ouvert à ces dates : contribuer, "
        "répondre aux contributions.",
        "Rien de ce qui a été écrit pendant cette phase n'est supprimé.",
    ]
    with pytest.raises(ValidationError):
        services.delete_phase(actor=organiser, phase=phase)
    assert Phase.objects.filter(pk=phase.pk).exists()

    services.delete_phase(actor=organiser, phase=phase, confirmed=True)
    assert not Phase.objects.filter(pk=phase.pk).exists()
    contribution.refresh_from_db()
    assert contribution.body == "Un car le dimanche."
    entry = AuditEntry.objects.get(action="processes.delete_phase")
    assert entry.data["effects"] == effects


@pytest.mark.django_db
def test_deleting_the_last_phase_of_a_published_process_is_announced(organiser, make_process):
    process = make_process()
    process.phases.get(title="Information").delete()
    phase = process.phases.get()
    assert (
        "La démarche publiée n'aura plus aucune phase : son calendrier sera vide."
        in services.phase_deletion_effects(phase)
    )


@pytest.mark.django_db
def test_the_delete_button_shows_what_will_happen_then_deletes_once_confirmed(
    client, organiser, citizen, make_process
):
    process = make_process()
    theme = process.themes.get(name="Mobilité")
    debates.submit_contribution(
        actor=citizen, process=process, body="Un car le dimanche.", theme=theme
    )
    login_staff(client, organiser)
    url = f"/demarches/{process.slug}/equipe/themes/{theme.pk}/supprimer/"
    response = client.post(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Supprimer le thème « Mobilité »\u00a0?" in html
    assert (
        "Contributions concernées : 1. Le thème leur sera retiré ; rien n&#x27;est supprimé."
        in html
    )
    assert Theme.objects.filter(pk=theme.pk).exists()

    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    assert not Theme.objects.filter(pk=theme.pk).exists()

    # A theme nothing uses goes at the first press.
    unused = process.themes.get(name="Emploi")
    response = client.post(f"/demarches/{process.slug}/equipe/themes/{unused.pk}/supprimer/")
    assert response.status_code == 302
    assert not Theme.objects.filter(pk=unused.pk).exists()


@pytest.mark.django_db
def test_the_phase_delete_button_asks_before_deleting_a_running_phase(
    client, organiser, make_process
):
    process = make_process()
    phase = process.phases.get(title="Contributions")
    login_staff(client, organiser)
    url = f"/demarches/{process.slug}/equipe/phases/{phase.pk}/supprimer/"
    response = client.post(url)
    assert response.status_code == 200
    assert "Supprimer la phase « Contributions »\u00a0?" in response.content.decode()
    assert Phase.objects.filter(pk=phase.pk).exists()
    assert client.post(url, {"confirm": "1"}).status_code == 302
    assert not Phase.objects.filter(pk=phase.pk).exists()


@pytest.mark.django_db
def test_staff_rename_a_theme_on_its_page_and_see_a_clear_refusal(client, organiser, make_process):
    process = make_process()
    theme = process.themes.get(name="Mobilité")
    login_staff(client, organiser)
    url = f"/demarches/{process.slug}/equipe/themes/{theme.pk}/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'value="Mobilité"' in page.content.decode()
    refused = client.post(url, {"name": "Santé", "description": ""})
    assert refused.status_code == 400
    assert "Un thème « Santé » existe déjà dans cette démarche." in refused.content.decode()
    assert client.post(url, {"name": "Transports", "description": ""}).status_code == 302
    theme.refresh_from_db()
    assert theme.name == "Transports"
    # Adding a theme under a taken name says so on the management page.
    response = client.post(
        f"/demarches/{process.slug}/equipe/themes/", {"name": "EMPLOI"}, follow=True
    )
    assert "Un thème « EMPLOI » existe déjà dans cette démarche." in response.content.decode()
    assert process.themes.count() == 3
