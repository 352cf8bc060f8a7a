"""Every write about contributions, replies, reactions, reports and answers. Each is audited.

Views, the CLI and tasks call these functions: there is one way to create a
contribution. Each takes the acting person, checks a named predicate, writes
in one transaction together with its audit entry, and notifies after commit.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from parlons.accounts.notifications import notify
from parlons.core import audit, dates, spam
from parlons.core.limits import PreparedPost, check_posting, count_posting, prepare_post
from parlons.core.models import Commune
from parlons.core.public_url import absolute_url
from parlons.debates import counters as debate_counts
from parlons.debates.consent import CONSENT_TEXT_VERSION
from parlons.debates.counters import Footprint
from parlons.debates.models import (
    BODY_MAX_LENGTH,
    HIDDEN_REASON_MAX_LENGTH,
    LABEL_MAX_LENGTH,
    MAX_DEPTH,
    REPORT_MAX_LENGTH,
    TITLE_MAX_LENGTH,
    Contribution,
    ContributionRevision,
    OfficialAnswer,
    PaperImport,
    Reaction,
    Report,
    official_signature,
)
from parlons.debates.paper_forms import PaperImportRejected, read_paper_forms
from parlons.debates.rules import (
    can_answer_officially,
    can_contribute,
    can_contribute_on_behalf,
    can_edit_contribution,
    can_import_contributions,
    can_import_paper_forms,
    can_moderate,
    can_react,
    can_reply,
    can_report,
    can_withdraw_contribution,
)
from parlons.privacy.publication import create_published, publish
from parlons.privacy.receipts import issue_receipt
from parlons.privacy.rules import can_handle_rights_requests
from parlons.processes.models import Occasion, Process, Theme

__all__ = [
    "PaperImportAlreadyDone",
    "PaperImportRejected",
    "Post",
    "answer_officially",
    "dismiss_reports",
    "edit_contribution",
    "hide",
    "import_paper_forms",
    "prepare_contribution",
    "prepare_on_behalf",
    "prepare_reply",
    "react",
    "release",
    "reply",
    "report",
    "restore",
    "save_contribution",
    "save_on_behalf",
    "save_reply",
    "submit_contribution",
    "submit_on_behalf",
    "withdraw",
    "withdraw_on_request",
]


def _clean_text(text: str, field: str, empty_message: str, max_length: int) -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: empty_message})
    if len(text) > max_length:
        raise ValidationError(
            {
                field: _("Ce texte fait %(length)s caractères ; %(max)s au plus.")
                % {"length": len(text), "max": max_length}
            }
        )
    return text


def _clean_title_and_body(title: str, body: str, empty_message: str) -> tuple[str, str]:
    """Both checked, both problems said at once."""
    errors: dict[str, list[str]] = {}
    try:
        title = _clean_title(title)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        body = _clean_text(body, "body", empty_message, BODY_MAX_LENGTH)
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return title, body


def _clean_title(title: str) -> str:
    """Optional: empty is fine, too long is refused with the limit."""
    title = " ".join((title or "").split())  # one line, as a heading reads
    if len(title) > TITLE_MAX_LENGTH:
        raise ValidationError(
            {
                "title": _("Le titre fait %(length)s caractères ; %(max)s au plus.")
                % {"length": len(title), "max": TITLE_MAX_LENGTH}
            }
        )
    return title


def _check_belongs(
    process: Process,
    *,
    theme: Theme | None = None,
    place: Commune | None = None,
    occasion: Occasion | None = None,
) -> None:
    """A theme, commune or meeting from another démarche or territory is refused."""
    if theme is not None and theme.process_id != process.pk:
        raise ValidationError({"theme": _("Ce thème n'appartient pas à cette démarche.")})
    if place is not None and place.territory_id != process.territory_id:
        raise ValidationError({"place": _("Cette commune n'appartient pas au territoire.")})
    if occasion is not None and occasion.process_id != process.pk:
        raise ValidationError({"occasion": _("Cette réunion n'appartient pas à cette démarche.")})


def _require_visible(contribution: Contribution) -> None:
    if contribution.is_hidden:
        raise ValidationError(_("Cette contribution est masquée par la modération."))
    if contribution.is_withdrawn:
        raise ValidationError(_("Ce message a été retiré par son auteur·rice."))


def _excerpt(public: str, words: int = 40) -> str:
    """The beginning of a text's public copy, for an e-mail."""
    return Truncator(public).words(words)


