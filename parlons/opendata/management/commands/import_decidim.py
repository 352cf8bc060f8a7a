"""`parlons import_decidim`: a Decidim open-data export becomes a démarche's history.

Decidim's open-data export is a set of `;`-separated CSV files, one per kind
of resource, whose columns come from Decidim's serializers and vary with its
version: translated fields flattened as `title/fr` (or a plain `title`), the
author as `author/id` + `author/name` (or `author_id`), comments pointing at
what they comment (`commentable_type` + `commentable_id`, a reply pointing at
its parent comment) and at their thread (`root_commentable_url`).

This command lives on the interfaces floor because it needs two sibling apps
(proposals and debates) and accounts; it reads and checks the files, then
writes only through their services (docs/decisions/0603-decidim-import.md).
"""

import csv
import hashlib
import io
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from html import unescape
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.html import strip_tags

from parlons.accounts.models import User
from parlons.accounts.services import create_imported_accounts
from parlons.core.csv_import import ImportRejected, RowError, decode, delimiter, normalise
from parlons.core.models import ExternalReference
from parlons.core.queries import current_territory
from parlons.core.validators import (
    control_character_message,
    date_in_range,
    date_range_message,
    first_control_character,
)
from parlons.debates.models import BODY_MAX_LENGTH as REPLY_MAX_LENGTH
from parlons.debates.models import MAX_DEPTH, Contribution
from parlons.debates.models import TITLE_MAX_LENGTH as DEBATE_TITLE_MAX_LENGTH
from parlons.debates.services import ImportedContribution, import_contributions
from parlons.processes.models import Process
from parlons.processes.services import add_theme, create_process
from parlons.proposals.models import BODY_MAX_LENGTH, TITLE_MAX_LENGTH, Proposal, State
from parlons.proposals.services import ImportedProposal, import_proposals

PROPOSALS, DEBATES, COMMENTS = "proposals", "debates", "comments"
# Decidim's states -> Parlons'; a withdrawn proposal is read apart (`WITHDRAWN`).
STATES = {
    "": State.PUBLISHED,
    "not_answered": State.PUBLISHED,
    "published": State.PUBLISHED,
    "evaluating": State.UNDER_STUDY,
    "accepted": State.ACCEPTED,
    "rejected": State.REJECTED,
}
# Decidim up to 0.26 says "withdrawn" in `state`; 0.27+ has `withdrawn` (true/false) and
# `withdrawn_at` columns beside a state that stays what it was.
WITHDRAWN = "withdrawn"
# A refusal explains itself in Parlons; Decidim allowed an empty answer.
NO_REASON = "Réponse importée de Decidim, qui ne donnait pas de motif."
COMMENTABLE = {
    "Decidim::Proposals::Proposal": PROPOSALS,
    "Decidim::Debates::Debate": DEBATES,
    "Decidim::Comments::Comment": COMMENTS,
}
URL_RESOURCE = re.compile(r"/(proposals|debates)/(\d+)")
URL_SPACE = re.compile(r"^(/[^/]+/[^/]+)/f/\d+")
OFFSET = re.compile(r"\s*(?:UTC|Z|([+-]\d{2}):?(\d{2}))$")
BLOCK_END = re.compile(r"(?i)<br\s*/?>|</p>|</li>|</h\d>|</div>|</blockquote>")
YES = {"true", "1", "oui", "yes"}


@dataclass
class Row:
    file: str
    line: int
    values: dict[str, str]

    def get(self, *names: str) -> str:
        for name in names:
            if value := self.values.get(name, "").strip():
                return value
        return ""

    def translated(self, name: str, locale: str) -> str:
        """`name/fr`, else `name`, else any other language (never a machine translation)."""
        if value := self.get(f"{name}/{locale}", name):
            return value
        for key, value in self.values.items():
            if key.startswith(f"{name}/") and "machine_translations" not in key and value.strip():
                return value.strip()
        return ""


@dataclass
class Problem:
    file: str
    error: RowError


@dataclass
class Report:
    read: Counter = field(default_factory=Counter)
    created: Counter = field(default_factory=Counter)
    already: Counter = field(default_factory=Counter)
    answers: Counter = field(default_factory=Counter)
    skipped: list[Problem] = field(default_factory=list)
    reattached: int = 0
    withdrawn: int = 0
    lifted: int = 0
    shortened: int = 0
    authors_created: int = 0
    authors_known: int = 0
    themes_created: int = 0
    not_kept: Counter = field(default_factory=Counter)

    def skip(self, row: Row, column: str, reason: str) -> None:
        self.skipped.append(Problem(row.file, RowError(row.line, column, reason)))


