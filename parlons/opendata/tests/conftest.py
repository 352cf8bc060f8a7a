"""A démarche with a little of everything the open data publishes, and what it must not."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from parlons.accounts.models import User
from parlons.budgets import services as budget_services
from parlons.budgets.models import Ballot, BallotChoice, Budget, Project, VoterRecord
from parlons.debates.models import Contribution, OfficialAnswer, Reaction
from parlons.followup.models import ResultUpdate, Status, TrackedResult
from parlons.meetings.models import Meeting, Place
from parlons.opendata.exports import build_exports
from parlons.privacy.publication import create_published
from parlons.processes.models import Process
from parlons.proposals.models import Proposal, ProposalAnswer, State
from parlons.questionnaires import services as questionnaire_services
from parlons.questionnaires.models import Question, Questionnaire, Tally
from parlons.synthesis.models import Report, ReportSection

SECRET_EMAIL = "martine.secret@exemple.test"
SECRET_REAL_NAME = "Martine Cachée-Durandal"


@pytest.fixture(autouse=True)
def files_in_tmp(settings, tmp_path):
    settings.OPENDATA_DIR = tmp_path / "opendata"
    settings.PUBLIC_URL = "https://participer.exemple.fr"
    settings.API_RATE_LIMIT = 1000


@pytest.fixture
def process(make_process):
    return make_process()


@pytest.fixture
def writer(territory):
    """A resident who wrote under a pseudonym and chose NOT to show their real name."""
    return User.objects.create_user(
        email=SECRET_EMAIL,
        password="un mot de passe assez long",
        pseudonym="plume",
        real_name=SECRET_REAL_NAME,
        show_real_name=False,
    )


@pytest.fixture
def debate(process, writer, citizen, other_citizen, expert, territory):
    """Two visible contributions with a reply and reactions; a hidden, a withdrawn, a held one."""
    theme = process.themes.get(slug="mobilite")
    commune = territory.communes.get(slug="port-essai")
    commune.insee_code = "29100"
    commune.save()
    first = create_published(
        Contribution,
        process=process,
        author=writer,
        body="Plus de bus le dimanche. Écrivez-moi : martine.secret@exemple.test",
        theme=theme,
        place=commune,
    )
    formula = create_published(
        Contribution, process=process, author=citizen, body='=HYPERLINK("http://x")'
    )
    reply = create_published(
        Contribution,
        process=process,
        author=writer,
        body="Je précise : le matin surtout.",
        parent=first,
        root=first,
        depth=1,
    )
    hidden = create_published(
        Contribution,
        process=process,
        author=citizen,
        body="Texte masqué par la modération, à ne jamais publier.",
        is_hidden=True,
        hidden_reason="hors sujet",
    )
    withdrawn = create_published(
        Contribution,
        process=process,
        author=citizen,
        body="Texte retiré par son auteur, à ne jamais publier.",
        withdrawn_at=timezone.now(),
    )
    held = create_published(
        Contribution,
        process=process,
        author=citizen,
        body="Texte en attente de vérification, à ne jamais publier.",
        held_for_review=True,
    )
    reply_to_hidden = create_published(
        Contribution,
        process=process,
        author=other_citizen,
        body="Réponse sous un message masqué, à ne jamais publier.",
        parent=hidden,
        root=hidden,
        depth=1,
    )
    Reaction.objects.create(contribution=first, user=citizen, value=Reaction.Value.AGREE)
    Reaction.objects.create(contribution=first, user=other_citizen, value=Reaction.Value.AGREE)
    Reaction.objects.create(contribution=first, user=expert, value=Reaction.Value.DISAGREE)
    Reaction.objects.create(contribution=reply, user=citizen, value=Reaction.Value.PASS)
    answer = create_published(
        OfficialAnswer,
        process=process,
        contribution=first,
        author=expert,
        body="La ligne 3 passera le dimanche dès janvier.",
    )
    return {
        "first": first,
        "formula": formula,
        "reply": reply,
        "hidden": hidden,
        "withdrawn": withdrawn,
        "held": held,
        "reply_to_hidden": reply_to_hidden,
        "answer": answer,
    }


@pytest.fixture
def meeting(process, territory, organiser):
    place = Place.objects.create(
        territory=territory,
        name="Médiathèque du Port",
        kind=Place.Kind.LIBRARY,
        address="2 quai des Goélands",
        postcode="29001",
        commune=territory.communes.get(slug="port-essai"),
        latitude="47.658236",
        longitude="-2.760847",
    )
    starts = timezone.now() - timedelta(days=2)
    return create_published(
        Meeting,
        process=process,
        place=place,
        title="Atelier mobilités",
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        minutes="Nous étions vingt. Martine Cachée-Durandal a demandé des bus.",
        minutes_published_at=timezone.now(),
        created_by=organiser,
    )


@pytest.fixture
def proposals(process, territory, writer, citizen, organiser):
    """A visible proposal (with a planted e-mail), one held for the team, one merged; answers."""
    commune = territory.communes.get(slug="port-essai")
    visible = create_published(
        Proposal,
        process=process,
        author=writer,
        title="Un abri vélo à la gare",
        body="Un abri fermé pour 40 vélos. Contact : martine.secret@exemple.test",
        display_label=SECRET_REAL_NAME,
        theme=process.themes.get(slug="mobilite"),
        place=commune,
        estimated_cost=12000,
        support_count=3,
        state=State.ACCEPTED,
        state_changed_at=timezone.now(),
    )
    held = create_published(
        Proposal,
        process=process,
        author=citizen,
        title="Proposition mise de côté",
        body="Texte en attente de vérification, à ne jamais publier.",
        held_for_review=True,
        held_explanation="à ne jamais publier",
    )
    merged = create_published(
        Proposal,
        process=process,
        author=citizen,
        title="Des arceaux vélo",
        body="Des arceaux devant la gare.",
        state=State.MERGED,
        merged_into=visible,
        state_changed_at=timezone.now(),
    )
    answer = create_published(
        ProposalAnswer,
        process=process,
        proposal=visible,
        author=organiser,
        state=State.ACCEPTED,
        reason="Retenue au budget 2027.",
        answering_body="Conseil municipal",
    )
    create_published(
        ProposalAnswer,
        process=process,
        proposal=held,
        author=organiser,
        state=State.REJECTED,
        reason="Réponse à une proposition cachée, à ne jamais publier.",
        answering_body="Conseil municipal",
    )
    return {"visible": visible, "held": held, "merged": merged, "answer": answer}


@pytest.fixture
def budget(process, writer, citizen, other_citizen, organiser):
    """A published vote: three projects, six anonymous ballots, and who voted kept apart."""
    budget = Budget.objects.create(process=process, total_amount=Decimal("50000"))
    projects = [
        create_published(
            Project,
            budget=budget,
            title=title,
            description=f"Le projet « {title} ».",
            cost=Decimal(cost),
            author=writer,
            feasibility=Project.Feasibility.FEASIBLE,
        )
        for title, cost in (("Jardin partagé", "30000"), ("Bancs", "15000"), ("Skatepark", "45000"))
    ]
    for voter in (writer, citizen, other_citizen):
        VoterRecord.objects.create(budget=budget, voter=voter, voter_key=f"user:{voter.pk}")
    for chosen in ([0, 1], [0, 1], [0], [2], [1], [0, 1]):
        ballot = Ballot.objects.create(budget=budget, cast_on=timezone.localdate())
        for index in chosen:
            BallotChoice.objects.create(ballot=ballot, project=projects[index])
    budget_services.count_budget(budget)
    budget_services.publish_results(actor=organiser, budget=budget)
    return {"budget": budget, "projects": projects}


@pytest.fixture
def survey(process, organiser):
    """Published results: 12 answered, 9 for the bus, 3 (a small group) for the tram."""
    questionnaire = questionnaire_services.create_questionnaire(
        actor=organiser, process=process, title="Vos trajets", access="open"
    )
    section = questionnaire_services.add_section(
        actor=organiser, questionnaire=questionnaire, title="Trajets"
    )
    question = questionnaire_services.add_question(
        actor=organiser,
        section=section,
        kind=Question.Kind.SINGLE,
        wording="Comment venez-vous ?",
        choices_text="En bus\nEn tram",
    )
    for key, count in (("", 12), ("c1", 9), ("c2", 3)):
        Tally.objects.create(question=question, key=key, count=count)
    Questionnaire.objects.filter(pk=questionnaire.pk).update(response_count=12)
    questionnaire_services.publish_results(actor=organiser, questionnaire=questionnaire)
    return questionnaire


@pytest.fixture
def synthesis(process, organiser, make_process):
    report = Report.objects.create(
        process=process,
        title="Synthèse des mobilités",
        introduction="Ce que vous avez dit.",
        status=Report.Status.PUBLISHED,
        signed_by="Claire Expert, adjointe aux mobilités",
        published_by=organiser,
        published_at=timezone.now(),
    )
    ReportSection.objects.create(report=report, position=1, title="Le bus", body="Plus de bus.")
    ReportSection.objects.create(report=report, position=2, title="Le vélo", body="Des abris.")
    draft = make_process(status=Process.Status.DRAFT, slug="brouillon-synthese")
    Report.objects.create(
        process=draft,
        title="Brouillon, à ne jamais publier",
        status=Report.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    return report


@pytest.fixture
def followup(process, organiser):
    result = TrackedResult.objects.create(
        process=process,
        source_kind="manual",
        source_key="abri-velo",
        title="Abri vélo de la gare",
        decided_by="Conseil municipal",
        decided_at=timezone.now(),
        status=Status.IN_PROGRESS,
        progress=40,
        responsible_service="Service voirie",
    )
    update = create_published(
        ResultUpdate,
        result=result,
        text="Chantier lancé ; Martine Cachée-Durandal a visité le site.",
        status=Status.IN_PROGRESS,
        progress=40,
        author=organiser,
    )
    return {"result": result, "update": update}


@pytest.fixture
def participation(proposals, budget, survey, synthesis, followup):
    """Every participation app's data in the démarche, and what must stay private."""
    return {
        "proposals": proposals,
        "budget": budget,
        "survey": survey,
        "synthesis": synthesis,
        "followup": followup,
    }


@pytest.fixture
def built(debate, meeting, participation):
    return build_exports(reason="test")
