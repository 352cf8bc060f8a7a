"""The territory that runs Parlons, its communes, and the audit log."""

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.formats import number_format
from django.utils.text import format_lazy
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext_lazy as _

from parlons.core import colours, french
from parlons.core.validators import LOGO_MAX_BYTES, validate_hex_colour, validate_logo

# A footer link is one line "Label | https://address"; at most this many lines.
FOOTER_LINKS_MAX = 12
FOOTER_LINK_SEPARATOR = "|"


class Territory(models.Model):
    """A commune, an intercommunality, a métropole or a conseil de développement."""

    class Kind(models.TextChoices):
        COMMUNE = "commune", _("Commune")
        INTERCOMMUNALITY = "intercommunalite", _("Intercommunalité")
        METROPOLIS = "metropole", _("Métropole")
        DEVELOPMENT_COUNCIL = "conseil", _("Conseil de développement")

    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=80, unique=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.COMMUNE)
    description = models.TextField(_("présentation"), blank=True)
    contact_email = models.EmailField(_("adresse de contact"), blank=True)
    dpo_email = models.EmailField(_("adresse du délégué à la protection des données"), blank=True)
    public_names = models.TextField(
        _("personnes publiques et organisations"),
        blank=True,
        help_text=_(
            "Une par ligne : élus, services, associations. Leurs noms restent visibles dans les "
            "textes publiés ; les autres noms de personnes sont masqués."
        ),
    )
    # The territory's look: shown in every page's header and footer.
    logo = models.ImageField(
        _("logo"),
        upload_to="territory/",
        blank=True,
        validators=[validate_logo],
        help_text=format_lazy(
            _("Image PNG, JPEG ou WebP de {max} Mo au plus, affichée dans l'en-tête."),
            max=LOGO_MAX_BYTES // (1024 * 1024),
        ),
    )
    logo_alt = models.CharField(
        _("description du logo"),
        max_length=250,
        blank=True,
        help_text=_("Ce que montre le logo, pour les personnes qui ne le voient pas."),
    )
    primary_colour = models.CharField(
        _("couleur des liens et des boutons"),
        max_length=7,
        blank=True,
        validators=[validate_hex_colour],
        help_text=_(
            "Code hexadécimal, par exemple #0b4f8a. Les boutons portent un texte blanc : "
            "la couleur doit être assez foncée. Laissez vide pour la couleur de Parlons."
        ),
    )
    header_colour = models.CharField(
        _("couleur du bandeau d'en-tête"),
        max_length=7,
        blank=True,
        validators=[validate_hex_colour],
        help_text=_(
            "Code hexadécimal. Le nom du territoire et le menu s'y écrivent en blanc. "
            "Laissez vide pour un bandeau gris clair."
        ),
    )
    address = models.TextField(
        _("adresse postale"),
        blank=True,
        help_text=_("Affichée en pied de page, telle qu'écrite ici."),
    )
    footer_links = models.TextField(
        _("liens du pied de page"),
        blank=True,
        help_text=_(
            "Un lien par ligne, le libellé puis une barre verticale puis l'adresse : "
            "« Mentions légales | https://www.exemple.fr/mentions-legales »."
        ),
    )

    # What administrators set on the territory's settings page (update_territory).
    EDITABLE_FIELDS = (
        "name",
        "description",
        "contact_email",
        "dpo_email",
        "public_names",
        "logo",
        "logo_alt",
        "primary_colour",
        "header_colour",
        "address",
        "footer_links",
    )

    class Meta:
        verbose_name = _("territoire")
        verbose_name_plural = _("territoires")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def of_name(self) -> str:
        """The name after « la vie … »: "de la Communauté de communes X", "d'Arles".

        French gets the article the name needs; other languages translate "de %(name)s".
        """
        if (get_language() or "fr").startswith("fr"):
            return french.of_name(self.name, institution=self.kind != self.Kind.COMMUNE)
        return pgettext("complément du nom d'un territoire", "de %(name)s") % {"name": self.name}

    @property
    def public_name_list(self) -> list[str]:
        return [line.strip() for line in self.public_names.splitlines() if line.strip()]

    @property
    def footer_link_list(self) -> list[tuple[str, str]]:
        """(label, address) of each footer link, as validated by `clean`."""
        links = []
        for line in self.footer_links.splitlines():
            label, _separator, url = line.partition(FOOTER_LINK_SEPARATOR)
            if label.strip() and url.strip():
                links.append((label.strip(), url.strip()))
        return links

    @property
    def look_version(self) -> str:
        """Changes with the colours: the stylesheet's address carries it (?v=)."""
        return hashlib.sha256(f"{self.primary_colour}{self.header_colour}".encode()).hexdigest()[
            :10
        ]

    def stylesheet(self) -> str:
        """The CSS custom properties that give pages the territory's colours (parlons.css)."""
        rules = []
        if colours.HEX_COLOUR.match(self.primary_colour):
            rules += [
                f"--accent: {self.primary_colour};",
                # Hover and pressed states: a shade darker, still readable on the light tints.
                f"--accent-dark: {colours.darker(self.primary_colour, 0.25)};",
            ]
        if colours.HEX_COLOUR.match(self.header_colour):
            rules += [
                f"--header-bg: {self.header_colour};",
                "--header-ink: #ffffff;",
                "--header-link: #ffffff;",
            ]
        return ":root {\n" + "".join(f"  {rule}\n" for rule in rules) + "}\n"

    def clean(self) -> None:
        errors: dict[str, list] = {}
        if self.logo and not self.logo_alt.strip():
            errors["logo_alt"] = [_("Décrivez le logo pour les personnes qui ne le voient pas.")]
        # White text on the colour (buttons, the header band), and for the primary
        # colour, links written in it on the light grey areas too (a little darker than
        # white, so the stricter of the two).
        for field, backgrounds in (
            ("primary_colour", (colours.SOFT, colours.WHITE)),
            ("header_colour", (colours.WHITE,)),
        ):
            error = _contrast_error(getattr(self, field), backgrounds)
            if error is not None:
                errors[field] = [error]
        link_errors = _footer_link_errors(self.footer_links)
        if link_errors:
            errors["footer_links"] = link_errors
        if errors:
            raise ValidationError(errors)