# --- Reading -----------------------------------------------------------------------------


def kind_of(header: list[str]) -> str | None:
    names = set(header)

    def has(name: str) -> bool:
        return name in names or any(item.startswith(f"{name}/") for item in names)

    if "commentable_type" in names or "commentable_id" in names:
        return COMMENTS
    if has("description") and has("title"):
        return DEBATES
    if has("title") and has("body"):
        return PROPOSALS
    return None


REQUIRED = {
    PROPOSALS: (("id",), ("title",), ("body",), ("published_at", "created_at")),
    DEBATES: (("id",), ("title",), ("created_at", "start_time", "published_at")),
    COMMENTS: (("id",), ("body",), ("created_at",), ("commentable_type",), ("commentable_id",)),
}


def read_export_file(name: str, content: bytes) -> tuple[str | None, list[Row], list[RowError]]:
    """The file's kind and rows; problems of the file itself by line (and column)."""
    try:
        text = decode(content)
    except ImportRejected as rejected:
        return None, [], rejected.errors
    if not text.strip():
        return None, [], [RowError(1, "—", "le fichier est vide.")]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter(text))
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except csv.Error as error:
        return None, [], [RowError(1, "—", f"en-tête illisible : {error}")]
    kind = kind_of(header)
    if kind is None:
        return (
            None,
            [],
            [
                RowError(
                    1,
                    "—",
                    "fichier non reconnu : ni propositions (title, body), ni débats "
                    "(title, description), ni commentaires (commentable_type). Un fichier "
                    "séparé par des virgules dans un export à points-virgules ?",
                )
            ],
        )
    errors = []
    for alternatives in REQUIRED[kind]:
        if not any(
            name in header or any(item.startswith(f"{name}/") for item in header)
            for name in alternatives
        ):
            errors.append(
                RowError(1, " ou ".join(alternatives), "colonne obligatoire absente de l'en-tête.")
            )
    if errors:
        return kind, [], errors
    rows: list[Row] = []
    while True:
        line = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            errors.append(RowError(line, "—", f"ligne illisible : {error}"))
            break
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            errors.append(
                RowError(
                    line,
                    "—",
                    f"cette ligne a {len(cells)} colonnes alors que l'en-tête en a "
                    f"{len(header)} : un séparateur ou un guillemet en trop dans un texte ?",
                )
            )
            continue
        rows.append(Row(name, line, dict(zip(header, cells, strict=True))))
    return kind, rows, errors


def parse_date(raw: str) -> datetime | None:
    """Decidim writes `2019-01-17 10:38:20 +0100`, `2019-01-17T10:38:20.000+01:00` or `… UTC`."""
    raw = raw.strip()
    offset = ""
    if found := OFFSET.search(raw):
        raw = raw[: found.start()]
        offset = f"{found.group(1)}:{found.group(2)}" if found.group(1) else "+00:00"
    try:
        value = datetime.fromisoformat(raw.replace(" ", "T", 1) + offset)
    except ValueError:
        return None
    return value if value.tzinfo else timezone.make_aware(value)


def plain_text(text: str) -> str:
    """Decidim stores rich text as HTML: paragraphs become lines, tags and entities go."""
    if "<" in text and ">" in text:
        text = strip_tags(BLOCK_END.sub("\n", text))
    text = unescape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ")
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def short_title(title: str, limit: int) -> tuple[str, bool]:
    title = " ".join(title.split())
    if len(title) <= limit:
        return title, False
    cut = title[: limit - 1].rsplit(" ", 1)[0] or title[: limit - 1]
    return cut.rstrip(" ,;:") + "…", True


# --- Checking ----------------------------------------------------------------------------


@dataclass
class Item:
    """A checked row: what will be written if the whole export is right."""

    kind: str
    key: str
    row: Row
    title: str = ""
    body: str = ""
    created_at: datetime | None = None
    author_key: str | None = None
    theme: str = ""
    scope: str = ""
    shortened: bool = False
    state: str = State.PUBLISHED
    reason: str = ""
    answered_at: datetime | None = None
    withdrawn_at: datetime | None = None
    # Comments: what they comment, and the thread they belong to.
    parent_kind: str = ""
    parent_key: str = ""
    root_kind: str = ""
    root_key: str = ""
    host: str = ""


