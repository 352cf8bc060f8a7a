"""The demo's inventory: a questionnaire sent to the communes and associations, whose answers
became initiatives of the library, the way the product does it.

The communauté de communes asks its five communes and the associations of the
territory which digital projects they carry, with a one-time code each. The
organiser marks the questionnaire as an inventory and maps its questions to the
fields of an initiative (parlons.processes.inventories, read by the library);
each answer becomes a draft initiative, which the organiser completes and
publishes, or leaves to review. Two answers came after the drafts were made: the
inventory page shows them waiting. Everything is invented; nothing is random.
"""

from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from parlons.accounts.models import Role
from parlons.initiatives import services as library
from parlons.initiatives.models import Initiative
from parlons.processes import inventories
from parlons.processes import services as processes
from parlons.processes.models import Phase, Process
from parlons.questionnaires import services as questionnaires
from parlons.questionnaires.answering import FormData
from parlons.questionnaires.components import ANSWER_QUESTIONNAIRE
from parlons.questionnaires.models import Question

Kind = Question.Kind
KINDS = ["Commune ou intercommunalité", "Association", "Entreprise"]
STATUSES = ["Idée", "Expérimentation", "En service", "Arrêtée"]
DOMAINS = list(library.DEFAULT_CATEGORIES)

# organisation, kind, commune, email, title, summary, domain, status, link,
# then what the organiser adds when reviewing: (latitude, longitude) and publish or not.
ANSWERS = [
    ("Mairie de Lanvenec", 0, "Lanvenec", "numerique@lanvenec.invalid", "Tri automatique du courrier entrant", "Classement des courriers reçus par service, proposé par un modèle et validé par l'accueil.", 0, 0, "", None, True),
    ("Mairie de Saint-Aubin-des-Landes", 0, "Saint-Aubin-des-Landes", "mairie@saint-aubin.invalid", "Carte des défibrillateurs", "Tous les défibrillateurs publics, avec leurs horaires d'accès, publiés et mis à jour par les communes.", 2, 2, "https://saint-aubin.invalid/defibrillateurs", ("47.6010", "-2.8500"), True),
    ("Mairie de Port-Kerlé", 0, "Port-Kerlé", "ecoles@port-kerle.invalid", "Menus des cantines en données ouvertes", "Les menus des écoles publiés chaque semaine dans un format réutilisable, allergènes compris.", 2, 1, "", None, True),
    ("Association Air des Rives", 1, "Lanvenec", "contact@air-des-rives.invalid", "Relevés citoyens de la qualité de l'air", "Des capteurs installés par des habitants publient leurs mesures en données ouvertes.", 2, 1, "https://air-des-rives.invalid", ("47.6600", "-2.7750"), True),
    ("Office de tourisme des Trois Rives", 1, "Île-aux-Moines-Blanches", "accueil@tourisme-trois-rives.invalid", "Inventaire des chemins de randonnée", "Les sentiers balisés décrits en données ouvertes, avec leur accessibilité.", 2, 0, "", None, True),
    ("Association Répare Rives", 1, "Lanvenec", "bonjour@repare-rives.invalid", "Café-atelier de réparation", "Une fois par mois, on répare ensemble petit électroménager, vélos et téléphones.", 3, 2, "", ("47.6570", "-2.7830"), True),
    ("Mairie de l'Île-aux-Moines-Blanches", 0, "Île-aux-Moines-Blanches", "mairie@ile-aux-moines-blanches.invalid", "Espace de coworking de l'île", "Quelques postes de travail avec une bonne connexion pour les habitants de l'île qui travaillent à distance.", 3, 1, "", ("47.5470", "-2.9160"), True),
    ("Association Rives en Route", 1, "Lanvenec", "covoiturage@rives-en-route.invalid", "Covoiturage domicile-travail", "Une application de covoiturage soutenue par les communes, avec une indemnité pour les conducteurs.", 4, 1, "", None, True),
    ("Mairie de Port-Kerlé", 0, "Port-Kerlé", "ecoles@port-kerle.invalid", "Suivi de la consommation d'énergie des écoles", "Des compteurs connectés montrent aux élèves ce que consomme leur école.", 7, 1, "", None, True),
    ("Mairie de Saint-Aubin-des-Landes", 0, "Saint-Aubin-des-Landes", "mairie@saint-aubin.invalid", "Signalement des dépôts sauvages", "Un formulaire en ligne et un numéro de téléphone pour signaler un dépôt, suivi par les agents.", 7, 2, "", None, True),
    ("Mairie de Lanvenec", 0, "Lanvenec", "numerique@lanvenec.invalid", "Fibre pour les hameaux", "Recenser les foyers encore sans bonne connexion et suivre les travaux de raccordement.", 2, 0, "", None, False),
    ("Association Les Mains Vertes", 1, "Port-Kerlé", "jardin@mains-vertes.invalid", "Jardin partagé connecté", "Des capteurs d'humidité pour arroser moins, suivis par les jardiniers.", 7, 0, "", None, False),
]  # fmt: skip
# Answers sent after the organiser made the drafts: waiting on the inventory page.
LATE_ANSWERS = [
    ("Association La Cale", 1, "Port-Kerlé", "cafe@la-cale.invalid", "Gazette numérique du port", "Une lettre d'information écrite par les habitants, imprimée et en ligne.", 1, 0, "", None, False),
    ("Mairie de Bourg-sur-Rive", 0, "Bourg-sur-Rive", "accueil@bourg-sur-rive.invalid", "Prêt d'ordinateurs portables", "Des ordinateurs prêtés pour un mois aux habitants qui se forment.", 1, 1, "", None, False),
]  # fmt: skip
CODES = 20  # one per commune and association invited, a few not used yet


