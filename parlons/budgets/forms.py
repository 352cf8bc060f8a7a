"""Forms of participatory budgets. The ballot's rules live once, in
`services.validate_ballot`: the ballot form parses what was typed and asks it."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from parlons.budgets.counting import RULES

from .formatting import euros
from .models import Budget, District, Project
from .services import validate_ballot


class BudgetForm(forms.ModelForm):
    districts = forms.CharField(
        label=gettext_lazy("Quartiers et leur budget"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy(
            "Un quartier par ligne : « Nord = 50000 ». Laissez vide pour un seul budget. "
            "Chaque quartier est alors dépouillé à part, avec son montant."
        ),
    )

    class Meta:
        model = Budget
        fields = Budget.EDITABLE_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["districts"] = "\n".join(
                f"{d.name} = {d.amount.normalize():f}" for d in self.instance.districts.all()
            )

    def clean_districts(self) -> list[tuple[str, Decimal]]:
        parsed = []
        for number, line in enumerate(self.cleaned_data["districts"].splitlines(), start=1):
            if not line.strip():
                continue
            name, separator, amount = line.rpartition("=")
            try:
                value = Decimal(amount.strip().replace(" ", "").replace("\u202f", ""))
            except InvalidOperation:
                value = None
            if not separator or not name.strip() or value is None or value <= 0:
                raise ValidationError(
                    _(
                        "Ligne %(line)s : écrivez « nom du quartier = montant en euros », "
                        "par exemple « Nord = 50000 »."
                    )
                    % {"line": number}
                )
            parsed.append((name.strip(), value))
        return parsed


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ("title", "description", "cost", "district", "image", "image_alt")
        widgets = {"description": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, budget: Budget, **kwargs):
        super().__init__(*args, **kwargs)
        districts = District.objects.filter(budget=budget)
        if districts.exists():
            self.fields["district"].queryset = districts
            self.fields["district"].empty_label = _("Tout le territoire")
        else:
            del self.fields["district"]


class ReviewForm(forms.Form):
    feasibility = forms.ChoiceField(
        label=gettext_lazy("Avis de faisabilité"), choices=Project.Feasibility.choices
    )
    cost = forms.DecimalField(
        label=gettext_lazy("Coût estimé par les services (€)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=14,
        decimal_places=2,
    )
    reason = forms.CharField(
        label=gettext_lazy("Motif (public)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Obligatoire quand le projet n'est pas réalisable."),
    )


class CensusForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Liste des résidents (CSV)"),
        help_text=gettext_lazy(
            "En-tête « identifiant;annee_naissance », une personne par ligne. Seule une "
            "empreinte salée de ces deux informations est gardée."
        ),
    )


class ImportForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Fichier pabulib (.pb)"))
    rule = forms.ChoiceField(
        label=gettext_lazy("Règle de décompte"),
        choices=[(r, label) for r, label in Budget.Rule.choices if r in RULES],
    )


@dataclass
class BallotEntry:
    """What a person typed or ticked on the ballot, kept to show it back."""

    choices: dict[int, int] = field(default_factory=dict)
    typed: dict[int, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    total: Decimal = Decimal(0)
    over: bool = False
    identifier: str = ""
    birth_year: str = ""

    @property
    def total_text(self) -> str:
        return euros(self.total)


def read_ballot(budget: Budget, projects: list[Project], data) -> BallotEntry:
    """Parse the ballot's fields (`choice` boxes, `points-<id>`, `rank-<id>`)."""
    entry = BallotEntry(
        identifier=data.get("identifier", "").strip(), birth_year=data.get("birth_year", "").strip()
    )
    known = {p.pk: p for p in projects}
    kind = budget.ballot_kind
    if kind in (Budget.BallotKind.KNAPSACK, Budget.BallotKind.APPROVAL):
        for value in data.getlist("choice"):
            try:
                pk = int(value)
            except ValueError:
                continue
            if pk in known:
                entry.choices[pk] = 1
                entry.typed[pk] = "1"
    else:
        prefix = "points-" if kind == Budget.BallotKind.CUMULATIVE else "rank-"
        for pk, project in known.items():
            raw = data.get(f"{prefix}{pk}", "").strip()
            entry.typed[pk] = raw
            if not raw:
                continue
            try:
                number = int(raw)
            except ValueError:
                entry.errors.append(
                    _("« %(value)s » pour « %(project)s » : écrivez un nombre entier.")
                    % {"value": raw, "project": project}
                )
                continue
            if number < 0:
                entry.errors.append(
                    _("« %(project)s » : un nombre de points ne peut pas être négatif.")
                    % {"project": project}
                )
                continue
            if number:
                entry.choices[pk] = number
    entry.total = sum((known[pk].cost for pk in entry.choices), Decimal(0))
    entry.over = kind == Budget.BallotKind.KNAPSACK and entry.total > budget.total_amount
    return entry


def check_ballot(budget: Budget, projects: list[Project], entry: BallotEntry) -> bool:
    """True when the ballot may be cast; otherwise its errors say why."""
    if entry.errors:
        return False
    try:
        validate_ballot(budget, entry.choices, projects)
    except ValidationError as error:
        entry.errors.extend(error.messages)
        return False
    return True
