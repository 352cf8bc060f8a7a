"""People: accounts with a public pseudonym, and their roles per territory."""

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("An e-mail address is required")
        fields.setdefault("pseudonym", email.split("@")[0][:40])
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person with an account. Shown in public by pseudonym only, unless they choose."""

    email = models.EmailField(_("adresse électronique"), unique=True)
    pseudonym = models.CharField(
        _("pseudonyme"),
        max_length=40,
        unique=True,
        help_text=_("Le nom affiché publiquement à côté de vos contributions."),
    )
    real_name = models.CharField(_("nom réel"), max_length=150, blank=True)
    show_real_name = models.BooleanField(
        _("afficher mon nom réel"),
        default=False,
        help_text=_("Sinon, seul votre pseudonyme est visible."),
    )
    official_title = models.CharField(
        _("fonction officielle"),
        max_length=150,
        blank=True,
        help_text=_(
            "Pour les élus et experts : signée avec leurs réponses (par ex. « Adjointe aux mobilités »)."
        ),
    )
    is_staff = models.BooleanField(_("accès à l'administration technique"), default=False)
    is_active = models.BooleanField(_("actif"), default=True)
    date_joined = models.DateTimeField(_("inscription"), default=timezone.now)
    erased_at = models.DateTimeField(_("effacé le"), null=True, blank=True)
    # Empty until a person who signed up opens the link sent to their address; every other
    # way in (setup, createsuperuser, identity provider, demo) vouches for the address.
    email_confirmed_at = models.DateTimeField(
        _("adresse confirmée le"), null=True, blank=True, default=timezone.now
    )

    # Notification choices: each e-mail carries a one-click opt-out link.
    notify_replies = models.BooleanField(
        _("me prévenir des réponses à mes contributions"), default=True
    )
    notify_answers = models.BooleanField(_("me prévenir des réponses officielles"), default=True)
    notify_meetings = models.BooleanField(
        _("me rappeler les réunions où je suis inscrit·e"), default=True
    )
    daily_digest = models.BooleanField(
        _("un récapitulatif par jour au lieu d'un courriel à chaque fois"), default=False
    )

    objects = UserManager()

    # What a person changes on their profile page (update_profile).
    PROFILE_FIELDS = (
        "pseudonym",
        "real_name",
        "show_real_name",
        "official_title",
        "notify_replies",
        "notify_answers",
        "notify_meetings",
        "daily_digest",
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["pseudonym"]

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")

    def __str__(self) -> str:
        return self.public_name

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def public_name(self) -> str:
        """What others see: the pseudonym, or the real name if the person chose so."""
        if self.erased_at:
            return str(_("compte supprimé"))
        if self.show_real_name and self.real_name:
            return self.real_name
        return self.pseudonym


class Role(models.TextChoices):
    CITIZEN = "citizen", _("Citoyen·ne")
    MEDIATOR = "mediator", _("Médiateur·rice")
    MODERATOR = "moderator", _("Modérateur·rice")
    EXPERT = "expert", _("Expert·e ou élu·e")
    ORGANISER = "organiser", _("Organisateur·rice")
    DPO = "dpo", _("Délégué·e à la protection des données")
    ADMINISTRATOR = "administrator", _("Administrateur·rice")


class RoleAssignment(models.Model):
    """A role that a person holds in a territory. Every signed-in person is a citizen."""

    user = models.ForeignKey(
        User, verbose_name=_("personne"), on_delete=models.CASCADE, related_name="role_assignments"
    )
    territory = models.ForeignKey(
        "core.Territory", on_delete=models.CASCADE, related_name="role_assignments"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=Role.choices)
    granted_at = models.DateTimeField(_("attribué le"), auto_now_add=True)

    class Meta:
        verbose_name = _("rôle")
        verbose_name_plural = _("rôles")
        constraints = [
            models.UniqueConstraint(fields=["user", "territory", "role"], name="role_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} ({self.territory})"


class PendingNotification(models.Model):
    """A notification kept for the person's daily digest (they chose one e-mail a day)."""

    user = models.ForeignKey(
        User,
        verbose_name=_("destinataire"),
        on_delete=models.CASCADE,
        related_name="pending_notifications",
    )
    kind = models.CharField(_("type"), max_length=20)
    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(_("texte"))
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification en attente")
        verbose_name_plural = _("notifications en attente")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["sent_at", "user"])]

    def __str__(self) -> str:
        return self.subject


class OutgoingEmail(models.Model):
    """An e-mail waiting to leave, or sent: the task queue sends each row once.

    A worker claims the row for its attempt before sending and marks it sent
    afterwards. If the worker dies, the task is taken up again by another
    worker (parlons.core.worker), which sees the row unsent and sends it; a
    row already sent is never sent again.
    """

    to = models.EmailField(_("destinataire"))
    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(_("texte"))
    headers = models.JSONField(_("en-têtes"), default=dict, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    claimed_attempt = models.PositiveIntegerField(_("tentative en cours"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("courriel")
        verbose_name_plural = _("courriels")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["sent_at"], name="outgoing_email_sent")]

    def __str__(self) -> str:
        return self.subject
