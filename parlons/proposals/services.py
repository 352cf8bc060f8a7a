"""Every write about proposals, supports and official answers. Each is audited.

Views, the demo and tasks call these functions. Each takes the acting person,
checks a named predicate, writes in one transaction with its audit entry, and
notifies after the checks passed.
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from parlons.accounts.notifications import notify
from parlons.core import audit, french, spam
from parlons.core.files import WrittenFiles, deleted_on_failure
from parlons.core.limits import PreparedPost, check_posting, count_posting, prepare_post
from parlons.core.models import Commune
from parlons.core.public_url import absolute_url
from parlons.privacy.publication import create_published, publish
from parlons.privacy.receipts import issue_receipt
from parlons.privacy.rules import can_handle_rights_requests
from parlons.processes.decisions import Decision, announce
from parlons.processes.models import Process, Theme
from parlons.proposals.consent import CONSENT_TEXT_VERSION
from parlons.proposals.images import validate_proposal_image
from parlons.proposals.models import (
    ANSWER_STATES,
    ANSWERING_BODY_MAX_LENGTH,
    BODY_MAX_LENGTH,
    COST_MAX_DIGITS,
    IMAGE_ALT_MAX_LENGTH,
    LABEL_MAX_LENGTH,
    REASON_MAX_LENGTH,
    REASON_REQUIRED,
    TITLE_MAX_LENGTH,
    ImageChange,
    Proposal,
    ProposalAnswer,
    ProposalRevision,
    ProposalSettings,
    Source,
    State,
    Support,
)
from parlons.proposals.rules import (
    can_answer_proposal,
    can_edit_proposal,
    can_propose,
    can_propose_on_behalf,
    can_set_up_proposals,
    can_support,
    can_support_on_behalf,
    can_withdraw_proposal,
)
from parlons.proposals.similar import joined_terms

# States in which a proposal still gathers supports.
OPEN_TO_SUPPORT = {State.PUBLISHED, State.UNDER_STUDY}


def _frozen() -> ValidationError:
    return ValidationError(
        _(
            "Cette proposition a été retirée par son auteur·rice : ses soutiens sont gelés, on ne "
            "peut plus en ajouter ni en retirer."
        )
    )


def _clean_text(text: str, empty_message: str, max_length: int, *, one_line=False) -> str:
    text = (text or "").strip()
    if one_line:
        text = french.one_line(text)
    if not text:
        raise ValidationError(empty_message)
    if len(text) > max_length:
        raise ValidationError(
            _("Ce texte fait %(length)s caractères ; %(max)s au plus.")
            % {"length": len(text), "max": max_length}
        )
    return text


def _clean_cost(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        cost = Decimal(str(value).replace(" ", "").replace("\u202f", "").replace(",", "."))
    except InvalidOperation:
        raise ValidationError(
            _("Écrivez le coût en euros, avec des chiffres seulement (par exemple 15000).")
        ) from None
    if not cost.is_finite() or cost < 0:
        raise ValidationError(_("Le coût estimé est un nombre d'euros positif."))
    cost = cost.quantize(Decimal(1))
    if len(cost.as_tuple().digits) > COST_MAX_DIGITS:
        raise ValidationError(_("Ce coût est trop élevé : vérifiez le nombre de chiffres."))
    return cost


def _check_belongs(process: Process, theme: Theme | None, place: Commune | None) -> dict:
    errors: dict[str, str] = {}
    if theme is not None and theme.process_id != process.pk:
        errors["theme"] = _("Ce thème n'appartient pas à cette démarche.")
    if place is not None and place.territory_id != process.territory_id:
        errors["place"] = _("Cette commune n'appartient pas au territoire.")
    return errors


def _cleaned_proposal(
    process: Process, *, title, body, theme, place, estimated_cost, image, image_alt, body_message
) -> dict:
    """Every field checked, every problem said at once: the form keeps what was typed."""
    errors: dict[str, list] = {}
    fields: dict = {}
    checks = {
        "title": lambda: _clean_text(
            title, _("Donnez un titre à votre proposition."), TITLE_MAX_LENGTH, one_line=True
        ),
        "body": lambda: _clean_text(body, body_message, BODY_MAX_LENGTH),
        "estimated_cost": lambda: _clean_cost(estimated_cost),
    }
    for name, check in checks.items():
        try:
            fields[name] = check()
        except ValidationError as error:
            errors[name] = error.messages
    image_alt = french.one_line(image_alt or "")
    if image:
        try:
            validate_proposal_image(image)
        except ValidationError as error:
            errors["image"] = error.messages
        if not image_alt:
            errors["image_alt"] = [_("Décrivez l'image pour les personnes qui ne la voient pas.")]
    if len(image_alt) > IMAGE_ALT_MAX_LENGTH:
        errors["image_alt"] = [
            _("La description fait %(max)s caractères au plus.") % {"max": IMAGE_ALT_MAX_LENGTH}
        ]
    errors.update({key: [value] for key, value in _check_belongs(process, theme, place).items()})
    if errors:
        raise ValidationError(errors)
    if image:
        fields.update(image=image, image_alt=image_alt)
    return {**fields, "theme": theme, "place": place}


def _spam_check(actor, body: str, editing: Proposal | None = None) -> dict:
    """An edited proposal is scored as a new one, its own earlier text aside."""
    joined = getattr(actor, "date_joined", None)
    age = (timezone.now() - joined).total_seconds() / 3600 if joined else None
    same = Proposal.objects.filter(author=actor, body=body)
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


def _with_terms(proposal: Proposal) -> Proposal:
    """The look-alike terms of the public copies, set before the proposal is saved."""
    proposal.public_terms = joined_terms(proposal.public_title, proposal.public_body)
    return proposal


# A proposal made ready before its transaction opens (core.limits, decision 0019).
PreparedProposal = PreparedPost[Proposal]


def prepare_proposal(
    *,
    actor,
    process: Process,
    title: str,
    body: str,
    theme: Theme | None = None,
    place: Commune | None = None,
    estimated_cost=None,
    image=None,
    image_alt: str = "",
    address: str | None = None,
) -> PreparedProposal:
    """Everything of `submit_proposal` that needs no transaction; `save_proposal` writes."""
    can_propose.require(actor, process)

    def build() -> Proposal:
        fields = _cleaned_proposal(
            process,
            title=title,
            body=body,
            theme=theme,
            place=place,
            estimated_cost=estimated_cost,
            image=image,
            image_alt=image_alt,
            body_message=_("Décrivez votre proposition."),
        )
        proposal = Proposal(
            process=process,
            author=actor,
            source=Source.ONLINE,
            **fields,
            **_spam_check(actor, fields["body"]),
        )
        return _with_terms(publish(proposal))

    return prepare_post("contribution", actor, process, address, build)


def save_proposal(prepared: PreparedProposal) -> Proposal:
    """Write a proposal made ready by `prepare_proposal`, with its audit entry.

    If the transaction fails after the image was written, the file is deleted.
    """
    actor, process = prepared.actor, prepared.process
    with deleted_on_failure() as written, transaction.atomic():
        can_propose.require(actor, process)
        counters = check_posting("contribution", actor, prepared.address)
        proposal = prepared.item()
        proposal.created_at = timezone.now()  # dated when written, not when prepared
        with written.saving(proposal):
            proposal.save(force_insert=True)
        audit.record(
            actor,
            "proposals.submit",
            proposal,
            process=process.slug,
            held_for_review=proposal.held_for_review,
        )
        count_posting(counters)
    return proposal


def submit_proposal(
    *,
    actor,
    process: Process,
    title: str,
    body: str,
    theme: Theme | None = None,
    place: Commune | None = None,
    estimated_cost=None,
    image=None,
    image_alt: str = "",
    address: str | None = None,
) -> Proposal:
    """A signed-in resident files a proposal while a phase opens the filing of proposals."""
    return save_proposal(
        prepare_proposal(
            actor=actor,
            process=process,
            title=title,
            body=body,
            theme=theme,
            place=place,
            estimated_cost=estimated_cost,
            image=image,
            image_alt=image_alt,
            address=address,
        )
    )


def prepare_on_behalf(
    *,
    actor,
    process: Process,
    title: str,
    body: str,
    consent: bool,
    display_label: str = "",
    theme: Theme | None = None,
    place: Commune | None = None,
    estimated_cost=None,
    consent_text_version: str = CONSENT_TEXT_VERSION,
) -> PreparedProposal:
    """Everything of `submit_on_behalf` that needs no transaction; `save_on_behalf` writes."""
    can_propose_on_behalf.require(actor, process)

    def build() -> Proposal:
        errors: dict[str, list] = {}
        fields: dict = {}
        try:
            fields = _cleaned_proposal(
                process,
                title=title,
                body=body,
                theme=theme,
                place=place,
                estimated_cost=estimated_cost,
                image=None,
                image_alt="",
                body_message=_("Écrivez la proposition de la personne."),
            )
        except ValidationError as error:
            errors.update(error.message_dict)
        if not consent:
            errors["consent"] = [
                _("Sans l'accord de la personne, sa proposition ne peut pas être publiée.")
            ]
        label = french.one_line(display_label or "")
        if len(label) > LABEL_MAX_LENGTH:
            errors["display_label"] = [
                _("La signature fait %(max)s caractères au plus.") % {"max": LABEL_MAX_LENGTH}
            ]
        if errors:
            raise ValidationError(errors)
        proposal = Proposal(
            process=process,
            source=Source.COUNTER,
            entered_by=actor,
            display_label=label,
            consent_given=True,
            consent_text_version=consent_text_version,
            **fields,
        )
        return _with_terms(publish(proposal))

    return prepare_post("counter", actor, process, None, build)


@transaction.atomic
def save_on_behalf(prepared: PreparedProposal) -> Proposal:
    """Write a proposal made ready by `prepare_on_behalf`, its audit entry and receipt."""
    actor, process = prepared.actor, prepared.process
    can_propose_on_behalf.require(actor, process)
    counters = check_posting("counter", actor, None)
    proposal = prepared.item()
    # Dated when written, not when prepared; the consent is recorded at that moment.
    now = timezone.now()
    proposal.created_at = proposal.consent_at = now
    proposal.save(force_insert=True)
    audit.record(
        actor,
        "proposals.submit_on_behalf",
        proposal,
        process=process.slug,
        consent_text_version=proposal.consent_text_version,
    )
    # The person leaves with a printed receipt: its code lets them read and withdraw this.
    proposal.issued_receipt = issue_receipt(
        actor=actor,
        kind="proposals.proposal",
        item_id=proposal.pk,
        title=_("Proposition « %(title)s » (démarche « %(process)s »)")
        % {"title": proposal.public_title, "process": process.title},
        summary=proposal.public_body,
        recorded_at=now,
    )
    count_posting(counters)
    return proposal


def submit_on_behalf(
    *,
    actor,
    process: Process,
    title: str,
    body: str,
    consent: bool,
    display_label: str = "",
    theme: Theme | None = None,
    place: Commune | None = None,
    estimated_cost=None,
    consent_text_version: str = CONSENT_TEXT_VERSION,
) -> Proposal:
    """A mediator enters the proposal of a person without an account, with their consent."""
    return save_on_behalf(
        prepare_on_behalf(
            actor=actor,
            process=process,
            title=title,
            body=body,
            consent=consent,
            display_label=display_label,
            theme=theme,
            place=place,
            estimated_cost=estimated_cost,
            consent_text_version=consent_text_version,
        )
    )


EDITABLE = ("title", "body", "theme", "place", "estimated_cost")


def _image_after_edit(proposal: Proposal, *, image, remove_image: bool, image_alt) -> dict:
    """The image and its description an edit leaves, checked as on filing.

    An image needs its description, whether it is new or kept; without an
    image, a typed description is dropped, as on filing.
    """
    image_alt = french.one_line(proposal.image_alt if image_alt is None else image_alt)
    kept = bool(proposal.image) and not remove_image and not image
    errors: dict[str, list] = {}
    if image:
        try:
            validate_proposal_image(image)
        except ValidationError as error:
            errors["image"] = error.messages
    if (image or kept) and not image_alt:
        errors["image_alt"] = [_("Décrivez l'image pour les personnes qui ne la voient pas.")]
    if len(image_alt) > IMAGE_ALT_MAX_LENGTH:
        errors["image_alt"] = [
            _("La description fait %(max)s caractères au plus.") % {"max": IMAGE_ALT_MAX_LENGTH}
        ]
    if errors:
        raise ValidationError(errors)
    if image:
        change = ImageChange.REPLACED if proposal.image else ImageChange.ADDED
    elif proposal.image and remove_image:
        change = ImageChange.REMOVED
    else:
        change = ImageChange.NONE
    if not (image or kept):
        image_alt = ""
    return {"change": change, "image": image, "image_alt": image_alt}


def _delete_file_after_commit(storage, name: str) -> None:
    """The replaced file goes once the edit is saved; a failed edit keeps the page's picture."""
    transaction.on_commit(lambda: storage.delete(name))


