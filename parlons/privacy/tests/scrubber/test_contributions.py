"""Whole contributions as citizens write them, and exactly what gets published."""

import pytest

from parlons.privacy.scrubber import Scrubber

pytestmark = pytest.mark.engine

CONTRIBUTIONS = [
    (
        "Bonjour, je m'appelle Sylvie Morvan et j'habite au 3 bis allée des Tilleuls à "
        "Quimperlé depuis 2012. Le carrefour devant l'école Jean Macé est dangereux. Vous "
        "pouvez me joindre au 06.45.12.88.09. Cordialement, S. Morvan",
        "Bonjour, je m'appelle [nom] et j'habite au [adresse] à Quimperlé depuis 2012. Le "
        "carrefour devant l'école Jean Macé est dangereux. Vous pouvez me joindre au "
        "[téléphone]. Cordialement, [nom]",
    ),
    (
        "Mme la Maire, le véhicule GH-412-KT stationne tous les soirs sur le passage piéton "
        "rue de Brest. Mon voisin, M. Tanguy, a déjà appelé la police municipale.",
        "Mme la Maire, le véhicule [plaque] stationne tous les soirs sur le passage piéton "
        "rue de Brest. Mon voisin, M. [nom], a déjà appelé la police municipale.",
    ),
    (
        "Mon numéro d'allocataire est 1234567 et je n'ai pas de réponse à mon courrier du "
        "12/09. Merci de me recontacter par mail : kerdraon.anne@orange.fr",
        "Mon numéro d'allocataire est [identifiant] et je n'ai pas de réponse à mon courrier "
        "du 12/09. Merci de me recontacter par mail : [e-mail]",
    ),
    (
        "J'ai 72 ans, je suis née le 4 février 1952. C'est ma fille Claire qui écrit pour "
        "moi. Appeler le 02 98 44 12 31 aux heures de repas.",
        "J'ai 72 ans, je suis née le [date de naissance]. C'est ma fille [nom] qui écrit "
        "pour moi. Appeler le [téléphone] aux heures de repas.",
    ),
    (
        "Signé : famille LE BRIS, 14 route de Plougastel, 29200 BREST",
        "Signé : famille [nom], [adresse]",
    ),
    (
        "Pour le remboursement, voici mon RIB : FR76 1548 9284 5600 0123 4567 892. Yannick",
        "Pour le remboursement, voici mon RIB : [IBAN]. [nom]",
    ),
    (
        "Mon IP 82.64.120.7 est bloquée depuis lundi, mon identifiant : famille.legall29",
        "Mon IP [IP] est bloquée depuis lundi, mon identifiant : [identifiant]",
    ),
]
UNTOUCHED = [
    "Je soutiens le jardin partagé de l'association Les Amis de la Terre. Bonne journée à tous !",
    "Le parking de la gare est plein dès 7h30. Il faudrait 200 places et un bus vers Kerlouan.",
]


@pytest.mark.parametrize("text, published", CONTRIBUTIONS)
def test_contribution_is_published_masked(text, published):
    assert Scrubber().scrub(text).text == published


@pytest.mark.parametrize("text", UNTOUCHED)
def test_contribution_without_personal_data_is_published_as_written(text):
    assert Scrubber().scrub(text).text == text
