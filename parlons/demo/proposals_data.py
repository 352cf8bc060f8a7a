"""Proposals of the demo démarche: ideas, supports, a threshold and a few official answers.

Invented for the demo, in plain French; nobody named is real. Every write goes
through the proposals' services, so each has its audit entry. The random
generator is seeded: the demo is the same every time it is loaded.
"""

import random
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from parlons.accounts.models import Role, User
from parlons.demo.backdating import Backdating
from parlons.demo.debates_data import EMAIL_DOMAIN, _without_emails
from parlons.demo.followup_data import PHOTO_ALT, draw_photo
from parlons.proposals import services
from parlons.proposals.models import State

SUPPORT_THRESHOLD = 12

# title, text, theme slug, commune slug or None, estimated cost in euros or None
PROPOSALS = [
    (
        "Un atelier numérique chaque samedi à la médiathèque",
        "Un atelier gratuit le samedi matin pour apprendre à faire ses démarches en ligne, "
        "avec une personne pour aider pas à pas.",
        "vivre-ensemble",
        "bourg-sur-rive",
        4000,
    ),
    (
        "Des ateliers numériques le samedi dans les médiathèques",
        "Le samedi, des ateliers pour aider à faire ses démarches en ligne dans chaque "
        "médiathèque du territoire.",
        "vivre-ensemble",
        None,
        None,
    ),
    (
        "Une application de covoiturage entre les cinq communes",
        "Une application simple pour proposer ou trouver une place en voiture vers le marché, "
        "la gare ou le collège.",
        "mobilite",
        None,
        25000,
    ),
    (
        "Des bornes de recharge pour vélos électriques à la gare",
        "Recharger son vélo électrique à la gare pendant la journée de travail.",
        "mobilite",
        "bourg-sur-rive",
        18000,
    ),
    (
        "Un transport à la demande réservable par téléphone",
        "Pouvoir réserver le transport à la demande par téléphone et pas seulement en ligne, "
        "pour les personnes âgées.",
        "mobilite",
        None,
        None,
    ),
    (
        "Une cabine de téléconsultation à la maison de santé",
        "Une cabine de téléconsultation avec une infirmière présente, pour voir un médecin "
        "sans attendre trois semaines.",
        "sante",
        "lanvenec",
        60000,
    ),
    (
        "Aider à prendre rendez-vous chez le médecin en ligne",
        "Une permanence à la mairie pour aider à prendre rendez-vous en ligne chez le médecin.",
        "sante",
        "saint-aubin-des-landes",
        None,
    ),
    (
        "Des réunions d'information contre les arnaques en ligne",
        "Expliquer dans chaque commune comment reconnaître les faux messages et les arnaques "
        "au téléphone.",
        "securite",
        None,
        1500,
    ),
    (
        "Un éclairage public qui s'allume au passage",
        "Des lampadaires qui s'allument quand on passe, pour économiser et rester en sécurité.",
        "securite",
        "port-kerle",
        45000,
    ),
    (
        "Le wifi gratuit sur le port",
        "Un accès wifi gratuit sur le port pour les habitants et les visiteurs.",
        "vivre-ensemble",
        "port-kerle",
        8000,
    ),
    (
        "Des ordinateurs reconditionnés pour les familles",
        "Donner aux familles qui n'en ont pas des ordinateurs reconditionnés par une "
        "association locale.",
        "vivre-ensemble",
        None,
        12000,
    ),
    (
        "Un espace de travail partagé sur l'île",
        "Un lieu avec une bonne connexion pour télétravailler sur l'île sans prendre le bateau.",
        "emploi",
        "ile-aux-moines-blanches",
        30000,
    ),
    (
        "Des formations aux métiers du numérique pour les jeunes",
        "Des formations courtes, près de chez soi, pour les jeunes qui cherchent un emploi.",
        "emploi",
        None,
        None,
    ),
    (
        "Afficher les horaires du bateau en temps réel",
        "Un écran au port et une page en ligne avec les horaires réels du bateau vers l'île.",
        "mobilite",
        "ile-aux-moines-blanches",
        7000,
    ),
    (
        "Un guichet unique pour toutes les démarches",
        "Une seule adresse, dans chaque commune, où quelqu'un aide pour toutes les démarches "
        "en ligne.",
        "vivre-ensemble",
        "saint-aubin-des-landes",
        None,
    ),
]

