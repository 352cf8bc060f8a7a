"""Which new posts look like spam: an explainable score that holds them for a moderator.

Every app that publishes what people write (contributions, proposals…) scores
new posts here, with one model learnt from all moderators' decisions: each app
gives the texts its team hid and kept in its module `spam.py`
(`moderated_texts(size) -> (hidden, kept)`), found through the registry.

The score adds log-odds, each one a reason a person can read:
- signs written by hand (links, phrases that spam uses, the same words over
  and over, shouting in capitals, a brand-new account, the same text posted
  again), each with a fixed weight;
- what the moderators taught it: a naive Bayes model of the words of the
  texts they hid against the texts they kept (reports dismissed, held posts
  published), with Laplace smoothing; its part is bounded so that it can tip
  a doubtful post but never decide alone on a handful of decisions.
A post whose probability reaches the threshold (setting) is held: it stays
out of public pages until a moderator publishes or hides it. Nothing is ever
deleted; the notice /transparence/algorithmes/spam/ explains it.
"""

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

LINK = re.compile(r"(https?://|www\.)\S+", re.IGNORECASE)
WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)

# Phrases that spam uses, folded (no accents, lower case). Kept short and plain:
# moderators' decisions teach the rest.
SPAM_PHRASES = (
    "gagnez de l'argent",
    "argent facile",
    "gagner de l'argent",
    "casino en ligne",
    "paris sportifs",
    "cliquez ici",
    "offre exclusive",
    "credit rapide",
    "pret sans",
    "crypto monnaie",
    "bitcoin",
    "viagra",
    "rencontres coquines",
    "travail a domicile",
    "sans engagement",
    "promo code",
    "click here",
    "buy now",
    "free money",
)

_PHRASE_PATTERNS = [(phrase, re.compile(rf"\b{re.escape(phrase)}\b")) for phrase in SPAM_PHRASES]

BASE = -3.0  # a post is rarely spam: about 5 % before any sign
WEIGHTS = {
    "links": 1.2,  # for each link beyond the first
    "first_link": 0.6,
    "phrase": 2.5,  # for each known phrase
    "repetition": 1.5,
    "capitals": 1.0,
    "new_account": 0.7,
    "posted_again": 2.0,
}
LEARNT_BOUND = 2.5  # the moderators' model moves the log-odds by this much at most
MIN_DECISIONS = 10  # below this, the learnt part stays silent


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def words(text: str) -> list[str]:
    return WORD.findall(fold(text))


@dataclass
class Reason:
    """One sign and how much it weighed (log-odds)."""

    weight: float
    text: str


@dataclass
class Verdict:
    probability: float
    reasons: list[Reason] = field(default_factory=list)

    def held(self, threshold: float) -> bool:
        return self.probability >= threshold

    def explanation(self) -> str:
        """The reasons, heaviest first, in one sentence for the moderators."""
        shown = sorted((r for r in self.reasons if r.weight > 0), key=lambda r: -r.weight)
        parts = [r.text for r in shown]
        return _("Probabilité estimée de contenu indésirable : %(percent)s %%.") % {
            "percent": round(self.probability * 100)
        } + (" " + " ; ".join(parts) + "." if parts else "")


@dataclass
class LearntModel:
    """Word counts of the texts moderators hid (spam) and kept (ham)."""

    spam: Counter = field(default_factory=Counter)
    ham: Counter = field(default_factory=Counter)
    spam_texts: int = 0
    ham_texts: int = 0

    @classmethod
    def from_decisions(cls, hidden: list[str], kept: list[str]) -> "LearntModel":
        model = cls(spam_texts=len(hidden), ham_texts=len(kept))
        for text in hidden:
            model.spam.update(set(words(text)))
        for text in kept:
            model.ham.update(set(words(text)))
        return model

    @property
    def decisions(self) -> int:
        return self.spam_texts + self.ham_texts

    def log_odds(self, text: str) -> tuple[float, list[str]]:
        """The evidence of the text's words (Bernoulli naive Bayes), and the words that weigh most."""
        if self.decisions < MIN_DECISIONS or not self.spam_texts or not self.ham_texts:
            return 0.0, []
        total = 0.0
        telling: list[tuple[float, str]] = []
        for word in set(words(text)):
            in_spam = (self.spam[word] + 1) / (self.spam_texts + 2)
            in_ham = (self.ham[word] + 1) / (self.ham_texts + 2)
            weight = math.log(in_spam / in_ham)
            total += weight
            telling.append((weight, word))
        bounded = max(-LEARNT_BOUND, min(LEARNT_BOUND, total))
        top = [word for weight, word in sorted(telling, reverse=True)[:3] if weight > 0.5]
        return bounded, top


