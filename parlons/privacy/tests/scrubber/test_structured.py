"""E-mails, phones, IP addresses, IBAN, NIR, plates, birth dates and identifiers."""

import pytest

from parlons.privacy.scrubber.checksums import nir_key

pytestmark = pytest.mark.engine


def valid_nir(body: str) -> str:
    return f"{body}{nir_key(body):02d}"


@pytest.mark.parametrize(
    "text, value",
    [
        ("Écrivez à jean.dupont@exemple.fr merci", "jean.dupont@exemple.fr"),
        ("MARIE_42+asso@mairie-quimper.bzh.", "MARIE_42+asso@mairie-quimper.bzh"),
        ("contact : jean.dupont [at] exemple point fr", "jean.dupont [at] exemple point fr"),
        ("écrire à lucie arobase gmail.com", "lucie arobase gmail.com"),
    ],
)
def test_emails_are_found_whole(found, text, value):
    assert found(text) == [(value, "email")]


def test_an_at_sign_alone_is_no_email(found):
    assert found("Rendez-vous @ la mairie, 10 h @ 12 h.") == []


@pytest.mark.parametrize(
    "value",
    [
        "06 12 34 56 78",
        "06.12.34.56.78",
        "06-12-34-56-78",
        "0612345678",
        "+33 6 12 34 56 78",
        "+33 (0)6 12 34 56 78",
        "0033 6 12 34 56 78",
        "+33612345678",
        "02 98 12 34 56",
        "+44 20 7946 0958",
        "+1 514 555 0199",
        "+216 20 123 456",
    ],
)
def test_phone_numbers_in_french_and_international_formats(found, value):
    assert found(f"Appelez-moi au {value}, merci.") == [(value, "phone")]


def test_a_mistyped_phone_number_is_masked_when_the_sentence_says_phone(found):
    assert found("mon portable : 06 12 34 56 7") == [("06 12 34 56 7", "phone")]
    assert found("Il y a 06 12 34 56 7 choses") == []


@pytest.mark.parametrize(
    "text",
    [
        "Le budget est de 1 200 000 euros sur trois ans.",
        "Réunion le 12/03/2025 à 18h30, puis le 02.03.2020 10 h.",
        "Environ 35 % des habitants, soit 4 512 personnes.",
        "Le code postal 29000 couvre le centre.",
    ],
)
def test_amounts_dates_and_counts_are_not_phone_numbers(found, text):
    assert found(text) == []


def test_ipv4_and_ipv6_addresses(found):
    text = "IP 192.168.1.12 puis 2001:db8::8a2e:370:7334 et ::1."
    assert found(text) == [
        ("192.168.1.12", "ip"),
        ("2001:db8::8a2e:370:7334", "ip"),
        ("::1", "ip"),
    ]


@pytest.mark.parametrize(
    "text", ["Rendez-vous à 12:30:45.", "Version 2.3.1 du site.", "Le 256.1.1.1 n'existe pas."]
)
def test_times_versions_and_impossible_addresses_are_not_ips(found, text):
    assert found(text) == []


def test_iban_with_valid_checksum_is_masked_grouped_or_compact(found):
    assert found("IBAN FR76 3000 6000 0112 3456 7890 189 merci") == [
        ("FR76 3000 6000 0112 3456 7890 189", "iban")
    ]
    assert found("sur DE89370400440532013000.") == [("DE89370400440532013000", "iban")]


def test_iban_with_wrong_checksum_is_left_unless_the_sentence_says_iban(found):
    assert found("Référence FR76 3000 6000 0112 3456 7890 188 du colis") == []
    assert found("mon IBAN : FR76 3000 6000 0112 3456 7890 188") == [
        ("FR76 3000 6000 0112 3456 7890 188", "iban")
    ]


def test_nir_with_valid_key_is_masked_spaced_or_compact(found):
    nir = valid_nir("1850578006084")
    spaced = f"{nir[0]} {nir[1:3]} {nir[3:5]} {nir[5:7]} {nir[7:10]} {nir[10:13]} {nir[13:]}"
    assert found(f"Voici {spaced}.") == [(spaced, "nir")]
    assert found(f"Voici {nir}.") == [(nir, "nir")]


def test_nir_from_corsica_is_checked_with_2a(found):
    nir = valid_nir("269052A123456")
    assert found(f"Numéro {nir} pour le dossier") == [(nir, "nir")]


def test_nir_with_a_wrong_key_needs_the_words_social_security(found):
    body = "1850578006084"
    wrong = f"{body}{(nir_key(body) % 97) + 1:02d}"
    assert found(f"Le colis {wrong} est arrivé") == []
    assert found(f"numéro de sécurité sociale : {wrong}") == [(wrong, "nir")]


@pytest.mark.parametrize("plate", ["AB-123-CD", "AB 123 CD", "GH456JK", "1234 AB 56", "123 ABC 2A"])
def test_licence_plates_new_and_old_formats(found, plate):
    assert found(f"La voiture {plate} est garée sur le trottoir.") == [(plate, "plate")]


@pytest.mark.parametrize(
    "text",
    ["Les travaux sur la RN 165 durent.", "Le 15 MAI 2025 à 10 h.", "Il y a 12 KM 30 de route."],
)
def test_roads_and_dates_in_capitals_are_not_plates(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("Je suis née le 12/03/1985 à Brest.", "12/03/1985"),
        ("né le 3 mars 1985, j'habite ici", "3 mars 1985"),
        ("Date de naissance : 1er janvier 1950.", "1er janvier 1950"),
        ("DDN : 04-07-1962", "04-07-1962"),
        ("Il est né en 1970.", "1970"),
    ],
)
def test_birth_dates_introduced_as_such(found, text, value):
    assert found(text) == [(value, "birthdate")]


def test_other_dates_are_not_birth_dates(found):
    assert found("La réunion du 12/03/2025 est reportée au 3 mars 2026.") == []


@pytest.mark.parametrize(
    "text, value",
    [
        ("mon numéro client est 123456, merci", "123456"),
        ("identifiant : jdupont42", "jdupont42"),
        ("n° de dossier 2023-45678.", "2023-45678"),
        ("Mon numéro d'allocataire CAF est 1234567", "1234567"),
        ("référence client : CL-998877", "CL-998877"),
        ("mon mot de passe est Soleil2024", "Soleil2024"),
        ("carte 4970 1012 3456 7893 perdue", "4970 1012 3456 7893"),
    ],
)
def test_account_identifiers_given_as_such(found, text, value):
    assert found(text) == [(value, "identifier")]


@pytest.mark.parametrize(
    "text",
    [
        "En les identifiant mieux, on aidera les familles.",
        "Mon numéro client est perdu, que faire ?",
        "Le numéro de la rue a changé.",
    ],
)
def test_identifier_words_without_an_identifier(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Il faut une voiture avec une autonomie de 400 km au moins.",
        "DÉCLARATION DU 1 AU 31 DU MOIS CHEZ POLE EMPLOI DU 20 AU 20.",
        "J'ai pu faire mon permis 100% en ligne.",
        "J'ai déposé mon dossier le 2/2/2018 pour une retraite.",
        "1er critère : on choisit son passeport 2nd critère : le reste.",
        "Le mot de passe est envoyé par courrier, ce qui prend du temps.",
        "Mon fils est né en janvier et il était précoce.",
        "Un numéro d'appel 0820 200 189 constamment occupé.",
        "J'habite en zone de montagne.",
        "Les administrations avec un identifiant unique.",
    ],
)
def test_real_contributions_that_only_look_like_personal_data(found, text):
    """Sentences of the kind found in the Grand Débat answers (written anew here)."""
    assert found(text) == []
