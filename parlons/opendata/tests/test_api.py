"""The public API: same items as the files and the pages, filters, cursor pages, errors, limits."""

import pytest
from django.core.cache import caches

pytestmark = pytest.mark.django_db


def test_processes_and_phases(client, debate, process, make_process):
    make_process(slug="brouillon", status="draft", title="Brouillon")
    data = client.get("/api/v1/demarches").json()
    assert [item["demarche"] for item in data["items"]] == [process.slug]
    assert data["suivant"] is None
    assert client.get(f"/api/v1/demarches/{process.slug}").json()["titre"] == process.title
    phases = client.get(f"/api/v1/demarches/{process.slug}/phases").json()
    assert [phase["numero"] for phase in phases] == [1, 2]
    assert client.get("/api/v1/demarches/brouillon").status_code == 404


def test_contributions_are_the_visible_ones_with_their_counts(client, debate, process):
    data = client.get(f"/api/v1/demarches/{process.slug}/contributions").json()
    # Newest first, as the pages list them.
    assert [item["id"] for item in data["items"]] == [debate["formula"].pk, debate["first"].pk]
    first = data["items"][1]
    assert first["d_accord"] == 2 and first["reponses"] == 1
    assert first["texte"] == debate["first"].public_body
    assert first["texte"] != debate["first"].body
    replies = client.get(f"/api/v1/demarches/{process.slug}/reponses").json()
    assert [item["id"] for item in replies["items"]] == [debate["reply"].pk]


def test_filters_by_theme_commune_and_dates(client, debate, process):
    url = f"/api/v1/demarches/{process.slug}/contributions"
    ids = lambda query: [item["id"] for item in client.get(url + query).json()["items"]]  # noqa: E731
    assert ids("?theme=mobilite") == [debate["first"].pk]
    assert ids("?theme=emploi") == []
    assert ids("?commune=port-essai") == [debate["first"].pk]
    assert ids("?commune=29100") == [debate["first"].pk]
    assert ids("?depuis=2000-01-01") == [debate["formula"].pk, debate["first"].pk]
    assert ids("?jusqu_au=2000-01-01") == []
    # The first and last days a date can name (found by schemathesis: year 0 in UTC).
    assert ids("?depuis=0001-01-01&jusqu_au=9999-12-31") == ids("")
    assert client.get("/api/v1/contributions?depuis=0001-01-01").status_code == 200


def test_cursor_pages_walk_every_item_once(client, debate, process):
    url = f"/api/v1/demarches/{process.slug}/contributions?limite=1"
    first = client.get(url).json()
    assert [item["id"] for item in first["items"]] == [debate["formula"].pk]
    second = client.get(url + f"&curseur={first['suivant']}").json()
    assert [item["id"] for item in second["items"]] == [debate["first"].pk]
    assert second["suivant"] is None


def test_meetings(client, meeting, process):
    data = client.get(f"/api/v1/demarches/{process.slug}/reunions").json()
    assert [item["id"] for item in data["items"]] == [meeting.pk]
    assert data["items"][0]["latitude"] == pytest.approx(47.658236)
    assert (
        client.get(f"/api/v1/demarches/{process.slug}/reunions?commune=saint-essai").json()["items"]
        == []
    )


def test_errors_have_a_documented_body_in_french_and_english(client, process):
    missing = client.get("/api/v1/demarches/inconnue/contributions")
    assert missing.status_code == 404
    assert missing.json() == {
        "erreur": {"code": "not_found", "message": "Introuvable.", "message_en": "Not found."}
    }
    bad = client.get(f"/api/v1/demarches/{process.slug}/contributions?limite=1000")
    assert bad.status_code == 422
    assert bad.json()["erreur"]["code"] == "invalid"
    assert bad.json()["erreur"]["message_en"]
    cursor = client.get(f"/api/v1/demarches/{process.slug}/contributions?curseur=abc")
    assert cursor.status_code == 422


def test_each_client_is_limited_with_429_and_retry_after(client, settings, process, monkeypatch):
    from types import SimpleNamespace

    from parlons.core import limits

    caches["default"].clear()
    settings.API_RATE_LIMIT = 3
    # Counted per window of time: the test stands still in the middle of one, so that a
    # window ending between two requests cannot give the client a new allowance.
    middle = (1_800_000_000 // 60) * 60 + 30.0
    monkeypatch.setattr(limits, "time", SimpleNamespace(time=lambda: middle))
    for _attempt in range(3):
        assert client.get("/api/v1/demarches").status_code == 200
    refused = client.get("/api/v1/demarches")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) >= 1
    assert refused.json()["erreur"]["code"] == "rate_limited"
    # Another address has its own allowance.
    assert client.get("/api/v1/demarches", REMOTE_ADDR="192.0.2.7").status_code == 200


