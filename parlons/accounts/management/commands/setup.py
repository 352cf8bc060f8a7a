"""`parlons setup`: the territory, its communes and the first administrator, on a new database.

Run again, it changes nothing that exists (see `services.set_up_territory`):
it says what is there, adds communes that are not there yet, and refuses,
listing them, any value that differs from what is saved.
"""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.utils.text import slugify

from parlons.accounts import services
from parlons.accounts.management.questions import STEALTH_OPTIONS, Console, validation_lines
from parlons.accounts.models import Role, User
from parlons.core.communes import (
    CommuneListRejected,
    CommuneRow,
    RowError,
    check_communes,
    insee_code_problem,
    name_problem,
    read_communes,
)
from parlons.core.models import Territory
from parlons.core.public_url import public_url
from parlons.core.queries import current_territory
from parlons.settings import env_str


def kinds() -> list[tuple[str, str]]:
    return [(value, str(label)) for value, label in Territory.Kind.choices]


def email_problem(value: str) -> str | None:
    try:
        validate_email(value)
    except ValidationError:
        return f"« {value} » n'est pas une adresse électronique (prenom.nom@mairie.fr)."
    return None


def pseudonym_problem(value: str) -> str | None:
    if len(value) > User._meta.get_field("pseudonym").max_length:
        return "40 caractères au plus."
    if User.objects.filter(pseudonym__iexact=value).exists():
        return "Ce pseudonyme est déjà pris : choisissez-en un autre."
    return None


def parse_commune_option(value: str) -> tuple[CommuneRow | None, str | None]:
    """`--commune "Plouzané:29212"` (or just a name) as a row, or the reason it is refused."""
    name, _colon, code = value.partition(":")
    name, code = name.strip(), code.strip().upper()
    problem = name_problem(name) or (insee_code_problem(code) if code else None)
    if problem:
        return None, f"--commune « {value} » : {problem}"
    return CommuneRow(line=0, name=name, insee_code=code), None


def read_communes_file(path: str) -> tuple[list[CommuneRow], int]:
    try:
        content = Path(path).expanduser().read_bytes()
    except OSError as error:
        raise CommuneListRejected(
            [RowError(0, "—", f"impossible de lire {path} : {error.strerror}.")]
        ) from None
    return read_communes(content)


def error_lines(rejected: CommuneListRejected) -> list[str]:
    return [
        f"ligne {error.line}, colonne {error.column} : {error.reason}"
        if error.line
        else error.reason
        for error in rejected.errors
    ]


