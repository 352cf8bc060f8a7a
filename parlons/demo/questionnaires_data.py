"""The demo's survey on residents' digital usage: built, answered and published through services.

A démarche of its own ("Enquête sur les usages du numérique") whose running
phase opens the questionnaire. Some answers come online with one-time codes
(a panel), most on paper (a survey on digital usage reaches people who are
not online), typed by the mediator or imported as a CSV file; the results
are published. Invented answers, drawn from a fixed seed.
"""

import random
from datetime import timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from parlons.accounts.models import Role
from parlons.processes import services as processes
from parlons.processes.models import Phase, Process
from parlons.questionnaires import printing
from parlons.questionnaires import services as questionnaires
from parlons.questionnaires.answering import FormData
from parlons.questionnaires.components import ANSWER_QUESTIONNAIRE
from parlons.questionnaires.models import OTHER, Question

Kind = Question.Kind
# Online answers go page by page through the services (the slow part of loading);
# a survey on digital usage reaches most people on paper anyway.
ONLINE_ANSWERS = 40
TYPED_PAPER_ANSWERS = 10
IMPORTED_PAPER_ANSWERS = 200

EQUIPMENT = ["Un ordinateur", "Un smartphone", "Une tablette", "Aucun de ces appareils"]
CONNECTION = ["La fibre", "L'ADSL", "Seulement le réseau mobile", "Pas de connexion à domicile"]
HELP_TOPICS = [
    "Les démarches administratives en ligne",
    "La messagerie et les visioconférences",
    "La sécurité (mots de passe, arnaques)",
    "Les photos et les documents",
]
HELP_PLACES = [
    "La médiathèque",
    "Le centre social",
    "La mairie (France services)",
    "Ma famille ou mes proches",
]
COMMENTS = [
    "Il faudrait des ateliers le samedi matin, je travaille en semaine.",
    "Le réseau mobile ne passe pas dans mon hameau.",
    "Merci pour les permanences à la médiathèque, elles m'ont beaucoup aidée.",
    "J'ai peur des arnaques par SMS, je ne sais pas les reconnaître.",
    "Les sites des administrations changent trop souvent.",
    "Un ordinateur prêté pour quelques semaines m'aiderait à me former.",
]


def load(territory, process, users, dates) -> None:
    organiser = users[Role.ORGANISER]
    survey_process = _survey_process(territory, organiser)
    questionnaire, questions = _build(survey_process, organiser)
    chance = random.Random(2026)
    _online_answers(questionnaire, questions, organiser, chance)
    _paper_answers(questionnaire, questions, users[Role.MEDIATOR], chance)
    questionnaires.publish_results(actor=organiser, questionnaire=questionnaire)


def _survey_process(territory, organiser) -> Process:
    now = timezone.now()
    survey_process = processes.create_process(
        actor=organiser,
        territory=territory,
        slug="enquete-usages-numeriques",
        title="Enquête sur les usages du numérique",
        summary=(
            "Quels appareils, quelle connexion, quelle aide ? Dix minutes pour nous aider à "
            "organiser la médiation numérique dans les cinq communes."
        ),
        description=(
            "La communauté de communes réalise une enquête sur la réalité des usages du "
            "numérique. Vous pouvez répondre en ligne, ou sur papier à la médiathèque, au "
            "centre social et en mairie.\n\nLes résultats sont publiés ; un groupe de moins de "
            "cinq personnes n'y apparaît jamais."
        ),
    )
    processes.add_phase(
        actor=organiser,
        process=survey_process,
        kind=Phase.Kind.CONTRIBUTIONS,
        title="Enquête",
        starts_at=now - timedelta(days=20),
        ends_at=now + timedelta(days=25),
        components=[ANSWER_QUESTIONNAIRE],
    )
    return processes.set_process_status(
        actor=organiser, process=survey_process, status=Process.Status.PUBLISHED
    )


def _build(survey_process, organiser):
    questionnaire = questionnaires.create_questionnaire(
        actor=organiser,
        process=survey_process,
        title="Vos usages du numérique",
        introduction=(
            "Ce questionnaire compte trois parties courtes. Vos réponses ne sont jamais "
            "publiées une à une."
        ),
        access="code",
    )
    add = questionnaires.add_question
    equipment_part = questionnaires.add_section(
        actor=organiser, questionnaire=questionnaire, title="Votre équipement"
    )
    help_part = questionnaires.add_section(
        actor=organiser, questionnaire=questionnaire, title="L'aide dont vous avez besoin"
    )
    about_part = questionnaires.add_section(
        actor=organiser, questionnaire=questionnaire, title="Pour mieux vous connaître"
    )
    questions = {
        "equipment": add(
            actor=organiser,
            section=equipment_part,
            kind=Kind.MULTIPLE,
            wording="Quels appareils utilisez-vous chez vous ?",
            choices_text="\n".join(EQUIPMENT),
            min_choices=1,
            required=True,
        ),
        "connection": add(
            actor=organiser,
            section=equipment_part,
            kind=Kind.SINGLE,
            wording="Comment êtes-vous connecté·e à internet chez vous ?",
            choices_text="\n".join(CONNECTION),
            allow_other=True,
            required=True,
        ),
        "ease": add(
            actor=organiser,
            section=equipment_part,
            kind=Kind.SCALE,
            wording="Vous sentez-vous à l'aise avec le numérique ?",
            scale_max=5,
            low_label="pas du tout",
            high_label="tout à fait",
            required=True,
        ),
    }
    questions["needs_help"] = add(
        actor=organiser,
        section=equipment_part,
        kind=Kind.YES_NO,
        wording="Avez-vous besoin d'aide pour utiliser le numérique ?",
        required=True,
    )
    questions["topics"] = add(
        actor=organiser,
        section=help_part,
        kind=Kind.MULTIPLE,
        wording="Pour quoi auriez-vous besoin d'aide ?",
        help_text="Trois choix au plus.",
        choices_text="\n".join(HELP_TOPICS),
        max_choices=3,
        required=True,
        condition_question=questions["needs_help"],
        condition_value="oui",
    )
    questions["place"] = add(
        actor=organiser,
        section=help_part,
        kind=Kind.SINGLE,
        wording="Où allez-vous d'abord quand vous avez besoin d'aide ?",
        choices_text="\n".join(HELP_PLACES),
        allow_other=True,
        required=True,
    )
    questions["commune"] = add(
        actor=organiser,
        section=about_part,
        kind=Kind.COMMUNE,
        wording="Dans quelle commune habitez-vous ?",
        required=True,
    )
    questions["age"] = add(
        actor=organiser,
        section=about_part,
        kind=Kind.NUMBER,
        wording="Quel âge avez-vous ?",
        number_min=15,
        number_max=110,
    )
    questions["comment"] = add(
        actor=organiser,
        section=about_part,
        kind=Kind.LONG_TEXT,
        wording="Souhaitez-vous ajouter quelque chose ?",
    )
    return questionnaire, questions


