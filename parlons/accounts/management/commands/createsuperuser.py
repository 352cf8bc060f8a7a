"""`parlons createsuperuser`: an administrator account, made at the console.

Replaces Django's command of the same name (this app comes first in
INSTALLED_APPS): Django's checks no password rule without a terminal, makes
an account without a password when none is given, and tells people to run
`manage.py`, which a Parlons installation does not have. When the territory
exists, the account receives every staff role in it at once.
"""

import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from parlons.accounts import services
from parlons.accounts.management.commands.setup import email_problem, pseudonym_problem
from parlons.accounts.management.questions import STEALTH_OPTIONS, Console, validation_lines
from parlons.accounts.models import Role, User
from parlons.settings import env_str


def from_environment(name: str, django_name: str) -> str:
    """PARLONS_<name> (or the file PARLONS_<name>_FILE names), else Django's own variable."""
    return env_str(name) or os.environ.get(django_name) or ""


class Command(BaseCommand):
    help = (
        "Crée un compte administrateur. Quand le territoire existe (parlons setup), le compte "
        "reçoit tous les rôles de l'équipe. Pose les questions une à une ; pour un script : "
        "--no-input, avec PARLONS_ADMIN_EMAIL et PARLONS_ADMIN_PASSWORD (ou les variables "
        "DJANGO_SUPERUSER_EMAIL et DJANGO_SUPERUSER_PASSWORD)."
    )
    stealth_options = STEALTH_OPTIONS

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-input",
            "--noinput",
            dest="interactive",
            action="store_false",
            help="ne poser aucune question (adresse et mot de passe lus dans l'environnement)",
        )
        parser.add_argument(
            "--email", metavar="COURRIEL", help="adresse du compte (ou PARLONS_ADMIN_EMAIL)"
        )
        parser.add_argument(
            "--pseudonym",
            metavar="PSEUDONYME",
            help="pseudonyme affiché (ou PARLONS_ADMIN_PSEUDONYM ; "
            f"{services.DEFAULT_ADMINISTRATOR_PSEUDONYM} par défaut)",
        )

    def handle(self, *args, **options):
        email = (
            options["email"] or from_environment("ADMIN_EMAIL", "DJANGO_SUPERUSER_EMAIL")
        ).strip()
        pseudonym = (
            options["pseudonym"]
            or from_environment("ADMIN_PSEUDONYM", "DJANGO_SUPERUSER_PSEUDONYM")
        ).strip()
        password = from_environment("ADMIN_PASSWORD", "DJANGO_SUPERUSER_PASSWORD")
        if options["interactive"]:
            console = Console(
                self,
                options,
                "createsuperuser",
                usage="PARLONS_ADMIN_EMAIL=… PARLONS_ADMIN_PASSWORD=… parlons createsuperuser "
                "--no-input",
            )
            email = email or console.ask("Adresse électronique", check=self._new_email_problem)
            pseudonym = pseudonym or console.ask(
                "Pseudonyme affiché",
                default=self._free_default_pseudonym(),
                check=pseudonym_problem,
            )
            password = password or console.new_password(
                User(email=email.lower(), pseudonym=pseudonym)
            )
        else:
            missing = []
            if not email:
                missing.append("l'adresse : --email ou PARLONS_ADMIN_EMAIL")
            if not password:
                missing.append("le mot de passe : PARLONS_ADMIN_PASSWORD")
            if missing:
                raise CommandError("Avec --no-input, il faut " + " ; ".join(missing) + ".")
            pseudonym = pseudonym or self._free_default_pseudonym()
        try:
            user, granted = services.create_administrator(
                email=email, pseudonym=pseudonym, password=password
            )
        except ValidationError as error:
            for line in validation_lines(error):
                self.stderr.write(line)
            raise CommandError("Aucun compte n'a été créé.") from None
        self.stdout.write(self.style.SUCCESS(f"Compte administrateur {user.email} créé."))
        if granted:
            self.stdout.write(
                "Rôles de l'équipe : " + ", ".join(str(Role(role).label) for role in granted) + "."
            )
        else:
            self.stdout.write(
                "Aucun territoire pour l'instant : lancez « parlons setup » avec cette adresse "
                "pour le créer ; ce compte y recevra tous les rôles de l'équipe."
            )

    @staticmethod
    def _new_email_problem(value: str) -> str | None:
        if problem := email_problem(value):
            return problem
        if User.objects.filter(email=value.strip().lower()).exists():
            return "Un compte a déjà cette adresse."
        return None

    @staticmethod
    def _free_default_pseudonym() -> str:
        """ "Administration", or "Administration 2"... when it is taken."""
        base = services.DEFAULT_ADMINISTRATOR_PSEUDONYM
        pseudonym, number = base, 2
        while User.objects.filter(pseudonym__iexact=pseudonym).exists():
            pseudonym, number = f"{base} {number}", number + 1
        return pseudonym
