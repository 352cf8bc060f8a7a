"""Questionnaires used as inventories: answers that become entries of a library.

A network of territories sends a questionnaire to its members to list what
each one does; the library of initiatives turns each answer into a draft. The
two apps are siblings and never import each other: the app that holds the
answers declares, in its module `inventory_sources.py`,

    INVENTORY = InventoryProvider(prefix="questionnaire", sources=..., questions=..., answers=...)

and the app that reads them finds it here (parlons.core.registry). Answers
travel as plain records in words (the option's label, the commune's name),
keyed by a stable `key` so a second reading creates no twin.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from parlons.core.registry import provided


@dataclass(frozen=True)
class InventorySource:
    key: str  # "<prefix>-<number>": safe in an address
    title: str
    detail: str = ""  # the démarche it belongs to
    answers: int = 0


@dataclass(frozen=True)
class InventoryQuestion:
    key: str
    label: str


@dataclass(frozen=True)
class InventoryAnswer:
    key: str  # stable: "questionnaires.response:12"
    values: dict[str, str] = field(default_factory=dict)  # question key -> the answer in words


@dataclass(frozen=True)
class InventoryProvider:
    prefix: str
    sources: Callable[[Any], list[InventorySource]]  # (territory) -> its questionnaires
    questions: Callable[[str], list[InventoryQuestion]]  # (source key) -> its questions
    answers: Callable[[str], Iterable[InventoryAnswer]]  # (source key) -> sent answers


def providers() -> list[InventoryProvider]:
    return list(provided("inventory_sources", "INVENTORY"))


def _provider(key: str) -> InventoryProvider | None:
    prefix = key.rsplit("-", 1)[0]
    return next((found for found in providers() if found.prefix == prefix), None)


def sources_of(territory) -> list[InventorySource]:
    return [source for provider in providers() for source in provider.sources(territory)]


def source_named(territory, key: str) -> InventorySource | None:
    return next((source for source in sources_of(territory) if source.key == key), None)


def questions_of(key: str) -> list[InventoryQuestion]:
    provider = _provider(key)
    return provider.questions(key) if provider else []


def answers_of(key: str) -> Iterable[InventoryAnswer]:
    provider = _provider(key)
    return provider.answers(key) if provider else []
