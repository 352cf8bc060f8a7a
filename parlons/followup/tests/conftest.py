"""Démarches and decisions for the follow-up tests, on top of the shared personas."""

import io
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from parlons.followup import services
from parlons.processes.decisions import Decision


@pytest.fixture
def process(make_process):
    return make_process()


def decision_of(process, key="7", title="Un abri vélo à la gare", amount="12000", kind="proposal"):
    return Decision(
        kind=kind,
        key=key,
        process_id=process.pk,
        title=title,
        summary="Accepté : l'abri sera posé au printemps.",
        url=f"/demarches/{process.slug}/propositions/{key}/",
        decided_at=datetime(2026, 12, 1, 10, tzinfo=UTC),
        decided_by="Conseil municipal",
        amount=Decimal(amount) if amount is not None else None,
    )


@pytest.fixture
def make_result(process, organiser):
    def build(title="Une permanence numérique le samedi", **fields):
        return services.create_result(
            actor=organiser, process=fields.pop("process", process), title=title, **fields
        )

    return build


def png_bytes(width=40, height=30, kind="PNG") -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 80, 140)).save(buffer, format=kind)
    return buffer.getvalue()