def _contribution_url(contribution: Contribution) -> str:
    return absolute_url(contribution.get_absolute_url())


# A contribution or a reply made ready before its transaction opens (core.limits).
Post = PreparedPost[Contribution]


def _published_and_scored(actor, contribution: Contribution) -> Contribution:
    """The public copies masked and the spam score's verdict set, before the transaction."""
    publish(contribution)
    for name, value in _spam_check(actor, contribution.body).items():
        setattr(contribution, name, value)
    return contribution


def _insert(contribution: Contribution) -> Contribution:
    # Dated when written, as create_published did: not when it was prepared.
    contribution.created_at = timezone.now()
    contribution.save(force_insert=True)
    return contribution


def prepare_contribution(
    *,
    actor,
    process: Process,
    body: str,
    title: str = "",
    theme: Theme | None = None,
    place: Commune | None = None,
    address: str | None = None,
) -> Post:
    """Everything of `submit_contribution` that needs no transaction; `save_contribution` writes.

    `address` is the request's address (`parlons.core.limits.client_address`),
    counted by the per-address limit; the CLI gives none.
    """
    can_contribute.require(actor, process)

    def build() -> Contribution:
        cleaned_title, cleaned_body = _clean_title_and_body(
            title, body, _("Écrivez votre contribution.")
        )
        _check_belongs(process, theme=theme, place=place)
        return _published_and_scored(
            actor,
            Contribution(
                process=process,
                author=actor,
                title=cleaned_title,
                body=cleaned_body,
                theme=theme,
                place=place,
                source=Contribution.Source.ONLINE,
            ),
        )

    return prepare_post("contribution", actor, process, address, build)


@transaction.atomic
def save_contribution(post: Post) -> Contribution:
    """Write a contribution made ready by `prepare_contribution`, with its audit entry."""
    actor, process = post.actor, post.process
    can_contribute.require(actor, process)
    counters = check_posting("contribution", actor, post.address)
    contribution = _insert(post.item())
    audit.record(
        actor,
        "debates.submit",
        contribution,
        process=process.slug,
        held_for_review=contribution.held_for_review,
    )
    count_posting(counters)
    # Last: the démarche's counter row stays locked until commit, and every post to
    # the démarche updates it; the search index's work above is not done under it.
    debate_counts.added([contribution])
    return contribution


def submit_contribution(
    *,
    actor,
    process: Process,
    body: str,
    title: str = "",
    theme: Theme | None = None,
    place: Commune | None = None,
    address: str | None = None,
) -> Contribution:
    """A signed-in person contributes online, during a phase that opens contributions.

    `address` is the request's address (`parlons.core.limits.client_address`),
    counted by the per-address limit; the CLI gives none.
    """
    return save_contribution(
        prepare_contribution(
            actor=actor,
            process=process,
            body=body,
            title=title,
            theme=theme,
            place=place,
            address=address,
        )
    )


def prepare_on_behalf(
    *,
    actor,
    process: Process,
    body: str,
    consent: bool,
    display_label: str = "",
    theme: Theme | None = None,
    place: Commune | None = None,
    occasion: Occasion | None = None,
    consent_text_version: str = CONSENT_TEXT_VERSION,
) -> Post:
    """Everything of `submit_on_behalf` that needs no transaction; `save_on_behalf` writes."""
    can_contribute_on_behalf.require(actor, process)

    def build() -> Contribution:
        # Every problem at once: the mediator fixes them in one go, with the person there.
        errors: dict[str, list[str]] = {}
        cleaned = body
        try:
            cleaned = _clean_text(
                body, "body", _("Écrivez la contribution de la personne."), BODY_MAX_LENGTH
            )
        except ValidationError as error:
            errors.update(error.message_dict)
        if not consent:
            errors["consent"] = [
                _("Sans l'accord de la personne, sa contribution ne peut pas être publiée.")
            ]
        label = (display_label or "").strip()
        if len(label) > LABEL_MAX_LENGTH:
            errors["display_label"] = [
                _("La signature fait %(max)s caractères au plus.") % {"max": LABEL_MAX_LENGTH}
            ]
        if errors:
            raise ValidationError(errors)
        _check_belongs(process, theme=theme, place=place, occasion=occasion)
        return publish(
            Contribution(
                process=process,
                body=cleaned,
                theme=theme,
                place=place,
                occasion=occasion,
                source=Contribution.Source.MEETING if occasion else Contribution.Source.COUNTER,
                entered_by=actor,
                display_label=label,
                consent_given=True,
                consent_text_version=consent_text_version,
            )
        )

    # A counter sees a queue of people from one address: a much higher limit, per mediator.
    return prepare_post("counter", actor, process, None, build)


