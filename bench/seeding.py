"""What the benches share: Django in a throw-away folder, and a démarche seeded in bulk.

    import seeding                     # a bench script runs from bench/: its sibling imports
    seeding.setup_django(folder)       # SQLite in the folder, or the URL given
    process = seeding.make_process(territory, "grande")
    seeding.seed_debate(process, people, 10_000, rng, replies_per=4, reactions_per=20)

Contributions, replies, reactions and official answers are written with bulk
inserts, in batches (memory stays flat at 2,000,000 contributions). The
generated words hold no personal data: the public copy the services would
store (parlons.privacy.publication) is the text itself.
"""

import os
import random
from pathlib import Path

WORDS = [
    "atelier",
    "numérique",
    "médiathèque",
    "car",
    "bateau",
    "covoiturage",
    "fibre",
    "téléconsultation",
    "arnaque",
    "guichet",
    "commune",
    "jeunes",
    "aînés",
    "horaires",
    "réseau",
    "emploi",
    "formation",
    "rendez-vous",
    "médecin",
    "entraide",
    "tablette",
    "accompagnement",
    "samedi",
    "soir",
    "réserver",
    "application",
    "papier",
    "bus",
]
THEMES = ["Emploi", "Mobilite", "Sante", "Securite", "Ensemble"]
BATCH = 20_000


