"""Why an optional field is asked, said in the form itself, from its privacy declaration.

A form that asks for an optional personal field calls `explain(field, "app.Model",
"field")`: the field's help text gains a sentence built from the declaration's
purpose (parlons.core.charter), read when the page is shown, so the form and
the register always give the same reason. A test lists the public forms and
fails when one of their optional personal fields has no explanation.
"""

from django import forms
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext

from parlons.core.charter import declarations


def _reason(model: str, field: str) -> str:
    key = f"{model}.{field}"
    item = next((item for item in declarations() if item.key == key), None)
    if item is None:
        raise LookupError(f"{key} is explained in a form but not declared in a privacy.py")
    return gettext("Facultatif. Nous le demandons pour %(purpose)s.") % {"purpose": item.purpose}


reason = lazy(_reason, str)


def explain(form_field: forms.Field, model: str, field: str) -> None:
    """Add to `form_field`'s help text why it is asked, from the declaration of model.field."""
    form_field.why_asked = f"{model}.{field}"  # type: ignore[attr-defined]  # read by the tests
    help_text = form_field.help_text
    form_field.help_text = (
        format_lazy("{} {}", help_text, reason(model, field)) if help_text else reason(model, field)
    )