@transaction.atomic
def save_on_behalf(post: Post) -> Contribution:
    """Write a contribution made ready by `prepare_on_behalf`, its audit entry and receipt."""
    actor, process = post.actor, post.process
    can_contribute_on_behalf.require(actor, process)
    counters = check_posting("counter", actor, None)
    contribution = post.item()
    # Dated when written, as before: not when it was prepared; consent given at that moment.
    now = timezone.now()
    contribution.created_at = contribution.consent_at = now
    contribution.save(force_insert=True)
    debate_counts.added([contribution])
    audit.record(
        actor,
        "debates.submit_on_behalf",
        contribution,
        process=process.slug,
        consent_text_version=contribution.consent_text_version,
    )
    # The person leaves with a printed receipt: its code lets them read and withdraw this.
    contribution.issued_receipt = issue_receipt(
        actor=actor,
        kind="debates.contribution",
        item_id=contribution.pk,
        title=_("Contribution à la démarche « %(process)s »") % {"process": process.title},
        summary=contribution.public_body,
        recorded_at=now,
    )
    count_posting(counters)
    return contribution


def submit_on_behalf(
    *,
    actor,
    process: Process,
    body: str,
    consent: bool,
    display_label: str = "",
    theme: Theme | None = None,
    place: Commune | None = None,
    occasion: Occasion | None = None,
    consent_text_version: str = CONSENT_TEXT_VERSION,
) -> Contribution:
    """A mediator enters the contribution of a person who has no account.

    The person's consent to publication is required and recorded with the
    version of the text they agreed to; no e-mail address is asked. Masked
    before the transaction opens (`prepare_on_behalf`), written by `save_on_behalf`.
    """
    return save_on_behalf(
        prepare_on_behalf(
            actor=actor,
            process=process,
            body=body,
            consent=consent,
            display_label=display_label,
            theme=theme,
            place=place,
            occasion=occasion,
            consent_text_version=consent_text_version,
        )
    )


def prepare_reply(*, actor, parent: Contribution, body: str, address: str | None = None) -> Post:
    """Everything of `reply` that needs no transaction; `save_reply` writes."""
    process = parent.process
    can_reply.require(actor, process)

    def build() -> Contribution:
        _require_visible(parent)
        if parent.depth >= MAX_DEPTH:
            raise ValidationError(
                _("La discussion ne va pas plus loin : répondez plutôt au message précédent.")
            )
        cleaned = _clean_text(body, "body", _("Écrivez votre réponse."), BODY_MAX_LENGTH)
        return _published_and_scored(
            actor,
            Contribution(
                process=process,
                author=actor,
                body=cleaned,
                parent=parent,
                root_id=parent.root_id or parent.pk,
                depth=parent.depth + 1,
                source=Contribution.Source.ONLINE,
            ),
        )

    return prepare_post("reply", actor, process, address, build)


@transaction.atomic
def save_reply(post: Post) -> Contribution:
    """Write a reply made ready by `prepare_reply`, with its audit entry; tell the parent's author."""
    actor, process = post.actor, post.process
    can_reply.require(actor, process)
    counters = check_posting("reply", actor, post.address)
    answer = _insert(post.item())
    parent = answer.parent
    audit.record(
        actor,
        "debates.reply",
        answer,
        process=process.slug,
        parent=parent.pk,
        held_for_review=answer.held_for_review,
    )
    count_posting(counters)
    if not answer.held_for_review:  # a held reply is announced once published
        _tell_parent_author(answer, parent)
    debate_counts.added([answer])  # last, as in save_contribution
    return answer