def setup_django(folder: Path, database_url: str | None = None, **environment: str) -> None:
    """Settings for a bench: its own folder, SQLite there unless a database URL is given."""
    os.environ["PARLONS_DATABASE_URL"] = database_url or f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["PARLONS_TESTING"] = "1"
    os.environ["PARLONS_DEBUG"] = "0"
    os.environ["PARLONS_VAR_DIR"] = str(folder)
    os.environ["PARLONS_ALLOWED_HOSTS"] = "testserver"
    os.environ.update({f"PARLONS_{name}": value for name, value in environment.items()})
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "parlons.settings")
    (folder / "static").mkdir(exist_ok=True)
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def analyze() -> None:
    """On PostgreSQL, as autovacuum would after a bulk load: the planner needs statistics.

    Not on SQLite: nothing runs ANALYZE there in production, and with statistics
    SQLite reads the API's newest-first page through another index (measured:
    p95 from 56 to 660 ms at 20,000 contributions).
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def sentence(rng: random.Random, low: int = 12, high: int = 45) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def make_process(territory, slug: str, themes: int = len(THEMES)):
    """A published démarche whose contribution phase is open, with its themes."""
    from django.utils import timezone

    from parlons.processes.models import Phase, Process, Theme

    now = timezone.now()
    process = Process.objects.create(
        territory=territory,
        slug=slug,
        title=f"Démarche {slug}",
        summary="Mesure de vitesse.",
        status=Process.Status.PUBLISHED,
    )
    Phase.objects.create(
        process=process,
        kind=Phase.Kind.CONTRIBUTIONS,
        title="Contributions",
        starts_at=now - timezone.timedelta(days=60),
        ends_at=now + timezone.timedelta(days=30),
        components=["contribute", "reply", "react", "expert_answers"],
    )
    for index, name in enumerate(THEMES[:themes]):
        Theme.objects.create(process=process, name=name, slug=name.lower(), position=index)
    return process


def seed_debate(
    process,
    people: list,
    count: int,
    rng: random.Random,
    *,
    sentences: tuple[int, int] = (1, 4),
    reply_every: int = 1,
    replies_per: int = 4,
    second_level_every: int = 4,
    reactions_per: int = 20,
    expert=None,
    answer_every: int = 20,
) -> None:
    """`count` contributions over 58 days, each `reply_every`-th with `replies_per` replies.

    Every `second_level_every`-th reply gets an answer (depth 2; 0: none); each
    contribution gets `reactions_per` reactions from as many people; with an
    `expert`, every `answer_every`-th contribution an official answer.
    """
    from django.utils import timezone

    from parlons.debates.models import Contribution, OfficialAnswer, Reaction

    themes = list(process.themes.order_by("position"))
    communes = list(process.territory.communes.order_by("pk"))
    now = timezone.now()
    start = now - timezone.timedelta(days=59)
    step = timezone.timedelta(days=58) / count
    values = Reaction.Value.values

    def text(body: str) -> dict:
        return {"body": body, "public_body": body}

    for done in range(0, count, BATCH):
        numbers = range(done, min(done + BATCH, count))
        tops = Contribution.objects.bulk_create(
            Contribution(
                process=process,
                theme=themes[n % len(themes)],
                place=communes[n % len(communes)] if n % 3 else None,
                author=people[rng.randrange(len(people))],
                **text(" ".join(sentence(rng) for _ in range(rng.randint(*sentences)))),
                created_at=start + step * n,
            )
            for n in numbers
        )
        first = Contribution.objects.bulk_create(
            (
                Contribution(
                    process=process,
                    author=people[rng.randrange(len(people))],
                    **text(sentence(rng)),
                    parent=top,
                    root=top,
                    depth=1,
                    created_at=top.created_at + timezone.timedelta(hours=k + 1),
                )
                for top in tops[::reply_every]
                for k in range(replies_per)
            ),
            batch_size=5000,
        )
        if second_level_every:
            Contribution.objects.bulk_create(
                (
                    Contribution(
                        process=process,
                        author=people[rng.randrange(len(people))],
                        **text(sentence(rng)),
                        parent=reply,
                        root=reply.root,
                        depth=2,
                        created_at=reply.created_at + timezone.timedelta(hours=1),
                    )
                    for reply in first[::second_level_every]
                ),
                batch_size=5000,
            )
        Reaction.objects.bulk_create(
            (
                Reaction(contribution=top, user=person, value=values[rng.randrange(3)])
                for top in tops
                for person in rng.sample(people, reactions_per)
            ),
            batch_size=10000,
        )
        if expert is not None:
            OfficialAnswer.objects.bulk_create(
                OfficialAnswer(
                    process=process, contribution=top, author=expert, **text(sentence(rng))
                )
                for top in tops[::answer_every]
            )
    recount_debate(process)


# Fast seeding (issue 17: 2,000,000 contributions): rows written by the database's own bulk path,
# COPY on PostgreSQL, executemany in one transaction per batch on SQLite, with numbers chosen here.
# For a bench's own database only: PRAGMA synchronous=OFF trades durability for speed.


class FastTable:
    """Rows of one model written as tuples, every column not given taken from a prototype.

    The prototype's values are converted for the database once; a row only
    gives its own columns (`columns`, attribute names such as "process_id"), in
    that order, already in the database's form (`moment()` for a datetime).
    """

    def __init__(self, model, columns: tuple[str, ...], **prototype):
        from django.db import connection

        self.model = model
        self.table = model._meta.db_table
        instance = model(**prototype)
        fields = list(model._meta.concrete_fields)
        given = set(columns)
        self.fixed = [
            (field.column, field.get_db_prep_save(getattr(instance, field.attname), connection))
            for field in fields
            if field.attname not in given
            and not (field.primary_key and "id" not in given)
            and field.attname != "id"
        ]
        names = {field.attname: field.column for field in fields}
        self.columns = [names[name] for name in columns] + [column for column, _ in self.fixed]
        self.tail = tuple(value for _, value in self.fixed)

    def write(self, rows) -> int:
        """Writes the rows (tuples of the given columns); returns how many."""
        from django.db import connection, transaction

        tail = self.tail
        count = 0
        quoted = ", ".join(connection.ops.quote_name(column) for column in self.columns)
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {self.table} ({quoted}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row + tail)
                        count += 1
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                batch = []
                for row in rows:
                    batch.append(row + tail)
                    if len(batch) >= BATCH:
                        cursor.executemany(
                            f"INSERT INTO {self.table} ({quoted}) VALUES ({marks})", batch
                        )
                        count += len(batch)
                        batch = []
                if batch:
                    cursor.executemany(
                        f"INSERT INTO {self.table} ({quoted}) VALUES ({marks})", batch
                    )
                    count += len(batch)
        return count


def next_id(model) -> int:
    from django.db.models import Max

    return (model.objects.aggregate(top=Max("pk"))["top"] or 0) + 1


def fix_sequences(*models) -> None:
    """After rows written with their own numbers: PostgreSQL's sequences start after them."""
    from django.core.management.color import no_style
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), list(models)):
            cursor.execute(statement)