def _keys(question: Question) -> list[str]:
    return [option["key"] for option in question.choices]


def _draw(questions, chance: random.Random) -> FormData:
    """One invented resident's answers, as the page would send them."""
    ease = chance.choices(["1", "2", "3", "4", "5"], weights=[2, 3, 4, 4, 3])[0]
    needs_help = "yes" if int(ease) <= 3 or chance.random() < 0.2 else "no"
    equipment = _keys(questions["equipment"])
    owned = chance.sample(equipment[:3], chance.choice([1, 1, 2, 2, 3]))
    if chance.random() < 0.05:
        owned = [equipment[3]]
    data = FormData(
        {
            questions["equipment"].field_name: owned,
            questions["connection"].field_name: chance.choices(
                _keys(questions["connection"]), weights=[5, 3, 2, 1]
            )[0],
            questions["ease"].field_name: ease,
            questions["needs_help"].field_name: needs_help,
            questions["place"].field_name: chance.choices(
                _keys(questions["place"]), weights=[4, 2, 3, 5]
            )[0],
            questions["commune"].field_name: chance.choice(_keys(questions["commune"])),
            questions["age"].field_name: str(chance.randint(16, 92)),
        }
    )
    if chance.random() < 0.04:
        data[questions["place"].field_name] = OTHER
        data[f"{questions['place'].field_name}_other"] = "Le club des aînés"
    if needs_help == "yes":
        data[questions["topics"].field_name] = chance.sample(
            _keys(questions["topics"]), chance.randint(1, 3)
        )
    if chance.random() < 0.15:
        data[questions["comment"].field_name] = chance.choice(COMMENTS)
    return data


def _online_answers(questionnaire, questions, organiser, chance: random.Random) -> None:
    codes = questionnaires.generate_codes(
        actor=organiser, questionnaire=questionnaire, count=ONLINE_ANSWERS + 60, batch="Panel"
    )
    anonymous = AnonymousUser()
    sections = list(questionnaire.sections.order_by("position"))
    for code in codes[:ONLINE_ANSWERS]:
        response = questionnaires.start_response(
            actor=anonymous, questionnaire=questionnaire, code=code
        )
        data = _draw(questions, chance)
        for section in sections:
            questionnaires.save_section(
                actor=anonymous, response=response, section=section, data=data
            )
        questionnaires.submit_response(actor=anonymous, response=response)


def _paper_answers(questionnaire, questions, mediator, chance: random.Random) -> None:
    # The mediator printed numbered copies; each one typed or imported carries its number.
    printed = 0
    while printed < TYPED_PAPER_ANSWERS + IMPORTED_PAPER_ANSWERS:
        count = min(printing.MAX_COPIES, TYPED_PAPER_ANSWERS + IMPORTED_PAPER_ANSWERS - printed)
        printing.reserve_copies(actor=mediator, questionnaire=questionnaire, count=count)
        printed += count
    for number in range(1, TYPED_PAPER_ANSWERS + 1):
        questionnaires.enter_paper_answers(
            actor=mediator,
            questionnaire=questionnaire,
            data=_draw(questions, chance),
            consent=True,
            paper_copy=printing.copy_id(questionnaire.pk, number),
        )
    ordered = questionnaires.questions_for(questionnaire)
    lines = [";".join(questionnaires.import_columns(ordered))]
    for number in range(TYPED_PAPER_ANSWERS + 1, TYPED_PAPER_ANSWERS + IMPORTED_PAPER_ANSWERS + 1):
        data = _draw(questions, chance)
        cells = []
        for question in ordered:
            value = data.getlist(question.field_name)
            labels = {o["key"]: o["label"] for o in question.choices}
            if question.kind == Kind.YES_NO:
                cells.append("oui" if value == ["yes"] else "non")
            elif question.kind == Kind.MULTIPLE:
                cells.append("|".join(labels[key] for key in value))
            elif value and value[0] in labels:
                cells.append(labels[value[0]])
            elif value and value[0] == OTHER:
                cells.append("Autre : " + data[f"{question.field_name}_other"])
            else:
                cells.append(value[0].replace(";", ",") if value else "")
        lines.append(";".join([*cells, "oui", "", printing.copy_id(questionnaire.pk, number)]))
    questionnaires.import_paper_answers(
        actor=mediator,
        questionnaire=questionnaire,
        file=("\n".join(lines) + "\n").encode(),
        file_name="questionnaires-papier-mediatheque.csv",
    )
