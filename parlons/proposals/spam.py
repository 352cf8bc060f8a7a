"""Which new proposals look like spam: a few signs a person can read, as the debate does.

A proposal showing enough signs is held: it stays out of the public pages
until someone of the team publishes it from the list of proposals waiting for
an answer. Nothing is ever deleted.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from parlons.synthesis.engine.text import fold

LINK = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
SPAM_PHRASES = (
    "gagnez de l'argent",
    "argent facile",
    "casino en ligne",
    "paris sportifs",
    "cliquez ici",
    "offre exclusive",
    "credit rapide",
    "crypto monnaie",
)
# Signs needed to hold a proposal: one alone (a link to a project's page) is fine.
HOLD_AT = 2


@dataclass(frozen=True)
class Verdict:
    reasons: tuple[str, ...]

    @property
    def held(self) -> bool:
        return len(self.reasons) >= HOLD_AT

    def explanation(self) -> str:
        return "\n".join(self.reasons)


def score(text: str, *, account_age_hours: float | None, posted_before: bool) -> Verdict:
    reasons = []
    links = len(LINK.findall(text))
    if links:
        reasons.append(_("contient %(count)s lien(s)") % {"count": links})
    if links >= 3:
        reasons.append(_("beaucoup de liens"))
    folded = fold(text)
    found = [phrase for phrase in SPAM_PHRASES if phrase in folded]
    if found:
        reasons.append(
            _("expressions souvent vues dans les messages indésirables : %(list)s")
            % {"list": ", ".join(found)}
        )
    if account_age_hours is not None and account_age_hours < 1:
        reasons.append(_("compte créé il y a moins d'une heure"))
    if posted_before:
        reasons.append(_("le même texte a déjà été proposé par ce compte"))
    return Verdict(tuple(reasons))
