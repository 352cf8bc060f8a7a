from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from parlons.core.forms import form_page
from parlons.core.markdown import render_markdown
from parlons.core.public_url import public_url
from parlons.core.queries import current_territory
from parlons.transparency import services
from parlons.transparency.accessibility import (
    AXE_CORE_VERSION,
    BROWSERS,
    DEFENSEUR_DELEGATES_URL,
    DEFENSEUR_FORM_URL,
    DEFENSEUR_POSTAL_ADDRESS,
    JOURNEYS,
    checked_pages,
)
from parlons.transparency.forms import AccessibilityStatementForm
from parlons.transparency.notices import all_notices, notice
from parlons.transparency.queries import accessibility_statement
from parlons.transparency.rules import can_edit_accessibility_statement


def charter(request):
    return render(request, "transparency/charter.html")


def accessibility(request):
    territory = current_territory()
    statement = accessibility_statement(territory) if territory else None
    written = ("non_conformities", "derogations", "exempt_content", "audit_environment")
    return render(
        request,
        "transparency/accessibility.html",
        {
            "statement": statement,
            **{name: statement.lines(name) if statement else [] for name in written},
            "journeys": JOURNEYS,
            "checked_pages": checked_pages(),
            "axe_core_version": AXE_CORE_VERSION,
            "browsers": BROWSERS,
            "can_edit": can_edit_accessibility_statement(request.user, territory),
            "site_url": public_url(request),
            "defenseur": {
                "form_url": DEFENSEUR_FORM_URL,
                "delegates_url": DEFENSEUR_DELEGATES_URL,
                "postal_address": DEFENSEUR_POSTAL_ADDRESS,
            },
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def accessibility_edit(request):
    territory = current_territory()
    can_edit_accessibility_statement.require(request.user, territory)
    return form_page(
        request,
        AccessibilityStatementForm(
            request.POST or None, instance=accessibility_statement(territory)
        ),
        "transparency/accessibility_form.html",
        {},
        save=lambda data: services.update_accessibility_statement(
            actor=request.user, territory=territory, **data
        ),
        success=_("Déclaration d'accessibilité enregistrée."),
        done=lambda _statement: redirect("transparency:accessibility"),
    )


def algorithms(request):
    return render(request, "transparency/algorithms.html", {"notices": all_notices(get_language())})


def algorithm(request, slug):
    found = notice(slug, get_language())
    if found is None:
        raise Http404(slug)
    body = found.text.split("\n", 1)[1] if "\n" in found.text else ""
    return render(
        request,
        "transparency/algorithm.html",
        {"notice": found, "body_html": render_markdown(body, language=found.language)},
    )
