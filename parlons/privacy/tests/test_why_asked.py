"""Every optional personal field of the public forms says why it is asked, from its declaration."""

import pytest

from parlons.accounts.forms import ProfileForm, SignUpForm
from parlons.core.charter import declarations
from parlons.debates import forms as debates_forms
from parlons.debates.models import Contribution
from parlons.privacy.forms import RightsRequestForm
from parlons.proposals import forms as proposals_forms

pytestmark = pytest.mark.django_db

# Fields a form leaves optional although they are not: the service refuses them empty (so that
# every caller gets the same message), or one of two is needed; consents say what they are for
# in their own label.
NOT_OPTIONAL = {
    "debates.Contribution.body": "required by the service",
    "proposals.Proposal.title": "required by the service",
    "proposals.Proposal.body": "required by the service",
    "privacy.RightsRequest.email": "e-mail or postal address is required, the help says why",
    "privacy.RightsRequest.postal_address": "e-mail or postal address is required",
    "accounts.User.show_real_name": "a consent: its label is the choice itself",
    "debates.Contribution.consent_given": "a consent, explained by the text read out",
    "proposals.Proposal.consent_given": "a consent, explained by the text read out",
}


@pytest.fixture
def public_forms(make_process, citizen):
    process = make_process()
    contribution = Contribution.objects.create(process=process, author=citizen, body="Une idée.")
    return [
        ("accounts.User", SignUpForm()),
        ("accounts.User", ProfileForm(instance=citizen)),
        ("privacy.RightsRequest", RightsRequestForm()),
        ("debates.Contribution", debates_forms.ContributionForm(process=process)),
        ("debates.Contribution", debates_forms.EditForm(contribution=contribution)),
        ("debates.Contribution", debates_forms.OnBehalfForm(process=process)),
        ("proposals.Proposal", proposals_forms.ProposalForm(process=process)),
        ("proposals.Proposal", proposals_forms.OnBehalfForm(process=process)),
    ]


def test_every_optional_personal_field_says_why_it_is_asked(public_forms):
    declared = {item.key: item for item in declarations()}
    unexplained, checked = [], 0
    for model, form in public_forms:
        for name, field in form.fields.items():
            key = f"{model}.{name}"
            if field.required or key not in declared or key in NOT_OPTIONAL:
                continue
            checked += 1
            help_text = str(field.help_text)
            if getattr(field, "why_asked", None) != key or str(declared[key].purpose) not in (
                help_text
            ):
                unexplained.append(f"{type(form).__module__}.{type(form).__name__}.{name}")
    assert unexplained == []
    assert checked >= 10


def test_the_reason_is_the_declared_purpose_in_the_page_language(citizen):
    from django.utils import translation

    field = ProfileForm(instance=citizen).fields["real_name"]
    assert str(field.help_text) == (
        "Facultatif. Nous le demandons pour afficher son nom réel si la personne le choisit."
    )
    with translation.override("en"):
        assert str(field.help_text).startswith("Optional. We ask for it to ")


def test_an_undeclared_field_cannot_be_explained():
    from django import forms

    from parlons.core.why_asked import explain

    field = forms.CharField(required=False)
    explain(field, "accounts.User", "shoe_size")
    with pytest.raises(LookupError, match="not declared"):
        str(field.help_text)