def load(territory, process, users, dates) -> None:
    organiser = users[Role.ORGANISER]
    inventory_process = _inventory_process(territory, organiser)
    questionnaire, questions = _build(inventory_process, organiser)
    codes = questionnaires.generate_codes(
        actor=organiser,
        questionnaire=questionnaire,
        count=CODES,
        batch="Communes et associations",
    )
    sections = list(questionnaire.sections.order_by("position"))
    for code, answer in zip(codes, ANSWERS, strict=False):
        _answer(questionnaire, sections, questions, code, answer)
    source = inventories.source_named(territory, f"questionnaire-{questionnaire.pk}")
    if source is None:  # the questionnaires app provides its questionnaires as sources
        raise LookupError("the inventory questionnaire is not an inventory source")
    mapping = library.map_inventory(
        actor=organiser,
        territory=territory,
        source=source,
        fields={name: str(questions[name].pk) for name in questions},
        category=None,
    )
    library.drafts_from_inventory(actor=organiser, mapping=mapping)
    _review(territory, organiser, questionnaire)
    for code, answer in zip(codes[len(ANSWERS) :], LATE_ANSWERS, strict=False):
        _answer(questionnaire, sections, questions, code, answer)


def _inventory_process(territory, organiser) -> Process:
    now = timezone.now()
    inventory_process = processes.create_process(
        actor=organiser,
        territory=territory,
        slug="inventaire-projets-numeriques",
        title="Inventaire des projets numériques des communes et associations",
        summary=(
            "Chaque commune et chaque association du territoire décrit ses projets numériques : "
            "ils rejoignent la bibliothèque des initiatives."
        ),
        description=(
            "La communauté de communes recense ce que font les communes et les associations : "
            "intelligence artificielle, données ouvertes, tiers-lieux, mobilité… Chaque structure "
            "a reçu un code pour répondre ; l'équipe relit chaque réponse avant de la publier "
            "dans la bibliothèque des initiatives."
        ),
    )
    processes.add_phase(
        actor=organiser,
        process=inventory_process,
        kind=Phase.Kind.CONTRIBUTIONS,
        title="Recensement",
        starts_at=now - timedelta(days=40),
        ends_at=now + timedelta(days=30),
        components=[ANSWER_QUESTIONNAIRE],
    )
    return processes.set_process_status(
        actor=organiser, process=inventory_process, status=Process.Status.PUBLISHED
    )


