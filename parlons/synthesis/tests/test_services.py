"""Analyses as a background task, decisions on themes, and the report."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from parlons.core.models import AuditEntry
from parlons.debates.models import Contribution
from parlons.privacy.publication import create_published
from parlons.processes.analysis import TextFilters, collect_reactions, collect_texts
from parlons.synthesis import services
from parlons.synthesis.models import AnalysedText, Analysis, AnalysisTheme, Report
from parlons.synthesis.rendering import render_report
from parlons.synthesis.tests.conftest import CAMPAIGN

pytestmark = pytest.mark.django_db


def run(organiser, process, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        analysis, started = services.start_analysis(
            actor=organiser, process=process, kind=kwargs.pop("kind", "themes"), **kwargs
        )
    analysis.refresh_from_db()
    return analysis, started


def test_the_hook_gives_public_texts_with_where_and_how_they_came(process, corpus):
    texts = list(collect_texts(process))
    assert len(texts) == 19
    first = texts[0]
    assert first.ref == f"debates.contribution:{corpus[0].pk}"
    assert first.text == corpus[0].public_body
    assert first.commune == "Port-Essai"
    assert first.way == "paper"
    assert first.phase == "Contributions"
    assert first.url == f"/demarches/{process.slug}/contributions/{corpus[0].pk}/"
    paper = list(collect_texts(process, TextFilters(way="paper")))
    assert [item.ref for item in paper] == [texts[i].ref for i in (0, 4, 8, 12)]
    corpus[1].is_hidden = True
    corpus[1].save()
    assert len(list(collect_texts(process))) == 18


def test_reactions_come_by_a_key_that_names_no_one(process, votes, territory):
    reactions = list(collect_reactions(process))
    assert len(reactions) == 24 * 16
    keys = {reaction.participant for reaction in reactions}
    assert len(keys) == 24
    assert all(key.startswith("p") and "votant" not in key for key in keys)


def test_an_analysis_runs_in_the_queue_and_stores_its_result_with_the_hash(
    organiser, process, corpus, django_capture_on_commit_callbacks
):
    analysis, started = run(organiser, process, django_capture_on_commit_callbacks)
    assert started
    assert analysis.status == Analysis.Status.DONE
    assert analysis.progress == 100
    assert analysis.input_size == 19
    assert analysis.input_hash.startswith("sha256:")
    assert analysis.started_by == organiser
    assert analysis.result["provenance"]["method"].startswith("themes:")
    assert AnalysedText.objects.filter(analysis=analysis).count() == 19
    sizes = sum(analysis.themes.values_list("size", flat=True))
    assert sizes == 19
    campaign = analysis.duplicates.get()
    assert campaign.size == 3
    assert AuditEntry.objects.filter(action="synthesis.start_analysis").count() == 1


def test_an_unchanged_input_is_not_recomputed(
    organiser, administrator, process, corpus, django_capture_on_commit_callbacks
):
    first, _started = run(organiser, process, django_capture_on_commit_callbacks)
    again, started = run(administrator, process, django_capture_on_commit_callbacks)
    assert again == first and not started
    assert Analysis.objects.count() == 1
    create_published(Contribution, process=process, author=organiser, body="Un texte nouveau.")
    third, started = run(organiser, process, django_capture_on_commit_callbacks)
    assert started and third != first and third.input_size == 20
    # Other parameters on the same input: another analysis.
    lexical, started = run(organiser, process, django_capture_on_commit_callbacks, embeddings="off")
    assert started and lexical.parameters == {"sentence_embeddings": "off"}
    assert lexical.result["provenance"]["parameters"]["sentence_embeddings_used"] is False


def test_two_staff_starting_the_same_analysis_get_one_run(
    organiser, administrator, process, corpus
):
    # The queue has not run the first one yet (nothing executed on commit).
    first, started_first = services.start_analysis(actor=organiser, process=process, kind="themes")
    second, started_second = services.start_analysis(
        actor=administrator, process=process, kind="themes"
    )
    assert started_first and not started_second
    assert second == first and second.status == Analysis.Status.QUEUED
    # The database itself refuses a second active run with the same key.
    with pytest.raises(IntegrityError), transaction.atomic():
        Analysis.objects.create(
            process=process, kind="themes", input_hash=first.input_hash, run_key=first.run_key
        )


def test_a_task_killed_midway_leaves_nothing_and_can_run_again(
    organiser, process, corpus, monkeypatch
):
    analysis, _started = services.start_analysis(actor=organiser, process=process, kind="themes")

    class Killed(BaseException):
        """What a worker killed by the system looks like from inside: nothing catches it."""

    real = services.find_themes

    def killed(*args, **kwargs):
        real(*args, **kwargs)
        raise Killed

    monkeypatch.setattr(services, "find_themes", killed)
    with pytest.raises(Killed):
        services.run_analysis(analysis.pk)
    analysis.refresh_from_db()
    assert analysis.status == Analysis.Status.RUNNING
    assert not analysis.themes.exists() and not analysis.texts.exists()
    assert not analysis.duplicates.exists()
    monkeypatch.setattr(services, "find_themes", real)
    # The worker gives the task again (parlons.core.worker): it starts over.
    assert services.run_analysis(analysis.pk) == "done"
    analysis.refresh_from_db()
    assert analysis.status == Analysis.Status.DONE
    assert analysis.texts.count() == 19
    assert services.run_analysis(analysis.pk) == "nothing to do"


def test_a_failed_analysis_says_why_and_may_be_started_again(
    organiser, process, corpus, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(*args, **kwargs):
        raise RuntimeError("plus de mémoire")

    monkeypatch.setattr(services, "find_themes", broken)
    failed, _started = run(organiser, process, django_capture_on_commit_callbacks)
    assert failed.status == Analysis.Status.FAILED and "mémoire" in failed.error
    monkeypatch.undo()
    again, started = run(organiser, process, django_capture_on_commit_callbacks)
    assert started and again.status == Analysis.Status.DONE


def test_a_filtered_analysis_reads_only_its_subset(
    organiser, process, corpus, django_capture_on_commit_callbacks
):
    analysis, _started = run(
        organiser,
        process,
        django_capture_on_commit_callbacks,
        filters=TextFilters(commune="saint-essai"),
    )
    assert analysis.filters == {"commune": "saint-essai"}
    assert set(analysis.texts.values_list("commune", flat=True)) == {"Saint-Essai"}
    with pytest.raises(ValidationError):
        services.start_analysis(
            actor=organiser, process=process, kind="themes", filters=TextFilters(way="meeting")
        )


def test_staff_rename_validate_merge_and_move(
    organiser, process, corpus, django_capture_on_commit_callbacks
):
    analysis, _started = run(organiser, process, django_capture_on_commit_callbacks, n_themes=2)
    themes = list(analysis.themes.exclude(number=0).order_by("number"))
    assert len(themes) >= 2
    first, second = themes[0], themes[1]
    with pytest.raises(ValidationError):
        services.validate_theme(actor=organiser, theme=first)  # named first
    services.rename_theme(actor=organiser, theme=first, label="  Pistes   cyclables ")
    services.validate_theme(actor=organiser, theme=first)
    first.refresh_from_db()
    assert first.label == "Pistes cyclables" and first.validated_by == organiser
    text = second.texts.first()
    services.move_text(actor=organiser, text=text, to=first)
    first.refresh_from_db()
    second.refresh_from_db()
    assert text.theme == first
    assert first.size + second.size == first.texts.count() + second.texts.count()
    total = first.size + second.size
    services.merge_themes(actor=organiser, theme=second, into=first)
    first.refresh_from_db()
    assert first.size == total == first.texts.count()
    assert not AnalysisTheme.objects.filter(pk=second.pk).exists()
    codes = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "synthesis.rename_theme",
        "synthesis.validate_theme",
        "synthesis.move_text",
        "synthesis.merge_themes",
    } <= codes


def test_a_rerun_keeps_validated_themes_and_flags_new_ones(
    organiser, process, corpus, citizen, django_capture_on_commit_callbacks
):
    first, _started = run(organiser, process, django_capture_on_commit_callbacks, n_themes=2)
    kept = first.themes.exclude(number=0).order_by("-size").first()
    services.rename_theme(actor=organiser, theme=kept, label="Thème validé")
    services.validate_theme(actor=organiser, theme=kept)
    for number in range(6):
        create_published(
            Contribution,
            process=process,
            author=citizen,
            body=f"Le marché du dimanche manque de producteurs locaux et de bio, étal {number}.",
        )
    second, _started = run(organiser, process, django_capture_on_commit_callbacks, n_themes=3)
    carried = second.themes.get(number=kept.number)
    assert carried.label == "Thème validé"
    assert carried.is_validated and carried.validated_by == organiser
    assert not carried.is_new
    assert second.themes.filter(is_new=True).exists()


def test_a_group_of_copies_is_marked_as_a_campaign_and_the_report_says_so(
    organiser, process, corpus, django_capture_on_commit_callbacks
):
    analysis, _started = run(organiser, process, django_capture_on_commit_callbacks)
    group = analysis.duplicates.get()
    services.mark_campaign(actor=organiser, group=group, is_campaign=True)
    report = services.report_for(actor=organiser, process=process)
    services.add_section(
        actor=organiser,
        report=report,
        fields={"title": "Les thèmes", "body": "", "figure": "themes", "analysis": analysis},
    )
    [section] = render_report(report)
    assert section.notes == [
        "3 contributions viennent d'une campagne (un même texte déposé plusieurs fois) : "
        "elle est comptée comme une voix répétée 3 fois."
    ]
    assert section.method.notice_url == "/transparence/algorithmes/themes/"


def test_opinion_groups_find_the_two_camps_and_keep_no_names(
    organiser, process, votes, django_capture_on_commit_callbacks
):
    analysis, _started = run(
        organiser, process, django_capture_on_commit_callbacks, kind="opinion_groups"
    )
    assert analysis.status == Analysis.Status.DONE, analysis.error
    assert sorted(analysis.result["group_sizes"].values()) == [12, 12]
    assert "groups" not in analysis.result
    assert len(analysis.result["points"]) == 24
    assert analysis.result["stability"]["share"] >= 0.8
    assert "votant" not in str(analysis.result)
    # The next run keeps the scale and the orientation.
    again = services.Analysis.objects.create(
        process=process,
        kind="opinion_groups",
        input_hash="x",
        run_key="other",
        started_by=organiser,
    )
    services.run_analysis(again.pk)
    again.refresh_from_db()
    assert again.result["extent"] == analysis.result["extent"]
    assert again.result["points"][0][:2] == analysis.result["points"][0][:2]


def test_publishing_needs_a_named_person_and_tells_contributors(
    organiser, process, corpus, citizen, other_citizen, django_capture_on_commit_callbacks
):
    report = services.report_for(actor=organiser, process=process)
    with pytest.raises(ValidationError):
        services.publish_report(actor=organiser, report=report, signed_by="Maire")  # no section
    quote = f"debates.contribution:{corpus[16].pk}"
    services.add_section(
        actor=organiser,
        report=report,
        fields={"title": "Transports", "body": "Un **texte**.", "quotes": [quote]},
    )
    with pytest.raises(ValidationError):
        services.add_section(
            actor=organiser,
            report=report,
            fields={"title": "Erreur", "body": "", "quotes": ["debates.contribution:999999"]},
        )
    with pytest.raises(ValidationError):
        services.publish_report(actor=organiser, report=report, signed_by="   ")
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_report(
            actor=organiser, report=report, signed_by="Anne Durand, vice-présidente"
        )
    report.refresh_from_db()
    assert report.status == Report.Status.PUBLISHED and report.published_by == organiser
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [citizen.email, other_citizen.email]
    )
    assert "/demarches/transition-numerique/synthese/" in mail.outbox[0].body
    [section] = render_report(report)
    assert [item.text for item in section.quotes] == [CAMPAIGN]


# Committed for real: the worker closes the connection between tasks, as in production.
@pytest.mark.django_db(transaction=True)
def test_the_task_worker_runs_a_queued_analysis(
    organiser, process, corpus, settings, django_capture_on_commit_callbacks
):
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        analysis, _started = services.start_analysis(
            actor=organiser, process=process, kind="themes"
        )
    task = DBTaskResult.objects.get()
    assert task.task_path == "parlons.synthesis.tasks.run_analysis_task"
    analysis.refresh_from_db()
    assert analysis.status == Analysis.Status.QUEUED
    call_command("db_worker", "--batch")
    analysis.refresh_from_db()
    assert analysis.status == Analysis.Status.DONE


def test_a_report_section_shows_the_opinion_map_with_its_numbers(
    organiser, process, votes, corpus, django_capture_on_commit_callbacks
):
    analysis, _started = run(
        organiser, process, django_capture_on_commit_callbacks, kind="opinion_groups"
    )
    report = services.report_for(actor=organiser, process=process)
    with pytest.raises(ValidationError):
        services.add_section(
            actor=organiser,
            report=report,
            fields={"title": "Avis", "figure": "themes", "analysis": analysis},
        )
    services.add_section(
        actor=organiser,
        report=report,
        fields={"title": "Avis", "figure": "opinion_groups", "analysis": analysis},
    )
    [section] = render_report(report)
    assert str(section.chart).count("<circle ") == 24
    assert section.table == [["A", 12], ["B", 12]]
    assert section.method.notice_url == "/transparence/algorithmes/opinion-groups/"
    distinctive = section.opinion["groups"][0]["distinctive"]
    assert distinctive and distinctive[0]["url"].startswith("/demarches/")
    assert distinctive[0]["text"] in {c.public_body for c in corpus}