def reply(*, actor, parent: Contribution, body: str, address: str | None = None) -> Contribution:
    """Reply to a contribution or to a reply, three levels deep at most."""
    return save_reply(prepare_reply(actor=actor, parent=parent, body=body, address=address))


def _tell_parent_author(answer: Contribution, parent: Contribution) -> None:
    recipient, replier = parent.author, answer.author
    if recipient is None or replier is None or recipient.pk == replier.pk:
        return
    notify(
        user=recipient,
        kind="replies",
        subject=_("Nouvelle réponse à votre contribution"),
        template="debates/email/reply.txt",
        context={
            "process": answer.process,
            "replier": replier.public_name,
            "parent_excerpt": _excerpt(parent.public_body),
            "reply_excerpt": _excerpt(answer.public_body, 80),
            "url": _contribution_url(answer),
        },
    )


def _spam_check(actor, body: str, editing: Contribution | None = None) -> dict:
    """The fields that hold a post for a moderator when the spam score says it looks like spam.

    An edited post is scored as a new one, its own earlier text aside.
    """
    joined = getattr(actor, "date_joined", None)
    age = (timezone.now() - joined).total_seconds() / 3600 if joined else None
    same = Contribution.objects.filter(author=actor, body=body)
    if editing is not None:
        same = same.exclude(pk=editing.pk)
    verdict = spam.score(
        body,
        account_age_hours=age,
        posted_before=same.exists(),
        model=spam.learnt_model(),
    )
    if not verdict.held(settings.SPAM_HOLD_THRESHOLD):
        return {}
    return {"held_for_review": True, "held_explanation": verdict.explanation()}


def _moderators_decided() -> None:
    """The spam score learns from every decision: forget its model once saved."""
    spam.moderators_decided()


@transaction.atomic
def release(*, actor, contribution: Contribution) -> Contribution:
    """A moderator read a post held by the spam score and publishes it (it keeps its date)."""
    can_moderate.require(actor, contribution.process.territory)
    if not contribution.held_for_review:
        raise ValidationError(_("Cette contribution n'attend pas de vérification."))
    before = Footprint.of(contribution)
    contribution.held_for_review = False
    contribution.save(update_fields=["held_for_review"])
    debate_counts.changed(contribution, before)
    audit.record(actor, "debates.release", contribution, process=contribution.process.slug)
    _moderators_decided()
    if contribution.parent_id:
        _tell_parent_author(contribution, contribution.parent)
    return contribution


def edit_contribution(
    *, actor, contribution: Contribution, body: str, title: str = ""
) -> ContributionRevision | None:
    """The author rewrites their contribution or reply while its phase is open.

    The earlier version is kept (ContributionRevision, seen by the author and
    the moderators), the public copy is masked again and the new text is
    scored for spam as a new post: a suspicious edit is held for a moderator.
    A post already held stays held. Returns None when nothing changed.
    The masking and the score are done before the transaction opens (decision 0019).
    """
    can_edit_contribution.require(actor, contribution)
    if contribution.is_reply:
        title, body = "", _clean_text(body, "body", _("Écrivez votre réponse."), BODY_MAX_LENGTH)
    else:
        title, body = _clean_title_and_body(title, body, _("Écrivez votre contribution."))
    if (title, body) == (contribution.title, contribution.body):
        return None
    # The public copies of the new words, as publish() gives them on the contribution itself.
    masked = publish(Contribution(title=title, body=body))
    held = _spam_check(actor, body, editing=contribution)
    return _save_edit(
        actor,
        contribution,
        title=title,
        body=body,
        public_title=masked.public_title,
        public_body=masked.public_body,
        held=held,
    )


@transaction.atomic
def _save_edit(
    actor,
    contribution: Contribution,
    *,
    title: str,
    body: str,
    public_title: str,
    public_body: str,
    held: dict,
) -> ContributionRevision:
    can_edit_contribution.require(actor, contribution)  # again, with the write
    now = timezone.now()
    revision = ContributionRevision.objects.create(
        contribution=contribution,
        title=contribution.title,
        body=contribution.body,
        written_at=contribution.edited_at or contribution.created_at,
        replaced_at=now,
    )
    contribution.title, contribution.body, contribution.edited_at = title, body, now
    contribution.public_title, contribution.public_body = public_title, public_body
    before = Footprint.of(contribution)
    if held and not contribution.held_for_review:
        contribution.held_for_review = True
        contribution.held_explanation = held["held_explanation"]
    contribution.save(
        update_fields=[
            "title",
            "public_title",
            "body",
            "public_body",
            "edited_at",
            "held_for_review",
            "held_explanation",
        ]
    )
    debate_counts.changed(contribution, before)
    audit.record(
        actor,
        "debates.edit",
        contribution,
        process=contribution.process.slug,
        revision=revision.pk,
        fields=[
            name
            for name in ("title", "body")
            if getattr(revision, name) != getattr(contribution, name)
        ],
        held_for_review=contribution.held_for_review,
    )
    return revision