# Index in PROPOSALS -> (state, reason, answering body). One accepted, one merged.
ANSWERS = {
    0: (
        State.ACCEPTED,
        "Les ateliers commenceront en janvier à la médiathèque de Bourg-sur-Rive, chaque samedi "
        "de 10 h à 12 h.",
        "Conseil communautaire",
    ),
    1: (
        State.MERGED,
        "Cette proposition demande la même chose que celle des ateliers du samedi : les "
        "soutiens sont réunis.",
        "Service de la médiation numérique",
    ),
    8: (
        State.REJECTED,
        "L'éclairage public relève de chaque commune ; la proposition est transmise à la mairie "
        "de Port-Kerlé.",
        "Bureau communautaire",
    ),
    9: (
        State.DONE,
        "Le wifi gratuit est en service sur le port depuis l'été.",
        "Mairie de Port-Kerlé",
    ),
}
MEDIATED = {14: "Une habitante de Saint-Aubin"}
# The first proposal comes with a picture, drawn at load time (no file shipped).
PICTURED = {0: PHOTO_ALT}
# Its author clarifies one proposal (the earlier version is kept) and withdraws another.
EDITED = {
    12: (
        "Des formations aux métiers du numérique pour les jeunes et les adultes",
        "Des formations courtes et gratuites aux métiers du numérique (réparation, "
        "développement web, assistance), ouvertes aux jeunes comme aux adultes en "
        "reconversion, avec la mission locale.",
    )
}
WITHDRAWN = 11


def load(territory, process, users, dates: Backdating) -> None:
    rng = random.Random(20261206)
    citizens = list(User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}").order_by("pk"))
    demo_citizen = users[Role.CITIZEN]
    people = [demo_citizen, *citizens]
    themes = {theme.slug: theme for theme in process.themes.all()}
    communes = {commune.slug: commune for commune in territory.communes.all()}
    organiser, expert, mediator = users[Role.ORGANISER], users[Role.EXPERT], users[Role.MEDIATOR]
    now = timezone.now()
    with _without_emails(people):
        proposals = []
        for index, (title, body, theme, commune, cost) in enumerate(PROPOSALS):
            fields = {
                "process": process,
                "title": title,
                "body": body,
                "theme": themes.get(theme),
                "place": communes.get(commune) if commune else None,
                "estimated_cost": Decimal(cost) if cost else None,
            }
            if index in MEDIATED:
                fields.pop("estimated_cost")
                proposal = services.submit_on_behalf(
                    actor=mediator, consent=True, display_label=MEDIATED[index], **fields
                )
            else:
                author = people[(index * 3 + 1) % len(people)]
                if index in PICTURED:
                    fields["image"] = ContentFile(draw_photo(), name="atelier-numerique.png")
                    fields["image_alt"] = PICTURED[index]
                proposal = services.submit_proposal(actor=author, **fields)
            at = now - timedelta(days=22 - index, hours=rng.randint(0, 10))
            proposals.append(dates.set(proposal, created_at=at))
        # Supports: a few ideas gather many, most a handful.
        for index, proposal in enumerate(proposals):
            wanted = max(1, int(22 / (1 + index % 7)) - rng.randint(0, 3))
            for person in rng.sample(people[1:], min(wanted, len(people) - 1)):
                services.support(actor=person, proposal=proposal)
        services.support_on_behalf(actor=mediator, proposal=proposals[5], consent=True)
        for index, (title, body) in EDITED.items():
            proposal = proposals[index]
            services.edit_proposal(
                actor=proposal.author,
                proposal=proposal,
                title=title,
                body=body,
                theme=proposal.theme,
                place=proposal.place,
                estimated_cost=proposal.estimated_cost,
            )
        services.withdraw_proposal(actor=proposals[WITHDRAWN].author, proposal=proposals[WITHDRAWN])
        services.set_support_threshold(
            actor=organiser, process=process, threshold=SUPPORT_THRESHOLD
        )
        for days_ago, (index, (state, reason, body)) in zip(
            (6, 5, 3, 2), ANSWERS.items(), strict=True
        ):
            item = services.answer(
                actor=expert,
                proposal=proposals[index],
                state=state,
                reason=reason,
                answering_body=body,
                merged_into=proposals[0] if state == State.MERGED else None,
            )
            at = now - timedelta(days=days_ago, hours=rng.randint(1, 8))
            dates.set(item, created_at=at)
            dates.set(proposals[index], state_changed_at=at)