def _contrast_error(colour: str, backgrounds: tuple[str, ...]) -> ValidationError | None:
    """Refuses a colour whose contrast with one of `backgrounds` is under WCAG AA."""
    if not colour or not colours.HEX_COLOUR.match(colour):
        return None  # empty (Parlons' own colour) or already refused by the field's validator
    worst = min(backgrounds, key=lambda background: colours.contrast_ratio(colour, background))
    ratio = colours.contrast_ratio(colour, worst)
    if ratio >= colours.AA_RATIO:
        return None
    return ValidationError(
        _(
            "Pas assez de contraste : le texte et cette couleur n'atteignent que %(ratio)s:1 "
            "(il faut au moins %(minimum)s:1, niveau AA des règles d'accessibilité WCAG). "
            "Choisissez une teinte plus foncée, par exemple %(suggestion)s."
        ),
        code="low_contrast",
        params={
            # Rounded down: 4.49 must not read as "4,5" next to a minimum of 4,5.
            "ratio": number_format(int(ratio * 100) / 100, 2),
            "minimum": number_format(colours.AA_RATIO, 1),
            "suggestion": colours.darker_shade_passing(colour, worst),
        },
    )


def _footer_link_errors(text: str) -> list[ValidationError]:
    lines = [(number, line.strip()) for number, line in enumerate(text.splitlines(), 1)]
    lines = [(number, line) for number, line in lines if line]
    if len(lines) > FOOTER_LINKS_MAX:
        return [
            ValidationError(
                _("Au plus %(max)s liens en pied de page."),
                code="too_many_links",
                params={"max": FOOTER_LINKS_MAX},
            )
        ]
    errors = []
    check_url = URLValidator(schemes=["http", "https"])
    for number, line in lines:
        label, separator, url = (part.strip() for part in line.partition(FOOTER_LINK_SEPARATOR))
        try:
            if not separator or not label or not url:
                raise ValidationError("")
            check_url(url)
        except ValidationError:
            errors.append(
                ValidationError(
                    _(
                        "Ligne %(number)s : écrivez le libellé, une barre verticale « | » puis "
                        "une adresse qui commence par https:// ou http://."
                    ),
                    code="bad_link",
                    params={"number": number},
                )
            )
    return errors


class Commune(models.Model):
    """A commune (or district) of the territory: the 'place' a contribution speaks of."""

    territory = models.ForeignKey(Territory, on_delete=models.CASCADE, related_name="communes")
    name = models.CharField(_("nom"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=80)
    insee_code = models.CharField(_("code INSEE"), max_length=5, blank=True)
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "slug"], name="commune_unique_slug"),
        ]

    def __str__(self) -> str:
        return self.name


class AuditEntry(models.Model):
    """One significant write, recorded in the same transaction as the write itself.

    Rows are never deleted; when a person is erased their link is cut
    (actor becomes empty) and personal values in `data` are redacted.
    """

    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("type d'objet"), max_length=80, blank=True)
    target_id = models.CharField(_("identifiant de l'objet"), max_length=64, blank=True)
    data = models.JSONField(_("détails"), default=dict, blank=True)

    class Meta:
        verbose_name = _("entrée du journal")
        verbose_name_plural = _("journal des actions")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"


class WorkerHeartbeat(models.Model):
    """A task worker says it is alive; a task whose worker fell silent is taken up again."""

    worker_id = models.CharField(_("exécuteur"), max_length=64, primary_key=True)
    started_at = models.DateTimeField(_("démarré le"))
    seen_at = models.DateTimeField(_("vu le"), db_index=True)

    class Meta:
        verbose_name = _("exécuteur de tâches")
        verbose_name_plural = _("exécuteurs de tâches")

    def __str__(self) -> str:
        return self.worker_id


