"""What Parlons itself can state about its accessibility, for the RGAA statement.

Each journey named here is a browser test of the suite, and each page a
path it opens: `tests/test_accessibility_facts.py` reads those tests and
fails when a claim here is no longer true (a test renamed, a page no longer
visited, a click where the statement says "keyboard only"). The territory's
own findings live in models.AccessibilityStatement.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The version of axe-core the browser tests inject (package.json); a test compares them.
AXE_CORE_VERSION = "4.14"
# Debian's browser, driven by Playwright; no browser is downloaded.
BROWSERS = ("Chromium (Debian)",)

# The appeal every RGAA statement ends with: the Défenseur des droits (public addresses).
DEFENSEUR_FORM_URL = "https://formulaire.defenseurdesdroits.fr/"
DEFENSEUR_DELEGATES_URL = "https://www.defenseurdesdroits.fr/carte-des-delegues"
DEFENSEUR_POSTAL_ADDRESS = ("Défenseur des droits", "Libre réponse 71120", "75342 Paris CEDEX 07")


@dataclass(frozen=True)
class CheckedPage:
    label: str | Promise
    path: str  # as the browser test opens or reaches it


@dataclass(frozen=True)
class Journey:
    title: str | Promise
    test: str  # "parlons/<app>/tests/test_browser.py::test_name"
    pages: tuple[CheckedPage, ...]
    keyboard_only: bool = False
    without_javascript: bool = False


HOME = CheckedPage(_("Accueil"), "/")
SIGN_IN = CheckedPage(_("Connexion"), "/compte/connexion/")
SIGN_UP = CheckedPage(_("Création de compte"), "/compte/inscription/")
PROCESS = CheckedPage(_("Page d'une démarche"), "/demarches/transition-numerique/")
# The same page, reached from a démarche the test builds.
ITS_PROCESS = CheckedPage(PROCESS.label, "/demarches/{process.slug}/")
CONTRIBUTIONS = CheckedPage(_("Liste des contributions"), "/contributions/")
NEW_CONTRIBUTION = CheckedPage(_("Formulaire de contribution"), "/contributions/nouvelle/")
STATEMENT = CheckedPage(_("Déclaration d'accessibilité"), "/transparence/accessibilite/")
STATEMENT_FORM = CheckedPage(
    _("Modification de la déclaration d'accessibilité"), "/transparence/accessibilite/modifier/"
)

JOURNEYS = (
    Journey(
        _("Parcourir les pages publiques"),
        "parlons/processes/tests/test_browser.py::"
        "test_public_pages_are_accessible_and_load_nothing_from_elsewhere",
        (
            HOME,
            CheckedPage(_("Liste des démarches"), "/demarches/"),
            PROCESS,
            CheckedPage(_("Confidentialité et registre des traitements"), "/confidentialite/"),
            CheckedPage(_("Charte des données"), "/transparence/charte/"),
            STATEMENT,
            SIGN_IN,
            SIGN_UP,
            CheckedPage(_("Mot de passe oublié"), "/compte/mot-de-passe/"),
            CheckedPage(_("Page introuvable"), "/demarches/n-existe-pas/"),
        ),
    ),
    Journey(
        _("Contribuer, répondre et réagir"),
        "parlons/debates/tests/test_browser.py::"
        "test_a_citizen_contributes_replies_and_reacts_with_the_keyboard",
        (SIGN_IN, ITS_PROCESS, CONTRIBUTIONS, NEW_CONTRIBUTION),
        keyboard_only=True,
    ),
    Journey(
        _("Contribuer, répondre et réagir sans JavaScript"),
        "parlons/debates/tests/test_browser.py::test_the_same_works_without_javascript",
        (SIGN_IN, ITS_PROCESS, CONTRIBUTIONS, NEW_CONTRIBUTION),
        keyboard_only=True,
        without_javascript=True,
    ),
    Journey(
        _("S'inscrire à une réunion publique et annuler"),
        "parlons/meetings/tests/test_browser.py::"
        "test_a_citizen_registers_and_cancels_with_the_keyboard_only",
        (CheckedPage(_("Page d'une réunion publique"), "meeting.get_absolute_url()"),),
        keyboard_only=True,
    ),
    Journey(
        _("Rejoindre la liste d'attente d'une réunion sans JavaScript"),
        "parlons/meetings/tests/test_browser.py::test_the_waiting_list_works_without_javascript",
        (CheckedPage(_("Liste des réunions d'une démarche"), "/reunions/"), SIGN_IN),
        without_javascript=True,
    ),
    Journey(
        _("Créer son compte sans JavaScript"),
        "parlons/processes/tests/test_browser.py::"
        "test_signup_keeps_what_was_typed_and_works_without_javascript",
        (SIGN_UP,),
        without_javascript=True,
    ),
    Journey(
        _("Se connecter avec un second facteur (équipe)"),
        "parlons/accounts/tests/test_browser.py::"
        "test_an_organiser_types_the_code_of_their_app_and_reaches_the_staff_space",
        (SIGN_IN, CheckedPage(_("Espace de l'équipe"), "/compte/equipe/")),
        keyboard_only=True,
    ),
    Journey(
        _("Modifier la déclaration d'accessibilité (administrateurs)"),
        "parlons/transparency/tests/test_browser.py::"
        "test_an_administrator_edits_the_statement_with_the_keyboard",
        (STATEMENT_FORM, STATEMENT),
        keyboard_only=True,
    ),
)


def checked_pages() -> list[CheckedPage]:
    """Every page the journeys check with axe-core, once each, in the order met."""
    seen: dict[str, CheckedPage] = {}
    for journey in JOURNEYS:
        for page in journey.pages:
            seen.setdefault(str(page.label), page)
    return list(seen.values())
