"""The demo's library of initiatives and its invented territory outline.

Everything here is invented. The outline is a made-up coast with an island,
drawn around the demo's places; a dozen places of digital mediation arrive as
a file of the national standard (built in memory and imported through the same
service as `parlons import_places`), others are entered by the organiser, and a
dozen come from the inventory sent to the communes and associations
(parlons.demo.inventory_data); a few stay drafts to review.
"""

import csv
import io
import json

from django.utils.text import slugify

from parlons.accounts.models import Role
from parlons.core.outline import import_outline
from parlons.initiatives import services
from parlons.initiatives.models import Category
from parlons.initiatives.standard import NAMES

MAINLAND = [
    (-2.985, 47.585), (-2.955, 47.560), (-2.930, 47.572), (-2.905, 47.556), (-2.872, 47.548),
    (-2.846, 47.531), (-2.805, 47.540), (-2.770, 47.528), (-2.735, 47.552), (-2.722, 47.590),
    (-2.731, 47.628), (-2.752, 47.662), (-2.781, 47.690), (-2.830, 47.702), (-2.880, 47.694),
    (-2.921, 47.676), (-2.950, 47.650), (-2.978, 47.622), (-2.985, 47.585),
]  # fmt: skip
ISLAND = [
    (-2.935, 47.538), (-2.915, 47.531), (-2.898, 47.540), (-2.902, 47.553), (-2.921, 47.556),
    (-2.936, 47.548), (-2.935, 47.538),
]  # fmt: skip


def outline_geojson() -> bytes:
    def feature(name, ring):
        return {
            "type": "Feature",
            "properties": {"nom": name},
            "geometry": {"type": "Polygon", "coordinates": [[list(pair) for pair in ring]]},
        }

    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                feature("Pays des Trois Rives", MAINLAND),
                feature("Île-aux-Moines-Blanches", ISLAND),
            ],
        }
    ).encode()


# id, name, commune, postcode, address, lat, lon, typology, summary, services, fees
PLACES = [
    ("tr-med-01", "Espace numérique de la médiathèque des Trois Rives", "Bourg-sur-Rive", "56100", "2 quai de la Confluence", "47.6335", "-2.8121", "BIB|COMMUNE", "Postes en accès libre, ateliers d'initiation le mardi et aide aux démarches en ligne sur rendez-vous.", "Aide aux démarches administratives|Accès internet et matériel informatique", "Gratuit"),
    ("tr-med-02", "France Services de Bourg-sur-Rive", "Bourg-sur-Rive", "56100", "5 rue des Halles", "47.6301", "-2.8187", "FRANCE_SERVICE", "Un guichet pour les démarches des impôts, de la CAF, de l'assurance maladie et de la retraite, avec un conseiller.", "Aide aux démarches administratives", "Gratuit"),
    ("tr-med-03", "Centre social de Lanvenec : atelier « Clic seniors »", "Lanvenec", "56110", "8 allée des Tilleuls", "47.6584", "-2.7796", "CS|ASSO", "Des ateliers en petit groupe pour les plus de 60 ans : tablette, messagerie, appels vidéo avec la famille.", "Maîtrise des outils numériques du quotidien|Loisirs et créations numériques", "Gratuit sous condition"),
    ("tr-med-04", "Permanence numérique de la mairie de Saint-Aubin", "Saint-Aubin-des-Landes", "56120", "1 place de l'Église", "47.6025", "-2.8519", "COMMUNE", "Le jeudi matin, une conseillère numérique aide à créer une adresse électronique, un compte Ameli ou à prendre un rendez-vous.", "Aide aux démarches administratives|Utilisation sécurisée du numérique", "Gratuit"),
    ("tr-med-05", "Le Bus numérique des Trois Rives", "Saint-Aubin-des-Landes", "56120", "Parking de la salle des fêtes", "47.5981", "-2.8467", "COMMUNE", "Un bus équipé de postes et d'une connexion passe chaque semaine dans les hameaux éloignés.", "Accès internet et matériel informatique|Maîtrise des outils numériques du quotidien", "Gratuit"),
    ("tr-med-06", "Café associatif La Cale : mardis du numérique", "Port-Kerlé", "56130", "4 rue du Port", "47.5712", "-2.8843", "ASSO", "Autour d'un café, des bénévoles répondent aux questions sur le téléphone, l'ordinateur et les arnaques en ligne.", "Utilisation sécurisée du numérique|Maîtrise des outils numériques du quotidien", "Gratuit"),
    ("tr-med-07", "Gare maritime de Port-Kerlé : borne accompagnée", "Port-Kerlé", "56130", "Quai des Passeurs", "47.5655", "-2.8760", "COMMUNE", "Une borne pour les horaires et billets de bateau, avec l'aide d'un agent aux heures d'ouverture du guichet.", "Aide aux démarches administratives", "Gratuit"),
    ("tr-med-08", "Maison de l'île : point numérique", "Île-aux-Moines-Blanches", "56140", "Rue du Bourg", "47.5489", "-2.9175", "COMMUNE", "Deux ordinateurs, une imprimante et une permanence mensuelle de la conseillère numérique venue du continent.", "Accès internet et matériel informatique|Aide aux démarches administratives", "Gratuit"),
    ("tr-med-09", "Atelier de réemploi « Seconde Puce »", "Lanvenec", "56110", "Zone artisanale du Moulin", "47.6640", "-2.7705", "ASSO", "Des ordinateurs reconditionnés vendus à prix solidaire, et un atelier pour apprendre à réparer le sien.", "Acquisition de matériel informatique à prix solidaire", "Payant"),
    ("tr-med-10", "Mission locale : numérique et emploi", "Bourg-sur-Rive", "56100", "12 avenue de la Gare", "47.6272", "-2.8098", "ML", "Pour les 16-25 ans : CV en ligne, candidatures, entretiens en visio, avec un conseiller.", "Insertion professionnelle via le numérique", "Gratuit"),
    ("tr-med-11", "École de Port-Kerlé : parents connectés", "Port-Kerlé", "56130", "3 rue des Écoles", "47.5740", "-2.8805", "COMMUNE", "Des soirées pour les parents : l'espace numérique de l'école, le contrôle parental, les écrans à la maison.", "Parentalité et éducation avec le numérique", "Gratuit"),
    ("tr-med-12", "Tiers-lieu La Grange : fabrique numérique", "Saint-Aubin-des-Landes", "56120", "Lieu-dit La Grange", "47.6102", "-2.8660", "TIERS_LIEUX|ASSO", "Imprimante 3D, découpe laser et ateliers de programmation pour les enfants le mercredi.", "Loisirs et créations numériques|Compréhension du monde numérique", "Gratuit sous condition"),
]  # fmt: skip

