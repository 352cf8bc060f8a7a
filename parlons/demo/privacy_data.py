"""The DPO's desk in the demo: rights requests at each step, one of them late.

Every person gives a postal address, no e-mail: loading the demo writes to nobody.
"""

from datetime import timedelta

from django.utils import timezone

from parlons.accounts.models import Role
from parlons.privacy import rights
from parlons.privacy.models import RequestChannel


def load(territory, process, users, dates) -> None:
    today = timezone.localdate()
    dpo = users[Role.DPO]
    answered = rights.file_request(
        actor=None,
        kind="access",
        text="Quelles données gardez-vous sur moi depuis la réunion de Lanvenec ?",
        name="Yvonne Le Goff",
        postal_address="2 place de l'Église, 56110 Lanvenec",
        channel=RequestChannel.WITHOUT_ACCOUNT,
        received_on=today - timedelta(days=12),
    )
    rights.record_identity_check(
        actor=dpo, request=answered, check="Carte d'identité vue au guichet de Lanvenec"
    )
    rights.close(
        actor=dpo,
        request=answered,
        answer="Nous gardons votre nom et votre inscription à la réunion du 3 mars ; rien d'autre.",
    )
    rights.file_request(
        actor=None,
        kind="erasure",
        text="Merci d'effacer mon inscription à l'atelier numérique.",
        name="Gaël Quéré",
        postal_address="Kerlann, 56120 Saint-Aubin-des-Landes",
        channel=RequestChannel.WITHOUT_ACCOUNT,
        received_on=today - timedelta(days=34),
    )
    extended = rights.file_request(
        actor=None,
        kind="rectification",
        text="Mon nom est mal orthographié dans le compte rendu de la réunion.",
        name="Maëlle Cariou",
        postal_address="11 rue des Goélands, 56130 Port-Kerlé",
        channel=RequestChannel.WITHOUT_ACCOUNT,
        received_on=today - timedelta(days=20),
    )
    rights.extend(
        actor=dpo,
        request=extended,
        reason="Le compte rendu papier est aux archives de la mairie de Port-Kerlé.",
    )
    rights.file_request(
        actor=users[Role.MEDIATOR],
        kind="objection",
        text="Ne plus recevoir de courrier sur la démarche.",
        name="Jean Riou",
        postal_address="4 rue du Port, 56130 Port-Kerlé",
        channel=RequestChannel.COUNTER,
        received_on=today - timedelta(days=2),
    )