def author_key(row: Row) -> str | None:
    """The author's id in Decidim, else a digest of their name (the name itself is not kept)."""
    if found := row.get("author/id", "author_id", "user/id"):
        return found
    if name := row.get("author/name", "author_name"):
        return "nom-" + hashlib.sha256(normalise(name).encode()).hexdigest()[:12]
    return None


def check_text(row: Row, column: str, text: str, limit: int, errors: list[RowError]) -> str:
    text = plain_text(text)
    if first_control_character(text) is not None:
        errors.append(RowError(row.line, column, control_character_message(text)))
    elif len(text) > limit:
        errors.append(
            RowError(
                row.line,
                column,
                f"le texte fait {len(text)} caractères ; {limit} au plus dans Parlons.",
            )
        )
    return text


def check_date(row: Row, columns: tuple[str, ...], errors: list[RowError]) -> datetime | None:
    raw = row.get(*columns)
    column = next((name for name in columns if row.values.get(name, "").strip()), columns[0])
    if not raw:
        errors.append(RowError(row.line, column, "date absente."))
        return None
    value = parse_date(raw)
    if value is None:
        errors.append(
            RowError(row.line, column, f"date illisible « {raw} » : attendu AAAA-MM-JJ HH:MM:SS.")
        )
    elif not date_in_range(value):
        errors.append(RowError(row.line, column, date_range_message()))
        return None
    return value


def withdrawn_item(row: Row, item: Item, report: Report, errors: list) -> tuple[Item, list]:
    """A proposal its author withdrew in Decidim: imported as withdrawn, without its words.

    As when an author withdraws in Parlons, a trace stays (its address, its
    date, the state "withdrawn" in the open data) and no text is published;
    since the text had left Decidim's pages, it is not brought at all. The
    trace is dated by `withdrawn_at` (Decidim 0.27+), else by the
    publication: older exports do not date a withdrawal. No account is made
    for its author: a trace without words needs no signature.
    """
    item.state = State.WITHDRAWN
    item.author_key = None
    item.created_at = check_date(row, ("published_at", "created_at"), errors)
    if raw := row.get("withdrawn_at"):
        item.withdrawn_at = parse_date(raw)
        if item.withdrawn_at is None:
            errors.append(RowError(row.line, "withdrawn_at", f"date illisible « {raw} »."))
    item.withdrawn_at = item.withdrawn_at or item.created_at
    votes = row.get("supports", "votes", "proposal_votes_count")
    if votes.isdigit():
        report.not_kept["soutiens (votes)"] += int(votes)
    return item, errors