@transaction.atomic
def withdraw(*, actor, contribution: Contribution) -> Contribution:
    """The author takes their words back: the text leaves every public surface at once.

    A trace stays in the thread so that the replies keep their context; the
    text itself is kept for the declared retention (a report or a dispute
    under way), then erased by the daily purge (debates/privacy.py).
    """
    can_withdraw_contribution.require(actor, contribution)
    before = Footprint.of(contribution)
    contribution.withdrawn_at = timezone.now()
    # The masked copies go now: whatever reads them by mistake finds nothing.
    contribution.public_title = ""
    contribution.public_body = ""
    contribution.save(update_fields=["withdrawn_at", "public_title", "public_body"])
    debate_counts.changed(contribution, before)
    audit.record(actor, "debates.withdraw", contribution, process=contribution.process.slug)
    return contribution


@transaction.atomic
def withdraw_on_request(*, actor, contribution: Contribution, reference: str) -> Contribution:
    """The DPO withdraws a contribution its author asked to withdraw without an account.

    The same withdrawal as the author's own (public copies emptied at once, text
    erased by the purge after the declared retention), asked with a receipt's
    code and filed as the rights request `reference`.
    """
    can_handle_rights_requests.require(actor, contribution.process.territory)
    if contribution.is_withdrawn:
        return contribution
    before = Footprint.of(contribution)
    contribution.withdrawn_at = timezone.now()
    contribution.public_title = ""
    contribution.public_body = ""
    contribution.save(update_fields=["withdrawn_at", "public_title", "public_body"])
    debate_counts.changed(contribution, before)
    audit.record(
        actor,
        "debates.withdraw_on_request",
        contribution,
        process=contribution.process.slug,
        request=reference,
    )
    return contribution


@transaction.atomic
def react(*, actor, contribution: Contribution, value: str | None) -> Reaction | None:
    """Set, change or remove (value=None) the person's one reaction to a contribution or reply."""
    can_react.require(actor, contribution.process)
    _require_visible(contribution)
    if value is None:
        deleted, _detail = Reaction.objects.filter(contribution=contribution, user=actor).delete()
        if deleted:
            audit.record(actor, "debates.react_remove", contribution)
        return None
    if value not in Reaction.Value.values:
        raise ValidationError({"value": _("Réaction inconnue.")})
    # The opinion itself stays out of the audit log: only the fact that one was given.
    reaction, created = Reaction.objects.update_or_create(
        contribution=contribution, user=actor, defaults={"value": value}
    )
    audit.record(actor, "debates.react", contribution, changed=not created)
    return reaction


@transaction.atomic
def report(*, actor, contribution: Contribution, reason: str, address: str | None = None) -> Report:
    """Anyone signed in asks the moderators to look at a contribution."""
    can_report.require(actor, contribution.process)
    counters = check_posting("report", actor, address)
    reason = _clean_text(
        reason,
        "reason",
        _("Dites en quelques mots ce qui pose problème."),
        REPORT_MAX_LENGTH,
    )
    if Report.objects.filter(
        contribution=contribution, reporter=actor, handled_at__isnull=True
    ).exists():
        raise ValidationError(_("Vous avez déjà signalé ce contenu ; la modération va l'examiner."))
    item = Report.objects.create(contribution=contribution, reporter=actor, reason=reason)
    audit.record(actor, "debates.report", item, contribution=contribution.pk)
    count_posting(counters)
    return item


def _close_reports(actor, contribution: Contribution, outcome: str, now: datetime) -> int:
    return Report.objects.filter(contribution=contribution, handled_at__isnull=True).update(
        handled_at=now, handled_by=actor, outcome=outcome
    )


