"""Form helpers shared by every app's views."""

from django.core.exceptions import ValidationError
from django.shortcuts import render


def add_service_errors(form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: on its field when the form has it."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def render_form(request, template: str, context: dict, *, refused: bool = False):
    """A form page: answered 400 when `context["form"]` (or the caller) refused the input.

    The page still shows the form with what was typed and its errors; the status
    tells browsers' tools, tests and scripts that nothing was saved.
    """
    status = 400 if refused or context["form"].errors else 200
    return render(request, template, context, status=status)
