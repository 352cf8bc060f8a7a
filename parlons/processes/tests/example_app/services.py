"""Step 4, services: the one way to write, checked, masked and audited."""

from django.db import transaction

from parlons.core import audit
from parlons.privacy.publication import create_published

from .models import QuickOpinion
from .rules import can_give_opinion


@transaction.atomic
def give_opinion(*, actor, process, text: str) -> QuickOpinion:
    can_give_opinion.require(actor, process)
    opinion = create_published(QuickOpinion, process=process, author=actor, text=text.strip())
    audit.record(actor, "example_app.give_opinion", opinion, process=process.slug)
    return opinion