def check_row(
    kind: str, row: Row, locale: str, report: Report, states: dict[str, str] | None = None
) -> tuple[Item | None, list]:
    errors: list[RowError] = []
    key = row.get("id")
    if not key:
        errors.append(RowError(row.line, "id", "identifiant absent."))
    elif not key.isdigit():
        errors.append(RowError(row.line, "id", f"identifiant « {key} » : un nombre est attendu."))
    item = Item(kind=kind, key=key, row=row, author_key=author_key(row))
    if kind == PROPOSALS:
        raw_state = normalise(row.get("state"))
        raw_state = (states or {}).get(raw_state, raw_state)
        if (
            raw_state == WITHDRAWN
            or row.get("withdrawn_at")
            or (normalise(row.get("withdrawn")) in YES)
        ):
            return withdrawn_item(row, item, report, errors)
        if raw_state not in STATES:
            errors.append(
                RowError(
                    row.line,
                    "state",
                    f"état inconnu « {row.get('state')} » ; états connus : "
                    + ", ".join(name for name in [*STATES, WITHDRAWN, *(states or {})] if name)
                    + " (un état propre à cette plateforme : --state ETAT=accepted, par exemple).",
                )
            )
        else:
            item.state = STATES[raw_state]
        title, shortened = short_title(
            plain_text(row.translated("title", locale)), TITLE_MAX_LENGTH
        )
        body = check_text(row, "body", row.translated("body", locale), BODY_MAX_LENGTH, errors)
        item.shortened = shortened
        if shortened:
            body = f"{' '.join(plain_text(row.translated('title', locale)).split())}\n\n{body}"
        if not title:
            errors.append(RowError(row.line, "title", "titre vide."))
        if not body:
            errors.append(RowError(row.line, "body", "texte vide."))
        if len(body) > BODY_MAX_LENGTH:
            errors.append(RowError(row.line, "body", f"texte de plus de {BODY_MAX_LENGTH} signes."))
        item.title, item.body = title, body
        item.created_at = check_date(row, ("published_at", "created_at"), errors)
        item.reason = plain_text(row.translated("answer", locale))
        if item.state == State.REJECTED and not item.reason:
            item.reason = NO_REASON
        if raw := row.get("answered_at", "state_published_at"):
            item.answered_at = parse_date(raw)
            if item.answered_at is None:
                errors.append(RowError(row.line, "answered_at", f"date illisible « {raw} »."))
        item.theme = row.translated("category/name", locale)
        item.scope = row.translated("scope/name", locale)
        votes = row.get("supports", "votes", "proposal_votes_count")
        if votes.isdigit():
            report.not_kept["soutiens (votes)"] += int(votes)
        endorsements = row.get("endorsements/total_count", "endorsements_count")
        if endorsements.isdigit():
            report.not_kept["adhésions (endorsements)"] += int(endorsements)
    elif kind == DEBATES:
        full_title = plain_text(row.translated("title", locale))
        title, shortened = short_title(full_title, DEBATE_TITLE_MAX_LENGTH)
        body = plain_text(row.translated("description", locale))
        instructions = plain_text(row.translated("instructions", locale))
        body = "\n\n".join(
            part for part in (full_title if shortened else "", body, instructions) if part
        )
        item.shortened = shortened
        if not title:
            errors.append(RowError(row.line, "title", "titre vide."))
        item.title = title
        item.body = check_text(row, "description", body or full_title, REPLY_MAX_LENGTH, errors)
        item.created_at = check_date(row, ("created_at", "start_time", "published_at"), errors)
        item.theme = row.translated("category/name", locale)
        item.scope = row.translated("scope/name", locale)
    else:
        item.body = check_text(
            row, "body", row.translated("body", locale), REPLY_MAX_LENGTH, errors
        )
        if not item.body:
            errors.append(RowError(row.line, "body", "texte vide."))
        item.created_at = check_date(row, ("created_at",), errors)
        commentable = row.get("commentable_type")
        item.parent_kind = COMMENTABLE.get(commentable, "")
        if not item.parent_kind:
            errors.append(
                RowError(row.line, "commentable_type", f"type commenté inconnu « {commentable} ».")
            )
        item.parent_key = row.get("commentable_id")
        if not item.parent_key.isdigit():
            errors.append(RowError(row.line, "commentable_id", "identifiant commenté absent."))
        url = row.get("root_commentable_url")
        if found := URL_RESOURCE.search(url):
            item.root_kind, item.root_key = found.group(1), found.group(2)
        elif item.parent_kind != COMMENTS:
            item.root_kind, item.root_key = item.parent_kind, item.parent_key
        item.host = urlsplit(url).hostname or ""
        if row.get("user_group/id"):
            report.not_kept["commentaires signés d'un groupe (signés par la personne)"] += 1
    return item, errors


# --- Writing -----------------------------------------------------------------------------