def _build(inventory_process, organiser) -> tuple:
    questionnaire = questionnaires.create_questionnaire(
        actor=organiser,
        process=inventory_process,
        title="Vos projets numériques",
        introduction=(
            "Un questionnaire par projet. Votre réponse devient une fiche de la bibliothèque "
            "des initiatives, relue par l'équipe avant d'être publiée."
        ),
        access="code",
    )
    add = questionnaires.add_question
    structure = questionnaires.add_section(
        actor=organiser, questionnaire=questionnaire, title="Votre structure"
    )
    project = questionnaires.add_section(
        actor=organiser, questionnaire=questionnaire, title="Votre projet"
    )
    questions = {
        "organisation": add(
            actor=organiser,
            section=structure,
            kind=Kind.SHORT_TEXT,
            wording="Nom de votre structure",
            required=True,
        ),
        "organisation_kind": add(
            actor=organiser,
            section=structure,
            kind=Kind.SINGLE,
            wording="Votre structure est…",
            choices_text="\n".join(KINDS),
            required=True,
        ),
        "commune": add(
            actor=organiser,
            section=structure,
            kind=Kind.COMMUNE,
            wording="Dans quelle commune le projet a-t-il lieu ?",
            required=True,
        ),
        "contact_email": add(
            actor=organiser,
            section=structure,
            kind=Kind.SHORT_TEXT,
            wording="Adresse électronique de contact de la structure",
            help_text="Une adresse de la structure, pas celle d'une personne : elle sera publiée.",
        ),
        "title": add(
            actor=organiser,
            section=project,
            kind=Kind.SHORT_TEXT,
            wording="Nom du projet",
            required=True,
        ),
        "summary": add(
            actor=organiser,
            section=project,
            kind=Kind.LONG_TEXT,
            wording="Le projet en quelques phrases",
            required=True,
        ),
        "categories": add(
            actor=organiser,
            section=project,
            kind=Kind.MULTIPLE,
            wording="Dans quel domaine ?",
            choices_text="\n".join(DOMAINS),
            min_choices=1,
            required=True,
        ),
        "status": add(
            actor=organiser,
            section=project,
            kind=Kind.SINGLE,
            wording="Où en est le projet ?",
            choices_text="\n".join(STATUSES),
            required=True,
        ),
        "links": add(
            actor=organiser,
            section=project,
            kind=Kind.SHORT_TEXT,
            wording="Un lien vers le projet (facultatif)",
        ),
    }
    return questionnaire, questions


def _answer(questionnaire, sections, questions, code: str, answer: tuple) -> None:
    organisation, kind, commune, email, title, summary, domain, status, link = answer[:9]

    def key(name: str, position: int) -> str:
        return questions[name].choices[position]["key"]

    communes = {option["label"]: option["key"] for option in questions["commune"].choices}
    data = FormData(
        {
            questions["organisation"].field_name: organisation,
            questions["organisation_kind"].field_name: key("organisation_kind", kind),
            questions["commune"].field_name: communes[commune],
            questions["contact_email"].field_name: email,
            questions["title"].field_name: title,
            questions["summary"].field_name: summary,
            questions["categories"].field_name: [key("categories", domain)],
            questions["status"].field_name: key("status", status),
            questions["links"].field_name: link,
        }
    )
    anonymous = AnonymousUser()
    response = questionnaires.start_response(
        actor=anonymous, questionnaire=questionnaire, code=code
    )
    for section in sections:
        questionnaires.save_section(actor=anonymous, response=response, section=section, data=data)
    questionnaires.submit_response(actor=anonymous, response=response)


def _review(territory, organiser, questionnaire) -> None:
    """The organiser places some drafts on the map and publishes those that are ready."""
    by_title = {
        initiative.title: initiative
        for initiative in Initiative.objects.filter(
            territory=territory, source=Initiative.Source.INVENTORY
        )
    }
    for answer in ANSWERS:
        initiative = by_title[answer[4]]
        place, publish = answer[9], answer[10]
        if place is not None:
            library.update_initiative(
                actor=organiser, initiative=initiative, latitude=place[0], longitude=place[1]
            )
        if publish:
            library.publish_initiative(actor=organiser, initiative=initiative)
