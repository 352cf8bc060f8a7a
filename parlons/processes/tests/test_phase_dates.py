"""A phase's dates: in core.validators' range, to the minute, as the form shows them."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.timezone import localtime

from parlons.conftest import login_staff
from parlons.processes import services
from parlons.processes.models import Phase

pytestmark = pytest.mark.django_db


def phase_form(phase: Phase, **changes) -> dict:
    return {
        "kind": phase.kind,
        "title": phase.title,
        "description": phase.description,
        "starts_at": localtime(phase.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": localtime(phase.ends_at).strftime("%Y-%m-%dT%H:%M"),
        "components": phase.components,
    } | changes


def test_saving_an_unchanged_phase_form_works_and_changes_nothing(client, organiser, make_process):
    process = make_process()
    information, contributions = process.phases.order_by("starts_at")
    # One phase ends where the next starts, both set to the second by a script.
    now = timezone.now().replace(second=37, microsecond=123)
    Phase.objects.filter(pk=information.pk).update(ends_at=now)
    Phase.objects.filter(pk=contributions.pk).update(starts_at=now)
    contributions.refresh_from_db()
    contributions.save()  # any save keeps the minute only
    information.refresh_from_db()
    information.save()
    login_staff(client, organiser)
    response = client.post(
        f"/demarches/{process.slug}/equipe/phases/{contributions.pk}/", phase_form(contributions)
    )
    assert response.status_code == 302
    contributions.refresh_from_db()
    assert contributions.starts_at == now.replace(second=0, microsecond=0)


def test_a_phase_is_kept_to_the_minute_whatever_saves_it(make_process):
    process = make_process()
    for phase in process.phases.all():
        assert (phase.starts_at.second, phase.starts_at.microsecond) == (0, 0)
        assert (phase.ends_at.second, phase.ends_at.microsecond) == (0, 0)


@pytest.mark.parametrize(
    "ends_at",
    ["0001-01-01T00:00", "1999-12-31T23:59", "2100-01-01T01:00", "9999-12-31T23:59"],
)
def test_a_phase_out_of_the_range_is_refused_by_the_form_in_french(
    client, organiser, make_process, ends_at
):
    process = make_process()
    phase = process.phases.get(kind="contributions")
    login_staff(client, organiser)
    response = client.post(
        f"/demarches/{process.slug}/equipe/phases/{phase.pk}/", phase_form(phase, ends_at=ends_at)
    )
    assert response.status_code == 400
    assert response.context["form"].errors["ends_at"][0] == (
        "Choisissez une date entre 2000 et 2099."
    )
    before = phase.ends_at
    phase.refresh_from_db()
    assert phase.ends_at == before


def test_the_service_refuses_a_phase_in_year_one(organiser, make_process):
    process = make_process()
    with pytest.raises(ValidationError) as refused:
        services.add_phase(
            actor=organiser,
            process=process,
            kind=Phase.Kind.OTHER,
            title="Très ancienne",
            starts_at=datetime(1, 1, 2, tzinfo=UTC),
            ends_at=datetime(1, 1, 2, tzinfo=UTC) + timedelta(days=1),
        )
    assert refused.value.message_dict["starts_at"] == ["Choisissez une date entre 2000 et 2099."]