class Importer:
    def __init__(self, *, actor, source: str, locale: str, answering_body: str, report: Report):
        self.actor = actor
        self.source = source
        self.locale = locale
        self.answering_body = answering_body
        self.report = report
        self.references: dict[tuple[str, str], int] = {}
        self.new_debates: set[str] = set()
        self.communes: dict | None = None
        self.imported_comments: dict[int, tuple[int, int]] = {}
        self.depth: dict[str, int] = {}
        self.parent_of: dict[str, tuple[str, str]] = {}
        self.new_references: list[ExternalReference] = []

    MODELS = {
        PROPOSALS: Proposal,
        DEBATES: Contribution,
        COMMENTS: Contribution,
        "author": User,
        "process": Process,
    }

    def load_references(self) -> None:
        """What an earlier import of this source made and that still exists."""
        found = ExternalReference.objects.filter(source=self.source).values_list(
            "pk", "kind", "key", "target_id"
        )
        by_kind: dict[str, dict[str, tuple[int, int]]] = defaultdict(dict)
        for pk, kind, key, target_id in found:
            by_kind[kind][key] = (pk, target_id)
        gone = []
        for kind, keys in by_kind.items():
            model = self.MODELS.get(kind)
            # A subquery rather than a list of ids: SQLite limits the parameters of a query.
            of_kind = ExternalReference.objects.filter(source=self.source, kind=kind)
            existing = (
                set(
                    model.objects.filter(pk__in=of_kind.values("target_id")).values_list(
                        "pk", flat=True
                    )
                )
                if model
                else set()
            )
            for key, (pk, target_id) in keys.items():
                if target_id in existing:
                    self.references[(kind, key)] = target_id
                else:
                    gone.append(pk)
        for start in range(0, len(gone), 500):
            ExternalReference.objects.filter(pk__in=gone[start : start + 500]).delete()

    def remember(self, kind: str, key: str, target) -> None:
        self.references[(kind, key)] = target.pk
        self.new_references.append(
            ExternalReference(
                source=self.source,
                kind=kind,
                key=key,
                target_model=target._meta.label_lower,
                target_id=target.pk,
            )
        )

    def process_for(self, slug: str | None, space: str, title: str, territory) -> Process:
        if slug:
            process = Process.objects.filter(slug=slug).select_related("territory").first()
            if process is None:
                raise CommandError(f"Aucune démarche à l'adresse « {slug} ».")
            return process
        if space and (pk := self.references.get(("process", space))):
            return Process.objects.select_related("territory").get(pk=pk)
        process = create_process(
            actor=self.actor,
            territory=territory,
            title=title or ("Historique Decidim " + space.rsplit("/", 1)[-1]).strip(),
            summary="Propositions, débats et commentaires importés d'une plateforme Decidim.",
        )
        if space:
            self.remember("process", space, process)
        return process

    def themes(self, process: Process, names: set[str]) -> dict[str, object]:
        known = {normalise(theme.name): theme for theme in process.themes.all()}
        for name in sorted(names):
            if name and normalise(name) not in known:
                known[normalise(name)] = add_theme(
                    actor=self.actor, process=process, name=" ".join(name.split())[:100]
                )
                self.report.themes_created += 1
        return known

    def place(self, process: Process, scope: str):
        """A Decidim scope that names a commune of the territory (or gives its INSEE code)."""
        if not scope:
            return None
        if self.communes is None:
            self.communes = {}
            for commune in process.territory.communes.all():
                self.communes[normalise(commune.name)] = commune
                if commune.insee_code:
                    self.communes[commune.insee_code] = commune
        found = self.communes.get(normalise(scope))
        if found is None:
            self.report.not_kept[
                "portées (scope) qui ne nomment pas une commune du territoire"
            ] += 1
        return found

    def authors(self, keys: set[str]) -> dict[str, User]:
        known = {key for key in keys if ("author", key) in self.references}
        self.report.authors_known = len(known)
        users = {
            user.pk: user
            for user in by_pk(User.objects.all(), [self.references[("author", k)] for k in known])
        }
        found = {key: users[self.references[("author", key)]] for key in known}
        fresh = sorted(keys - known)
        taken = {
            name.lower()
            for name in User.objects.filter(pseudonym__istartswith="decidim-").values_list(
                "pseudonym", flat=True
            )
        }
        pseudonyms = []
        for key in fresh:
            base = f"decidim-{key if key.isdigit() else key[4:12]}"[:36]
            pseudonym, number = base, 2
            while pseudonym.lower() in taken:
                pseudonym, number = f"{base}-{number}", number + 1
            taken.add(pseudonym.lower())
            pseudonyms.append(pseudonym)
        created = create_imported_accounts(
            actor=self.actor, pseudonyms=pseudonyms, origin=self.source
        )
        for key, user in zip(fresh, created, strict=True):
            self.remember("author", key, user)
            found[key] = user
        self.report.authors_created = len(created)
        return found

    def run(self, process: Process, items: dict[str, list[Item]]) -> None:
        report = self.report
        themes = self.themes(process, {item.theme for kind in items.values() for item in kind})
        new = {
            kind: [item for item in found if (kind, item.key) not in self.references]
            for kind, found in items.items()
        }
        for kind, found in items.items():
            report.already[kind] = len(found) - len(new[kind])
            report.shortened += sum(item.shortened for item in new[kind])
        comments = self.place_comments(items[COMMENTS], new[COMMENTS])
        authors = self.authors(
            {
                item.author_key
                for item in [*new[PROPOSALS], *new[DEBATES], *comments]
                if item.author_key
            }
        )
        proposals = import_proposals(
            actor=self.actor,
            process=process,
            origin=self.source,
            answering_body=self.answering_body,
            items=[
                ImportedProposal(
                    title=item.title,
                    body=item.body,
                    created_at=item.created_at,
                    author=authors.get(item.author_key or ""),
                    theme=themes.get(normalise(item.theme)),
                    place=self.place(process, item.scope),
                    state=item.state,
                    reason=item.reason,
                    answered_at=item.answered_at,
                    withdrawn_at=item.withdrawn_at,
                )
                for item in new[PROPOSALS]
            ],
        )
        for item, proposal in zip(new[PROPOSALS], proposals, strict=True):
            self.remember(PROPOSALS, item.key, proposal)
            if item.state == State.WITHDRAWN:
                report.withdrawn += 1
            elif item.state != State.PUBLISHED:
                report.answers[item.state] += 1
        report.created[PROPOSALS] = len(proposals)
        debates = import_contributions(
            actor=self.actor,
            process=process,
            origin=self.source,
            items=[
                ImportedContribution(
                    title=item.title,
                    body=item.body,
                    created_at=item.created_at,
                    author=authors.get(item.author_key or ""),
                    display_label="" if item.author_key else process.territory.name,
                    theme=themes.get(normalise(item.theme)),
                    place=self.place(process, item.scope),
                )
                for item in new[DEBATES]
            ],
        )
        for item, debate in zip(new[DEBATES], debates, strict=True):
            self.remember(DEBATES, item.key, debate)
        report.created[DEBATES] = len(debates)
        self.write_comments(process, comments, authors)
        ExternalReference.objects.bulk_create(self.new_references, batch_size=500)

    def place_comments(self, every: list[Item], new: list[Item]) -> list[Item]:
        """Each new comment's parent and depth in Parlons; comments that cannot be placed are
        reported and left out. Decidim threads go deeper than Parlons' three levels: a deeper
        reply is attached to its parent's parent."""
        by_key = {item.key: item for item in every}
        # Comments imported earlier, read once: their depth and parent.
        earlier = ExternalReference.objects.filter(source=self.source, kind=COMMENTS)
        self.imported_comments = {
            pk: (depth, parent_id)
            for pk, depth, parent_id in Contribution.objects.filter(
                pk__in=earlier.values("target_id")
            ).values_list("pk", "depth", "parent_id")
        }
        placed: list[Item] = []
        new_keys = {item.key for item in new}

        left_out: set[str] = set()

        def place(item: Item, seen: frozenset = frozenset()) -> int | None:
            if item.key in self.depth:
                return self.depth[item.key]
            if item.key in seen or item.key in left_out:
                return None
            depth = placed_at(item, seen)
            if depth is None:
                left_out.add(item.key)
            return depth

        def placed_at(item: Item, seen: frozenset) -> int | None:
            if (COMMENTS, item.key) in self.references:
                return self.existing(item.key)
            if item.root_kind == PROPOSALS:
                self.report.skip(
                    item.row,
                    "commentable_type",
                    "commentaire d'une proposition : les propositions de Parlons n'ont pas "
                    "encore de fil de commentaires ; non importé.",
                )
                return None
            target: tuple[str, str] | None = None
            depth = 1
            orphan = False
            if item.parent_kind == COMMENTS:
                parent = by_key.get(item.parent_key)
                parent_depth = None
                if parent is not None:
                    parent_depth = place(parent, seen | {item.key})
                    if parent_depth is None:
                        self.report.skip(
                            item.row,
                            "commentable_id",
                            f"réponse au commentaire {item.parent_key}, lui-même non importé.",
                        )
                        return None
                elif (COMMENTS, item.parent_key) in self.references:
                    parent_depth = self.existing(item.parent_key)
                else:
                    orphan = True
                if parent_depth is not None:
                    target, depth = (COMMENTS, item.parent_key), parent_depth + 1
                    if depth > MAX_DEPTH:
                        target, depth = self.parent_of[item.parent_key], MAX_DEPTH
                        self.report.lifted += 1
            if target is None:
                if (DEBATES, item.root_key) not in self.references and (
                    item.root_key not in self.new_debates
                ):
                    self.report.skip(
                        item.row,
                        "commentable_id",
                        f"le débat {item.root_key or '?'} n'est pas dans l'export : "
                        "commentaire non importé.",
                    )
                    return None
                target = (DEBATES, item.root_key)
                self.report.reattached += orphan
            self.depth[item.key] = depth
            self.parent_of[item.key] = target
            if item.key in new_keys:
                placed.append(item)
            return depth

        for item in sorted(every, key=lambda found: int(found.key)):
            place(item)
        return placed

    def existing(self, key: str) -> int:
        """The depth of a comment imported earlier; its parent, for a reply that is deeper."""
        depth, parent_id = self.imported_comments[self.references[(COMMENTS, key)]]
        self.depth[key] = depth
        self.parent_of[key] = ("@pk", str(parent_id))
        return depth

    def write_comments(self, process: Process, comments: list[Item], authors) -> None:
        for depth in range(1, MAX_DEPTH + 1):
            level = [item for item in comments if self.depth[item.key] == depth]
            parents = {}
            wanted = {self.parent_of[item.key] for item in level}
            ids = {int(ref[1]) if ref[0] == "@pk" else self.references[ref]: ref for ref in wanted}
            for contribution in by_pk(Contribution.objects.all(), list(ids)):
                parents[ids[contribution.pk]] = contribution
            made = import_contributions(
                actor=self.actor,
                process=process,
                origin=self.source,
                items=[
                    ImportedContribution(
                        body=item.body,
                        created_at=item.created_at,
                        author=authors.get(item.author_key or ""),
                        parent=parents[self.parent_of[item.key]],
                    )
                    for item in level
                ],
            )
            for item, contribution in zip(level, made, strict=True):
                self.remember(COMMENTS, item.key, contribution)
            self.report.created[COMMENTS] += len(made)


