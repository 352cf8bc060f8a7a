"""Questions asked at the console by `parlons setup` and `parlons createsuperuser`.

Each question shows its default in brackets, takes it on Enter, and asks
again, with the reason in French, until the answer is acceptable. Passwords
are typed twice without being shown and checked by the password rules of
settings.AUTH_PASSWORD_VALIDATORS.
"""

import getpass
import sys
from collections.abc import Callable

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

# Options a test (or a caller) may pass to call_command: a scripted terminal.
STEALTH_OPTIONS = ("stdin", "getpass")

NOT_A_TERMINAL = (
    "Pas de terminal pour poser les questions. Pour un script : « {usage} » "
    "(voir « parlons {command} --help »)."
)


class Console:
    """Questions and answers through the command's output and the terminal."""

    def __init__(self, command, options: dict, command_name: str, usage: str):
        self.out = command.stdout
        self.stdin = options.get("stdin") or sys.stdin
        self.read_secret = options.get("getpass") or getpass.getpass
        if not (hasattr(self.stdin, "isatty") and self.stdin.isatty()):
            raise CommandError(NOT_A_TERMINAL.format(command=command_name, usage=usage))

    def say(self, text: str = "") -> None:
        self.out.write(text)

    def _line(self, prompt: str) -> str:
        self.out.write(prompt, ending="")
        self.out.flush()
        line = self.stdin.readline()
        if not line:
            raise CommandError("Saisie interrompue : rien n'a été enregistré.")
        return line.strip()

    def ask(
        self,
        question: str,
        default: str = "",
        check: Callable[[str], str | None] | None = None,
        required: bool = True,
    ) -> str:
        """The answer, or `default` on Enter; `check(answer)` returns a reason to ask again."""
        shown = f" [{default}]" if default else ""
        while True:
            answer = self._line(f"{question}{shown} : ") or default
            if not answer and required:
                self.say("  Une réponse est nécessaire.")
                continue
            problem = check(answer) if (check and answer) else None
            if problem is None:
                return answer
            self.say(f"  {problem}")

    def choose(self, question: str, choices: list[tuple[str, str]], default: str) -> str:
        """One of `choices` (value, label), chosen by its number."""
        self.say(f"{question} :")
        for number, (_value, label) in enumerate(choices, start=1):
            self.say(f"  {number}. {label}")
        default_number = str([value for value, _label in choices].index(default) + 1)

        def check(answer: str) -> str | None:
            if answer.isdigit() and 1 <= int(answer) <= len(choices):
                return None
            return f"Tapez un numéro entre 1 et {len(choices)}."

        answer = self.ask("Votre choix", default=default_number, check=check)
        return choices[int(answer) - 1][0]

    def confirm(self, question: str) -> bool:
        def check(answer: str) -> str | None:
            return None if answer.lower() in {"o", "oui", "n", "non"} else "Répondez o ou n."

        return self.ask(question + " (o/n)", default="o", check=check).lower() in {"o", "oui"}

    def new_password(self, user) -> str:
        """A password typed twice, hidden, that passes the password rules for `user`."""
        while True:
            first = self.read_secret("Mot de passe (il ne s'affiche pas) : ")
            if not first:
                self.say("  Une réponse est nécessaire.")
                continue
            second = self.read_secret("Le même mot de passe, encore : ")
            if first != second:
                self.say("  Les deux mots de passe sont différents. Recommencez.")
                continue
            try:
                validate_password(first, user)
            except ValidationError as error:
                for message in error.messages:
                    self.say(f"  {message}")
                continue
            return first


# The fields a refusal may name, as a person calls them.
FIELD_NAMES = {
    "email": "adresse électronique",
    "pseudonym": "pseudonyme",
    "password": "mot de passe",
    "name": "nom",
    "slug": "identifiant",
    "kind": "type de territoire",
    "contact_email": "adresse de contact",
    "dpo_email": "adresse du délégué à la protection des données",
    "insee_code": "code INSEE",
    "postcode": "code postal",
}


def validation_lines(error: ValidationError) -> list[str]:
    """A model's refusal as lines a person can read: "field: reason"."""
    if hasattr(error, "error_dict"):
        return [
            f"{FIELD_NAMES.get(field, field)} : {message}" if field != "__all__" else message
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)
