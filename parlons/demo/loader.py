"""The demo territory: a fictional intercommunality, written for the demo in plain French.

No real person's name. Every account's password is `demo-parlons`.
"""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone

from parlons.accounts import services as accounts
from parlons.accounts.models import Role, User
from parlons.core.limits import lifted
from parlons.core.models import Commune, Territory
from parlons.debates.components import CONTRIBUTE, EXPERT_ANSWERS, REACT, REPLY
from parlons.demo import identity
from parlons.demo.backdating import Backdating
from parlons.meetings.components import MEETINGS
from parlons.processes import services as processes
from parlons.processes.models import Phase, Process
from parlons.processes.pagecache import forget_pages
from parlons.proposals.components import PROPOSE, SUPPORT

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

TERRITORY_SETTINGS = {
    "description": "Cinq communes entre la rivière, la côte et une île, qui décident ensemble.",
    "contact_email": "participation@trois-rives.invalid",
    "dpo_email": "dpo@trois-rives.invalid",
    "public_names": "Solène Vairon\nMédiathèque des Trois Rives\nCentre social de Lanvenec",
    "primary_colour": identity.PRIMARY_COLOUR,
    "header_colour": identity.HEADER_COLOUR,
    "logo_alt": identity.LOGO_ALT,
    "address": "Maison des Trois Rives\n2 quai de la Confluence\n56100 Bourg-sur-Rive",
    "footer_links": (
        "Mentions légales | https://www.trois-rives.invalid/mentions-legales\n"
        "Horaires des guichets | https://www.trois-rives.invalid/guichets\n"
        "Le Pays des Trois Rives sur Mastodon | https://social.trois-rives.invalid/@paysdestroisrives"
    ),
}

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


# kind, title, first day, last day (relative to today), components the phase opens.
PHASES = [
    (Phase.Kind.INFORMATION, "Information", -40, -25, ()),
    (
        Phase.Kind.CONTRIBUTIONS,
        "Contributions et débat",
        -25,
        20,
        (
            CONTRIBUTE,
            REPLY,
            REACT,
            MEETINGS,
            EXPERT_ANSWERS,
            PROPOSE,
            SUPPORT,
        ),
    ),
    (
        Phase.Kind.EXPERT_ANSWERS,
        "Réponses des experts et des élus",
        20,
        35,
        (REPLY, REACT, EXPERT_ANSWERS),
    ),
    (Phase.Kind.SYNTHESIS, "Synthèse", 35, 60, ()),
    (Phase.Kind.FOLLOW_UP, "Suivi des décisions", 60, 400, ()),
]


def load_demo(force: bool = False) -> bool:
    """Load the demo territory once; returns False when it is already there.

    Every write a person could do goes through the service that does it in the
    product, so the demo has its audit entries like any other data; only the
    accounts are created directly (see `_accounts`). The story's dates are set
    afterwards, in one demo-only step (`parlons.demo.backdating`).
    """
    if Territory.objects.filter(slug=TERRITORY_SLUG).exists() and not force:
        return False
    # The story's weeks are written in a second: the limits on posting would refuse them.
    with transaction.atomic(), lifted():
        if force:
            Process.objects.filter(territory__slug=TERRITORY_SLUG).delete()
            Territory.objects.filter(slug=TERRITORY_SLUG).delete()
            User.objects.filter(email__endswith="@demo.parlons.fr").delete()
        # Territories and communes are set up by whoever installs Parlons: no service
        # creates them, so the demo creates the rows and lets the administrator fill in
        # the settings through the service below.
        territory = Territory.objects.create(
            name="Communauté de communes du Pays des Trois Rives",
            slug=TERRITORY_SLUG,
            kind=Territory.Kind.INTERCOMMUNALITY,
        )
        for name, slug, postcode in COMMUNES:
            Commune.objects.create(territory=territory, name=name, slug=slug, postcode=postcode)
        users = _accounts(territory)
        processes.update_territory(
            actor=users[Role.ADMINISTRATOR],
            territory=territory,
            logo=ContentFile(identity.draw_logo(), name="trois-rives-logo.png"),
            **TERRITORY_SETTINGS,
        )
        process = _digital_transition(territory, users[Role.ORGANISER])
        # Every service asks which phase is running: read the phases once, not at each write.
        prefetch_related_objects([process], "phases")
        dates = Backdating()
        _load_participation(territory, process, users, dates)
        _backdate(dates)
        forget_pages()  # back-dating is not audited: renew the cached public pages
    return True


