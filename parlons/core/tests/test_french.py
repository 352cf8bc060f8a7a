"""A territory's name in a sentence takes the article French grammar asks for."""

import pytest
from django.utils import translation

from parlons.core.french import of_name
from parlons.core.models import Territory


@pytest.mark.parametrize(
    ("name", "institution", "expected"),
    [
        ("Brest", False, "de Brest"),
        ("Arles", False, "d'Arles"),
        ("Évreux", False, "d'Évreux"),
        ("Le Havre", False, "du Havre"),
        ("Les Sables-d'Olonne", False, "des Sables-d'Olonne"),
        ("La Rochelle", False, "de la Rochelle"),
        ("L'Haÿ-les-Roses", False, "de l'Haÿ-les-Roses"),
        (
            "Communauté de communes du Pays d'Iroise",
            True,
            "de la Communauté de communes du Pays d'Iroise",
        ),
        ("Métropole du Grand Paris", True, "de la Métropole du Grand Paris"),
        ("Eurométropole de Strasbourg", True, "de l'Eurométropole de Strasbourg"),
        ("Conseil de développement de Nantes", True, "du Conseil de développement de Nantes"),
        ("Grand Lyon", True, "du Grand Lyon"),
        ("Agglomération du Cotentin", True, "de l'Agglomération du Cotentin"),
        ("Brest métropole", True, "de Brest métropole"),
        ("Val de Garonne Agglomération", True, "de Val de Garonne Agglomération"),
    ],
)
def test_the_name_after_de_has_its_article(name, institution, expected):
    assert of_name(name, institution=institution) == expected


def test_other_languages_translate_the_preposition():
    territory = Territory(name="Communauté de communes des Vallons", kind="intercommunalite")
    with translation.override("fr"):
        assert territory.of_name == "de la Communauté de communes des Vallons"
    with translation.override("en"):
        assert territory.of_name == "of Communauté de communes des Vallons"