@dataclass(frozen=True)
class _MaskedEdit:
    """The public copies, terms and spam verdict of an edit's texts, made before its transaction."""

    texts: tuple[str, str, str, str]  # title, body, image_alt, display_label as they will be saved
    public: dict[str, str]
    held: dict


def _masked_edit(actor, proposal: Proposal, **edit) -> _MaskedEdit | None:
    """What `_edit_proposal` would mask and score, from the proposal as read before the lock.

    None when the edit would be refused: the transaction refuses it in its own order.
    """
    try:
        fields = _cleaned_proposal(
            proposal.process,
            **{name: edit[name] for name in ("title", "body", "theme", "place", "estimated_cost")},
            image=None,
            image_alt="",
            body_message=_("Décrivez votre proposition."),
        )
    except ValidationError:
        return None
    # The description the edit leaves (`_image_after_edit`, without reading the image again).
    image_alt = french.one_line(
        proposal.image_alt if edit["image_alt"] is None else edit["image_alt"]
    )
    if not (edit["image"] or (proposal.image and not edit["remove_image"])):
        image_alt = ""
    draft = Proposal(
        title=fields["title"],
        body=fields["body"],
        image_alt=image_alt,
        display_label=proposal.display_label,
    )
    _with_terms(publish(draft))
    return _MaskedEdit(
        texts=(draft.title, draft.body, draft.image_alt, draft.display_label),
        public={name: getattr(draft, name) for name in _PUBLIC_OF_EDIT},
        held=_spam_check(actor, draft.body, editing=proposal),
    )


