"""A tiny démarche to analyse: three subjects, a copied text, people who react."""

import pytest

from parlons.debates.models import Contribution, Reaction
from parlons.privacy.publication import create_published

BIKES = [
    "Il faudrait des pistes cyclables sûres pour aller au collège à vélo.",
    "Les pistes cyclables s'arrêtent net avant le pont, c'est dangereux à vélo.",
    "Plus de parkings à vélo sécurisés près de la gare, et des pistes cyclables continues.",
    "Le vélo électrique coûte cher : une aide de la commune et des pistes cyclables.",
    "Une piste cyclable le long de la départementale pour rejoindre la zone d'activité à vélo.",
    "Des arceaux à vélo devant la mairie et une piste cyclable jusqu'au marché.",
    "Je vais au travail à vélo mais les pistes cyclables sont mal entretenues.",
    "Apprendre le vélo aux enfants et tracer des pistes cyclables autour des écoles.",
]
LIBRARY = [
    "La médiathèque devrait ouvrir le dimanche et plus tard le soir.",
    "Des ateliers numériques à la médiathèque pour les personnes âgées.",
    "Les horaires de la médiathèque ne conviennent pas à ceux qui travaillent.",
    "Un espace de travail calme à la médiathèque avec une bonne connexion.",
    "Plus de livres en gros caractères à la médiathèque, et des ateliers lecture.",
    "La médiathèque pourrait prêter des ordinateurs et proposer des ateliers numériques.",
    "Ouvrir la médiathèque le samedi après-midi pour les familles.",
    "Des ateliers pour les enfants à la médiathèque pendant les vacances.",
]
CAMPAIGN = (
    "Nous demandons la gratuité des transports scolaires pour toutes les familles du territoire."
)


@pytest.fixture
def process(make_process):
    return make_process()


@pytest.fixture
def corpus(process, corpus_of):
    return corpus_of(process)


@pytest.fixture
def corpus_of(territory, citizen, other_citizen):
    """corpus_of(process): 16 contributions on two subjects, one text copied 3 times."""

    def build(process):
        return _corpus(process, territory, citizen, other_citizen)

    return build


def _corpus(process, territory, citizen, other_citizen):
    communes = list(territory.communes.all())
    made = []
    for index, body in enumerate(BIKES + LIBRARY):
        made.append(
            create_published(
                Contribution,
                process=process,
                author=citizen if index % 2 else other_citizen,
                body=body,
                place=communes[index % 2],
                source=Contribution.Source.PAPER if index % 4 == 0 else Contribution.Source.ONLINE,
            )
        )
    for _copy in range(3):
        made.append(
            create_published(
                Contribution, process=process, author=citizen, body=CAMPAIGN, place=communes[0]
            )
        )
    return made


@pytest.fixture
def votes(process, corpus, territory):
    """Two camps of 12 people: one agrees with the bike texts, the other with the library's."""
    from parlons.conftest import make_person

    bikes, library = corpus[:8], corpus[8:16]
    for person in range(24):
        user = make_person(territory, f"votant{person}")
        first_camp = person < 12
        for contribution in bikes:
            value = Reaction.Value.AGREE if first_camp else Reaction.Value.DISAGREE
            Reaction.objects.create(contribution=contribution, user=user, value=value)
        for contribution in library:
            value = Reaction.Value.DISAGREE if first_camp else Reaction.Value.AGREE
            if person % 5 == 0:
                value = Reaction.Value.PASS
            Reaction.objects.create(contribution=contribution, user=user, value=value)
    return 24
