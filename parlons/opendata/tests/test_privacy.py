"""What never leaves: personal data planted everywhere is in no file, API answer, feed or catalogue."""

import json
import re

import pytest

from parlons.core.datasets import all_datasets
from parlons.opendata.tests.conftest import SECRET_EMAIL, SECRET_REAL_NAME

pytestmark = pytest.mark.django_db

SECRET_ADDRESS = "203.0.113.77"


def everything_published(client, process) -> str:
    """Every file, package, catalogue and API answer, as one text."""
    texts = []
    for scope in ("/donnees", f"/donnees/{process.slug}"):
        for dataset in all_datasets():
            for extension in ("csv", "json"):
                response = client.get(f"{scope}/{dataset.name}.{extension}")
                assert response.status_code == 200, (scope, dataset.name)
                texts.append(b"".join(response.streaming_content).decode())
        texts.append(client.get(f"{scope}/datapackage.json").content.decode())
        texts.append(client.get(f"{scope}/").content.decode())
        feed = client.get(f"{scope}/flux.atom")
        assert feed.status_code == 200
        texts.append(feed.content.decode())
    texts.append(client.get("/donnees/catalog.jsonld").content.decode())
    texts.append(client.get("/donnees/catalog.ttl").content.decode())
    for dataset in all_datasets():
        for extension in [attachment.extension for attachment in dataset.attachments]:
            response = client.get(f"/donnees/{process.slug}/{dataset.name}.{extension}")
            assert response.status_code == 200, (dataset.name, extension)
            texts.append(b"".join(response.streaming_content).decode())
    paths = ["", "/phases"] + [
        f"/{dataset.name}"
        for dataset in all_datasets()
        if dataset.name not in ("demarches", "phases") and not dataset.territory_wide
    ]
    for path in paths:
        response = client.get(f"/api/v1/demarches/{process.slug}{path}?limite=100")
        assert response.status_code == 200, path
        texts.append(response.content.decode())
    texts.append(client.get("/api/v1/demarches").content.decode())
    for dataset in all_datasets():
        if dataset.territory_wide:  # the territory's tables (the library of initiatives)
            response = client.get(f"/api/v1/{dataset.name}?limite=100")
            assert response.status_code == 200, dataset.name
            texts.append(response.content.decode())
    return "\n".join(texts)


def test_no_personal_data_leaves(
    client, debate, meeting, participation, process, writer, citizen, organiser, expert, built
):
    from parlons.budgets.models import Ballot, BallotChoice, VoterRecord
    from parlons.core.models import AuditEntry

    # An address seen by the platform (the audit log keeps none, but make sure of it).
    AuditEntry.objects.create(action="debates.contribute", data={"ip": SECRET_ADDRESS})
    published = everything_published(client, process)
    for secret in (
        SECRET_EMAIL,
        "martine.secret",
        SECRET_REAL_NAME,
        "Cachée-Durandal",
        SECRET_ADDRESS,
        citizen.email,
        writer.pseudonym,  # the pseudonym would link the démarches together
        "à ne jamais publier",  # hidden, withdrawn, held, and the reply under a hidden post
        str(writer.pk) + "@",
        organiser.email,
    ):
        assert secret not in published, secret
    # Nothing of a ballot leads back to a voter: no voter record, no ballot's own id.
    ballot_ids = [str(pk) for pk in Ballot.objects.values_list("pk", flat=True)]
    ballot_ids += [str(pk) for pk in BallotChoice.objects.values_list("pk", flat=True)]
    voter_keys = list(VoterRecord.objects.values_list("voter_key", flat=True))
    assert ballot_ids and voter_keys
    for secret in [*ballot_ids, *voter_keys, *(i.replace("-", "") for i in ballot_ids)]:
        assert secret not in published, secret
    # The expert signs on purpose, with the name they chose to show.
    assert "Claire Expert" in published


def test_authors_are_pseudonymous_per_process(client, debate, process, make_process, writer, built):
    from parlons.core.datasets import pseudonymous_id

    rows = client.get(f"/api/v1/demarches/{process.slug}/contributions").json()["items"]
    mine = pseudonymous_id(process.pk, writer.pk)
    assert next(row for row in rows if row["id"] == debate["first"].pk)["auteur"] == mine
    reply = client.get(f"/api/v1/demarches/{process.slug}/reponses").json()["items"][0]
    assert reply["auteur"] == mine  # the same person within one démarche
    other = make_process(slug="autre")
    assert pseudonymous_id(other.pk, writer.pk) != mine


def test_reaction_times_are_rounded_to_the_day(client, debate, process, built):
    rows = json.loads(
        b"".join(client.get(f"/donnees/{process.slug}/reactions-par-jour.json").streaming_content)
    )
    assert rows and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["jour"]) for row in rows)
    assert set(rows[0]) == {"demarche", "message", "jour", "reaction", "nombre"}


def public_pages(client, starts: list[str], limit: int = 400) -> str:
    """Every page a visitor reaches from `starts` by following the site's own links."""
    from collections import deque
    from html import unescape
    from urllib.parse import urldefrag, urljoin, urlsplit

    queue, seen, texts = deque(starts), set(), []
    while queue and len(seen) < limit:
        url = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        texts.append(html)
        for href in re.findall(r'<a [^>]*href="([^"]+)"', html):
            absolute, _fragment = urldefrag(urljoin(f"http://testserver{url}", unescape(href)))
            parts = urlsplit(absolute)
            if parts.netloc == "testserver" and not re.match(
                r"/(static|media|donnees)/", parts.path
            ):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return "\n".join(texts)


def test_an_erased_persons_pseudonym_is_nowhere_public(
    client, debate, meeting, participation, process, writer
):
    """After erasure, no page, feed, file or API answer names the person who left."""
    from parlons.opendata.exports import build_exports
    from parlons.privacy.services import erase_account

    named = re.compile(rf"\b{re.escape(writer.pseudonym)}\b")
    starts = ["/", f"/demarches/{process.slug}/", f"/demarches/{process.slug}/contributions/"]
    assert named.search(public_pages(client, starts)), "the test must see the pseudonym first"
    erase_account(actor=writer, user=writer)
    build_exports(reason="test")
    published = public_pages(client, starts) + everything_published(client, process)
    for scope in ("/donnees", f"/donnees/{process.slug}"):
        published += client.get(f"{scope}/flux.atom").content.decode()
    assert not named.search(published)