_PUBLIC_OF_EDIT = (
    "public_title",
    "public_body",
    "public_image_alt",
    "public_display_label",
    "public_terms",
)


def edit_proposal(
    *,
    actor,
    proposal: Proposal,
    title: str,
    body: str,
    theme: Theme | None = None,
    place: Commune | None = None,
    estimated_cost=None,
    image=None,
    remove_image: bool = False,
    image_alt: str | None = None,
) -> ProposalRevision | None:
    """The author rewrites their proposal while proposals are filed and before any answer.

    The earlier version is kept (ProposalRevision, seen by the author and the
    team), the public copies are masked again, the look-alike terms follow,
    and the supports stay: people supported the idea, which its author may
    clarify. The image may be replaced (checked as on filing) or removed; the
    version records that it changed, and the earlier file is deleted from
    storage once the edit is committed. `image_alt=None` keeps the current
    description. The new text is scored for spam as a new one; a suspicious
    edit is held for the team. Returns None when nothing changed.
    The masking and the spam score are done before the transaction opens (decision 0019).
    """
    edit = {
        "title": title,
        "body": body,
        "theme": theme,
        "place": place,
        "estimated_cost": estimated_cost,
        "image": image,
        "remove_image": remove_image,
        "image_alt": image_alt,
    }
    masked = _masked_edit(actor, proposal, **edit)
    # A new image written by an edit whose transaction then fails is deleted again.
    with deleted_on_failure() as written:
        return _edit_proposal(actor, proposal, masked, written, **edit)