def fast_database() -> None:
    """SQLite for a bench only: no fsync per transaction (a crash loses the bench's data)."""
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")


def fast_seed_debate(
    process,
    people: list,
    count: int,
    rng: random.Random,
    *,
    reply_every: int = 10,
    reactions_per: int = 1,
    expert=None,
    answer_every: int = 0,
    sentences: int = 1,
) -> None:
    """`count` contributions over 58 days, as seed_debate, written in bulk (minutes at 2M).

    One reply to every `reply_every`-th contribution (0: none), `reactions_per`
    reactions per contribution from as many different people, with an `expert`
    an official answer to every `answer_every`-th. Texts are already public
    (no personal data in the generated words).
    """
    from django.db import connection
    from django.utils import timezone

    from parlons.debates.models import Contribution, OfficialAnswer, Reaction

    fast_database()
    moment = connection.ops.adapt_datetimefield_value
    themes = list(process.themes.order_by("position").values_list("pk", flat=True))
    communes = list(process.territory.communes.order_by("pk").values_list("pk", flat=True))
    person_ids = [person.pk for person in people]
    values = Reaction.Value.values
    now = timezone.now()
    start = now - timezone.timedelta(days=59)
    step = timezone.timedelta(days=58) / max(count, 1)
    # A pool of sentences, drawn from for every row and made unique by the row's number (as
    # real texts are all different: an export may not encode a text once for many rows).
    pool = [" ".join(sentence(rng) for _ in range(sentences)) for _ in range(997)]
    tops = FastTable(
        Contribution,
        ("id", "theme_id", "place_id", "author_id", "body", "public_body", "created_at"),
        process=process,
    )
    replies = FastTable(
        Contribution,
        (
            "id",
            "author_id",
            "body",
            "public_body",
            "parent_id",
            "root_id",
            "depth",
            "created_at",
        ),
        process=process,
    )
    reactions = FastTable(
        Reaction, ("contribution_id", "user_id", "value", "created_at", "updated_at")
    )
    answers = (
        FastTable(
            OfficialAnswer,
            ("contribution_id", "body", "public_body", "created_at"),
            process=process,
            author=expert,
        )
        if expert is not None
        else None
    )
    first = next_id(Contribution)
    reply_first = first + count
    hour = timezone.timedelta(hours=1)
    for done in range(0, count, BATCH):
        numbers = range(done, min(done + BATCH, count))
        created = [moment(start + step * n) for n in numbers]
        texts = [f"{pool[rng.randrange(len(pool))]} ({n})" for n in numbers]
        tops.write(
            (
                first + n,
                themes[n % len(themes)] if themes else None,
                communes[n % len(communes)] if communes and n % 3 else None,
                person_ids[rng.randrange(len(person_ids))],
                texts[i],
                texts[i],
                created[i],
            )
            for i, n in enumerate(numbers)
        )
        if reply_every:
            replies.write(
                (
                    reply_first + n // reply_every,
                    person_ids[rng.randrange(len(person_ids))],
                    texts[i],
                    texts[i],
                    first + n,
                    first + n,
                    1,
                    moment(start + step * n + hour),
                )
                for i, n in enumerate(numbers)
                if n % reply_every == 0
            )
        reactions.write(
            (first + n, person, values[rng.randrange(3)], created[i], created[i])
            for i, n in enumerate(numbers)
            for person in rng.sample(person_ids, reactions_per)
        )
        if answers is not None and answer_every:
            answers.write(
                (first + n, texts[i], texts[i], created[i])
                for i, n in enumerate(numbers)
                if n % answer_every == 0
            )
    fix_sequences(Contribution, Reaction, OfficialAnswer)
    recount_debate(process)


def recount_debate(process) -> None:
    """The démarche's kept counters (debates.counters), which a raw load does not keep."""
    from parlons.debates.counters import recount

    recount([process.pk])
