from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parlons.core.models import Commune, Territory
from parlons.initiatives.models import Category, Initiative
from parlons.initiatives.queries import categories_of


class FilterForm(forms.Form):
    """The library's search and filters: a GET form, so a filtered list has its own address."""

    q = forms.CharField(label=_("Rechercher"), required=False, max_length=200)
    categorie = forms.ModelChoiceField(
        label=_("Catégorie"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("Toutes"),
        to_field_name="slug",
    )
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=Commune.objects.none(),
        required=False,
        empty_label=_("Toutes"),
        to_field_name="slug",
    )
    etat = forms.ChoiceField(
        label=_("État d'avancement"),
        choices=[("", _("Tous"))] + list(Initiative.Status.choices),
        required=False,
    )

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categorie"].queryset = categories_of(territory)  # type: ignore[attr-defined]
        self.fields["commune"].queryset = territory.communes.order_by("name")  # type: ignore[attr-defined]


class InitiativeForm(forms.ModelForm):
    categories = forms.ModelMultipleChoiceField(
        label=_("Catégories"),
        queryset=Category.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    contact_consent = forms.BooleanField(
        label=_("La personne à contacter a accepté que son nom soit publié."),
        required=False,
    )

    class Meta:
        model = Initiative
        fields = [
            "title",
            "summary",
            "description",
            "organisation",
            "organisation_kind",
            "categories",
            "commune",
            "status",
            "contact_email",
            "contact_phone",
            "contact_name",
            "contact_consent",
            "links",
            "latitude",
            "longitude",
            "started_on",
            "ended_on",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "links": forms.Textarea(attrs={"rows": 3}),
            "started_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ended_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, territory: Territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = categories_of(territory)  # type: ignore[attr-defined]
        self.fields["commune"].queryset = territory.communes.order_by("name")  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["contact_consent"].initial = self.instance.contact_consent_at is not None

    def _post_clean(self):
        # The consent is set by the service; the model's own rule runs there.
        consent = self.cleaned_data.get("contact_consent")
        if consent and self.instance.contact_consent_at is None:
            self.instance.contact_consent_at = timezone.now()
        super()._post_clean()


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = ["name", "position"]


# The fields an inventory's question may fill, in the order of the form.
MAPPABLE_FIELDS = (
    ("title", _("Nom de l'initiative")),
    ("summary", _("Résumé")),
    ("description", _("Présentation détaillée")),
    ("organisation", _("Structure porteuse")),
    ("organisation_kind", _("Type de structure")),
    ("categories", _("Catégories")),
    ("commune", _("Commune")),
    ("status", _("État d'avancement")),
    ("contact_email", _("Adresse de contact de la structure")),
    ("contact_phone", _("Téléphone de la structure")),
    ("links", _("Liens")),
)


class MappingForm(forms.Form):
    """Which question of the questionnaire fills which field of an initiative."""

    category = forms.ModelChoiceField(
        label=_("Catégorie donnée à toutes les initiatives de cet inventaire"),
        queryset=Category.objects.none(),
        required=False,
        empty_label=_("Aucune"),
    )

    def __init__(self, *args, questions, territory: Territory, mapping=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", _("— aucune question —"))] + [(q.key, q.label) for q in questions]
        saved = mapping.fields if mapping is not None else {}
        for name, label in MAPPABLE_FIELDS:
            self.fields[f"field_{name}"] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=name == "title",
                initial=saved.get(name, ""),
            )
        self.fields["category"].queryset = categories_of(territory)  # type: ignore[attr-defined]
        if mapping is not None:
            self.fields["category"].initial = mapping.category_id
        self.order_fields([f"field_{name}" for name, _label in MAPPABLE_FIELDS] + ["category"])

    def mapped_fields(self) -> dict[str, str]:
        return {
            name: self.cleaned_data[f"field_{name}"]
            for name, _label in MAPPABLE_FIELDS
            if self.cleaned_data.get(f"field_{name}")
        }


PLACES_FILE_MAX_BYTES = 20 * 1024 * 1024


class PlacesImportForm(forms.Form):
    """A file of the national standard, with the command's two choices (parlons import_places)."""

    file = forms.FileField(
        label=_("Fichier CSV au standard des lieux de médiation numérique"),
        help_text=_("UTF-8, une ligne par lieu, l'en-tête du standard en première ligne."),
    )
    valid_rows_only = forms.BooleanField(
        label=_(
            "Importer seulement les lignes valides (les autres sont signalées et laissées de côté)"
        ),
        required=False,
    )
    draft = forms.BooleanField(
        label=_("Créer les nouveaux lieux en brouillon, pour les relire avant de les publier"),
        required=False,
    )

    def clean_file(self):
        file = self.cleaned_data["file"]
        if file.size > PLACES_FILE_MAX_BYTES:
            raise forms.ValidationError(
                _("Le fichier dépasse %(max)s Mo : découpez-le en plusieurs fichiers.")
                % {"max": PLACES_FILE_MAX_BYTES // (1024 * 1024)}
            )
        return file
