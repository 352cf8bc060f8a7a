"""Form helpers shared by every app's views."""

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from parlons.core.limits import LimitExceeded
from parlons.core.once import ALREADY_SENT, AlreadySent, once

T = TypeVar("T")

# The help under a text that accepts light formatting (rendered by parlons.core.markdown):
# examples rather than the name of the syntax.
FORMATTING_HELP = _(
    "Mise en forme possible : **texte en gras**, *texte en italique*, une ligne "
    "commençant par « - » pour une liste, [texte du lien](https://adresse) pour un "
    "lien. Une ligne vide sépare deux paragraphes."
)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def render_form(request, template: str, context: dict, *, refused: bool = False):
    """A form page: answered 400 when `context["form"]` (or the caller) refused the input.

    The page still shows the form with what was typed and its errors; the status
    tells browsers' tools, tests and scripts that nothing was saved. A limit
    reached (`LimitExceeded`) answers 429 with Retry-After.
    """
    limited = [
        error
        for error in context["form"].non_field_errors().as_data()
        if isinstance(error, LimitExceeded)
    ]
    status = 429 if limited else 400 if refused or context["form"].errors else 200
    response = render(request, template, context, status=status)
    if limited:
        response["Retry-After"] = str(limited[0].retry_after)
    return response


def already_sent(request, sent: AlreadySent, fallback: str) -> HttpResponse:
    """A form sent twice: a calm word and the first result (parlons.core.once)."""
    messages.info(request, ALREADY_SENT)
    return redirect(sent.url or fallback)


def form_page(
    request: HttpRequest,
    form: forms.BaseForm,
    template: str,
    context: Mapping[str, Any],
    *,
    save: Callable[[Any], T],
    done: Callable[[T], HttpResponse],
    success: str | Promise | Callable[[T], str] | None = None,
    result_url: Callable[[T], str] | None = None,
    prepare: Callable[[dict[str, Any]], Any] | None = None,
) -> HttpResponse:
    """The sequence of every form page: show, or validate, save through the service, redirect.

    On a valid POST, `save(cleaned_data)` calls the service; a ValidationError
    it raises is shown on the form (the page keeps what was typed, answered
    400); otherwise the `success` message is shown and `done(result)` answers
    (a redirect, POST then GET). A form that creates something gives
    `result_url(result)` and carries a one-time token (`core/form_token.html`):
    sent twice, it is saved once and the second send is led to the first result.

    With `prepare`, `prepare(cleaned_data)` runs first, outside any transaction
    (the one-time token's included), and `save` gets what it returns: the
    service's CPU work (masking, spam score) then holds no database lock
    (docs/decisions/0019-posts-prepared-before-their-transaction.md).
    """
    if request.method == "POST" and form.is_valid():
        try:
            data = form.cleaned_data if prepare is None else prepare(form.cleaned_data)
            if result_url is None:
                result = save(data)
            else:
                result = once(request, lambda: save(data), url=result_url)
        except AlreadySent as sent:
            return already_sent(request, sent, request.path)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if success is not None:
                messages.success(request, success(result) if callable(success) else success)
            return done(result)
    return render_form(request, template, {**context, "form": form})
