import pytest

pytestmark = pytest.mark.engine


@pytest.mark.parametrize(
    "text, value",
    [
        ("J'habite 12 rue des Lilas, appelez-moi.", "12 rue des Lilas"),
        ("au 12 bis, rue du 8 Mai 1945 29000 Quimper depuis 10 ans", "12 bis, rue du 8 Mai 1945 29000 Quimper"),
        ("Bât. B, 4 avenue Jean-Jaurès, 69007 Lyon", "Bât. B, 4 avenue Jean-Jaurès, 69007 Lyon"),
        ("7 allée des Chênes, appartement 12, 3e étage, 44000 Nantes.", "7 allée des Chênes, appartement 12, 3e étage, 44000 Nantes"),
        ("3 place du Marché, 75011 Paris 11e", "3 place du Marché, 75011 Paris 11e"),
        ("45 chemin de Kerhuel, lieu-dit Kerbrat 29200 Brest CEDEX 2.", "45 chemin de Kerhuel, lieu-dit Kerbrat 29200 Brest CEDEX 2"),
        ("chez moi, 12 rue pasteur", "12 rue pasteur"),
        ("Adresse : 5 impasse des lilas, 56000 vannes", "5 impasse des lilas, 56000 vannes"),
    ],
)  # fmt: skip
def test_whole_addresses_number_street_complement_postcode_and_commune(found, text, value):
    assert found(text) == [(value, "address")]


def test_a_street_without_number_is_masked_when_someone_says_they_live_there(found):
    assert found("j'habite rue des lilas et je n'en peux plus") == [("rue des lilas", "address")]
    assert found("La rue des Lilas est dangereuse.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Monsieur le Maire, la rue Victor Hugo est mal éclairée.",
        "Il n'y a que 3 places de parking.",
        "Il reste 1 place de libre pour la sortie.",
        "La boulangerie est 2 rues plus loin.",
        "En 2019 rue des Lilas, rien n'avait changé.",
        "On se retrouve 3 place du marché ?",
        "La route de Brest est fermée du 3 au 7 juin.",
    ],
)
def test_streets_named_without_a_home_are_not_addresses(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("J'habite lieu-dit Kerbrat 29200 Brest.", "lieu-dit Kerbrat 29200 Brest"),
        ("lieu-dit Les Combes 12340 Bozouls", "lieu-dit Les Combes 12340 Bozouls"),
        ("Mon adresse : Hameau de la Font, 04300 Forcalquier", "Hameau de la Font, 04300 Forcalquier"),
        ("Écrivez au Bourg, 22310 Plestin-les-Grèves.", "Bourg, 22310 Plestin-les-Grèves"),
        ("Le Bourg, 22310 Plestin-les-Grèves", "Le Bourg, 22310 Plestin-les-Grèves"),
        ("Nous habitons au Moulin de Kerhuel, 29000 Quimper.", "Moulin de Kerhuel, 29000 Quimper"),
        ("J'habite au Moulin de la Roche depuis dix ans.", "Moulin de la Roche"),
        ("Je réside à la Ferme du Bois avec ma famille.", "Ferme du Bois"),
        ("Envoyez le courrier à : La Ferrière, 79200 Parthenay", "La Ferrière, 79200 Parthenay"),
        ("Courrier : Kerbrat - 29200 Brest", "Kerbrat - 29200 Brest"),
        ("Mon adresse est LD Trégonval 91690 Guillerval.", "LD Trégonval 91690 Guillerval"),
    ],
)  # fmt: skip
def test_rural_addresses_without_a_street_number(found, text, value):
    assert found(text) == [(value, "address")]


def test_a_signature_before_a_postcode_stays_a_name(found):
    assert found("Jean Dupont, 29200 Brest") == [
        ("Jean Dupont", "person"),
        ("29200 Brest", "address"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Le hameau de Kerbrat attend toujours la fibre.",
        "Le lieu-dit Les Granges a été inondé en mars.",
        "La fête du Moulin de la Galette aura lieu en juin.",
        "Le Moulin du Roc se visite le dimanche.",
        "Le Bourg est animé le jour du marché.",
        "J'habite au bourg depuis dix ans.",
        "La porte ferme mal et le mas est froid.",
        "Les habitants de Brest (29200) sont invités à la réunion.",
        "Il y a 29000 habitants à Quimper.",
        "Le domaine de la Garenne accueille les scouts cet été.",
    ],
)
def test_places_named_without_a_home_are_not_addresses(found, text):
    assert found(text) == []
