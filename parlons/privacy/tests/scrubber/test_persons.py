import pytest

from parlons.privacy.scrubber import Scrubber

pytestmark = pytest.mark.engine


@pytest.mark.parametrize(
    "text, names",
    [
        ("Mon voisin M. Le Goff fait du bruit.", ["Le Goff"]),
        ("LE GOFF Yannick a signé la pétition.", ["LE GOFF Yannick"]),
        ("Yannick LE GOFF a signé.", ["Yannick LE GOFF"]),
        ("J'ai parlé à Pierre Martin hier.", ["Pierre Martin"]),
        ("Madame Rose a planté des fleurs.", ["Rose"]),
        ("Le marchand de journaux, M. Blanc, est parti.", ["Blanc"]),
        ("M. et Mme Dupont sont venus.", ["Dupont"]),
        ("Dr Kerjean aussi. Jean D. a signé.", ["Kerjean", "Jean D."]),
        ("Marie-Claire Da Silva et Jean-Pierre Moreau", ["Marie-Claire Da Silva", "Jean-Pierre Moreau"]),
        ("Nathalie m'a prévenu.", ["Nathalie"]),
        ("Je m'appelle yannick le goff.", ["yannick le goff"]),
        ("Cordialement, Aziliz Quéré", ["Aziliz Quéré"]),
        ("J'en ai parlé avec Abena Langoat hier soir.", ["Abena Langoat"]),
        ("Je m'appelle chidi zerlarré.", ["chidi zerlarré"]),
        ("Bien à vous, kofi goaguelaz", ["kofi goaguelaz"]),
        ("Mon voisin jean dupont se plaint.", ["jean dupont"]),
        ("Jean Bordeaux et Nathalie Lyon", ["Jean Bordeaux", "Nathalie Lyon"]),
        ("J'ai transmis le dossier à Michelle et à Aziliz Lanzaouen.", ["Michelle", "Aziliz Lanzaouen"]),
        ("J'en ai parlé avec olivier renaud, pas avec jean pierre.", ["olivier renaud"]),
        ("Comme le dit jean dupont, il faut agir.", ["jean dupont"]),
    ],
)  # fmt: skip
def test_names_of_people(found, text, names):
    assert found(text) == [(name, "person") for name in names]


@pytest.mark.parametrize(
    "text",
    [
        "Bonne journée à tous !",
        "Bonjour Madame la Maire, merci pour votre réponse.",
        "Monsieur le Maire, la rue Victor Hugo est mal éclairée.",
        "La rose du jardin public a encore été coupée.",
        "Rose et blanc sont les couleurs du club.",
        "Pierre par pierre, le vieux mur s'effondre.",
        "Le marchand de légumes fait un travail formidable.",
        "Je prends le bus jusqu'à Saint-Pierre.",
        "Le lycée Jean Moulin et l'école Marie Curie manquent de places.",
        "La place Charles de Gaulle est saturée.",
        "Le rond-point de l'avenue du Général Leclerc est dangereux.",
        "À la Toussaint et à Noël, le marché est prolongé.",
        "Le Plan Local d'Urbanisme sera révisé.",
        "La SNCF et la CAF tiennent une permanence.",
        "Claire et nette, la réponse nous a rassurés.",
        "Victoire ! La passerelle est ouverte.",
        "Les institutions de la Vème République.",
        "Écrivez-moi vite.",
        "Emmanuel Macron a parlé de la transition.",
        "UN CITOYEN LAMBDA COMME MOI, NE POSSÈDE PAS LES ÉLÉMENTS. BANIR LA GLOIRE.",
        "La vie quotidienne de M. Tout le Monde.",
        "Si le Grand Débat n'est pas trop coûteux, tant mieux.",
        "L'aéroport de Notre-Dame-des-Landes.",
        "Le concordat en Alsace Moselle, comme à Chateau Thierry.",
        "Je suis pêcheur et mon enfant dysphasique aussi.",
    ],
)
def test_words_that_are_also_names_and_place_names_are_left(found, text):
    assert found(text) == []


def test_allowlist_keeps_the_territorys_public_names_and_their_surname(found):
    scrubber = Scrubber(allowlist=["Anne Hidalgo", "Association Vélo Quimper"])
    text = "Anne Hidalgo et Mme Hidalgo saluent Jean Dupont et l'Association Vélo Quimper."
    assert found(text, scrubber) == [("Jean Dupont", "person")]


