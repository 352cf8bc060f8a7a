from django import forms

from parlons.transparency.models import AccessibilityStatement


class AccessibilityStatementForm(forms.ModelForm):
    class Meta:
        model = AccessibilityStatement
        fields = AccessibilityStatement.EDITABLE_FIELDS
        # A French rate is written with a comma (72,5).
        localized_fields = ("audit_rate",)
        widgets = {
            "audit_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "statement_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "audit_environment": forms.Textarea(attrs={"rows": 3}),
            "non_conformities": forms.Textarea(attrs={"rows": 5}),
            "derogations": forms.Textarea(attrs={"rows": 3}),
            "exempt_content": forms.Textarea(attrs={"rows": 3}),
            "contact_address": forms.Textarea(attrs={"rows": 3}),
        }
