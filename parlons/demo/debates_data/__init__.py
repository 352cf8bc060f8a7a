"""Contributions, replies, reactions, reports and official answers of the demo démarche.

Everything is invented for the demo, in plain French, and nobody named is real.
Texts are assembled from sentence parts written for each theme (a situation, a
difficulty, a proposal, sometimes a closing word), in varied orders, so that
two hundred contributions read like two hundred people. A few are written
whole: those the expert answers, those the moderators hid. The random
generator is seeded: the demo is the same every time it is loaded.
"""

import csv
import io
import random
import re
from contextlib import contextmanager
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from parlons.accounts.models import Role, User
from parlons.accounts.services import update_profile
from parlons.debates import services as debates
from parlons.debates.models import Contribution, Reaction
from parlons.debates.paper_forms import normalise
from parlons.demo.backdating import Backdating
from parlons.demo.debates_data.texts import (
    ANCHORED,
    ANCHORED_TITLES,
    CLOSINGS,
    DISPLAY_LABELS,
    HIDDEN,
    OPENERS,
    PARTS,
    PSEUDONYMS,
    REPLY_SHAPES,
    REPORTED,
    SHORT_REPLIES,
)
from parlons.demo.loader import DEMO_PASSWORD
from parlons.meetings.models import Meeting

EMAIL_DOMAIN = "demo.parlons.invalid"
ONLINE_COUNT = 150
COUNTER_COUNT = 14
PAPER_COUNT = 12
MEETING_COUNT = 20

# A word of a meeting's title -> the theme of the contributions collected there.
MEETING_THEMES = {
    "emploi": "emploi",
    "deplacer": "mobilite",
    "medecin": "sante",
    "arnaques": "securite",
    "ile": "vivre-ensemble",
    "demarches": "vivre-ensemble",
}


def _lower_first(text: str) -> str:
    """After a colon, a French sentence goes on in lower case."""
    return text[0].lower() + text[1:]


class _Writer:
    """Assembles varied texts from the sentence parts, never the same twice."""

    def __init__(self, rng: random.Random, communes: list[str]):
        self.rng = rng
        self.communes = communes
        self.seen: set[str] = set()

    def _fill(self, sentence: str) -> str:
        return sentence.replace("{commune}", self.rng.choice(self.communes))

    def contribution(self, theme: str) -> str:
        situations, problems, proposals = (part.splitlines() for part in PARTS[theme])
        for _attempt in range(50):
            shape = self.rng.random()
            situation = self.rng.choice(situations)
            proposal = self.rng.choice(proposals)
            if shape < 0.15:  # a short, direct proposal
                prefix = self.rng.choice(["", "Proposition : ", "Mon avis : "])
                sentences = [prefix + _lower_first(proposal) if prefix else proposal]
            elif shape < 0.45:
                sentences = [situation, self.rng.choice(problems), proposal]
            elif shape < 0.65:
                sentences = [self.rng.choice(problems), proposal]
            elif shape < 0.8:
                first, second = self.rng.sample(proposals, 2)
                sentences = [situation, first, "Et aussi : " + _lower_first(second)]
            else:
                sentences = [situation, self.rng.choice(problems)]
                if self.rng.random() < 0.5:
                    sentences.append(self.rng.choice(problems))
                sentences.append(proposal)
            if self.rng.random() < 0.3:
                sentences.append(self.rng.choice(CLOSINGS))
            opener = "" if ": " in sentences[0][:14] else self.rng.choice(OPENERS)
            text = opener + " ".join(dict.fromkeys(sentences))
            text = self._fill(text)
            if text not in self.seen:
                self.seen.add(text)
                return text
        raise RuntimeError("not enough sentence parts for distinct texts")

    def reply(self, deep: bool, avoid: set[str]) -> str:
        """A reply that does not repeat one already in the same thread."""
        for _attempt in range(20):
            if deep:
                text = self.rng.choice(SHORT_REPLIES)
            else:
                shape = self.rng.choice(REPLY_SHAPES)
                text = self._fill(" ".join(self.rng.choice(part) for part in shape))
            if text not in avoid:
                break
        avoid.add(text)
        return text


def _citizens() -> list[User]:
    """The forty demo citizens; loading again finds them instead of creating them twice.

    Created directly, like the demo's staff accounts (see `loader._accounts`): the
    sign-up service refuses the public demo password.
    """
    password = make_password(DEMO_PASSWORD)  # hashed once: forty slow hashes would take seconds
    people = []
    for index, pseudonym in enumerate(PSEUDONYMS, start=1):
        user, _created = User.objects.get_or_create(
            email=f"citoyen-{index:02d}@{EMAIL_DOMAIN}",
            defaults={"pseudonym": pseudonym, "password": password},
        )
        people.append(user)
    return people