@transaction.atomic
def hide(*, actor, contribution: Contribution, reason: str) -> Contribution:
    """Hide a contribution with a public reason; its open reports are closed."""
    can_moderate.require(actor, contribution.process.territory)
    reason = _clean_text(
        reason,
        "reason",
        _("Donnez le motif du masquage : il sera affiché publiquement."),
        HIDDEN_REASON_MAX_LENGTH,
    )
    now = timezone.now()
    before = Footprint.of(contribution)
    contribution.is_hidden = True
    contribution.hidden_reason = reason
    contribution.hidden_at = now
    contribution.hidden_by = actor
    contribution.held_for_review = False  # decided: a held post that is hidden stays a trace
    contribution.save(
        update_fields=["is_hidden", "hidden_reason", "hidden_at", "hidden_by", "held_for_review"]
    )
    debate_counts.changed(contribution, before)
    closed = _close_reports(actor, contribution, Report.Outcome.HIDDEN, now)  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs
    audit.record(actor, "debates.hide", contribution, reason=reason, reports_closed=closed)
    _moderators_decided()
    return contribution


@transaction.atomic
def restore(*, actor, contribution: Contribution) -> Contribution:
    """Show a hidden contribution again."""
    can_moderate.require(actor, contribution.process.territory)
    previous = contribution.hidden_reason
    before = Footprint.of(contribution)
    contribution.is_hidden = False
    contribution.hidden_reason = ""
    contribution.hidden_at = None
    contribution.hidden_by = None
    contribution.save(update_fields=["is_hidden", "hidden_reason", "hidden_at", "hidden_by"])
    debate_counts.changed(contribution, before)
    audit.record(actor, "debates.restore", contribution, previous_reason=previous)
    _moderators_decided()
    return contribution


@transaction.atomic
def dismiss_reports(*, actor, contribution: Contribution) -> int:
    """The moderators looked and keep the contribution: its open reports are closed."""
    can_moderate.require(actor, contribution.process.territory)
    closed = _close_reports(actor, contribution, Report.Outcome.KEPT, timezone.now())  # type: ignore[arg-type]  # untyped TextChoices, no django-stubs
    audit.record(actor, "debates.dismiss_reports", contribution, reports_closed=closed)
    _moderators_decided()
    return closed


@transaction.atomic
def answer_officially(*, actor, contribution: Contribution, body: str) -> OfficialAnswer:
    """An expert or elected official answers a contribution during an answer phase."""
    process = contribution.process
    can_answer_officially.require(actor, process)
    _require_visible(contribution)
    if contribution.is_reply:
        raise ValidationError(_("Les réponses officielles portent sur les contributions."))
    body = _clean_text(body, "body", _("Écrivez la réponse."), BODY_MAX_LENGTH)
    answer = create_published(
        OfficialAnswer, process=process, contribution=contribution, author=actor, body=body
    )
    debate_counts.answered(answer)
    audit.record(actor, "debates.answer", answer, contribution=contribution.pk)
    recipient = contribution.author
    if recipient is not None and recipient.pk != actor.pk:
        notify(
            user=recipient,
            kind="answers",
            subject=_("Réponse officielle à votre contribution"),
            template="debates/email/answer.txt",
            context={
                "process": process,
                "signature": official_signature(actor),
                "contribution_excerpt": _excerpt(contribution.public_body),
                "answer_excerpt": _excerpt(answer.public_body, 120),
                "url": _contribution_url(contribution),
            },
        )
    return answer


class PaperImportAlreadyDone(ValidationError):
    """This very file (same SHA-256) was imported into this démarche before: `earlier` says when."""

    def __init__(self, earlier: PaperImport):
        self.earlier = earlier
        who = earlier.imported_by.public_name if earlier.imported_by else _("un compte supprimé")
        super().__init__(
            _(
                "Ce fichier a déjà été importé le %(date)s par %(who)s (%(count)s contributions, "
                "fichier « %(file)s »). L'importer à nouveau publierait chaque formulaire deux "
                "fois. Si c'est bien voulu, cochez « Importer quand même » et choisissez à "
                "nouveau le fichier."
            )
            % {
                "date": dates.date_format(
                    timezone.localtime(earlier.imported_at), "DATETIME_FORMAT"
                ),
                "who": who,
                "count": earlier.row_count,
                "file": earlier.file_name,
            },
            code="already_imported",
        )