class UsedFormToken(models.Model):
    """A form already sent once: its one-time token, and where the first result is.

    The key is a keyed hash of the token and of who sent it (`parlons.core.once`),
    never the token itself. The unique key is what stops a second row: two web
    processes that receive the same form at once cannot both insert it.
    """

    key = models.CharField(_("empreinte du formulaire"), max_length=64, unique=True)
    result_url = models.CharField(_("adresse du résultat"), max_length=500, blank=True)
    used_at = models.DateTimeField(_("envoyé le"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("formulaire déjà envoyé")
        verbose_name_plural = _("formulaires déjà envoyés")

    def __str__(self) -> str:
        return f"{self.used_at:%Y-%m-%d %H:%M} {self.result_url}"


class PeriodicJobState(models.Model):
    """When a periodic job runs next; the row every task worker claims a run on.

    A worker starts a run only by moving `next_run_at` forward with a conditional
    UPDATE (`... WHERE next_run_at = <what it read>`): of two workers that see the
    same due run, one moves it and the other updates nothing (parlons.core.scheduler).
    """

    name = models.CharField(_("tâche"), max_length=80, primary_key=True)
    schedule = models.CharField(_("horaire"), max_length=20)
    next_run_at = models.DateTimeField(_("prochaine exécution"))

    class Meta:
        verbose_name = _("tâche périodique")
        verbose_name_plural = _("tâches périodiques")

    def __str__(self) -> str:
        return self.name


class PeriodicJobRun(models.Model):
    """One run of a periodic job, planned or asked for by an administrator, and its outcome."""

    class Trigger(models.TextChoices):
        SCHEDULE = "schedule", _("planifiée")
        MANUAL = "manual", _("lancée à la main")

    class Status(models.TextChoices):
        QUEUED = "queued", _("en attente")
        RUNNING = "running", _("en cours")
        SUCCESSFUL = "successful", _("réussie")
        FAILED = "failed", _("échouée")

    job = models.CharField(_("tâche"), max_length=80)
    # The planned time this run stands for (empty for a run asked by hand): unique per
    # job, a second guard against starting the same planned run twice.
    slot = models.DateTimeField(_("heure prévue"), null=True, blank=True)
    trigger = models.CharField(_("déclenchement"), max_length=10, choices=Trigger.choices)
    status = models.CharField(
        _("état"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    queued_at = models.DateTimeField(_("mise en file"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("début"), null=True, blank=True)
    finished_at = models.DateTimeField(_("fin"), null=True, blank=True)
    duration = models.DurationField(_("durée"), null=True, blank=True)
    result = models.JSONField(_("résultat"), null=True, blank=True)
    error = models.TextField(_("erreur"), blank=True)

    class Meta:
        verbose_name = _("exécution d'une tâche périodique")
        verbose_name_plural = _("exécutions des tâches périodiques")
        ordering = ["-queued_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["job", "slot"], name="periodic_run_once_per_slot"),
        ]
        indexes = [models.Index(fields=["job", "-queued_at"])]

    def __str__(self) -> str:
        return f"{self.job} {self.queued_at:%Y-%m-%d %H:%M} {self.status}"


class TerritoryOutline(models.Model):
    """The territory's outline (GeoJSON polygons), drawn under every map (parlons.core.maps).

    Imported once by `parlons import_outline FILE.geojson` (the communes' contours
    from the national open data, or any outline in longitude/latitude): kept in
    the database so maps draw on a closed network, with no tile server.
    """

    territory = models.OneToOneField(Territory, on_delete=models.CASCADE, related_name="outline")
    # Rings of [longitude, latitude] pairs: a list of polygons, each a list of rings.
    polygons = models.JSONField(_("contours"), default=list)
    names = models.JSONField(_("noms des zones"), default=list, blank=True)
    min_longitude = models.FloatField(_("longitude la plus à l'ouest"))
    min_latitude = models.FloatField(_("latitude la plus au sud"))
    max_longitude = models.FloatField(_("longitude la plus à l'est"))
    max_latitude = models.FloatField(_("latitude la plus au nord"))
    imported_at = models.DateTimeField(_("importé le"), auto_now=True)

    class Meta:
        verbose_name = _("contour du territoire")
        verbose_name_plural = _("contours du territoire")

    def __str__(self) -> str:
        return f"{self.territory} ({len(self.polygons)})"


class ExternalReference(models.Model):
    """What an object imported from another platform was called there (a Decidim id).

    A second import of the same export finds each object by its reference and
    leaves it alone: nothing is duplicated. `source` names the platform and
    instance (`decidim:participation.example.fr`), `kind` what was imported
    there (`proposal`, `debate`, `comment`, `author`, `process`), `key` its id
    there; the object is `target_model` (an app label and model) number
    `target_id`. No foreign key: the referenced apps stand on higher floors.
    """

    source = models.CharField(_("origine"), max_length=200)
    kind = models.CharField(_("type"), max_length=40)
    key = models.CharField(_("identifiant d'origine"), max_length=100)
    target_model = models.CharField(_("modèle"), max_length=100)
    target_id = models.PositiveBigIntegerField(_("numéro"))
    imported_at = models.DateTimeField(_("importé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("référence externe")
        verbose_name_plural = _("références externes")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "key"], name="external_reference_unique"
            ),
        ]
        indexes = [models.Index(fields=["target_model", "target_id"])]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.key}"
