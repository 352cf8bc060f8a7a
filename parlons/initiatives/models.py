"""The library of local initiatives: who carries them, where, how far along, and the
places of digital mediation described in the national standard."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

TITLE_MAX_LENGTH = 200
SUMMARY_MAX_LENGTH = 500
LINKS_MAX = 10


class Category(models.Model):
    """A kind of initiative (intelligence artificielle, médiation numérique…): staff keep the list."""

    territory = models.ForeignKey(
        "core.Territory", on_delete=models.CASCADE, related_name="initiative_categories"
    )
    name = models.CharField(_("nom"), max_length=100)
    slug = models.SlugField(_("identifiant"), max_length=100)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    EDITABLE_FIELDS = ("name", "position")

    class Meta:
        verbose_name = _("catégorie d'initiatives")
        verbose_name_plural = _("catégories d'initiatives")
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "slug"], name="category_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class Initiative(models.Model):
    class Status(models.TextChoices):
        IDEA = "idee", _("idée")
        EXPERIMENT = "experimentation", _("expérimentation")
        IN_SERVICE = "en_service", _("en service")
        STOPPED = "arretee", _("arrêtée")

    class OrganisationKind(models.TextChoices):
        PUBLIC = "collectivite", _("collectivité ou service public")
        ASSOCIATION = "association", _("association")
        COMPANY = "entreprise", _("entreprise")

    class Source(models.TextChoices):
        DIRECT = "direct", _("saisie par l'équipe")
        INVENTORY = "inventory", _("réponse à un questionnaire d'inventaire")
        PLACES_FILE = "places_file", _("fichier des lieux de médiation numérique")

    territory = models.ForeignKey(
        "core.Territory", on_delete=models.CASCADE, related_name="initiatives"
    )
    title = models.CharField(_("nom de l'initiative"), max_length=TITLE_MAX_LENGTH)
    summary = models.CharField(
        _("résumé"),
        max_length=SUMMARY_MAX_LENGTH,
        help_text=_("Deux ou trois phrases : ce que fait l'initiative, pour qui."),
    )
    description = models.TextField(_("présentation détaillée"), blank=True)
    organisation = models.CharField(_("structure porteuse"), max_length=200)
    organisation_kind = models.CharField(
        _("type de structure"),
        max_length=20,
        choices=OrganisationKind.choices,
        default=OrganisationKind.PUBLIC,
    )
    categories = models.ManyToManyField(
        Category, verbose_name=_("catégories"), related_name="initiatives", blank=True
    )
    commune = models.ForeignKey(
        "core.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="initiatives",
    )
    status = models.CharField(
        _("état d'avancement"), max_length=20, choices=Status.choices, default=Status.IDEA
    )
    contact_email = models.EmailField(
        _("adresse de contact de la structure"),
        blank=True,
        help_text=_("Une adresse de la structure (contact@…), publiée."),
    )
    contact_phone = models.CharField(_("téléphone de la structure"), max_length=30, blank=True)
    contact_name = models.CharField(
        _("personne à contacter"),
        max_length=150,
        blank=True,
        help_text=_("Publié seulement si la personne l'a accepté."),
    )
    contact_consent_at = models.DateTimeField(
        _("accord de la personne à contacter"), null=True, blank=True
    )
    links = models.TextField(
        _("liens"), blank=True, help_text=_("Une adresse par ligne (site, documentation…).")
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    started_on = models.DateField(_("date de début"), null=True, blank=True)
    ended_on = models.DateField(_("date de fin"), null=True, blank=True)
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True, db_index=True)
    source = models.CharField(
        _("origine"), max_length=20, choices=Source.choices, default=Source.DIRECT
    )
    # Where a draft came from ("questionnaires.response:12"): a second run creates no twin.
    source_key = models.CharField(
        _("réponse d'origine"), max_length=100, blank=True, editable=False
    )
    # Lower case, without accents, single spaces: what the search reads (kept by the services).
    search_text = models.TextField(_("texte de recherche"), blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("saisie par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    EDITABLE_FIELDS = (
        "title",
        "summary",
        "description",
        "organisation",
        "organisation_kind",
        "commune",
        "status",
        "contact_email",
        "contact_phone",
        "contact_name",
        "links",
        "latitude",
        "longitude",
        "started_on",
        "ended_on",
    )

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["title", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "source_key"],
                condition=~Q(source_key=""),
                name="initiative_unique_source",
            ),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__isnull=False) & Q(longitude__isnull=False)),
                name="initiative_both_coordinates",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", kwargs={"initiative_id": self.pk})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = [_("Donnez la latitude et la longitude, ou aucune des deux.")]
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = [_("Une latitude est comprise entre -90 et 90.")]
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = [_("Une longitude est comprise entre -180 et 180.")]
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            errors["ended_on"] = [_("La date de fin vient avant la date de début.")]
        if self.contact_name.strip() and self.contact_consent_at is None:
            errors["contact_name"] = [
                _(
                    "Le nom d'une personne n'est publié qu'avec son accord : cochez la case "
                    "qui le confirme, ou laissez ce champ vide."
                )
            ]
        links = self.link_list
        if len(links) > LINKS_MAX:
            errors["links"] = [_("Au plus %(max)s liens.") % {"max": LINKS_MAX}]
        else:
            check = URLValidator(schemes=["http", "https"])
            for number, link in enumerate(links, 1):
                try:
                    check(link)
                except ValidationError:
                    errors.setdefault("links", []).append(
                        _("Ligne %(number)s : une adresse commence par https:// ou http://.")
                        % {"number": number}
                    )
        if errors:
            raise ValidationError(errors)


class MediationPlace(models.Model):
    """An initiative that is a place of digital mediation, with the national standard's columns.

    The columns the library shows (nom, commune, coordonnées, présentation, site
    web, courriel) live on the initiative; the other columns of the standard
    (pivot, adresse, horaires, services…) are kept here as written in the file,
    so an export gives them back and a re-import updates them.
    """

    initiative = models.OneToOneField(Initiative, on_delete=models.CASCADE, related_name="place")
    standard_id = models.CharField(_("identifiant du lieu (standard)"), max_length=100)
    columns = models.JSONField(_("autres colonnes du standard"), default=dict, blank=True)
    imported_at = models.DateTimeField(_("importé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("lieu de médiation numérique")
        verbose_name_plural = _("lieux de médiation numérique")
        constraints = [
            models.UniqueConstraint(fields=["standard_id"], name="place_unique_standard_id"),
        ]

    def __str__(self) -> str:
        return self.standard_id


class InventoryMapping(models.Model):
    """A questionnaire used as an inventory: which question fills which field of an initiative."""

    territory = models.ForeignKey(
        "core.Territory", on_delete=models.CASCADE, related_name="initiative_inventories"
    )
    source = models.CharField(_("questionnaire"), max_length=100)
    source_label = models.CharField(_("nom du questionnaire"), max_length=300)
    fields = models.JSONField(_("correspondance des questions"), default=dict, blank=True)
    category = models.ForeignKey(
        Category,
        verbose_name=_("catégorie donnée aux initiatives"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire d'inventaire")
        verbose_name_plural = _("questionnaires d'inventaire")
        constraints = [
            models.UniqueConstraint(fields=["territory", "source"], name="inventory_unique_source"),
        ]

    def __str__(self) -> str:
        return self.source_label
