"""The DPO's pages of the impact assessment: the draft, signing, the versions and their PDF."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from parlons.core.queries import current_territory
from parlons.privacy import dpia
from parlons.privacy.dpia_models import RISKS, ImpactAssessment, Level
from parlons.privacy.register_views import attachment, render_pdf
from parlons.privacy.rules import can_write_impact_assessment


class AssessmentForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in dpia.DPO_FIELDS:
            if name.endswith(("likelihood", "severity")):
                self.fields[name].choices = [("", _("à noter")), *Level.choices]

    class Meta:
        model = ImpactAssessment
        fields = dpia.DPO_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 5})
            for name in dpia.DPO_FIELDS
            if not name.endswith(("likelihood", "severity"))
        }


def _territory(request):
    territory = current_territory()
    can_write_impact_assessment.require(request.user, territory)
    return territory


def _risks(assessment, form=None) -> list[dict]:
    """The three risks of part 3, each with its two levels (fields of the form, or values)."""
    blocks = assessment.generated[2]["blocks"] if len(assessment.generated) > 2 else []
    return [
        {
            "block": block,
            "likelihood": form[f"{risk}_likelihood"] if form else None,
            "severity": form[f"{risk}_severity"] if form else None,
            "likelihood_value": getattr(assessment, f"get_{risk}_likelihood_display")(),
            "severity_value": getattr(assessment, f"get_{risk}_severity_display")(),
        }
        for risk, block in zip(RISKS, blocks, strict=False)
    ]


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request):
    territory = _territory(request)
    draft = dpia.current_draft(territory)
    form = AssessmentForm(instance=draft) if draft else None
    status = 200
    if request.method == "POST":
        if request.POST.get("step") == "start":
            try:
                dpia.start_draft(actor=request.user, territory=territory)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            return redirect("privacy:dpia")
        if draft is None:
            messages.error(request, _("Aucune version en cours : commencez-en une."))
            return redirect("privacy:dpia")
        form = AssessmentForm(request.POST, instance=ImpactAssessment.objects.get(pk=draft.pk))
        if form.is_valid():
            try:
                dpia.save_draft(actor=request.user, assessment=draft, values=form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("C'est enregistré."))
                return redirect("privacy:dpia")
        status = 400
    return render(
        request,
        "privacy/dpia.html",
        {
            "draft": draft,
            "form": form,
            "risks": _risks(draft, form) if draft else [],
            "versions": dpia.versions(territory),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def sign(request):
    territory = _territory(request)
    draft = dpia.current_draft(territory)
    if draft is None:
        messages.error(request, _("Aucune version en cours à signer."))
        return redirect("privacy:dpia")
    error = ""
    if request.method == "POST":
        try:
            dpia.sign(actor=request.user, assessment=draft)
        except ValidationError as refused:
            error = " ".join(refused.messages)
        else:
            messages.success(
                request, _("La version %(number)s est signée.") % {"number": draft.number}
            )
            return redirect("privacy:dpia_version", version_id=draft.pk)
    return render(
        request,
        "privacy/dpia_sign.html",
        {"draft": draft, "error": error},
        status=400 if error else 200,
    )


def _version(request, version_id: int) -> ImpactAssessment:
    territory = _territory(request)
    return get_object_or_404(
        ImpactAssessment.objects.select_related("signed_by", "territory"),
        pk=version_id,
        territory=territory,
    )


@login_required
def version(request, version_id: int):
    item = _version(request, version_id)
    return render(
        request,
        "privacy/dpia_version.html",
        {"item": item, "risks": _risks(item), "has_draft": dpia.current_draft(item.territory)},
    )


@login_required
def version_pdf(request, version_id: int):
    item = _version(request, version_id)
    document = render_pdf(
        request,
        "privacy/dpia_pdf.html",
        {"item": item, "risks": _risks(item), "today": timezone.localdate()},
        "privacy/dpia-pdf.css",
    )
    return attachment(document, "application/pdf", f"analyse-impact-v{item.number}.pdf")
