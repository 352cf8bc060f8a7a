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
