"""The demo's follow-up of decisions, as `load_demo` writes it (its part alone, to stay fast:
the whole demo is loaded by parlons/demo/tests)."""

import pytest

from parlons.accounts.models import Role
from parlons.demo import followup_data
from parlons.demo.backdating import Backdating
from parlons.followup.models import ResultUpdate, TrackedResult


@pytest.mark.django_db
def test_the_demo_follows_three_council_decisions_with_dated_updates_and_a_photo(
    client, territory, make_process, organiser
):
    process = make_process()
    followup_data.load(territory, process, {Role.ORGANISER: organiser}, Backdating())
    results = TrackedResult.objects.order_by("pk")
    assert [r.source_kind for r in results] == ["manual"] * 3
    assert {r.status for r in results} == {"study", "in_progress", "done"}
    assert all(r.responsible_service and r.planned_amount for r in results)
    updates = ResultUpdate.objects.exclude(text="")
    assert updates.count() == 5
    assert updates.exclude(photo="").get().photo_alt.startswith("Le coin numérique")
    # The history reads in the story's order: each decision first, then its news.
    for result in results:
        dates = list(result.updates.order_by("pk").values_list("published_at", flat=True))
        assert dates == sorted(dates)
    page = client.get("/demarches/transition-numerique/suivi/")
    assert page.status_code == 200
    assert "3 décisions suivies, 1 terminée, 1 en cours." in page.content.decode()