@contextmanager
def _without_emails(people: list[User]):
    """Loading the demo writes to nobody.

    The replies and official answers of the demo would e-mail the people they
    answer. Those people opt out of these e-mails while the demo loads, through
    the same service as their profile page, and opt back in once it is done.
    """
    choices = [(person, person.notify_replies, person.notify_answers) for person in people]
    for person, _replies, _answers in choices:
        update_profile(actor=person, user=person, notify_replies=False, notify_answers=False)
    yield
    for person, replies, answers in choices:
        update_profile(actor=person, user=person, notify_replies=replies, notify_answers=answers)


def _meeting_theme(meeting: Meeting, rng: random.Random) -> str:
    title = normalise(meeting.title)
    for word, theme in MEETING_THEMES.items():
        if re.search(rf"\b{word}\b", title):
            return theme
    return rng.choice(list(PARTS))


def _online(
    dates: Backdating, process, *, author, body, created_at, theme=None, place=None, title=""
):
    """A citizen contributes online."""
    contribution = debates.submit_contribution(
        actor=author, process=process, title=title, body=body, theme=theme, place=place
    )
    return dates.set(contribution, created_at=created_at)


def _on_behalf(dates: Backdating, process, mediator, *, at, **fields):
    """A mediator enters, with the person's consent, what was said at the counter or a meeting."""
    contribution = debates.submit_on_behalf(actor=mediator, process=process, consent=True, **fields)
    return dates.set(contribution, created_at=at, consent_at=at)


def _paper_forms_file(forms: list[dict]) -> bytes:
    """The spreadsheet a mediator types from the paper forms, in the columns `paper_forms` reads."""
    buffer = io.StringIO()
    sheet = csv.writer(buffer, delimiter=";")
    sheet.writerow(["texte", "theme", "commune", "date", "consentement", "signature"])
    for form in forms:
        sheet.writerow(
            [
                form["body"],
                form["theme"].name,
                form["place"].name if form["place"] else "",
                timezone.localtime(form["at"]).strftime("%d/%m/%Y"),
                "oui",
                form["display_label"],
            ]
        )
    return buffer.getvalue().encode("utf-8")


def _import_paper(dates: Backdating, process, mediator, forms, imported_at) -> list[Contribution]:
    """The paper forms of the social centre, imported from their CSV file as a mediator would."""
    paper = debates.import_paper_forms(
        actor=mediator,
        process=process,
        file=_paper_forms_file(forms),
        file_name="formulaires-centre-social.csv",
    )
    dates.set(paper, imported_at=imported_at)
    imported = list(paper.contributions.order_by("pk"))
    for contribution, form in zip(imported, forms, strict=True):
        contribution.process = process
        dates.set(contribution, created_at=form["at"], consent_at=form["at"])
    return imported


def load(territory, process, users, dates: Backdating) -> None:
    citizens = _citizens()
    demo_citizen = users[Role.CITIZEN]
    with _without_emails([*citizens, demo_citizen]):
        _debate(territory, process, users, citizens, dates)