def test_allowlist_does_not_protect_a_namesake_or_a_lone_first_name(found):
    scrubber = Scrubber(allowlist=["Anne Hidalgo", "Louise Michel"])
    assert found("Pierre Hidalgo et Anne sont venus.", scrubber) == [
        ("Pierre Hidalgo", "person"),
        ("Anne", "person"),
    ]
    assert found("La fille de Michel va à l'école.", scrubber) == [("Michel", "person")]


def test_public_figures_can_be_masked_too(found):
    scrubber = Scrubber(public_figures=False)
    assert found("Emmanuel Macron a parlé.", scrubber) == [("Emmanuel Macron", "person")]


@pytest.mark.parametrize(
    "text, names",
    [
        ("Le docteur Kerjean m'a soigné.", ["Kerjean"]),
        ("J'ai vu la docteure Aziliz Quelennec hier.", ["Aziliz Quelennec"]),
        ("Maître Dupont a rédigé l'acte.", ["Dupont"]),
        ("Me Goarnisson, avocate, a plaidé.", ["Goarnisson"]),
        ("Mlle Garnier est venue au conseil.", ["Garnier"]),
        ("le père Delorme a ouvert sa ferme.", ["Delorme"]),
        ("J'ai vu la mère Kervella au marché.", ["Kervella"]),
        ("Merci à l'abbé Kerzaouen et à la sœur Penhoat.", ["Kerzaouen", "Penhoat"]),
        ("J'en ai parlé au notaire Le Quintrec.", ["Le Quintrec"]),
    ],
)  # fmt: skip
def test_names_after_a_title(found, text, names):
    assert found(text) == [(name, "person") for name in names]


@pytest.mark.parametrize(
    "text, names",
    [
        ("Il y avait DUPONT Jean et MARCHAND Marine.", ["DUPONT Jean", "MARCHAND Marine"]),
        ("JEAN DUPONT a signé la pétition.", ["JEAN DUPONT"]),
        ("J'ai vu CAPUCINE MICHEL hier soir.", ["CAPUCINE MICHEL"]),
        ("Pétition portée par AZILIZ KERGUELAZ depuis mars.", ["AZILIZ KERGUELAZ"]),
        ("Il y avait PIERRE Claire au marché.", ["PIERRE Claire"]),
        ("Merci à AGATHE PIRES pour tout.", ["AGATHE PIRES"]),
        ("Comme le dit NEVENOU LE GOASGUEN, il faut agir.", ["NEVENOU LE GOASGUEN"]),
    ],
)  # fmt: skip
def test_names_written_in_capitals(found, text, names):
    assert found(text) == [(name, "person") for name in names]


@pytest.mark.parametrize(
    "text, names",
    [
        ("Marie L. m'a aidé à remplir le dossier.", ["Marie L."]),
        ("J'en ai parlé avec Itziar T. hier soir.", ["Itziar T."]),
        ("Comme le dit Abena P., il faut agir.", ["Abena P."]),
        ("Signé : Clémence M. Nous avons besoin d'un bus.", ["Clémence"]),
    ],
)  # fmt: skip
def test_a_first_name_and_an_initial(found, text, names):
    assert found(text) == [(name, "person") for name in names]


@pytest.mark.parametrize(
    "text",
    [
        "Le docteur est passé à la maison de santé hier.",
        "Il manque trois docteurs et un notaire dans le canton.",
        "Le père Noël passera à l'école le 20 décembre.",
        "Ma mère et le père de mon amie sont venus.",
        "Le notaire de la commune a déménagé.",
        "La CGT, la CFDT et FO appellent à manifester.",
        "Le SDIS et le SAMU SMUR sont intervenus sur la RN 12.",
        "Nous disons NON AU PROJET DE CARRIÈRE.",
        "La DREAL BRETAGNE et la DDTM ont rendu leur avis.",
        "Le PLUI et le SCOT de la COMCOM sont en révision.",
        "Le FC NANTES joue samedi.",
        "Voir l'annexe B. Merci de votre lecture.",
        "Il faut APPLIQUER LES LOIS, sans exception.",
        "Vive la LIBRE PAROLE et MERCI l'ENA pour rien.",
        "Ce sont TOUTES les religions qui le disent, de la part de TOUTES.",
    ],
)
def test_titles_without_a_name_and_acronyms_in_capitals_are_left(found, text):
    assert found(text) == []