class Command(BaseCommand):
    help = (
        "Met en route une nouvelle installation : crée le territoire (nom, type, communes, "
        "adresses de contact et du délégué à la protection des données) et le premier compte "
        "administrateur, avec tous les rôles de l'équipe. Pose les questions une à une ; pour un "
        "script : --no-input --territory NOM --admin-email COURRIEL, mot de passe dans "
        "PARLONS_ADMIN_PASSWORD. Relancée, elle ne change rien de ce qui existe : elle ajoute "
        "seulement les communes qui manquent, et refuse (code 1) toute valeur différente de "
        "celles enregistrées."
    )
    stealth_options = STEALTH_OPTIONS

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-input",
            "--noinput",
            dest="interactive",
            action="store_false",
            help="ne poser aucune question (le mot de passe vient de PARLONS_ADMIN_PASSWORD)",
        )
        parser.add_argument("--territory", metavar="NOM", help="nom du territoire")
        parser.add_argument(
            "--kind",
            choices=Territory.Kind.values,
            help="type de territoire (commune par défaut)",
        )
        parser.add_argument(
            "--communes",
            metavar="FICHIER.csv",
            help="liste des communes : colonnes nom et code_insee, code_postal si besoin "
            "(ou le fichier des communes du Code officiel géographique de l'INSEE)",
        )
        parser.add_argument(
            "--commune",
            action="append",
            default=[],
            metavar="NOM[:CODE_INSEE]",
            help="une commune (répétable), par exemple --commune 'Plouzané:29212'",
        )
        parser.add_argument(
            "--contact-email", metavar="COURRIEL", help="adresse de contact publique"
        )
        parser.add_argument(
            "--dpo-email", metavar="COURRIEL", help="adresse du délégué à la protection des données"
        )
        parser.add_argument(
            "--admin-email",
            metavar="COURRIEL",
            help="adresse du premier administrateur (ou PARLONS_ADMIN_EMAIL)",
        )
        parser.add_argument(
            "--admin-pseudonym",
            metavar="PSEUDONYME",
            help=f"pseudonyme affiché du premier administrateur "
            f"({services.DEFAULT_ADMINISTRATOR_PSEUDONYM} par défaut)",
        )

    def handle(self, *args, **options):
        request = self._ask(options) if options["interactive"] else self._from_options(options)
        if request is None:
            return
        try:
            outcome = services.set_up_territory(request=request)
        except services.SetupConflict as conflict:
            self.stderr.write(
                f"Le territoire « {conflict.territory.name} » existe déjà, et ce qui est "
                f"enregistré diffère de ce qui est demandé :"
            )
            for difference in conflict.differences:
                self.stderr.write(f"  - {difference}")
            raise CommandError(
                "Rien n'a été changé. Modifiez le territoire dans l'Espace équipe (Réglages du "
                "territoire) et les rôles dans « Rôles de l'équipe » ; un autre administrateur : "
                "parlons createsuperuser."
            ) from None
        except ValidationError as error:
            for line in validation_lines(error):
                self.stderr.write(line)
            raise CommandError("Rien n'a été créé.") from None
        self._report(outcome)

    def _from_options(self, options) -> services.TerritoryRequest:
        name = (options["territory"] or "").strip()
        email = (options["admin_email"] or env_str("ADMIN_EMAIL") or "").strip()
        password = env_str("ADMIN_PASSWORD")
        missing = []
        if not name:
            missing.append("--territory NOM")
        if not email:
            missing.append("--admin-email COURRIEL (ou PARLONS_ADMIN_EMAIL)")
        if not password:
            missing.append(
                "le mot de passe dans PARLONS_ADMIN_PASSWORD (ou PARLONS_ADMIN_PASSWORD_FILE)"
            )
        if missing:
            raise CommandError("Avec --no-input, il faut " + " ; ".join(missing) + ".")
        problems = [problem for problem in [name_problem(name)] if problem]
        for option, value in (
            ("--admin-email", email),
            ("--contact-email", options["contact_email"]),
            ("--dpo-email", options["dpo_email"]),
        ):
            if value and (problem := email_problem(value.strip())):
                problems.append(f"{option} : {problem}")
        communes = self._communes_from_options(options, problems)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} problème(s) : rien n'a été créé.")
        return services.TerritoryRequest(
            name=name,
            kind=options["kind"],
            contact_email=options["contact_email"],
            dpo_email=options["dpo_email"],
            communes=communes,
            admin_email=email,
            admin_pseudonym=options["admin_pseudonym"],
            admin_password=password,
        )

    def _communes_from_options(self, options, problems: list[str]) -> list[CommuneRow]:
        communes: list[CommuneRow] = []
        if options["communes"]:
            try:
                communes, left_aside = read_communes_file(options["communes"])
            except CommuneListRejected as rejected:
                problems.extend(f"{options['communes']}, {line}" for line in error_lines(rejected))
            else:
                self._say_left_aside(left_aside)
        for value in options["commune"]:
            row, problem = parse_commune_option(value)
            if problem:
                problems.append(problem)
            elif row is not None:
                communes.append(row)
        if not problems:
            problems.extend(
                f"{options['communes']}, ligne {error.line}, colonne {error.column} : {error.reason}"
                if error.line
                else f"--commune : {error.reason}"
                for error in check_communes(communes)
            )
        return communes

    def _say_left_aside(self, left_aside: int) -> None:
        if left_aside:
            self.stdout.write(
                f"{left_aside} ligne(s) du Code officiel géographique laissée(s) de côté "
                f"(communes déléguées ou associées)."
            )

    def _ask(self, options) -> services.TerritoryRequest | None:
        existing = current_territory()
        if existing is not None:
            # Nothing to ask: say what is there, even without a terminal.
            self._say_existing(existing)
            return None
        console = Console(
            self,
            options,
            "setup",
            usage="PARLONS_ADMIN_PASSWORD=… parlons setup --no-input --territory NOM "
            "--admin-email COURRIEL",
        )
        console.say("Mise en route de Parlons : le territoire, puis le premier administrateur.")
        console.say("Entrée garde la valeur proposée entre crochets.\n")
        name = options["territory"] or console.ask("Nom du territoire", check=name_problem)
        kind = options["kind"] or console.choose(
            "Type de territoire", kinds(), default=Territory.Kind.COMMUNE
        )
        communes = self._ask_communes(console, options, name, kind)
        contact_email = options["contact_email"] or console.ask(
            "Adresse de contact publique (Entrée : aucune)", check=email_problem, required=False
        )
        dpo_email = options["dpo_email"] or console.ask(
            "Adresse du délégué à la protection des données (Entrée : aucune)",
            check=email_problem,
            required=False,
        )
        console.say("")
        email = (
            options["admin_email"]
            or env_str("ADMIN_EMAIL")
            or console.ask("Adresse électronique du premier administrateur", check=email_problem)
        ).strip()
        account = User.objects.filter(email=email.lower()).first()
        pseudonym = None
        password = None
        if account is not None:
            console.say(
                f"Le compte {account.email} existe déjà : il garde son mot de passe et reçoit "
                f"tous les rôles de l'équipe."
            )
        else:
            pseudonym = options["admin_pseudonym"] or console.ask(
                "Pseudonyme affiché de l'administrateur",
                default=services.DEFAULT_ADMINISTRATOR_PSEUDONYM,
                check=pseudonym_problem,
            )
            password = env_str("ADMIN_PASSWORD") or console.new_password(
                User(email=email.lower(), pseudonym=pseudonym)
            )
        console.say("")
        console.say(f"Territoire : {name} ({dict(kinds())[kind]})")
        console.say(
            "Communes : "
            + (", ".join(commune.name for commune in communes[:10]) or "aucune")
            + (f" et {len(communes) - 10} autres" if len(communes) > 10 else "")
        )
        console.say(f"Adresse de contact : {contact_email or 'aucune'}")
        console.say(f"Délégué à la protection des données : {dpo_email or 'aucune adresse'}")
        console.say(f"Premier administrateur : {email}")
        if not console.confirm("Tout créer ?"):
            raise CommandError("Abandon : rien n'a été créé.")
        return services.TerritoryRequest(
            name=name,
            kind=kind,
            contact_email=contact_email,
            dpo_email=dpo_email,
            communes=communes,
            admin_email=email,
            admin_pseudonym=pseudonym,
            admin_password=password,
        )

    def _ask_communes(self, console: Console, options, name: str, kind: str) -> list[CommuneRow]:
        problems: list[str] = []
        communes = self._communes_from_options(options, problems)
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"{len(problems)} problème(s) : rien n'a été créé.")
        if communes:
            return communes
        console.say(
            "\nLes communes du territoire : le chemin d'un fichier CSV (colonnes nom et "
            "code_insee, ou le fichier des communes de l'INSEE), ou Entrée pour les taper une "
            "à une."
        )
        while path := console.ask("Fichier CSV (Entrée : les taper)", required=False):
            try:
                communes, left_aside = read_communes_file(path)
            except CommuneListRejected as rejected:
                for line in error_lines(rejected):
                    console.say(f"  {line}")
                console.say("  Rien n'a été lu : corrigez le fichier, ou Entrée pour les taper.")
                continue
            self._say_left_aside(left_aside)
            console.say(f"  {len(communes)} commune(s) lue(s).")
            return communes
        communes = []

        def new_name_problem(value: str) -> str | None:
            # Typed by hand, a name already in the list is the same commune typed twice.
            typed = [commune for commune in communes if slugify(commune.name) == slugify(value)]
            if typed:
                return f"« {typed[0].name} » est déjà dans la liste."
            return name_problem(value)

        while True:
            default = name if (not communes and kind == Territory.Kind.COMMUNE) else ""
            commune_name = console.ask(
                f"Commune {len(communes) + 1}, son nom (Entrée : "
                f"{'celle-ci' if default else 'fini'})",
                default=default,
                check=new_name_problem,
                required=False,
            )
            if not commune_name:
                return communes
            code = console.ask(
                f"Code INSEE de {commune_name} (Entrée : aucun)",
                check=lambda value: insee_code_problem(value.upper()),
                required=False,
            ).upper()
            row = CommuneRow(line=0, name=commune_name, insee_code=code)
            if duplicate := check_communes([*communes, row]):
                console.say(f"  {duplicate[0].reason}")
                continue
            communes.append(row)

    def _say_existing(self, territory: Territory) -> None:
        administrators = User.objects.filter(
            role_assignments__territory=territory,
            role_assignments__role=Role.ADMINISTRATOR,
        ).order_by("email")
        self.stdout.write(
            f"Le territoire « {territory.name} » existe déjà "
            f"({territory.communes.count()} commune(s)) : rien n'a changé."
        )
        emails = ", ".join(user.email for user in administrators) or "aucun"
        self.stdout.write(f"Administrateurs : {emails}.")
        self.stdout.write(
            "Pour le modifier : Espace équipe → Réglages du territoire ; un autre administrateur : "
            "parlons createsuperuser ; des communes en plus : parlons setup --no-input avec les "
            "mêmes valeurs et --communes."
        )

    def _report(self, outcome: services.SetupOutcome) -> None:
        territory = outcome.territory
        role_names = ", ".join(str(Role(role).label) for role in outcome.granted_roles)
        if outcome.created_territory:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Territoire « {territory.name} » créé ({territory.get_kind_display().lower()}), "
                    f"{len(outcome.added_communes)} commune(s)."
                )
            )
            account = "créé" if outcome.created_account else "existant, mot de passe inchangé"
            self.stdout.write(
                self.style.SUCCESS(
                    f"Compte administrateur {outcome.administrator.email} ({account}) ; "
                    f"rôles : {role_names}."
                )
            )
            self.stdout.write(f"Données de cette installation : {settings.VAR_DIR}")
            self.stdout.write(
                f"Ensuite : connectez-vous sur {public_url()}/compte/connexion/ ; la page "
                f"du second facteur s'ouvre d'elle-même (une application d'authentification)."
            )
            return
        self.stdout.write(
            f"Déjà en place : le territoire « {territory.name} » et le compte "
            f"{outcome.administrator.email} avec tous les rôles de l'équipe."
        )
        if outcome.added_communes:
            self.stdout.write(
                self.style.SUCCESS(
                    f"{len(outcome.added_communes)} commune(s) ajoutée(s) : "
                    + ", ".join(outcome.added_communes)
                )
            )
        else:
            self.stdout.write("Rien n'a changé.")
