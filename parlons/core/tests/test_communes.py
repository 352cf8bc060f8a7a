"""The communes list read by `parlons setup`: the usual French CSV shapes and INSEE's COG file."""

import pytest

from parlons.core.communes import CommuneListRejected, CommuneRow, RowError, read_communes


def rejected(content: bytes) -> list[RowError]:
    with pytest.raises(CommuneListRejected) as raised:
        read_communes(content)
    return raised.value.errors


pytestmark = pytest.mark.engine


@pytest.mark.parametrize(
    "content",
    [
        "nom;code_insee;code_postal\nBrest;29019;29200\nAjaccio;2A004;\n",
        "\ufeffNom,Code INSEE,Code postal\nBrest,29019,29200\nAjaccio,2a004,\n",
        'name,insee,cp\n"Brest",29019,29200\r\nAjaccio,2A004,\r\n\r\n',
        "nom\tinsee\tpostcode\nBrest\t29019\t29200\nAjaccio\t2A004\t\n",
    ],
    ids=["semicolons", "bom-and-commas", "quotes-and-crlf", "tabs"],
)
def test_read_communes_accepts_the_usual_french_shapes(content):
    communes, left_aside = read_communes(content.encode("utf-8"))

    assert communes == [
        CommuneRow(line=2, name="Brest", insee_code="29019", postcode="29200"),
        CommuneRow(line=3, name="Ajaccio", insee_code="2A004", postcode=""),
    ]
    assert left_aside == 0


def test_read_communes_reads_the_official_cog_file_and_leaves_delegated_communes_aside():
    # The shape of INSEE's v_commune_2024.csv: a commune nouvelle, one of its communes
    # déléguées, and a district of Paris.
    content = (
        "TYPECOM,COM,REG,DEP,CTCD,ARR,TNCC,NCC,NCCENR,LIBELLE,CAN,COMPARENT\n"
        "COM,29019,53,29,29D,293,0,BREST,Brest,Brest,2999,\n"
        "COM,29021,53,29,29D,293,0,CHATEAULIN,Châteaulin,Châteaulin,2905,\n"
        "COMD,29021,53,29,29D,293,0,CHATEAULIN,Châteaulin,Châteaulin,2905,29021\n"
        "ARM,75101,11,75,75C,751,0,PARIS 1ER ARRONDISSEMENT,Paris 1er Arrondissement,"
        "Paris 1er Arrondissement,,75056\n"
    ).encode()

    communes, left_aside = read_communes(content)

    assert [(c.line, c.name, c.insee_code) for c in communes] == [
        (2, "Brest", "29019"),
        (3, "Châteaulin", "29021"),
        (5, "Paris 1er Arrondissement", "75101"),
    ]
    assert left_aside == 1


def test_read_communes_reports_every_bad_row_with_line_column_and_reason():
    content = (
        "nom;code_insee;code_postal\n"
        "Brest;29019;29200\n"
        ";29075;\n"
        "Plouzané;2921;29280\n"
        "Bastia;2C033;\n"
        "Guipavas;29075;2949\n"
        "Brest bis;29019;\n"
        "Gouesnou;;\n"
        "Plou\x07gastel;29189;\n"
    ).encode()

    assert rejected(content) == [
        RowError(3, "nom", "le nom de la commune est vide."),
        RowError(
            4,
            "code_insee",
            "le code INSEE « 2921 » n'a que 4 chiffres : le tableur a sans doute retiré le zéro "
            "du début (écrivez 02921, dans une colonne au format texte).",
        ),
        RowError(
            5,
            "code_insee",
            "« 2C033 » n'est pas un code INSEE : 5 chiffres (29019), ou 2A ou 2B suivis de "
            "3 chiffres pour la Corse (2A004).",
        ),
        RowError(
            6,
            "code_postal",
            "le code postal « 2949 » n'a que 4 chiffres : le tableur a sans doute retiré le zéro "
            "du début (écrivez 02949, dans une colonne au format texte).",
        ),
        RowError(7, "code_insee", "le code INSEE 29019 est déjà celui de « Brest » (ligne 2)."),
        RowError(8, "code_insee", "le code INSEE est vide."),
        RowError(
            9,
            "nom",
            "caractère de contrôle invisible (U+0007) à la position 5 : retirez-le (il vient "
            "souvent d'un copier-coller) et réessayez.",
        ),
    ]


def test_read_communes_names_the_missing_columns_and_the_headings_it_accepts():
    assert rejected(b"commune_name;code\nBrest;29019\n") == [
        RowError(
            1,
            "code_insee",
            "colonne obligatoire absente de l'en-tête (en-têtes acceptés : code_insee, insee, "
            "com, code_commune).",
        ),
        RowError(
            1,
            "nom",
            "colonne obligatoire absente de l'en-tête (en-têtes acceptés : nom, name, libelle, "
            "commune, nom_commune).",
        ),
    ]


def test_read_communes_refuses_a_file_that_is_not_utf8_and_says_how_to_save_it():
    assert rejected("nom;code_insee\nPlouzané;29212\n".encode("cp1252")) == [
        RowError(
            2,
            "—",
            "le fichier n'est pas en UTF-8. Dans votre tableur, enregistrez-le au format "
            "« CSV UTF-8 » puis recommencez.",
        )
    ]


def test_read_communes_keeps_namesakes_apart_by_their_insee_code():
    content = "nom,code_insee\nSaint-Martin,17369\nSaint-Martin,32386\nSaint-Martin,17369\n"

    assert rejected(content.encode()) == [
        RowError(
            4, "code_insee", "le code INSEE 17369 est déjà celui de « Saint-Martin » (ligne 2)."
        )
    ]
    communes, _left = read_communes(b"nom,code_insee\nSaint-Martin,17369\nSaint-Martin,32386\n")
    assert [commune.insee_code for commune in communes] == ["17369", "32386"]


def test_read_communes_refuses_an_empty_file_or_a_header_alone():
    assert rejected(b"") == [RowError(1, "—", "le fichier est vide.")]
    assert rejected(b"nom;code_insee\n") == [
        RowError(1, "—", "le fichier ne contient aucune commune.")
    ]