@transaction.atomic
def _edit_proposal(
    actor,
    proposal: Proposal,
    masked: _MaskedEdit | None,
    written: WrittenFiles,
    *,
    title: str,
    body: str,
    theme: Theme | None,
    place: Commune | None,
    estimated_cost,
    image,
    remove_image: bool,
    image_alt: str | None,
) -> ProposalRevision | None:
    proposal = _locked(proposal)
    can_edit_proposal.require(actor, proposal)
    errors: dict[str, list] = {}
    try:
        fields = _cleaned_proposal(
            proposal.process,
            title=title,
            body=body,
            theme=theme,
            place=place,
            estimated_cost=estimated_cost,
            image=None,
            image_alt="",
            body_message=_("Décrivez votre proposition."),
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        picture = _image_after_edit(
            proposal, image=image, remove_image=remove_image, image_alt=image_alt
        )
    except ValidationError as error:
        errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    before = {name: getattr(proposal, name) for name in EDITABLE}
    changed = [name for name in EDITABLE if before[name] != fields[name]]
    if picture["change"]:
        changed.append("image")
    if picture["image_alt"] != proposal.image_alt:
        changed.append("image_alt")
    if not changed:
        return None
    image_change = picture["change"] or (
        ImageChange.DESCRIBED if "image_alt" in changed and picture["image_alt"] else ""
    )
    now = timezone.now()
    revision = ProposalRevision.objects.create(
        proposal=proposal,
        title=proposal.title,
        body=proposal.body,
        estimated_cost=proposal.estimated_cost,
        image_change=image_change,
        written_at=proposal.edited_at or proposal.created_at,
        replaced_at=now,
    )
    for name, value in fields.items():
        setattr(proposal, name, value)
    if picture["change"] in (ImageChange.REPLACED, ImageChange.REMOVED):
        _delete_file_after_commit(proposal.image.storage, proposal.image.name)
    if picture["change"] == ImageChange.REMOVED:
        proposal.image = ""
    elif picture["image"]:
        proposal.image = picture["image"]
    proposal.image_alt = picture["image_alt"]
    proposal.edited_at = now
    texts = (proposal.title, proposal.body, proposal.image_alt, proposal.display_label)
    if masked is not None and masked.texts == texts:
        for name, value in masked.public.items():
            setattr(proposal, name, value)
        held = masked.held
    else:  # the proposal changed since it was read (or could not be prepared): here, as before
        _with_terms(publish(proposal))
        held = _spam_check(actor, proposal.body, editing=proposal)
    if held and not proposal.held_for_review:
        proposal.held_for_review = True
        proposal.held_explanation = held["held_explanation"]
    with written.saving(proposal):
        proposal.save(
            update_fields=[
                *EDITABLE,
                "image",
                "image_alt",
                "public_title",
                "public_body",
                "public_image_alt",
                "public_display_label",
                "public_terms",
                "edited_at",
                "held_for_review",
                "held_explanation",
            ]
        )
    audit.record(
        actor,
        "proposals.edit",
        proposal,
        process=proposal.process.slug,
        revision=revision.pk,
        fields=changed,
        held_for_review=proposal.held_for_review,
        **({"image": image_change} if image_change else {}),
    )
    return revision


@transaction.atomic
def withdraw_proposal(*, actor, proposal: Proposal) -> Proposal:
    """The author takes their proposal back: its words leave every public surface at once.

    A trace stays at its address (« retirée par son auteur·rice » and the
    date), and in the open data as the state "withdrawn"; it leaves the lists
    and the counts. Its supports stay as they are, frozen: nobody adds or
    takes one back. The picture goes now; the text is kept for the declared
    retention (a dispute under way), then erased by the daily purge.
    """
    proposal = _locked(proposal)
    can_withdraw_proposal.require(actor, proposal)
    if proposal.image:
        proposal.image.delete(save=False)
    now = timezone.now()
    proposal.state, proposal.state_changed_at, proposal.withdrawn_at = State.WITHDRAWN, now, now
    emptied = ("public_title", "public_body", "public_terms", "public_image_alt", "image_alt")
    for name in emptied:
        setattr(proposal, name, "")
    proposal.image = ""
    proposal.save(update_fields=["state", "state_changed_at", "withdrawn_at", "image", *emptied])
    audit.record(
        actor,
        "proposals.withdraw",
        proposal,
        process=proposal.process.slug,
        supports=proposal.support_count,
    )
    return proposal


WITHDRAWN_TITLE = "Proposition retirée à la demande de son auteur·rice"


@transaction.atomic
def withdraw_on_request(*, actor, proposal: Proposal, reference: str) -> Proposal:
    """The DPO withdraws a mediated proposal whose author asked it with their receipt's code.

    Its words go (title, text, signature, picture, and their public copies); a trace
    stays in the list so that its supports, answers and merges keep their place.
    """
    can_handle_rights_requests.require(actor, proposal.process.territory)
    proposal = _locked(proposal)
    if proposal.image:
        proposal.image.delete(save=False)
    erased = {
        "title": WITHDRAWN_TITLE,
        "public_title": WITHDRAWN_TITLE,
        "body": "",
        "public_body": "",
        "public_terms": "",
        "display_label": "",
        "public_display_label": "",
        "image_alt": "",
        "public_image_alt": "",
        "image": "",
    }
    for name, value in erased.items():
        setattr(proposal, name, value)
    proposal.save(update_fields=list(erased))
    audit.record(
        actor,
        "proposals.withdraw_on_request",
        proposal,
        process=proposal.process.slug,
        request=reference,
    )
    return proposal


@transaction.atomic
def withdraw_support_on_request(*, actor, support: Support, reference: str) -> None:
    """The DPO withdraws a support a mediator recorded, asked with the receipt's code."""
    proposal = support.proposal
    can_handle_rights_requests.require(actor, proposal.process.territory)
    proposal = _locked(proposal)
    deleted, _detail = Support.objects.filter(pk=support.pk).delete()
    if deleted:
        Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") - 1)
    audit.record(
        actor,
        "proposals.withdraw_support_on_request",
        proposal,
        process=proposal.process.slug,
        request=reference,
    )


def _locked(proposal: Proposal) -> Proposal:
    """The proposal's row, locked until the transaction ends: its counter is ours to change."""
    return Proposal.objects.select_for_update().select_related("process").get(pk=proposal.pk)


def _require_supportable(proposal: Proposal) -> None:
    if proposal.is_withdrawn:
        raise _frozen()
    if proposal.held_for_review:
        raise ValidationError(_("Cette proposition attend une vérification de l'équipe."))
    if proposal.state == State.MERGED and proposal.merged_into_id:
        raise ValidationError(
            _("Cette proposition a été fusionnée avec une autre : soutenez plutôt celle-ci.")
        )
    if proposal.state not in OPEN_TO_SUPPORT:
        raise ValidationError(
            _("Cette proposition a reçu sa réponse officielle : elle ne reçoit plus de soutiens.")
        )


def _threshold_of(process: Process) -> int | None:
    found = ProposalSettings.objects.filter(process=process).values_list(
        "support_threshold", flat=True
    )
    return next(iter(found), None)


def _study_if_threshold_reached(proposal: Proposal, threshold: int | None = None) -> bool:
    """A published proposal that reached the démarche's threshold is retained for study."""
    if threshold is None:
        threshold = _threshold_of(proposal.process)
    if not threshold or proposal.state != State.PUBLISHED or proposal.support_count < threshold:
        return False
    proposal.state = State.UNDER_STUDY
    proposal.state_changed_at = timezone.now()
    proposal.save(update_fields=["state", "state_changed_at"])
    audit.record(
        None,
        "proposals.threshold_reached",
        proposal,
        process=proposal.process.slug,
        supports=proposal.support_count,
        threshold=threshold,
    )
    return True


def _add_support(proposal: Proposal, **fields) -> tuple[Support | None, bool]:
    """One support more, the counter with it; a person who supports already is counted once."""
    if fields.get("user") is not None:
        support, created = Support.objects.get_or_create(
            proposal=proposal, user=fields.pop("user"), defaults=fields
        )
    else:
        support, created = Support.objects.create(proposal=proposal, **fields), True
    if created:
        Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") + 1)
        proposal.refresh_from_db(fields=["support_count"])
    return support, created


@transaction.atomic
def support(*, actor, proposal: Proposal) -> tuple[Support, bool]:
    """The person supports the proposal, once; a second support changes nothing.

    Returns the support and whether it is new. Two sends at the same moment
    give one support: the proposal's row is locked, and the database refuses
    a second support of the same person (support_one_per_person).
    """
    can_support.require(actor, proposal.process)
    proposal = _locked(proposal)
    _require_supportable(proposal)
    item, created = _add_support(proposal, user=actor, source=Source.ONLINE)
    if created:
        audit.record(actor, "proposals.support", proposal, process=proposal.process.slug)
        _study_if_threshold_reached(proposal)
    assert item is not None
    return item, created


@transaction.atomic
def withdraw_support(*, actor, proposal: Proposal) -> bool:
    """The person takes their support back while supports are open; False if there was none."""
    can_support.require(actor, proposal.process)
    proposal = _locked(proposal)
    if proposal.is_withdrawn:
        raise _frozen()
    deleted, _detail = Support.objects.filter(proposal=proposal, user=actor).delete()
    if not deleted:
        return False
    Proposal.objects.filter(pk=proposal.pk).update(support_count=F("support_count") - 1)
    audit.record(actor, "proposals.withdraw_support", proposal, process=proposal.process.slug)
    return True


@transaction.atomic
def support_on_behalf(
    *, actor, proposal: Proposal, consent: bool, consent_text_version: str = CONSENT_TEXT_VERSION
) -> Support:
    """A mediator records the support of a person without an account, with their consent."""
    can_support_on_behalf.require(actor, proposal.process)
    if not consent:
        raise ValidationError(
            {"consent": _("Sans l'accord de la personne, son soutien ne peut pas être compté.")}
        )
    proposal = _locked(proposal)
    _require_supportable(proposal)
    item, _created = _add_support(
        proposal,
        source=Source.COUNTER,
        entered_by=actor,
        consent_given=True,
        consent_text_version=consent_text_version,
    )
    audit.record(
        actor,
        "proposals.support_on_behalf",
        proposal,
        process=proposal.process.slug,
        consent_text_version=consent_text_version,
    )
    _study_if_threshold_reached(proposal)
    assert item is not None
    item.issued_receipt = issue_receipt(
        actor=actor,
        kind="proposals.support",
        item_id=item.pk,
        title=_("Soutien à la proposition « %(title)s » (démarche « %(process)s »)")
        % {"title": proposal.public_title, "process": proposal.process.title},
    )
    return item


@transaction.atomic
def set_support_threshold(*, actor, process: Process, threshold: int | None) -> ProposalSettings:
    """The organisers set the number of supports that retains a proposal for study.

    Proposals that have that many supports already are retained at once.
    """
    can_set_up_proposals.require(actor, process)
    if threshold is not None and threshold < 1:
        raise ValidationError(
            {"support_threshold": _("Le seuil est d'au moins un soutien, ou laissez vide.")}
        )
    found, _created = ProposalSettings.objects.select_for_update().get_or_create(process=process)
    previous = found.support_threshold
    found.support_threshold = threshold
    found.save(update_fields=["support_threshold"])
    audit.record(
        actor,
        "proposals.set_threshold",
        process,
        threshold=threshold,
        previous=previous,
    )
    if threshold:
        reached = (
            Proposal.objects.select_for_update()
            .select_related("process")
            .filter(
                process=process,
                state=State.PUBLISHED,
                held_for_review=False,
                support_count__gte=threshold,
            )
        )
        for proposal in reached:
            _study_if_threshold_reached(proposal, threshold)
    return found


def _merge_supports(proposal: Proposal, target: Proposal) -> dict:
    """The supports of `proposal` go to `target`; someone who supports both counts once."""
    already = Support.objects.filter(proposal=target, user__isnull=False).values_list(
        "user_id", flat=True
    )
    moved = (
        Support.objects.filter(proposal=proposal)
        .exclude(user_id__in=already)
        .update(proposal=target)
    )
    twice, _detail = Support.objects.filter(proposal=proposal).delete()
    target.support_count = Support.objects.filter(proposal=target).count()
    target.save(update_fields=["support_count"])
    proposal.support_count = 0
    return {"moved": moved, "counted_once": twice}


@transaction.atomic
def answer(
    *,
    actor,
    proposal: Proposal,
    state: str,
    reason: str = "",
    answering_body: str = "",
    merged_into: Proposal | None = None,
) -> ProposalAnswer:
    """The official answer: a state, a reason (required to refuse or merge), a signature.

    Merging moves the supports to the other proposal without counting anyone
    twice. Accepting announces the decision (parlons.processes.decisions) in
    this same transaction. The author is told by e-mail, if they wish.
    """
    can_answer_proposal.require(actor, proposal.process)
    return _give_answer(
        actor=actor,
        proposal=proposal,
        state=state,
        reason=reason,
        answering_body=answering_body,
        merged_into=merged_into,
        answered_at=timezone.now(),
    )


def _give_answer(
    *,
    actor,
    proposal: Proposal,
    state: str,
    reason: str,
    answering_body: str,
    merged_into: Proposal | None,
    answered_at,
) -> ProposalAnswer:
    """The answer's checks and writes, shared by `answer` and `import_proposals`."""
    proposal = _locked(proposal)
    errors: dict[str, list] = {}
    if state not in ANSWER_STATES:
        errors["state"] = [_("Choisissez la réponse donnée à la proposition.")]
    reason = (reason or "").strip()
    if state in REASON_REQUIRED and not reason:
        errors["reason"] = [
            _("Expliquez pourquoi la proposition est refusée : ce motif sera publié.")
            if state == State.REJECTED
            else _(
                "Expliquez pourquoi les deux propositions sont fusionnées : ce motif sera publié."
            )
        ]
    if len(reason) > REASON_MAX_LENGTH:
        errors["reason"] = [
            _("Le motif fait %(length)s caractères ; %(max)s au plus.")
            % {"length": len(reason), "max": REASON_MAX_LENGTH}
        ]
    answering_body = french.one_line(answering_body or "")
    if not answering_body:
        errors["answering_body"] = [
            _("Indiquez l'instance qui répond, par exemple « Conseil municipal ».")
        ]
    elif len(answering_body) > ANSWERING_BODY_MAX_LENGTH:
        errors["answering_body"] = [
            _("Le nom de l'instance fait %(max)s caractères au plus.")
            % {"max": ANSWERING_BODY_MAX_LENGTH}
        ]
    if state == State.MERGED:
        if merged_into is None:
            errors["merged_into"] = [
                _("Choisissez la proposition avec laquelle elle est fusionnée.")
            ]
        elif merged_into.pk == proposal.pk or merged_into.process_id != proposal.process_id:
            errors["merged_into"] = [_("Choisissez une autre proposition de la même démarche.")]
        elif merged_into.is_withdrawn:
            errors["merged_into"] = [_("Cette proposition a été retirée par son auteur·rice.")]
        elif merged_into.state == State.MERGED:
            errors["merged_into"] = [
                _("Cette proposition est elle-même fusionnée : choisissez celle qui la remplace.")
            ]
    if proposal.state == State.MERGED:
        errors.setdefault("state", []).append(
            _("Cette proposition est déjà fusionnée avec une autre.")
        )
    if proposal.is_withdrawn:
        errors.setdefault("state", []).append(
            _(
                "Cette proposition a été retirée par son auteur·rice : elle n'attend plus de réponse."
            )
        )
    if errors:
        raise ValidationError(errors)
    merge_counts = {}
    if state == State.MERGED:
        assert merged_into is not None
        target = _locked(merged_into)
        merge_counts = _merge_supports(proposal, target)
        proposal.merged_into = target
    now = answered_at
    proposal.state = state
    proposal.state_changed_at = now
    proposal.save(update_fields=["state", "state_changed_at", "merged_into", "support_count"])
    item = create_published(
        ProposalAnswer,
        process=proposal.process,
        proposal=proposal,
        author=actor,
        state=state,
        reason=reason,
        answering_body=answering_body,
        created_at=now,
    )
    audit.record(
        actor,
        "proposals.answer",
        proposal,
        process=proposal.process.slug,
        state=state,
        answering_body=answering_body,
        **({"merged_into": proposal.merged_into_id, **merge_counts} if merge_counts else {}),
    )
    if state == State.MERGED:
        _study_if_threshold_reached(target)
    if state == State.ACCEPTED:
        announce(decision_of(proposal, item))
    _tell_author(proposal, item, actor)
    return item


@dataclass
class ImportedProposal:
    """A proposal brought from another platform, with its official answer if it had one."""

    title: str
    body: str
    created_at: datetime
    author: object = None
    theme: Theme | None = None
    place: Commune | None = None
    state: str = "published"  # State.PUBLISHED (untyped TextChoices, no django-stubs)
    reason: str = ""
    answered_at: datetime | None = None
    # With state "withdrawn": when its author withdrew it on the other platform.
    withdrawn_at: datetime | None = None


def _imported(process: Process, item: ImportedProposal) -> Proposal:
    common = {
        "process": process,
        "author": item.author,
        "theme": item.theme,
        "place": item.place,
        "source": Source.ONLINE,
        "created_at": item.created_at,
    }
    if item.state == State.WITHDRAWN:
        # As `withdraw_proposal` leaves it once the retention has passed: a dated trace,
        # no words (they had left the other platform's pages already), frozen supports.
        withdrawn_at = item.withdrawn_at or item.created_at
        return Proposal(
            **common,
            title="",
            body="",
            state=State.WITHDRAWN,
            state_changed_at=withdrawn_at,
            withdrawn_at=withdrawn_at,
        )
    proposal = publish(
        Proposal(
            **common,
            title=_clean_text(item.title, _("Titre vide."), TITLE_MAX_LENGTH, one_line=True),
            body=_clean_text(item.body, _("Texte vide."), BODY_MAX_LENGTH),
        )
    )
    proposal.public_terms = joined_terms(proposal.public_title, proposal.public_body)
    return proposal


@transaction.atomic
def import_proposals(
    *, actor, process: Process, items: list[ImportedProposal], origin: str, answering_body: str
) -> list[Proposal]:
    """Proposals of another platform (Decidim), with their dates, authors and answers.

    The organisers bring a démarche's history: texts are masked like every
    published text, supports are not invented (the counter stays at 0, see
    docs/commands.md), and each answer goes through the same checks and
    writes as `answer` — an accepted proposal is announced as a decision.
    A proposal withdrawn by its author there is imported as a withdrawn
    trace without its words. One audit entry for the import, one per answer.
    """
    can_set_up_proposals.require(actor, process)
    errors: dict[str, list] = {}
    for index, item in enumerate(items):
        if item.state not in (State.PUBLISHED, State.WITHDRAWN, *ANSWER_STATES):
            errors.setdefault("state", []).append(f"{index}: {item.state}")
        belongs = _check_belongs(process, item.theme, item.place)
        for field, message in belongs.items():
            errors.setdefault(field, []).append(message)
    if errors:
        raise ValidationError(errors)
    proposals = [_imported(process, item) for item in items]
    # SQLite (3.35+) and PostgreSQL give back the new rows' ids.
    Proposal.objects.bulk_create(proposals, batch_size=500)
    audit.record(
        actor,
        "proposals.import",
        process,
        process=process.slug,
        origin=origin,
        rows=len(items),
        withdrawn=sum(item.state == State.WITHDRAWN for item in items),
    )
    for proposal, item in zip(proposals, items, strict=True):
        if item.state in (State.PUBLISHED, State.WITHDRAWN):
            continue
        _give_answer(
            actor=actor,
            proposal=proposal,
            state=item.state,
            reason=item.reason,
            answering_body=answering_body,
            merged_into=None,
            answered_at=item.answered_at or timezone.now(),
        )
    return proposals


def decision_of(proposal: Proposal, item: ProposalAnswer) -> Decision:
    """The accepted proposal as a decision that the follow-up of decisions tracks."""
    return Decision(
        kind="proposal",
        key=str(proposal.pk),
        process_id=proposal.process_id,
        title=proposal.public_title,
        summary=item.public_reason or Truncator(proposal.public_body).words(60),
        url=absolute_url(proposal.get_absolute_url()),
        decided_at=item.created_at,
        decided_by=item.answering_body,
        amount=proposal.estimated_cost,
    )


def _tell_author(proposal: Proposal, item: ProposalAnswer, actor) -> None:
    recipient = proposal.author
    if recipient is None or recipient.pk == actor.pk:
        return
    notify(
        user=recipient,
        kind="answers",
        subject=_("Réponse officielle à votre proposition"),
        template="proposals/email/answer.txt",
        context={
            "process": proposal.process,
            "title": proposal.public_title,
            "state": item.get_state_display(),
            "answering_body": item.answering_body,
            "reason": Truncator(item.public_reason).words(120),
            "url": absolute_url(proposal.get_absolute_url()),
        },
    )


@transaction.atomic
def release(*, actor, proposal: Proposal) -> Proposal:
    """Someone of the team read a proposal held by the spam signs and publishes it."""
    can_answer_proposal.require(actor, proposal.process)
    if not proposal.held_for_review:
        raise ValidationError(_("Cette proposition n'attend pas de vérification."))
    proposal.held_for_review = False
    proposal.save(update_fields=["held_for_review"])
    audit.record(actor, "proposals.release", proposal, process=proposal.process.slug)
    spam.moderators_decided()
    return proposal