def score(
    text: str,
    *,
    account_age_hours: float | None = None,
    posted_before: bool = False,
    model: LearntModel | None = None,
) -> Verdict:
    """The probability that `text` is spam, with every reason that counted."""
    reasons: list[Reason] = []
    links = len(LINK.findall(text))
    if links:
        weight = WEIGHTS["first_link"] + WEIGHTS["links"] * (links - 1)
        reasons.append(Reason(weight, ngettext("%(n)s lien", "%(n)s liens", links) % {"n": links}))
    folded = fold(text)
    for phrase, pattern in _PHRASE_PATTERNS:
        if pattern.search(folded):
            reasons.append(
                Reason(
                    WEIGHTS["phrase"],
                    _("expression fréquente dans le spam : « %(phrase)s »") % {"phrase": phrase},
                )
            )
    tokens = words(text)
    if len(tokens) >= 8:
        most, count = Counter(tokens).most_common(1)[0]
        if count / len(tokens) >= 0.3:
            reasons.append(
                Reason(
                    WEIGHTS["repetition"],
                    _("le mot « %(word)s » répété %(count)s fois") % {"word": most, "count": count},
                )
            )
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 20 and sum(c.isupper() for c in letters) / len(letters) >= 0.7:
        reasons.append(Reason(WEIGHTS["capitals"], _("écrit presque entièrement en capitales")))
    if account_age_hours is not None and account_age_hours < 24:
        reasons.append(Reason(WEIGHTS["new_account"], _("compte créé il y a moins d'un jour")))
    if posted_before:
        reasons.append(Reason(WEIGHTS["posted_again"], _("le même texte a déjà été publié")))
    if model is not None:
        learnt, top = model.log_odds(text)
        if learnt:
            reasons.append(
                Reason(
                    learnt,
                    _("mots proches des contenus masqués par la modération : %(words)s")
                    % {"words": ", ".join(top)}
                    if top and learnt > 0
                    else _("d'après les décisions de la modération"),
                )
            )
    log_odds = BASE + sum(reason.weight for reason in reasons)
    return Verdict(probability=1 / (1 + math.exp(-log_odds)), reasons=reasons)


# What the moderators taught: rebuilt from the database after each of their
# decisions, kept in the cache between them.
MODEL_CACHE_KEY = "spam:learnt-model"
MODEL_SIZE = 2000  # the latest decisions of each kind, per app


def learnt_model() -> LearntModel:
    """The naive Bayes model of every app's moderation decisions (cached)."""
    from django.core.cache import cache

    from parlons.core.registry import provided

    model = cache.get(MODEL_CACHE_KEY)
    if model is None:
        hidden: list[str] = []
        kept: list[str] = []
        for moderated_texts in provided("spam", "moderated_texts"):
            app_hidden, app_kept = moderated_texts(MODEL_SIZE)
            hidden.extend(app_hidden)
            kept.extend(app_kept)
        model = LearntModel.from_decisions(hidden, kept)
        # Forgotten after each decision in a shared cache (PARLONS_CACHE_URL); with
        # one process's own memory, other web processes relearn within 10 minutes.
        cache.set(MODEL_CACHE_KEY, model, 10 * 60)
    return model


def forget_learnt_model() -> None:
    from django.core.cache import cache

    cache.delete(MODEL_CACHE_KEY)


def moderators_decided() -> None:
    """Call inside the transaction of a moderation decision: the model relearns once it is saved."""
    from django.db import transaction

    transaction.on_commit(forget_learnt_model)
