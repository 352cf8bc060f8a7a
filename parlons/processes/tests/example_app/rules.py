"""Step 3, rules: a named, phase-aware predicate with its refusal."""

from parlons.accounts.rules import is_signed_in
from parlons.core.rules import rule
from parlons.processes.rules import component_open

from .components import QUICK_OPINIONS


@rule("Les avis express ne sont pas ouverts dans cette démarche en ce moment.")
def can_give_opinion(user, process, at=None) -> bool:
    return is_signed_in(user) and component_open(process, QUICK_OPINIONS, at)
