"""Public meetings: the places they happen at, the meetings, and who registered."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parlons.core.fields import MinuteDateTimeField
from parlons.core.validators import truncate_to_minute
from parlons.processes.models import Occasion


class Place(models.Model):
    """A public venue of the territory where meetings happen (never a person's home)."""

    class Kind(models.TextChoices):
        CAFE = "cafe", _("café")
        LIBRARY = "library", _("médiathèque")
        SOCIAL_CENTRE = "social_centre", _("centre social")
        TOWN_HALL = "town_hall", _("mairie")
        VILLAGE_HALL = "village_hall", _("salle des fêtes")
        FERRY_TERMINAL = "ferry_terminal", _("gare maritime")
        SCHOOL = "school", _("école")
        OTHER = "other", _("autre lieu")

    # A territory that goes takes its venues with it; its démarches (PROTECT) go first.
    territory = models.ForeignKey(
        "core.Territory", on_delete=models.CASCADE, related_name="meeting_places"
    )
    name = models.CharField(_("nom du lieu"), max_length=150)
    kind = models.CharField(_("type de lieu"), max_length=20, choices=Kind.choices)
    address = models.CharField(
        _("adresse"),
        max_length=250,
        help_text=_("Numéro et rue, par exemple « 2 place du Marché »."),
    )
    postcode = models.CharField(_("code postal"), max_length=5, blank=True)
    commune = models.ForeignKey(
        "core.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_places",
    )
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    accessibility = models.TextField(
        _("accessibilité"),
        blank=True,
        help_text=_(
            "Accès de plain-pied ou non, boucle magnétique, toilettes adaptées, "
            "places de stationnement réservées…"
        ),
    )
    transport = models.CharField(
        _("comment venir"),
        max_length=300,
        blank=True,
        help_text=_("Ligne de car ou de bus, arrêt, bateau, parking à vélos…"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("lieu de réunion")
        verbose_name_plural = _("lieux de réunion")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["territory", "name"], name="place_unique_name"),
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (
                    Q(latitude__gte=-90)
                    & Q(latitude__lte=90)
                    & Q(longitude__gte=-180)
                    & Q(longitude__lte=180)
                ),
                name="place_coordinates_together_and_valid",
            ),
        ]

    # What organisers set on a place (the place form, create_place and update_place).
    EDITABLE_FIELDS = (
        "name",
        "kind",
        "address",
        "postcode",
        "commune",
        "latitude",
        "longitude",
        "accessibility",
        "transport",
    )

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.commune_id and self.commune.territory_id != self.territory_id:
            errors["commune"] = _("Choisissez une commune du territoire.")
        if self.postcode and not (len(self.postcode) == 5 and self.postcode.isdigit()):
            errors["postcode"] = _("Un code postal a cinq chiffres, par exemple 56100.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude" if self.longitude is None else "latitude"] = _(
                "Donnez la latitude et la longitude ensemble, ou aucune des deux."
            )
        if self.latitude is not None and not -90 <= self.latitude <= 90:
            errors["latitude"] = _("La latitude est comprise entre -90 et 90.")
        if self.longitude is not None and not -180 <= self.longitude <= 180:
            errors["longitude"] = _("La longitude est comprise entre -180 et 180.")
        if self.name and self.territory_id:
            duplicate = Place.objects.filter(territory_id=self.territory_id, name=self.name)
            if duplicate.exclude(pk=self.pk).exists():
                errors["name"] = _("Un lieu porte déjà ce nom : choisissez-en un autre.")
        if errors:
            raise ValidationError(errors)

    @property
    def full_address(self) -> str:
        """The address on one line, as a postal service or a GPS would read it."""
        town = " ".join(
            part for part in (self.postcode, self.commune.name if self.commune else "") if part
        )
        return ", ".join(part for part in (self.address, town) if part)

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Meeting(models.Model):
    process = models.ForeignKey(
        "processes.Process",
        verbose_name=_("démarche"),
        on_delete=models.CASCADE,
        related_name="meetings",
    )
    place = models.ForeignKey(
        Place, verbose_name=_("lieu"), on_delete=models.PROTECT, related_name="meetings"
    )
    # The démarche's record of this moment: what other apps collected at the
    # meeting (contributions) points to it. Kept in step by the services.
    # blank: save() creates it, so validation before the first save lets it be empty.
    occasion = models.OneToOneField(
        "processes.Occasion",
        on_delete=models.RESTRICT,
        related_name="meeting",
        blank=True,
        editable=False,
    )
    title = models.CharField(_("titre"), max_length=200)
    description = models.TextField(
        _("présentation"), blank=True, help_text=_("Mise en forme Markdown.")
    )
    starts_at = MinuteDateTimeField(_("début"), db_index=True)
    ends_at = MinuteDateTimeField(_("fin"))
    capacity = models.PositiveIntegerField(
        _("nombre de places"),
        null=True,
        blank=True,
        help_text=_("Laissez vide si le nombre de places n'est pas limité."),
    )
    registration_required = models.BooleanField(
        _("inscription demandée"),
        default=True,
        help_text=_("Sinon, l'entrée est libre et personne ne s'inscrit."),
    )
    cancelled = models.BooleanField(_("annulée"), default=False)
    cancellation_reason = models.CharField(_("motif de l'annulation"), max_length=300, blank=True)
    minutes = models.TextField(
        _("compte rendu"), blank=True, help_text=_("Mise en forme Markdown.")
    )
    # The minutes as published: names of private persons masked when they are saved.
    public_minutes = models.TextField(_("compte rendu publié"), blank=True)
    minutes_published_at = models.DateTimeField(_("compte rendu publié le"), null=True, blank=True)
    # Bumped on every change that calendar applications must pick up (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(_("version"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("réunion publique")
        verbose_name_plural = _("réunions publiques")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="meeting_capacity_positive",
            ),
            models.CheckConstraint(
                condition=Q(cancelled=False) | ~Q(cancellation_reason=""),
                name="meeting_cancellation_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(minutes_published_at__isnull=True) | ~Q(minutes=""),
                name="meeting_published_minutes_not_empty",
            ),
        ]

    # What organisers set on a meeting (the meeting form, create_meeting and update_meeting).
    EDITABLE_FIELDS = (
        "title",
        "place",
        "starts_at",
        "ends_at",
        "description",
        "registration_required",
        "capacity",
    )

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        """Keep the démarche's occasion in step: same title and start as the meeting."""
        update_fields = kwargs.get("update_fields")
        self.starts_at = truncate_to_minute(self.starts_at)
        if self.occasion_id is None:
            self.occasion = Occasion.objects.create(
                process_id=self.process_id, title=self.title, starts_at=self.starts_at
            )
        elif update_fields is None or {"title", "starts_at"} & set(update_fields):
            Occasion.objects.filter(pk=self.occasion_id).update(
                title=self.title, starts_at=self.starts_at
            )
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("meetings:detail", kwargs={"slug": self.process.slug, "meeting_id": self.pk})

    def clean(self) -> None:
        errors = {}
        same_territory = (
            not self.place_id
            or not self.process_id
            or self.place.territory_id == self.process.territory_id
        )
        if not same_territory:
            errors["place"] = _("Choisissez un lieu du territoire de la démarche.")
        # Checked as saved: to the minute (MinuteDateTimeField).
        self.starts_at = truncate_to_minute(self.starts_at)
        self.ends_at = truncate_to_minute(self.ends_at)
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("La fin doit être après le début.")
        if self.capacity is not None and self.capacity < 1:
            errors["capacity"] = _(
                "Indiquez au moins une place, ou laissez vide si c'est illimité."
            )
        if errors:
            raise ValidationError(errors)

    def has_started(self, at=None) -> bool:
        return self.starts_at <= (at or timezone.now())

    @property
    def minutes_published(self) -> bool:
        return self.minutes_published_at is not None

    @property
    def confirmed_seats(self) -> int:
        """Seats taken; read from the `confirmed_count` annotation when the query made one."""
        if hasattr(self, "confirmed_count"):
            return self.confirmed_count
        return self.registrations.filter(status=Registration.Status.CONFIRMED).count()

    @property
    def seats_left(self) -> int | None:
        """None when the number of seats is not limited."""
        if self.capacity is None:
            return None
        return max(self.capacity - self.confirmed_seats, 0)

    @property
    def is_full(self) -> bool:
        return self.capacity is not None and self.seats_left == 0


class Registration(models.Model):
    """One person's seat (or place on the waiting list) at one meeting."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("inscription confirmée")
        WAITING = "waiting", _("sur liste d'attente")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("personne inscrite"),
        on_delete=models.CASCADE,
        related_name="meeting_registrations",
    )
    status = models.CharField(_("état"), max_length=10, choices=Status.choices)
    # The waiting list is served in this order: first registered, first promoted.
    created_at = models.DateTimeField(_("inscrit·e le"), default=timezone.now)
    reminded_at = models.DateTimeField(_("rappel envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "user"], name="registration_one_per_person"),
        ]
        indexes = [
            models.Index(fields=["meeting", "status", "created_at"], name="registration_queue"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.meeting} ({self.get_status_display()})"
