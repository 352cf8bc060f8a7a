"""The follow-up of decisions in the demo: three decisions taken in council, and their news.

The proposals and budgets apps announce their decisions themselves; the demo's
story starts before they decide, so these three were entered by the team
(kind "manual"), as a decision taken at a council meeting would be. Everything
is invented; nobody named is real.
"""

import io
from datetime import timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

from parlons.accounts.models import Role
from parlons.followup import services
from parlons.followup.models import Status

RESULTS = [
    # title, summary, decided days ago, planned, service, expected end in days, updates
    (
        "Une permanence numérique chaque samedi à la médiathèque",
        "Le conseil communautaire a décidé d'ouvrir une permanence d'aide au numérique "
        "le samedi matin à la Médiathèque des Trois Rives, avec une conseillère numérique, "
        "pour les démarches en ligne et l'usage du téléphone.",
        40,
        Decimal("18000"),
        "Service culture et lecture publique",
        20,
        [
            # days ago, text, status, progress, spent, photo
            (
                30,
                "La conseillère numérique est recrutée. Elle commence par une formation "
                "de deux semaines avec l'équipe de la médiathèque.",
                Status.SCHEDULED,
                20,
                Decimal("2500"),
                False,
            ),
            (
                9,
                "Les premières permanences ont eu lieu : **14 personnes** sont venues les "
                "deux premiers samedis, surtout pour la déclaration d'impôts et la prise de "
                "rendez-vous médicaux.\n\nLe coin numérique a été installé près de l'accueil.",
                Status.IN_PROGRESS,
                60,
                Decimal("9400"),
                True,
            ),
        ],
    ),
    (
        "Le wifi public dans les cinq mairies",
        "Un accès wifi gratuit, sans inscription, dans le hall des cinq mairies, "
        "pour consulter ses démarches et imprimer un document.",
        38,
        Decimal("12500"),
        "Service des systèmes d'information",
        -3,
        [
            (
                25,
                "Les bornes wifi sont commandées. La pose commence par Lanvenec et Port-Kerlé.",
                Status.IN_PROGRESS,
                40,
                Decimal("7200"),
                False,
            ),
            (
                4,
                "Les cinq mairies ont leur wifi public. Le code d'accès est affiché à l'accueil "
                "et il n'est demandé ni nom ni adresse électronique.",
                Status.DONE,
                100,
                Decimal("11850"),
                False,
            ),
        ],
    ),
    (
        "Un car à la demande le soir vers la gare",
        "Étudier un service de transport à la demande en soirée, pour rejoindre "
        "la gare depuis les communes rurales après 19 h.",
        35,
        Decimal("45000"),
        "Service mobilités",
        180,
        [
            (
                12,
                "Le service mobilités compte les besoins avec la région, qui finance les "
                "lignes régulières. Une enquête auprès des habitants est prévue en janvier.",
                Status.STUDY,
                10,
                None,
                False,
            ),
        ],
    ),
]

PHOTO_ALT = (
    "Le coin numérique de la médiathèque : deux ordinateurs sur une table, "
    "une affiche « Permanence du samedi »."
)


def draw_photo(width: int = 900, height: int = 500) -> bytes:
    """An invented picture of the digital corner, drawn at load time (no file shipped)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (233, 240, 246))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 330, width, height), fill=(196, 168, 130))  # floor
    draw.rectangle((120, 280, 780, 310), fill=(120, 86, 60))  # table
    for left in (180, 480):
        draw.rectangle((left, 150, left + 220, 280), fill=(40, 44, 52))  # screens
        draw.rectangle((left + 10, 160, left + 210, 270), fill=(120, 180, 220))
    draw.rectangle((360, 40, 560, 120), fill=(11, 79, 138))  # poster
    draw.text((380, 70), "Permanence du samedi", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def load(territory, process, users, dates) -> None:
    organiser = users[Role.ORGANISER]
    now = timezone.now()
    for title, summary, decided, planned, service, end, updates in RESULTS:
        result = services.create_result(
            actor=organiser,
            process=process,
            decided_at=now - timedelta(days=decided),
            title=title,
            summary=summary,
            decided_by="Conseil communautaire",
            planned_amount=planned,
            responsible_service=service,
            expected_end=(now + timedelta(days=end)).date(),
        )
        for days, text, status, progress, spent, with_photo in updates:
            services.post_update(
                actor=organiser,
                result=result,
                text=text,
                at=now - timedelta(days=days),
                status=status,
                progress=progress,
                spent_amount=spent,
                photo=ContentFile(draw_photo(), name="permanence.png") if with_photo else None,
                photo_alt=PHOTO_ALT if with_photo else "",
            )
