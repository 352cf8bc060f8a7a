"""Named permission predicates that carry their own refusal, defined once per app.

Each app writes its predicates in its `rules.py`:

    @rule(_("Les contributions ne sont pas ouvertes dans cette démarche en ce moment."))
    def can_contribute(user, process, at=None) -> bool: ...

A predicate is called like a function (views and templates ask it to decide
what to show) and offers `.require(...)`, which raises `PermissionDenied` with
the predicate's message: services call it before every write, so a refusal
says the same words wherever it comes from.
"""

from collections.abc import Callable
from functools import update_wrapper
from typing import Generic, ParamSpec, TypeAlias

from django.core.exceptions import PermissionDenied
from django.utils.functional import Promise

P = ParamSpec("P")
Refusal: TypeAlias = str | Promise | Callable[P, str]

# Every predicate declared with @rule, by "module.name": the permission matrix
# tests check that each one is covered by a role x phase table.
RULES: dict[str, "Rule"] = {}


class Rule(Generic[P]):
    """A predicate and the message that explains, in plain French, why it said no."""

    def __init__(self, test: Callable[P, bool], refusal: "Refusal[P]") -> None:
        self.test = test
        self.refusal = refusal
        update_wrapper(self, test)
        RULES[f"{test.__module__}.{test.__name__}"] = self

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> bool:
        return bool(self.test(*args, **kwargs))

    def require(self, *args: P.args, **kwargs: P.kwargs) -> None:
        """Refuse with this rule's message unless it holds."""
        if not self.test(*args, **kwargs):
            raise PermissionDenied(self.refusal_for(*args, **kwargs))

    def refusal_for(self, *args: P.args, **kwargs: P.kwargs) -> str:
        """The message for these arguments (some rules explain which condition failed)."""
        if callable(self.refusal):
            return str(self.refusal(*args, **kwargs))
        return str(self.refusal)

    def __repr__(self) -> str:
        return f"<Rule {self.test.__module__}.{self.test.__name__}>"


# `Refusal[...]`, not `Refusal[P]`: the rule's parameters are taken from the predicate it
# decorates. (Django is untyped here, so `Promise` is `Any`; P solved from the refusal
# would come out as `Never` or `Any`.)
def rule(refusal: "Refusal[...]") -> Callable[[Callable[P, bool]], Rule[P]]:
    """Declare a predicate with the message shown when it refuses (or a function that says it)."""

    def declare(test: Callable[P, bool]) -> Rule[P]:
        return Rule(test, refusal)

    return declare