def _debate(territory, process, users, citizens, dates: Backdating) -> None:
    rng = random.Random(20250317)
    now = timezone.now()
    start = now - timedelta(days=24)
    themes = {theme.slug: theme for theme in process.themes.all()}
    communes = list(territory.communes.all())
    writer = _Writer(rng, [commune.name for commune in communes])
    demo_citizen = users[Role.CITIZEN]
    mediator, moderator, expert = users[Role.MEDIATOR], users[Role.MODERATOR], users[Role.EXPERT]
    # A few people write a lot, most write once or twice.
    weights = [1 / (rank + 1) ** 0.6 for rank in range(len(citizens))]

    def when(after=None, within_days: float = 24):
        base = after or start
        limit = min(now - timedelta(minutes=30), base + timedelta(days=within_days))
        span = max((limit - base).total_seconds(), 60)
        return base + timedelta(seconds=rng.uniform(30, span))

    def place_for(theme: str):
        return rng.choice(communes) if rng.random() < 0.6 else None

    contributions: list[Contribution] = []
    theme_cycle = list(PARTS)
    for number in range(ONLINE_COUNT):
        theme = theme_cycle[number % len(theme_cycle)]
        contributions.append(
            _online(
                dates,
                process,
                theme=themes[theme] if rng.random() < 0.92 else None,
                place=place_for(theme),
                author=rng.choices(citizens, weights)[0],
                body=writer.contribution(theme),
                created_at=when(),
            )
        )
    for _number in range(COUNTER_COUNT):
        theme = rng.choice(theme_cycle)
        at = when()
        contributions.append(
            _on_behalf(
                dates,
                process,
                mediator,
                theme=themes[theme],
                place=place_for(theme),
                body=writer.contribution(theme),
                display_label=rng.choice(DISPLAY_LABELS) if rng.random() < 0.7 else "",
                at=at,
            )
        )
    past = [
        m
        for m in Meeting.objects.filter(process=process).select_related("place")
        if m.ends_at < now
    ]
    for number in range(MEETING_COUNT if past else 0):
        meeting = past[number % len(past)]
        theme = _meeting_theme(meeting, rng)
        at = meeting.starts_at + timedelta(minutes=rng.randint(10, 110))
        contributions.append(
            _on_behalf(
                dates,
                process,
                mediator,
                theme=themes[theme],
                place=meeting.place.commune,
                occasion=meeting.occasion,
                body=writer.contribution(theme),
                display_label=rng.choice(DISPLAY_LABELS) if rng.random() < 0.5 else "",
                at=at,
            )
        )
    forms = []
    for _number in range(PAPER_COUNT):
        theme = rng.choice(theme_cycle)
        at = when(within_days=17)
        forms.append(
            {
                "theme": themes[theme],
                "place": place_for(theme),
                "body": writer.contribution(theme),
                "display_label": rng.choice(DISPLAY_LABELS) if rng.random() < 0.5 else "",
                "at": at,
            }
        )
    contributions += _import_paper(dates, process, mediator, forms, now - timedelta(days=6))
    anchored = {}
    for key, theme, text, _answer in ANCHORED:
        author = demo_citizen if key in {"booking", "fiber"} else rng.choice(citizens)
        body = text or writer.contribution(theme)
        anchored[key] = _online(
            dates,
            process,
            theme=themes[theme],
            place=place_for(theme),
            author=author,
            title=ANCHORED_TITLES.get(key, ""),
            body=body,
            created_at=when(within_days=12),
        )
    hidden = [
        (
            _online(
                dates,
                process,
                theme=themes[theme],
                author=rng.choice(citizens),
                body=text,
                created_at=when(),
            ),
            reason,
        )
        for theme, text, reason in HIDDEN
    ]

    top_level = [*contributions, *anchored.values()]
    replies = _replies(rng, writer, top_level, [*citizens, demo_citizen], when, dates)
    _reactions(rng, top_level, [*citizens, demo_citizen], when, dates)
    for key, _theme, _text, answer in ANCHORED:
        if answer:
            contribution = anchored[key]
            official = debates.answer_officially(
                actor=expert, contribution=contribution, body=answer
            )
            dates.set(official, created_at=when(after=contribution.created_at, within_days=4))
    for reason, target in zip(REPORTED, [replies[3], top_level[17]], strict=True):
        item = debates.report(actor=rng.choice(citizens), contribution=target, reason=reason)
        dates.set(item, created_at=when(after=target.created_at, within_days=2))
    for contribution, reason in hidden:
        item = debates.report(
            actor=rng.choice(citizens),
            contribution=contribution,
            reason="Ce message n'a rien à faire ici.",
        )
        debates.hide(actor=moderator, contribution=contribution, reason=reason)  # closes the report
        hidden_at = min(now, contribution.created_at + timedelta(hours=5))
        dates.set(contribution, hidden_at=hidden_at)
        dates.set(
            item, created_at=contribution.created_at + timedelta(hours=1), handled_at=hidden_at
        )


def _reply(dates: Backdating, *, author, body, parent, created_at) -> Contribution:
    answer = debates.reply(actor=author, parent=parent, body=body)
    return dates.set(answer, created_at=created_at)


def _replies(rng, writer, top_level, people, when, dates) -> list[Contribution]:
    """About three replies for every four contributions, a fifth of them answered again."""
    first_level = []
    said: dict[int, set[str]] = {}
    for parent in rng.sample(top_level, k=len(top_level) // 2):
        for _number in range(rng.choice([1, 1, 1, 2, 3])):
            first_level.append(
                _reply(
                    dates,
                    author=rng.choice(people),
                    body=writer.reply(deep=False, avoid=said.setdefault(parent.pk, set())),
                    parent=parent,
                    created_at=when(after=parent.created_at, within_days=3),
                )
            )
    second_level = [
        _reply(
            dates,
            author=rng.choice(people),
            body=writer.reply(deep=True, avoid=said.setdefault(parent.root_id, set())),
            parent=parent,
            created_at=when(after=parent.created_at, within_days=2),
        )
        for parent in rng.sample(first_level, k=len(first_level) // 5)
    ]
    return first_level + second_level


def _reactions(rng, top_level, people, when, dates) -> None:
    """A few hundred reactions: most contributions get some, a few get many."""
    for contribution in top_level:
        count = min(len(people), int(rng.paretovariate(1.6)) + rng.randint(0, 3) - 1)
        leaning = rng.random()  # some proposals divide, most gather agreement
        for person in rng.sample(people, k=max(count, 0)):
            draw = rng.random()
            value = (
                Reaction.Value.AGREE
                if draw < 0.45 + 0.4 * leaning
                else Reaction.Value.DISAGREE
                if draw < 0.8 + 0.1 * leaning
                else Reaction.Value.PASS
            )
            reaction = debates.react(actor=person, contribution=contribution, value=value)
            dates.set(reaction, created_at=when(after=contribution.created_at, within_days=5))
