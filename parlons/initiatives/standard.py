"""The national data standard for places of digital mediation, as this code reads it.

Standard « lieux de médiation numérique » vv1.0.2 (LaMednum/standard-mediation-num,
Licence Ouverte 2.0), a Frictionless Table Schema: for each column, whether it is
required, its type, and the pattern or length its values keep. Written here so an
import is checked without the schema file; a test compares these lines with the
schema when ../shared/data/ is there.
"""

from dataclasses import dataclass

VERSION = "v1.0.2"


@dataclass(frozen=True)
class Column:
    name: str
    type: str = "string"  # string, number or date
    required: bool = False
    pattern: str = ""
    max_length: int | None = None


COLUMNS = (
    Column("id", required=True),
    Column("pivot", required=True, pattern="^[a-zA-Z0-9]{9,14}$"),
    Column("nom", required=True),
    Column("commune", required=True),
    Column("code_postal", required=True, pattern="^\\d{5}$"),
    Column("code_insee", pattern="^([013-9]\\d|2[AB1-9])\\d{3}$"),
    Column("adresse", required=True),
    Column("complement_adresse"),
    Column("latitude", type="number"),
    Column("longitude", type="number"),
    Column("typologie"),
    Column(
        "telephone",
        pattern="^(\\+33|\\+590|\\+594|\\+262|\\+596|\\+269|\\+687|\\+689|\\+508|\\+681)(\\d){6,9}$",
    ),
    Column("courriels"),
    Column("site_web"),
    Column("horaires"),
    Column("presentation_resume", max_length=280),
    Column("presentation_detail"),
    Column("source"),
    Column("itinerance", pattern="(?:(?:^|\\|)(Itinérant|Fixe))+$"),
    Column("structure_parente"),
    Column("date_maj", type="date", required=True),
    Column(
        "services",
        pattern="(?:(?:^|\\|)(Aide aux démarches administratives|Maîtrise des outils numériques du quotidien|Insertion professionnelle via le numérique|Utilisation sécurisée du numérique|Parentalité et éducation avec le numérique|Loisirs et créations numériques|Compréhension du monde numérique|Accès internet et matériel informatique|Acquisition de matériel informatique à prix solidaire))+$",
    ),
    Column(
        "publics_specifiquement_adresses",
        pattern="(?:(?:^|\\|)(Jeunes|Étudiants|Familles et/ou enfants|Seniors|Femmes))+$",
    ),
    Column(
        "prise_en_charge_specifique",
        pattern="(?:(?:^|\\|)(Surdité|Handicaps moteurs|Handicaps mentaux|Illettrisme|Langues étrangères \\(anglais\\)|Langues étrangères \\(autres\\)|Déficience visuelle))+$",
    ),
    Column("frais_a_charge", pattern="(?:(?:^|\\|)(Gratuit|Gratuit sous condition|Payant))+$"),
    Column(
        "dispositif_programmes_nationaux",
        pattern="(?:(?:^|\\|)(Aidants Connect|Bibliothèques numérique de référence|Certification PIX|Conseillers numériques|Emmaüs Connect|France Services|Grande école du numérique|La Croix Rouge|Point d'accès numérique CAF|Promeneurs du net|Relais numérique \\(Emmaüs Connect\\)))+$",
    ),
    Column(
        "formations_labels",
        pattern="(?:(?:^|\\|)(Formé à « Mon Espace Santé »|Formé à « DUPLEX » \\(illettrisme\\)|Arnia/MedNum BFC \\(Bourgogne-Franche-Comté\\)|Collectif ressources et acteurs réemploi \\(Normandie\\)|Étapes numériques\\(La Poste\\)|Fabriques de Territoire|Les Éclaireurs du numérique \\(Drôme\\)|Mes Papiers \\(Métropole de Lyon\\)|ORDI 3.0|SUD LABS \\(PACA\\)))+$",
    ),
    Column("autres_formations_labels"),
    Column(
        "modalites_acces",
        pattern="(?:(?:^|\\|)(Se présenter|Téléphoner|Contacter par mail|Prendre un RDV en ligne|Ce lieu n'accueille pas de public|Envoyer un mail avec une fiche de prescription))+$",
    ),
    Column(
        "modalites_accompagnement",
        pattern="(?:(?:^|\\|)(En autonomie|Accompagnement individuel|Dans un atelier collectif|À distance))+$",
    ),
    Column("fiche_acces_libre"),
    Column("prise_rdv"),
)
NAMES = tuple(column.name for column in COLUMNS)
