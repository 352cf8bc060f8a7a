"""A démarche with a little of everything the open data publishes, and what it must not."""

from datetime import timedelta

import pytest
from django.utils import timezone

from parlons.accounts.models import User
from parlons.debates.models import Contribution, OfficialAnswer, Reaction
from parlons.meetings.models import Meeting, Place
from parlons.opendata.exports import build_exports
from parlons.privacy.publication import create_published

SECRET_EMAIL = "martine.secret@exemple.test"
SECRET_REAL_NAME = "Martine Cachée-Durandal"


@pytest.fixture(autouse=True)
def files_in_tmp(settings, tmp_path):
    settings.OPENDATA_DIR = tmp_path / "opendata"
    settings.PUBLIC_URL = "https://participer.exemple.fr"
    settings.API_RATE_LIMIT = 1000


@pytest.fixture
def process(make_process):
    return make_process()


@pytest.fixture
def writer(territory):
    """A resident who wrote under a pseudonym and chose NOT to show their real name."""
    return User.objects.create_user(
        email=SECRET_EMAIL,
        password="un mot de passe assez long",
        pseudonym="plume",
        real_name=SECRET_REAL_NAME,
        show_real_name=False,
    )


@pytest.fixture
def debate(process, writer, citizen, other_citizen, expert, territory):
    """Two visible contributions with a reply and reactions; a hidden, a withdrawn, a held one."""
    theme = process.themes.get(slug="mobilite")
    commune = territory.communes.get(slug="port-essai")
    commune.insee_code = "29100"
    commune.save()
    first = create_published(
        Contribution,
        process=process,
        author=writer,
        body="Plus de bus le dimanche. Écrivez-moi : martine.secret@exemple.test",
        theme=theme,
        place=commune,
    )
    formula = create_published(
        Contribution, process=process, author=citizen, body='=HYPERLINK("http://x")'
    )
    reply = create_published(
        Contribution,
        process=process,
        author=writer,
        body="Je précise : le matin surtout.",
        parent=first,
        root=first,
        depth=1,
    )
    hidden = create_published(
        Contribution,
        process=process,
        author=citizen,
        body="Texte masqué par la modération, à ne jamais publier.",
        is_hidden=True,
        hidden_reason="hors sujet",
    )
    withdrawn = create_published(
        Contribution,
        process=process,
        author=citizen,
        body="Texte retiré par son auteur, à ne jamais publier.",
        withdrawn_at=timezone.now(),
    )
    held = create_published(
        Contribution,
        process=process,
        author=citizen,
        body="Texte en attente de vérification, à ne jamais publier.",
        held_for_review=True,
    )
    reply_to_hidden = create_published(
        Contribution,
        process=process,
        author=other_citizen,
        body="Réponse sous un message masqué, à ne jamais publier.",
        parent=hidden,
        root=hidden,
        depth=1,
    )
    Reaction.objects.create(contribution=first, user=citizen, value=Reaction.Value.AGREE)
    Reaction.objects.create(contribution=first, user=other_citizen, value=Reaction.Value.AGREE)
    Reaction.objects.create(contribution=first, user=expert, value=Reaction.Value.DISAGREE)
    Reaction.objects.create(contribution=reply, user=citizen, value=Reaction.Value.PASS)
    answer = create_published(
        OfficialAnswer,
        process=process,
        contribution=first,
        author=expert,
        body="La ligne 3 passera le dimanche dès janvier.",
    )
    return {
        "first": first,
        "formula": formula,
        "reply": reply,
        "hidden": hidden,
        "withdrawn": withdrawn,
        "held": held,
        "reply_to_hidden": reply_to_hidden,
        "answer": answer,
    }


@pytest.fixture
def meeting(process, territory, organiser):
    place = Place.objects.create(
        territory=territory,
        name="Médiathèque du Port",
        kind=Place.Kind.LIBRARY,
        address="2 quai des Goélands",
        postcode="29001",
        commune=territory.communes.get(slug="port-essai"),
        latitude="47.658236",
        longitude="-2.760847",
    )
    starts = timezone.now() - timedelta(days=2)
    return create_published(
        Meeting,
        process=process,
        place=place,
        title="Atelier mobilités",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        minutes="Nous étions vingt. Martine Cachée-Durandal a demandé des bus.",
        minutes_published_at=timezone.now(),
        created_by=organiser,
    )


@pytest.fixture
def built(debate, meeting):
    return build_exports(reason="test")