def by_pk(queryset, ids: list[int], batch: int = 500):
    """The rows of `ids`, a batch at a time: SQLite limits the parameters of a query."""
    for start in range(0, len(ids), batch):
        yield from queryset.filter(pk__in=ids[start : start + batch])


def export_files(paths: list[str]) -> list[Path]:
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.extend(sorted(path.glob("*.csv")))
        else:
            found.append(path)
    return found


def most_common_host(rows: list[Row]) -> str:
    hosts = Counter(urlsplit(row.get("url")).hostname for row in rows if row.get("url"))
    return hosts.most_common(1)[0][0] if hosts else ""


class Command(BaseCommand):
    help = (
        "Importe un export de données ouvertes Decidim (fichiers CSV des propositions, des "
        "débats et des commentaires) dans une nouvelle démarche, ou dans celle donnée par "
        "--process. Tout est vérifié d'abord : une ligne refusée et rien n'est importé. "
        "Relancé sur le même export, il n'importe que ce qui manque."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "paths",
            nargs="+",
            metavar="FICHIER_OU_DOSSIER",
            help="les fichiers CSV de l'export, ou le dossier qui les contient",
        )
        parser.add_argument(
            "--as",
            dest="email",
            required=True,
            metavar="COURRIEL",
            help="adresse de la personne de l'équipe d'organisation qui fait l'import",
        )
        parser.add_argument(
            "--process", metavar="DEMARCHE", help="adresse courte d'une démarche existante"
        )
        parser.add_argument(
            "--title", default="", metavar="TITRE", help="titre de la nouvelle démarche"
        )
        parser.add_argument(
            "--locale",
            default="fr",
            metavar="LANGUE",
            help="langue des textes à reprendre (fr par défaut)",
        )
        parser.add_argument(
            "--source",
            default="",
            metavar="NOM",
            help="nom de la plateforme d'origine (par défaut : decidim: et l'adresse du site)",
        )
        parser.add_argument(
            "--answering-body",
            default="",
            metavar="INSTANCE",
            help="instance qui signe les réponses officielles (par défaut : le territoire)",
        )
        parser.add_argument(
            "--state",
            action="append",
            default=[],
            metavar="ETAT=ETAT_DECIDIM",
            help=(
                "un état propre à la plateforme (Decidim 0.28 permet d'en créer) lu comme un "
                "état connu : accepted, rejected, evaluating, not_answered ou withdrawn ; "
                "à répéter"
            ),
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="tout vérifier et compter, sans rien écrire"
        )

    def handle(self, *args, paths, email, process, title, locale, source, **options):
        started = time.perf_counter()
        states: dict[str, str] = {}
        for pair in options["state"]:
            custom, _sep, known = pair.partition("=")
            if normalise(known) not in {*STATES, WITHDRAWN} - {""} or not custom.strip():
                raise CommandError(
                    f"--state {pair} : écrivez ETAT=accepted (ou rejected, evaluating, "
                    "not_answered, withdrawn)."
                )
            states[normalise(custom)] = normalise(known)
        actor = User.objects.filter(email=email.strip().lower()).first()
        if actor is None:
            raise CommandError(f"Aucun compte avec l'adresse « {email} ».")
        files = export_files(paths)
        report = Report()
        problems: list[Problem] = []
        rows: dict[str, list[Row]] = {PROPOSALS: [], DEBATES: [], COMMENTS: []}
        for path in files:
            try:
                content = path.read_bytes()
            except OSError as error:
                raise CommandError(f"Impossible de lire {path} : {error.strerror}.") from None
            kind, found, errors = read_export_file(path.name, content)
            problems.extend(Problem(path.name, error) for error in errors)
            if kind:
                rows[kind].extend(found)
        items: dict[str, list[Item]] = {PROPOSALS: [], DEBATES: [], COMMENTS: []}
        host = most_common_host(rows[PROPOSALS] + rows[DEBATES]) or next(
            (urlsplit(r.get("root_commentable_url")).hostname or "" for r in rows[COMMENTS]), ""
        )
        for kind, found in rows.items():
            report.read[kind] = len(found)
            seen: dict[str, Row] = {}
            for row in found:
                item, errors = check_row(kind, row, locale, report, states)
                problems.extend(Problem(row.file, error) for error in errors)
                if item is None or errors:
                    continue
                if item.host and host and item.host != host:
                    report.skip(
                        row,
                        "root_commentable_url",
                        f"commentaire d'une autre plateforme ({item.host}) : non importé.",
                    )
                    continue
                if item.key in seen:
                    problems.append(
                        Problem(
                            row.file,
                            RowError(
                                row.line,
                                "id",
                                f"identifiant {item.key} déjà vu ligne {seen[item.key].line}.",
                            ),
                        )
                    )
                    continue
                seen[item.key] = row
                items[kind].append(item)
        if problems:
            for problem in sorted(problems, key=lambda p: (p.file, p.error.line, p.error.column)):
                self.stderr.write(
                    f"{problem.file}, ligne {problem.error.line}, colonne {problem.error.column} : "
                    f"{problem.error.reason}"
                )
            raise CommandError(f"{len(problems)} problème(s) dans l'export : rien n'a été importé.")
        if not any(items.values()):
            raise CommandError("Aucune proposition, aucun débat, aucun commentaire à importer.")
        source = source or (f"decidim:{host}" if host else "decidim")
        space = ""
        for row in rows[PROPOSALS] + rows[DEBATES]:
            if found := URL_SPACE.match(urlsplit(row.get("url")).path):
                space = found.group(1)
                break
        importer = Importer(
            actor=actor,
            source=source,
            locale=locale,
            answering_body=options["answering_body"],
            report=report,
        )
        try:
            with transaction.atomic():
                importer.load_references()
                target = importer.process_for(process, space, title, current_territory())
                importer.answering_body = importer.answering_body or target.territory.name
                importer.new_debates = {item.key for item in items[DEBATES]}
                importer.run(target, items)
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.print_report(report, target, source, options["dry_run"], time.perf_counter() - started)

    def print_report(self, report: Report, process, source, dry_run, seconds) -> None:
        write = self.stdout.write
        write(
            ("Essai à blanc, rien n'a été écrit. " if dry_run else "")
            + f"Export {source} → démarche « {process.title} » ({process.slug})."
        )
        names = {PROPOSALS: "propositions", DEBATES: "débats", COMMENTS: "commentaires"}
        for kind, name in names.items():
            write(
                f"  {name} : {report.read[kind]} lu(e)s, {report.created[kind]} importé(e)s, "
                f"{report.already[kind]} déjà importé(e)s"
            )
        labels = {State.UNDER_STUDY: "à l'étude", State.ACCEPTED: "acceptées"}
        labels[State.REJECTED] = "refusées"
        answers = ", ".join(f"{labels[state]} {count}" for state, count in report.answers.items())
        write(f"  réponses officielles : {sum(report.answers.values())} ({answers or 'aucune'})")
        write(
            f"  retirées par leur auteur (une trace sans texte, état « withdrawn ») : "
            f"{report.withdrawn}"
        )
        write(
            f"  auteurs : {report.authors_created} compte(s) sans adresse créé(s), "
            f"{report.authors_known} déjà connu(s)"
        )
        write(f"  thèmes créés (catégories Decidim) : {report.themes_created}")
        write(f"  titres raccourcis (titre entier en tête du texte) : {report.shortened}")
        write(f"  réponses rattachées au débat faute de parent connu : {report.reattached}")
        write(f"  réponses remontées d'un niveau (fil de 3 niveaux) : {report.lifted}")
        for what, count in sorted(report.not_kept.items()):
            write(f"  non repris : {what} : {count}")
        write(f"  laissé(s) de côté : {len(report.skipped)}")
        for problem in report.skipped:
            write(
                f"    {problem.file}, ligne {problem.error.line}, colonne {problem.error.column} : "
                f"{problem.error.reason}"
            )
        rows = sum(report.read.values())
        write(f"  {rows} lignes en {seconds:.1f} s ({rows / max(seconds, 1e-6):.0f} lignes/s)")
