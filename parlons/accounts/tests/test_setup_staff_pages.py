"""The issue this closes: after a first installation, every staff page answered 403.

`parlons setup` runs on a fresh database, then its administrator, signed in
with a confirmed second factor, opens every staff page: the dashboard's
links, and every route of the staff space ("equipe/"), found in the URLconf
so that a page added later is opened here too.
"""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from parlons.accounts import services as accounts
from parlons.accounts.models import Role, User
from parlons.accounts.roles import roles_of
from parlons.budgets import services as budgets
from parlons.budgets.models import PaperBallot
from parlons.conftest import PASSWORD, login_staff
from parlons.core.models import Territory
from parlons.core.registry import app_modules
from parlons.debates.components import CONTRIBUTE, EXPERT_ANSWERS, REACT, REPLY
from parlons.initiatives import services as initiatives
from parlons.meetings import services as meetings
from parlons.meetings.components import MEETINGS
from parlons.privacy import dpia, rights
from parlons.processes import services as processes
from parlons.processes.models import Phase, Process
from parlons.questionnaires import services as questionnaires
from parlons.questionnaires.answering import FormData

# Staff pages whose address does not say "equipe/": the counter and the paper import.
STAFF_PAGES_OUTSIDE_EQUIPE = {
    "debates:counter",
    "debates:paper_import",
    "questionnaires:paper_entry",
    "questionnaires:paper_import",
}
# Staff routes that only take a form's POST (a button on a staff page): 405 to a GET.
POST_ONLY_ACTIONS = {
    "accounts:second_factor_reset",
    "processes:change_status",
    "processes:delete_phase",
    "processes:add_theme",
    "processes:delete_theme",
    "budgets:convert_proposals",
    "budgets:count",
    "budgets:publish",
    "questionnaires:add_section",
    "initiatives:publish",
    "privacy:receipt_withdraw",
}


def staff_routes() -> set[str]:
    """Every named route under a staff ("equipe/") address, plus the few elsewhere."""
    found: set[str] = set()

    def walk(patterns, namespace: str, prefix: str) -> None:
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner, route)
            elif isinstance(pattern, URLPattern) and pattern.name and "equipe/" in route:
                found.add(namespace + pattern.name)

    walk(get_resolver().url_patterns, "", "")
    return found | STAFF_PAGES_OUTSIDE_EQUIPE