def test_read_access_from_anywhere(client, process):
    response = client.get("/api/v1/demarches", HTTP_ORIGIN="https://ailleurs.example")
    assert response["Access-Control-Allow-Origin"] == "*"
    preflight = client.options(
        "/api/v1/demarches",
        HTTP_ORIGIN="https://ailleurs.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )
    assert preflight.status_code == 204
    assert "GET" in preflight["Access-Control-Allow-Methods"]
    assert "Access-Control-Allow-Origin" not in client.get("/donnees/equipe/")


def test_openapi_describes_every_field_in_french(client):
    document = client.get("/api/openapi.json").json()
    assert "/api/v1/demarches/{slug}/contributions" in document["paths"]
    schemas = document["components"]["schemas"]
    undocumented = [
        f"{name}.{field}"
        for name, schema in schemas.items()
        if name.endswith("Item")
        for field, described in schema["properties"].items()
        if not described.get("description")
    ]
    assert undocumented == []
    for path in document["paths"].values():
        for operation in path.values():
            assert {"404", "422", "429"} <= set(operation["responses"])


def test_docs_are_served_from_this_host(client):
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    html = page.content.decode()
    assert "cdn" not in html.lower()
    assert "/static/ninja/swagger-ui-bundle.js" in html


def test_a_control_character_gets_the_json_error_body(client, process):
    response = client.get("/api/v1/demarches?curseur=%01")
    assert response.status_code == 400
    assert response.json()["erreur"]["code"] == "control_character"
    assert response.json()["erreur"]["message_en"]


def test_a_list_across_every_public_demarche_pages_with_a_stable_cursor(
    client, debate, process, make_process, writer
):
    from parlons.debates.models import Contribution
    from parlons.privacy.publication import create_published

    second = make_process(slug="deuxieme", title="Deuxième")
    make_process(slug="brouillon", status="draft", title="Brouillon")
    make_process(slug="vide", title="Sans contribution")
    other = create_published(Contribution, process=second, author=writer, body="Un banc au port.")
    create_published(
        Contribution,
        process=make_process(slug="zz-brouillon-2", status="draft"),
        author=writer,
        body="Pas encore publiée.",
    )
    everything = client.get("/api/v1/contributions?limite=100").json()
    assert [(item["demarche"], item["id"]) for item in everything["items"]] == [
        (process.slug, debate["formula"].pk),
        (process.slug, debate["first"].pk),
        ("deuxieme", other.pk),
    ]
    assert everything["suivant"] is None
    # One at a time: the same items, each once, in the same order.
    walked, cursor = [], ""
    for _ in range(10):
        page = client.get(f"/api/v1/contributions?limite=1{cursor}").json()
        walked += [item["id"] for item in page["items"]]
        if page["suivant"] is None:
            break
        assert "." in page["suivant"]
        cursor = f"&curseur={page['suivant']}"
    assert walked == [item["id"] for item in everything["items"]]
    # Filters apply in every démarche; a list without a queryset pages by position too.
    themed = client.get("/api/v1/contributions?theme=mobilite").json()["items"]
    assert [item["id"] for item in themed] == [debate["first"].pk]
    assert client.get("/api/v1/reactions-par-jour?limite=1").json()["items"]
    # A cursor of the list across démarches is a place in it, also with `demarche`.
    ids = lambda url: [item["id"] for item in client.get(url).json()["items"]]  # noqa: E731
    assert ids(f"/api/v1/contributions?curseur={second.pk}") == [other.pk]
    assert ids(f"/api/v1/contributions?demarche=deuxieme&curseur={process.pk}.0") == [other.pk]
    assert ids(f"/api/v1/contributions?demarche={process.slug}&curseur={second.pk}.0") == []
    cursor = f"{process.pk}.{debate['formula'].pk}"
    assert ids(f"/api/v1/contributions?demarche={process.slug}&curseur={cursor}") == [
        debate["first"].pk
    ]
    wrong = client.get("/api/v1/contributions?curseur=1.2.3")
    assert wrong.status_code == 422
    assert wrong.json()["erreur"]["code"] == "invalid"
    assert wrong.json()["erreur"]["message"] != wrong.json()["erreur"]["message_en"]


def test_cursor_pages_walk_items_of_the_same_moment_once_each(client, debate, process):
    from django.utils import timezone

    from parlons.debates.models import Contribution

    moment = timezone.now() - timezone.timedelta(days=3)
    same = [
        Contribution.objects.create(
            process=process, body=f"Même instant {n}", public_body=f"Même instant {n}",
            created_at=moment,
        )
        for n in range(3)
    ]  # fmt: skip
    url = f"/api/v1/demarches/{process.slug}/contributions"
    everything = [item["id"] for item in client.get(f"{url}?limite=100").json()["items"]]
    assert everything[-3:] == [item.pk for item in reversed(same)]  # same moment: by number
    walked, cursor = [], ""
    for _ in range(10):
        page = client.get(f"{url}?limite=1{cursor}").json()
        walked += [item["id"] for item in page["items"]]
        if page["suivant"] is None:
            break
        cursor = f"&curseur={page['suivant']}"
    assert walked == everything