# title, summary, organisation, kind, category, commune, status, lat, lon, published
INITIATIVES = [
    ("Assistant de réponse aux questions d'urbanisme", "Un outil d'intelligence artificielle aide les agents à retrouver les règles du plan local d'urbanisme ; un agent relit chaque réponse.", "Communauté de communes du Pays des Trois Rives", "collectivite", "Intelligence artificielle", "Bourg-sur-Rive", "experimentation", "47.6318", "-2.8150", True),
    ("Détection des fuites sur le réseau d'eau", "Analyse des relevés des compteurs pour repérer plus tôt les fuites, avec le syndicat des eaux.", "Syndicat des eaux des Trois Rives", "collectivite", "Intelligence artificielle", "Saint-Aubin-des-Landes", "experimentation", "47.6050", "-2.8420", True),
    ("Transcription des conseils communautaires", "Les séances sont transcrites automatiquement puis relues, pour être lisibles par les personnes sourdes.", "Communauté de communes du Pays des Trois Rives", "collectivite", "Intelligence artificielle", "Bourg-sur-Rive", "en_service", None, None, True),
    ("Prévision de fréquentation des bateaux", "Prévoir l'affluence des traversées d'été pour ajuster les rotations vers l'île.", "Compagnie des Passeurs", "entreprise", "Intelligence artificielle", "Port-Kerlé", "idee", "47.5660", "-2.8790", True),
    ("Portail des données ouvertes du territoire", "Budgets, horaires, équipements et qualité de l'eau publiés en fichiers ouverts et réutilisables.", "Communauté de communes du Pays des Trois Rives", "collectivite", "Données ouvertes", "Bourg-sur-Rive", "en_service", None, None, True),
    ("Tiers-lieu de la gare", "Un espace de travail partagé dans l'ancienne gare, avec une salle de réunion ouverte aux associations.", "Coopérative La Voie Libre", "entreprise", "Tiers-lieu", "Bourg-sur-Rive", "en_service", "47.6265", "-2.8105", True),
    ("Navette à la demande", "Une navette réservable par téléphone ou en ligne relie les hameaux au bourg et à la gare.", "Communauté de communes du Pays des Trois Rives", "collectivite", "Mobilité", "Saint-Aubin-des-Landes", "en_service", None, None, True),
    ("Vélos électriques en location longue durée", "Location au mois de vélos à assistance électrique, avec entretien compris.", "Communauté de communes du Pays des Trois Rives", "collectivite", "Mobilité", "Bourg-sur-Rive", "en_service", "47.6290", "-2.8130", True),
    ("Horaires des bateaux en temps réel", "Les retards et annulations des traversées affichés sur les quais et envoyés par SMS.", "Compagnie des Passeurs", "entreprise", "Mobilité", "Port-Kerlé", "arretee", None, None, True),
    ("Classes numériques itinérantes", "Une valise de tablettes passe d'une école à l'autre avec un animateur.", "Communauté de communes du Pays des Trois Rives", "collectivite", "Éducation", "Saint-Aubin-des-Landes", "en_service", None, None, True),
    ("Club de programmation du collège", "Le mercredi, les collégiens programment des robots et préparent un concours.", "Collège des Trois Rives", "collectivite", "Éducation", "Bourg-sur-Rive", "en_service", None, None, True),
    ("Téléconsultation à la maison de santé", "Une salle équipée pour consulter un spécialiste à distance, avec une infirmière présente.", "Maison de santé de Lanvenec", "association", "Santé", "Lanvenec", "experimentation", "47.6595", "-2.7815", True),
    ("Prise de rendez-vous médicaux par téléphone", "Un numéro unique pour les personnes qui ne prennent pas rendez-vous en ligne.", "Maison de santé de Lanvenec", "association", "Santé", "Lanvenec", "idee", None, None, True),
    ("Sobriété numérique dans les services", "Un plan pour garder les ordinateurs plus longtemps et réduire les données stockées.", "Communauté de communes du Pays des Trois Rives", "collectivite", "Environnement", "Bourg-sur-Rive", "idee", None, None, True),
    ("Médiation numérique à domicile", "Une conseillère numérique se déplace chez les personnes qui ne peuvent pas venir.", "Centre communal d'action sociale de Bourg-sur-Rive", "collectivite", "Médiation numérique", "Bourg-sur-Rive", "idee", None, None, True),
    ("Chatbot des horaires des services", "Répondre aux questions fréquentes sur les horaires des déchetteries et des mairies.", "Entreprise Rivebot", "entreprise", "Intelligence artificielle", None, "idee", None, None, False),
]  # fmt: skip