@pytest.mark.django_db
def test_after_setup_the_administrator_opens_every_staff_page(client, monkeypatch):
    monkeypatch.setenv("PARLONS_ADMIN_PASSWORD", PASSWORD)
    call_command(
        "setup",
        "--no-input",
        "--territory",
        "Communauté de communes du Pays d'Iroise",
        "--kind",
        "intercommunalite",
        "--commune",
        "Le Conquet:29040",
        "--commune",
        "Plougonvelin:29190",
        "--admin-email",
        "admin@iroise.test",
        stdout=io.StringIO(),
    )
    admin = User.objects.get()
    territory = Territory.objects.get()

    # An administrator's first week: a démarche open to contributions, a place, a meeting,
    # a colleague; each through the service the pages use, as that administrator.
    now = timezone.now()
    process = processes.create_process(
        actor=admin, territory=territory, title="Le littoral en 2040", summary="Vos idées."
    )
    phase = processes.add_phase(
        actor=admin,
        process=process,
        kind=Phase.Kind.CONTRIBUTIONS,
        title="Contributions",
        starts_at=now - timedelta(days=1),
        ends_at=now + timedelta(days=30),
        components=[CONTRIBUTE, REPLY, REACT, MEETINGS, EXPERT_ANSWERS],
    )
    theme = processes.add_theme(actor=admin, process=process, name="Érosion")
    processes.set_process_status(actor=admin, process=process, status=Process.Status.PUBLISHED)
    place = meetings.create_place(
        actor=admin,
        territory=territory,
        name="Mairie du Conquet",
        kind="town_hall",
        address="Parc de Beauséjour",
        commune=territory.communes.get(insee_code="29040"),
    )
    meeting = meetings.create_meeting(
        actor=admin,
        process=process,
        place=place,
        title="Atelier du littoral",
        starts_at=now + timedelta(days=7),
        ends_at=now + timedelta(days=7, hours=2),
    )
    colleague = accounts.register_user(
        email="agent@iroise.test", password=PASSWORD, pseudonym="Agent d'accueil"
    )
    accounts.grant_role(actor=admin, user=colleague, territory=territory, role=Role.MEDIATOR)
    budget = budgets.set_up_budget(actor=admin, process=process, total_amount=100000)
    project = budgets.add_project(
        actor=admin, budget=budget, title="Une cale", description="Pour les kayaks.", cost=9000
    )
    questionnaire = questionnaires.create_questionnaire(
        actor=admin, process=process, title="Enquête"
    )
    section = questionnaires.add_section(actor=admin, questionnaire=questionnaire, title="Partie")
    question = questionnaires.add_question(
        actor=admin, section=section, kind="yes_no", wording="Habitez-vous sur le littoral ?"
    )
    quote = questionnaires.add_question(
        actor=admin, section=section, kind="file", wording="Un devis ?", file_kinds=["pdf"]
    )
    paper = questionnaires.enter_paper_answers(
        actor=admin,
        questionnaire=questionnaire,
        data=FormData({question.field_name: "yes"}),
        consent=True,
        files=MultiValueDict(
            {quote.field_name: [SimpleUploadedFile("devis.pdf", b"%PDF-1.7\n%%EOF\n")]}
        ),
    )
    initiative = initiatives.create_initiative(
        actor=admin,
        territory=territory,
        title="Fablab du Conquet",
        summary="Un atelier partagé.",
        organisation="Mairie du Conquet",
    )
    category = initiatives.create_category(actor=admin, territory=territory, name="Tiers-lieu")
    arguments = {
        "initiative_id": initiative.pk,
        "category_id": category.pk,
        "source": f"questionnaire-{questionnaire.pk}",
        "slug": process.slug,
        "project_id": project.pk,
        "phase_id": phase.pk,
        "theme_id": theme.pk,
        "place_id": place.pk,
        "meeting_id": meeting.pk,
        "user_id": colleague.pk,
        "pk": questionnaire.pk,
        "section_id": section.pk,
        "question_id": question.pk,
        "response_id": paper.pk,
        "file_id": paper.answers.get(question=quote).file.pk,
        "request_id": rights.file_request(
            actor=None, kind="access", text="Mes données ?", name="Jeanne", email="j@iroise.test"
        ).pk,
        "version_id": dpia.start_draft(actor=admin, territory=territory).pk,
        # a paper ballot entered by a colleague, for the administrator to check
        "paper_id": PaperBallot.objects.create(
            budget=budget, number="12", choices={str(project.pk): 1}, entered_by=colleague
        ).pk,
    }

    login_staff(client, admin)
    dashboard = client.get(reverse("accounts:staff"))
    assert dashboard.status_code == 200
    dashboard_links = [link["url"] for link in dashboard.context["links"]]
    # Every app that offers staff pages shows at least one of them to the first administrator.
    offering = {config.label for config, _module in app_modules("staff")}
    signed_in = dashboard.wsgi_request.user  # with its confirmed second factor
    territory = dashboard.context["territory"]
    shown = {
        config.label
        for config, module in app_modules("staff")
        if module.staff_links(signed_in, territory, roles_of(signed_in, territory))
    }
    assert shown == offering and len(dashboard_links) == len(set(dashboard_links))
    html = dashboard.content.decode()
    assert all(f'href="{url}"' in html for url in dashboard_links)

    routes = staff_routes()
    urls = {}
    for name in sorted(routes):
        urls[name] = reverse(name, kwargs={key: arguments[key] for key in _arguments_of(name)})
    answers = {url: client.get(url).status_code for url in {*dashboard_links, *urls.values()}}

    pages = {urls[name] for name in routes - POST_ONLY_ACTIONS} | set(dashboard_links)
    actions = {urls[name] for name in POST_ONLY_ACTIONS}
    assert {url: answers[url] for url in pages} == dict.fromkeys(pages, 200)
    assert {url: answers[url] for url in actions} == dict.fromkeys(actions, 405)
    # The routes found are the staff space as it is today: a new page shows up here.
    assert len(pages) >= 20


def _arguments_of(name: str) -> list[str]:
    """The keyword arguments a named route takes (slug, meeting_id...)."""
    namespace, _colon, short = name.rpartition(":")
    resolver = get_resolver()
    for part in namespace.split(":"):
        resolver = resolver.namespace_dict[part][1]
    possibilities = resolver.reverse_dict.getlist(short)
    return list(possibilities[0][0][0][1])
