"""Bad values are refused with a clear French message, on the service and on the page."""

import html
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from parlons.conftest import login_staff, out_of_reach, stored_files
from parlons.core.models import AuditEntry
from parlons.followup import services
from parlons.followup.models import ResultUpdate, Status, TrackedResult
from parlons.followup.tests.conftest import png_bytes
from parlons.followup.validators import PHOTO_MAX_BYTES

pytestmark = pytest.mark.django_db


def refusal(write) -> dict:
    with pytest.raises(ValidationError) as caught:
        write()
    return caught.value.message_dict


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"progress": 101}, "progress", "L'avancement est un pourcentage entre 0 et 100."),
        ({"progress": -1}, "progress", "L'avancement est un pourcentage entre 0 et 100."),
        ({"spent_amount": Decimal("-5")}, "spent_amount", "ne peut pas être négatif"),
        ({"status": Status.ABANDONED}, "status_reason", "pourquoi cette décision est abandonnée"),
        ({"status": Status.ABANDONED, "status_reason": "  "}, "status_reason", "abandonnée"),
    ],
)
def test_a_result_refuses_bad_values(make_result, organiser, fields, field, message):
    result = make_result()
    errors = refusal(lambda: services.update_result(actor=organiser, result=result, **fields))
    assert message in " ".join(errors[field])
    errors = refusal(
        lambda: services.post_update(actor=organiser, result=result, text="Texte.", **fields)
    )
    assert message in " ".join(errors[field])
    fresh = TrackedResult.objects.get(pk=result.pk)
    assert (fresh.status, fresh.progress, fresh.spent_amount) == (Status.STUDY, 0, None)
    assert not AuditEntry.objects.filter(action__in=["followup.update", "followup.post_update"])


def test_an_abandoned_decision_says_why_publicly(make_result, organiser, client):
    result = make_result()
    services.update_result(
        actor=organiser,
        result=result,
        status=Status.ABANDONED,
        status_reason="Le terrain prévu n'est finalement pas disponible.",
    )
    page = html.unescape(client.get(result.get_absolute_url()).content.decode())
    assert "Motif de l'abandon\xa0: Le terrain prévu n'est finalement pas disponible." in page


def test_an_update_needs_a_text_and_a_described_readable_photo(make_result, organiser):
    result = make_result()
    assert (
        "Écrivez ce qui a avancé"
        in refusal(lambda: services.post_update(actor=organiser, result=result, text="  "))["text"][
            0
        ]
    )

    def photo(content=None, name="chantier.png"):
        return SimpleUploadedFile(name, content or png_bytes(), content_type="image/png")

    cases = [
        (photo(), "", "photo_alt", "Décrivez la photo"),
        (photo(b"pas une image"), "Un chantier", "photo", "n'est pas une image lisible"),
        (photo(png_bytes(kind="GIF"), "x.gif"), "Un chantier", "photo", "JPEG, PNG ou WebP"),
        (photo(png_bytes(6001, 10)), "Un chantier", "photo", "plus de 6000 pixels"),
        (
            photo(b"\0" * (PHOTO_MAX_BYTES + 1)),
            "Un chantier",
            "photo",
            "La photo pèse plus de 3 Mo",
        ),
    ]
    for upload, alt, field, message in cases:
        with pytest.raises(ValidationError) as caught:
            services.post_update(
                actor=organiser,
                result=result,
                text="Le chantier a commencé.",
                photo=upload,
                photo_alt=alt,
                progress=30,
            )
        errors = caught.value.message_dict
        assert message in " ".join(errors[field]), (field, errors)
    assert ResultUpdate.objects.filter(result=result).count() == 1  # the first line only
    assert TrackedResult.objects.get(pk=result.pk).progress == 0

    update = services.post_update(
        actor=organiser,
        result=result,
        text="Le chantier a commencé.",
        photo=photo(),
        photo_alt="La dalle de l'abri coulée",
        progress=30,
    )
    assert update.photo.name.startswith("followup/") and update.progress == 30


def test_the_update_form_keeps_what_was_typed_and_explains_in_french(
    make_result, organiser, client
):
    result = make_result()
    login_staff(client, organiser)
    url = f"/demarches/{result.process.slug}/suivi/{result.pk}/actualite/"
    response = client.post(
        url,
        {
            "text": "Les travaux commencent lundi.",
            "status": "in_progress",
            "progress": "140",
            "spent_amount": "-3",
            "photo": SimpleUploadedFile("a.png", b"rien", content_type="image/png"),
            "photo_alt": "",
        },
    )
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "L'avancement est un pourcentage entre 0 et 100." in page
    assert "Le montant dépensé ne peut pas être négatif." in page
    assert "Les travaux commencent lundi." in page

    response = client.post(
        url, {"text": "Les travaux commencent lundi.", "status": "abandoned", "progress": "10"}
    )
    assert response.status_code == 400
    assert "pourquoi cette décision est abandonnée" in response.content.decode()
    assert not ResultUpdate.objects.filter(text__startswith="Les travaux").exists()

    response = client.post(
        url,
        {
            "text": "Les travaux commencent lundi.",
            "status": "in_progress",
            "progress": "15",
            "spent_amount": "1200.50",
            "photo": SimpleUploadedFile("a.png", png_bytes(), content_type="image/png"),
            "photo_alt": "Le terrain avant les travaux",
        },
    )
    assert response.status_code == 302
    result.refresh_from_db()
    assert (result.status, result.progress, result.spent_amount) == (
        "in_progress",
        15,
        Decimal("1200.50"),
    )


def test_an_update_that_fails_after_writing_its_photo_leaves_no_file(
    make_result, organiser, monkeypatch
):
    result = make_result()
    folder = ResultUpdate._meta.get_field("photo").upload_to.rstrip("/")
    before = stored_files(folder)
    monkeypatch.setattr(services.audit, "record", out_of_reach)
    with pytest.raises(RuntimeError):
        services.post_update(
            actor=organiser,
            result=result,
            text="Le chantier a commencé.",
            photo=SimpleUploadedFile("chantier.png", png_bytes(), content_type="image/png"),
            photo_alt="Un chantier",
        )
    assert stored_files(folder) == before
    assert ResultUpdate.objects.filter(result=result).count() == 1  # the first line only
