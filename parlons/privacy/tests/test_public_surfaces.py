"""Personal data written in a text never reaches a public surface; its author still reads it.

One contribution, one reply, one official answer, one signature typed at the
counter and the minutes of a meeting each carry an e-mail address, a phone
number and the name of a private person. Every surface that shows them to
someone else (démarche page, contribution list, thread page, the list
filtered on a meeting, the meeting page and its calendar feed, the e-mails
sent to other people) must show the masked copy; the author's own page shows
what they wrote.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from parlons.conftest import make_person
from parlons.debates import services as debates
from parlons.meetings import services as meetings
from parlons.meetings.models import Place
from parlons.processes import services as processes

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "camille.prive@exemple.test"
PHONE = "06 12 34 56 78"
PERSON = "Armelle Kerbrat"
SECRETS = (EMAIL, PHONE, "Kerbrat")


def planted(what: str) -> str:
    return f"{what} : écrivez à {EMAIL} ou appelez le {PHONE}, dit Mme {PERSON}."


@pytest.fixture
def world(make_process, territory, citizen, other_citizen, mediator, expert, organiser):
    process = make_process()
    place = Place.objects.create(
        territory=territory, name="Salle du Port", kind=Place.Kind.VILLAGE_HALL
    )
    start = timezone.now() - timedelta(days=2)
    meeting = meetings.create_meeting(
        actor=organiser,
        process=process,
        place=place,
        title="Réunion du port",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        past_confirmed=True,
    )
    meetings.publish_minutes(actor=organiser, meeting=meeting, minutes=planted("Compte rendu"))
    contribution = debates.submit_contribution(
        actor=citizen, process=process, body=planted("Contribution")
    )
    debates.reply(actor=other_citizen, parent=contribution, body=planted("Réponse"))
    debates.answer_officially(
        actor=expert, contribution=contribution, body=planted("Réponse officielle")
    )
    debates.submit_on_behalf(
        actor=mediator,
        process=process,
        body=planted("Au guichet"),
        display_label=f"Mme {PERSON}, {PHONE}",
        consent=True,
        occasion=meeting.occasion,
    )
    return {"process": process, "meeting": meeting, "contribution": contribution}


def surfaces(world) -> dict[str, str]:
    slug = world["process"].slug
    meeting = world["meeting"]
    return {
        "démarche": f"/demarches/{slug}/",
        "liste": f"/demarches/{slug}/contributions/",
        "fil": world["contribution"].get_absolute_url(),
        "liste par réunion": f"/demarches/{slug}/contributions/?reunion={meeting.occasion_id}",
        "réunion": meeting.get_absolute_url(),
        "agenda": f"/demarches/{slug}/reunions.ics",
    }


def assert_masked(name: str, text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, f"{secret!r} shows on the {name}"


def test_no_public_surface_shows_the_planted_personal_data(client, world, territory):
    pages = {}
    for reader in (None, make_person(territory, "lectrice")):
        if reader is not None:
            client.force_login(reader)
        for name, url in surfaces(world).items():
            response = client.get(url)
            assert response.status_code == 200, url
            pages[name] = response.content.decode()
            assert_masked(f"{name} page ({'signed in' if reader else 'anonymous'})", pages[name])
    assert "[e-mail]" in pages["fil"] and "[téléphone]" in pages["fil"]
    # Rendered Markdown keeps the colon with its word (French typography).
    assert "Compte rendu\u00a0: écrivez à [e-mail]" in pages["réunion"]
    assert "Réponse officielle : écrivez à [e-mail]" in pages["fil"]
    assert "Au guichet : écrivez à [e-mail]" in pages["liste par réunion"]


def test_e_mails_to_other_people_carry_the_masked_text(world):
    messages = [message.body for message in mail.outbox]
    assert len(messages) == 2  # the reply and the official answer, both to the citizen
    for body in messages:
        assert_masked("e-mail", body.replace("camille@exemple.test", ""))


def test_the_author_reads_their_own_words(client, world, citizen):
    client.force_login(citizen)
    thread = client.get(world["contribution"].get_absolute_url()).content.decode()
    assert EMAIL in thread  # their own contribution, as they wrote it
    # the reply and the official answer, written by others, stay masked for them too
    assert "Réponse : écrivez à [e-mail]" in thread
    assert "Réponse officielle : écrivez à [e-mail]" in thread
    listing = client.get(f"/demarches/{world['process'].slug}/contributions/").content.decode()
    assert EMAIL in listing


def test_a_new_public_figure_is_shown_again_everywhere(client, world, territory, administrator):
    processes.update_territory(actor=administrator, territory=territory, public_names=PERSON)
    page = client.get(world["contribution"].get_absolute_url()).content.decode()
    assert f"Mme {PERSON}" in page
    assert EMAIL not in page and PHONE not in page
    meeting_page = client.get(world["meeting"].get_absolute_url()).content.decode()
    assert f"Mme {PERSON}" in meeting_page


def test_the_public_read_models_leave_the_private_fields_behind(world, moderator):
    from parlons.debates import queries

    process = world["process"]
    debates.hide(actor=moderator, contribution=world["contribution"], reason="Hors sujet.")
    contributions = list(queries.public_contributions(process))
    replies = list(queries.public_replies(process))
    answers = list(queries.public_official_answers(process))
    assert [c.public_body for c in contributions] == [
        "Au guichet : écrivez à [e-mail] ou appelez le [téléphone], dit Mme [nom]."
    ]  # the hidden contribution is not there
    assert len(replies) == 1  # replies stay, as on the hidden contribution's page
    assert answers == []  # an answer to a hidden contribution goes with it
    debates.restore(actor=moderator, contribution=world["contribution"])
    answers = list(queries.public_official_answers(process))
    assert [
        a.public_body.startswith("Réponse officielle : écrivez à [e-mail]") for a in answers
    ] == [True]
    assert "body" in answers[0].get_deferred_fields()
    for item in [*contributions, *replies]:
        assert {"body", "display_label", "entered_by_id"} <= item.get_deferred_fields()
    assert contributions[0].public_display_label == "Mme [nom], [téléphone]"