@transaction.atomic
def import_paper_forms(
    *, actor, process: Process, file, file_name: str = "", import_anyway: bool = False
) -> PaperImport:
    """Import the paper forms of a CSV file: every row, or none.

    Every row is checked first; if any is wrong, `PaperImportRejected` lists
    each problem (line, column, reason) and nothing is written. A file already
    imported into this démarche (same SHA-256) is refused with
    `PaperImportAlreadyDone` unless `import_anyway`, which the audit entry records.
    """
    can_import_paper_forms.require(actor, process)
    file_name = file_name or getattr(file, "name", "") or "formulaires.csv"
    content = file if isinstance(file, bytes) else file.read()
    digest = hashlib.sha256(content).hexdigest()
    earlier = (
        PaperImport.objects.filter(process=process, file_sha256=digest)
        .select_related("imported_by")
        .order_by("-imported_at", "-pk")
        .first()
    )
    if earlier is not None and not import_anyway:
        raise PaperImportAlreadyDone(earlier)
    rows = read_paper_forms(content, process)  # raises PaperImportRejected
    now = timezone.now()
    paper_import = PaperImport.objects.create(
        process=process,
        imported_by=actor,
        imported_at=now,
        file_name=file_name[:255],
        row_count=len(rows),
        file_sha256=digest,
        confirmed_duplicate=earlier is not None,
    )
    imported = Contribution.objects.bulk_create(
        [
            publish(
                Contribution(
                    process=process,
                    body=row.body,
                    theme=row.theme,
                    place=row.place,
                    occasion=row.occasion,
                    source=Contribution.Source.PAPER,
                    entered_by=actor,
                    paper_import=paper_import,
                    display_label=row.display_label,
                    consent_given=True,
                    consent_text_version=CONSENT_TEXT_VERSION,
                    consent_at=row.written_at or now,
                    created_at=row.written_at or now,
                )
            )
            for row in rows
        ]
    )
    debate_counts.added(imported)
    audit.record(
        actor,
        "debates.import_paper_forms",
        paper_import,
        process=process.slug,
        file_name=paper_import.file_name,
        rows=len(rows),
        sha256=digest,
        **({"imported_anyway": True, "same_file_as": earlier.pk} if earlier else {}),
    )
    return paper_import


@dataclass
class ImportedContribution:
    """A contribution or a reply brought from another platform (Decidim)."""

    body: str
    created_at: datetime
    title: str = ""
    author: object = None
    display_label: str = ""
    theme: Theme | None = None
    place: Commune | None = None
    parent: Contribution | None = None


@transaction.atomic
def import_contributions(
    *, actor, process: Process, items: list[ImportedContribution], origin: str
) -> list[Contribution]:
    """Contributions and replies of another platform, with their dates and authors.

    Parents are saved before their replies (the caller imports one level at a
    time). Texts are masked like every published text; nobody is notified
    (the replies are history, not news); one audit entry for the batch.
    """
    can_import_contributions.require(actor, process)
    built = []
    for item in items:
        parent = item.parent
        if parent is not None and (parent.process_id != process.pk or parent.depth >= MAX_DEPTH):
            raise ValidationError(_("Cette réponse ne peut pas être rattachée à ce message."))
        _check_belongs(process, theme=item.theme, place=item.place)
        title = _clean_title(item.title)
        built.append(
            publish(
                Contribution(
                    process=process,
                    author=item.author,
                    title=title,
                    body=_clean_text(item.body, "body", _("Texte vide."), BODY_MAX_LENGTH),
                    theme=item.theme,
                    place=item.place,
                    parent=parent,
                    root_id=(parent.root_id or parent.pk) if parent else None,
                    depth=parent.depth + 1 if parent else 0,
                    display_label=item.display_label[:LABEL_MAX_LENGTH],
                    source=Contribution.Source.ONLINE,
                    created_at=item.created_at,
                )
            )
        )
    # SQLite (3.35+) and PostgreSQL give back the new rows' ids.
    Contribution.objects.bulk_create(built, batch_size=500)
    debate_counts.added(built)
    audit.record(
        actor, "debates.import", process, process=process.slug, origin=origin, rows=len(items)
    )
    return built