def places_file() -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(NAMES))
    writer.writeheader()
    for number, (ident, name, commune, postcode, address, lat, lon, typology, summary,
                 offered, fees) in enumerate(PLACES, 1):  # fmt: skip
        row = dict.fromkeys(NAMES, "")
        row.update(
            id=ident,
            pivot=f"2199000000{number:04d}",
            nom=name,
            commune=commune,
            code_postal=postcode,
            adresse=address,
            latitude=lat,
            longitude=lon,
            typologie=typology,
            courriels=f"numerique-{number}@trois-rives.invalid",
            presentation_resume=summary,
            source="Communauté de communes du Pays des Trois Rives",
            date_maj="2026-11-15",
            services=offered,
            frais_a_charge=fees,
            modalites_acces="Se présenter|Téléphoner",
        )
        writer.writerow(row)
    return buffer.getvalue().encode()


def load(territory, process, users, dates) -> None:
    organiser = users[Role.ORGANISER]
    import_outline(territory=territory, content=outline_geojson(), file_name="trois-rives.geojson")
    services.ensure_default_categories(territory)
    services.import_places(
        actor=organiser, territory=territory, content=places_file(), file_name="lieux.csv"
    )
    categories = {
        category.name: category for category in Category.objects.filter(territory=territory)
    }
    communes = {commune.name: commune for commune in territory.communes.all()}
    for (title, summary, organisation, kind, category, commune, status, lat, lon,
         published) in INITIATIVES:  # fmt: skip
        services.create_initiative(
            actor=organiser,
            territory=territory,
            title=title,
            summary=summary,
            organisation=organisation,
            organisation_kind=kind,
            categories=[categories[category]],
            commune=communes.get(commune) if commune else None,
            status=status,
            latitude=lat,
            longitude=lon,
            contact_email=f"contact@{slugify(organisation.split()[-1])}.invalid"
            if published
            else "",
            publish=published,
        )
