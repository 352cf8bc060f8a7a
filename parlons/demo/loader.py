"""The demo territory: a fictional intercommunality, written for the demo in plain French.

No real person's name. Every account's password is `demo-parlons`.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from parlons.accounts.models import Role, RoleAssignment, User
from parlons.core.models import Commune, Territory
from parlons.processes.models import Phase, Process, Theme

DEMO_PASSWORD = "demo-parlons"
TERRITORY_SLUG = "pays-des-trois-rives"

ACCOUNTS = [
    # email, pseudonym, role, real name, official title
    ("citoyenne@demo.parlons.fr", "Rivelaine", Role.CITIZEN, "", ""),
    ("mediatrice@demo.parlons.fr", "Médiatrice de la médiathèque", Role.MEDIATOR, "", ""),
    ("moderateur@demo.parlons.fr", "Modération Trois Rives", Role.MODERATOR, "", ""),
    (
        "experte@demo.parlons.fr",
        "experte-mobilites",
        Role.EXPERT,
        "Solène Vairon",
        "Chargée de mission mobilités",
    ),
    ("organisatrice@demo.parlons.fr", "Équipe participation", Role.ORGANISER, "", ""),
    ("dpo@demo.parlons.fr", "Délégué données", Role.DPO, "", ""),
    ("admin@demo.parlons.fr", "Administration", Role.ADMINISTRATOR, "", ""),
]

COMMUNES = [
    ("Bourg-sur-Rive", "bourg-sur-rive", "56100"),
    ("Lanvenec", "lanvenec", "56110"),
    ("Saint-Aubin-des-Landes", "saint-aubin-des-landes", "56120"),
    ("Port-Kerlé", "port-kerle", "56130"),
    ("Île-aux-Moines-Blanches", "ile-aux-moines-blanches", "56140"),
]

THEMES = [
    ("Emploi", "emploi", "Formation, métiers du numérique, télétravail."),
    ("Mobilité", "mobilite", "Se déplacer, covoiturer, réserver un transport."),
    ("Santé", "sante", "Téléconsultation, prise de rendez-vous, accès aux soins."),
    (
        "Sécurité",
        "securite",
        "Arnaques en ligne, protection des données, éclairage public connecté.",
    ),
    ("Vivre ensemble", "vivre-ensemble", "Lien social, entraide, accès de tous aux services."),
]


def load_demo(force: bool = False) -> bool:
    """Load the demo territory once; returns False when it is already there."""
    if Territory.objects.filter(slug=TERRITORY_SLUG).exists() and not force:
        return False
    with transaction.atomic():
        if force:
            Process.objects.filter(territory__slug=TERRITORY_SLUG).delete()
            Territory.objects.filter(slug=TERRITORY_SLUG).delete()
            User.objects.filter(email__endswith="@demo.parlons.fr").delete()
        territory = Territory.objects.create(
            name="Communauté de communes du Pays des Trois Rives",
            slug=TERRITORY_SLUG,
            kind=Territory.Kind.INTERCOMMUNALITY,
            description="Cinq communes entre la rivière, la côte et une île, qui décident ensemble.",
            contact_email="participation@trois-rives.invalid",
            dpo_email="dpo@trois-rives.invalid",
            public_names="Solène Vairon\nMédiathèque des Trois Rives\nCentre social de Lanvenec",
        )
        for name, slug, postcode in COMMUNES:
            Commune.objects.create(territory=territory, name=name, slug=slug, postcode=postcode)
        users = {}
        for email, pseudonym, role, real_name, title in ACCOUNTS:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                pseudonym=pseudonym,
                real_name=real_name,
                show_real_name=bool(real_name),
                official_title=title,
            )
            if role == Role.ADMINISTRATOR:
                user.is_staff = user.is_superuser = True
                user.save()
            if role != Role.CITIZEN:
                RoleAssignment.objects.create(user=user, territory=territory, role=role)
            users[role] = user
        process = _digital_transition(territory, users[Role.ORGANISER])
        _load_participation(territory, process, users)
    return True


def _digital_transition(territory, organiser) -> Process:
    now = timezone.now()
    process = Process.objects.create(
        territory=territory,
        slug="transition-numerique",
        created_by=organiser,
        status=Process.Status.PUBLISHED,
        title="Le numérique au service de toutes et tous",
        summary="Comment le numérique peut-il faciliter la vie dans nos cinq communes, sans laisser personne de côté ?",
        description=(
            "La communauté de communes prépare son plan pour la transition numérique.\n\n"
            "Nous voulons savoir ce qui vous aide, ce qui vous gêne et ce qui manque : "
            "pour trouver un emploi, se déplacer, se soigner, être en sécurité et vivre ensemble.\n\n"
            "**Vous pouvez participer de trois façons :**\n\n"
            "- en ligne, sur cette page ;\n"
            "- au guichet de la médiathèque, du centre social ou de la mairie, avec une médiatrice ;\n"
            "- lors des réunions publiques, dans chaque commune.\n\n"
            "Des experts et des élus répondront aux questions pendant la phase de réponses. "
            "Une synthèse sera publiée, puis le suivi des décisions."
        ),
    )
    for position, (name, slug, description) in enumerate(THEMES):
        Theme.objects.create(
            process=process, name=name, slug=slug, description=description, position=position
        )
    phases = [
        (Phase.Kind.INFORMATION, "Information", -40, -25, {}),
        (
            Phase.Kind.CONTRIBUTIONS,
            "Contributions et débat",
            -25,
            20,
            {"components": ["contribute", "reply", "react", "meetings", "expert_answers"]},
        ),
        (
            Phase.Kind.EXPERT_ANSWERS,
            "Réponses des experts et des élus",
            20,
            35,
            {"components": ["reply", "react", "expert_answers"]},
        ),
        (Phase.Kind.SYNTHESIS, "Synthèse", 35, 60, {}),
        (Phase.Kind.FOLLOW_UP, "Suivi des décisions", 60, 400, {}),
    ]
    for kind, title, start, end, flags in phases:
        Phase.objects.create(
            process=process,
            kind=kind,
            title=title,
            starts_at=now + timedelta(days=start),
            ends_at=now + timedelta(days=end),
            **flags,
        )
    return process


def _load_participation(territory, process, users) -> None:
    """Contributions, replies, reactions, meetings and answers (filled in as the apps grow)."""
    from importlib import import_module

    # Meetings first: contributions collected at a meeting point to it.
    for module_name in ("parlons.demo.meetings_data", "parlons.demo.debates_data"):
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        module.load(territory, process, users)