def _accounts(territory) -> dict[str, User]:
    """The demo's staff accounts, one per role, each given its role by the administrator."""
    users = {}
    for email, pseudonym, role, real_name, title in ACCOUNTS:
        # The one kind of write the demo makes without its service: `register_user`
        # refuses the public DEMO_PASSWORD (too close to the @demo.parlons addresses),
        # rightly for real people. Visitors need that password to try each role, so the
        # demo's accounts are created directly and have no "accounts.register" entry.
        users[role] = User.objects.create_user(
            email=email,
            password=DEMO_PASSWORD,
            pseudonym=pseudonym,
            real_name=real_name,
            show_real_name=bool(real_name),
            official_title=title,
        )
    administrator = users[Role.ADMINISTRATOR]
    # Bootstrap: someone must hold the administrator right before anyone can grant roles.
    # No service raises an account to superuser (`createsuperuser` writes the flags
    # directly too), so the demo does the same, once, for its administrator.
    administrator.is_staff = administrator.is_superuser = True
    administrator.save(update_fields=["is_staff", "is_superuser"])
    for _email, _pseudonym, role, _real_name, _title in ACCOUNTS:
        if role != Role.CITIZEN:
            accounts.grant_role(
                actor=administrator, user=users[role], territory=territory, role=role
            )
    return users


def _phase_fields(components) -> dict:
    """The `add_phase` keyword arguments that open `components`: the one place that knows how."""
    return {"components": list(components)}


def _digital_transition(territory, organiser) -> Process:
    now = timezone.now()
    process = processes.create_process(
        actor=organiser,
        territory=territory,
        slug="transition-numerique",
        title="Le numérique au service de toutes et tous",
        summary="Comment le numérique peut-il faciliter la vie dans nos cinq communes, sans laisser personne de côté ?",
        description=(
            "La communauté de communes prépare son plan pour la transition numérique.\n\n"
            "Nous voulons savoir ce qui vous aide, ce qui vous gêne et ce qui manque : "
            "pour trouver un emploi, se déplacer, se soigner, être en sécurité et vivre ensemble.\n\n"
            "**Vous pouvez participer de trois façons :**\n\n"
            "- en ligne, sur cette page ;\n"
            "- au guichet de la médiathèque, du centre social ou de la mairie, avec une médiatrice ;\n"
            "- lors des réunions publiques, dans chaque commune.\n\n"
            "Des experts et des élus répondront aux questions pendant la phase de réponses. "
            "Une synthèse sera publiée, puis le suivi des décisions."
        ),
        image=ContentFile(identity.draw_banner(), name="transition-numerique.png"),
        image_alt=identity.BANNER_ALT,
    )
    for name, slug, description in THEMES:
        theme = processes.add_theme(
            actor=organiser, process=process, name=name, description=description
        )
        if theme.slug != slug:  # the demo's texts are keyed by these slugs
            raise RuntimeError(f"theme {name!r} got the slug {theme.slug!r}, not {slug!r}")
    for kind, title, start, end, components in PHASES:
        processes.add_phase(
            actor=organiser,
            process=process,
            kind=kind,
            title=title,
            starts_at=now + timedelta(days=start),
            ends_at=now + timedelta(days=end),
            **_phase_fields(components),
        )
    return processes.set_process_status(
        actor=organiser, process=process, status=Process.Status.PUBLISHED
    )


def _load_participation(territory, process, users, dates: Backdating) -> None:
    """Meetings, then contributions, replies, reactions, reports and answers."""
    from importlib import import_module

    # Meetings first: contributions collected at a meeting point to it.
    for module_name in (
        "parlons.demo.meetings_data",
        "parlons.demo.debates_data",
        "parlons.demo.followup_data",
        "parlons.demo.proposals_data",
        "parlons.demo.budgets_data",
        "parlons.demo.questionnaires_data",
        "parlons.demo.initiatives_data",
        # After the library's categories: the inventory's answers become initiatives.
        "parlons.demo.inventory_data",
        "parlons.demo.privacy_data",
        # The synthesis last: it analyses what was said.
        "parlons.demo.synthesis_data",
    ):
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name != module_name:
                raise
            continue
        module.load(territory, process, users, dates)


def _backdate(dates: Backdating) -> None:
    """Demo only: once every service has run, give the rows the dates of the story."""
    dates.apply()
