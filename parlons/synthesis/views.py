"""The synthesis workbench (staff) and the published synthesis (everyone)."""

from django.contrib import messages
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from parlons.core.forms import add_service_errors, render_form
from parlons.core.markdown import render_markdown
from parlons.core.pagination import paginate
from parlons.processes.queries import process_for
from parlons.synthesis import queries, rendering, search, services
from parlons.synthesis.forms import (
    PublishForm,
    RenameThemeForm,
    ReportForm,
    SectionForm,
    StartAnalysisForm,
)
from parlons.synthesis.models import AnalysedText, Analysis, AnalysisTheme, DuplicateGroup
from parlons.synthesis.rules import can_analyse, can_read_synthesis, can_write_synthesis

PAGE_SIZE = 50


def _staff_process(request, slug):
    process = process_for(request.user, slug)
    can_analyse.require(request.user, process)
    return process


def _analysis(process, pk) -> Analysis:
    return get_object_or_404(Analysis.objects.select_related("process"), process=process, pk=pk)


def workbench(request, slug):
    process = _staff_process(request, slug)
    form = StartAnalysisForm(request.POST or None, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            analysis, started = services.start_analysis(
                actor=request.user,
                process=process,
                kind=form.cleaned_data["kind"],
                filters=form.text_filters(),
                n_themes=form.cleaned_data.get("n_themes"),
                embeddings=form.cleaned_data.get("embeddings") or "auto",
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if started:
                messages.success(request, _("L'analyse est lancée."))
            else:
                messages.info(
                    request,
                    _(
                        "Les données n'ont pas changé : voici l'analyse déjà faite "
                        "(ou en cours) sur exactement les mêmes données."
                    ),
                )
            return redirect("synthesis:analysis", slug=process.slug, pk=analysis.pk)
    return render_form(
        request,
        "synthesis/workbench.html",
        {
            "process": process,
            "form": form,
            "analyses": queries.analyses_of(process)[:30],
            "report": queries.report_of(process),
        },
    )


def analysis_detail(request, slug, pk):
    process = _staff_process(request, slug)
    analysis = _analysis(process, pk)
    context = {"process": process, "analysis": analysis}
    if analysis.is_active:
        template = "synthesis/progress.html"
        if request.headers.get("HX-Request"):
            template = "synthesis/_progress.html"
        return render(request, template, context)
    if analysis.status == Analysis.Status.FAILED:
        return render(request, "synthesis/progress.html", context)
    if analysis.kind == Analysis.Kind.THEMES:
        themes = queries.themes_with_spread(analysis)
        for theme in themes:  # each theme's "merge into" list: every other theme
            theme.merge_options = _theme_options(themes, leave_out=theme.pk)
        context.update(
            themes=themes,
            duplicates=list(analysis.duplicates.all()[:50]),
            duplicate_texts=queries.texts_by_ref(
                process, [group.representative for group in analysis.duplicates.all()[:50]]
            ),
            way_labels=queries.WAY_LABELS,
            rename_form=RenameThemeForm(),
        )
        return render(request, "synthesis/themes.html", context)
    texts = queries.texts_by_ref(process, rendering.opinion_refs(analysis))
    context["opinion"] = rendering.opinion_tables(analysis, texts)
    context["stable"] = rendering.stable_comparison(analysis.result, texts)
    return render(request, "synthesis/opinion_groups.html", context)


def analysis_texts(request, slug, pk):
    """The contributions behind a figure, as published."""
    process = _staff_process(request, slug)
    analysis = _analysis(process, pk)
    wanted = {
        key: request.GET.get(key, "")[:200]
        for key in ("q", "theme", "commune", "place", "way", "group")
    }
    if wanted["theme"] and not wanted["theme"].isdigit():
        raise Http404
    if wanted["group"] and not wanted["group"].isdigit():
        raise Http404
    items = queries.texts_of(analysis, wanted)
    # A theme's list (or a commune's, a group's) counts exactly: the theme page gave that
    # figure. Words may match most of 100,000 texts: counted up to search.COUNT_CAP.
    counted = search.capped_count(items) if wanted["q"] else None
    count = min(counted, search.COUNT_CAP) if counted is not None else None
    listing = paginate(request, items, PAGE_SIZE, count=count)
    page = listing["page"]
    published = queries.texts_by_ref(process, [item.ref for item in page.object_list])
    rows = [(item, published.get(item.ref)) for item in page.object_list]
    themes = list(analysis.themes.order_by("number"))
    if len(themes) > 1:  # each text's "move to" list, its theme chosen: built once per theme
        options = {theme.pk: _theme_options(themes, chosen=theme.pk) for theme in themes}
        for item in page.object_list:
            item.move_options = options.get(item.theme_id) or _theme_options(themes)
    return render(
        request,
        "synthesis/texts.html",
        {
            **listing,
            "process": process,
            "analysis": analysis,
            "rows": rows,
            "wanted": {key: value for key, value in wanted.items() if value},
            "themes": themes,
            "split_theme": (
                analysis.themes.filter(number=wanted["theme"], size__gt=1).first()
                if wanted["theme"]
                else None
            ),
            **_capped(counted or 0),
            "way_labels": queries.WAY_LABELS,
            "communes": queries.analysis_communes(analysis),
        },
    )


SEARCH_FIELDS = ("q", "commune", "place", "phase", "theme", "way", "question")


def search_page(request, slug):
    """Every text of the démarche, contributions and questionnaire answers, by words and filters."""
    process = _staff_process(request, slug)
    wanted = {key: request.GET.get(key, "").strip()[:200] for key in SEARCH_FIELDS}
    if wanted["question"] and not wanted["question"].isdigit():
        raise Http404
    filters = search.SearchFilters(
        q=wanted["q"],
        commune=wanted["commune"],
        place=wanted["place"],
        phase=wanted["phase"],
        theme=wanted["theme"],
        way=wanted["way"],
        question=int(wanted["question"]) if wanted["question"] else None,
    )
    items = search.search(process, filters, public=False)
    counted = search.capped_count(items)
    listing = paginate(request, items, PAGE_SIZE, count=min(counted, search.COUNT_CAP))
    page = listing["page"]
    # Read again through the public layer: a text hidden since it was indexed is not shown.
    published = queries.texts_by_ref(process, [entry.ref for entry in page.object_list])
    rows = [published[entry.ref] for entry in page.object_list if entry.ref in published]
    return render(
        request,
        "synthesis/search.html",
        {
            **listing,
            **_capped(counted),
            "process": process,
            "rows": rows,
            "wanted": {key: value for key, value in wanted.items() if value},
            "choices": search.choices(process),
            "questions": queries.analysable_questions(process),
            "way_labels": queries.WAY_LABELS,
        },
    )


def _theme_options(themes, *, chosen=None, leave_out=None) -> str:
    """The <option>s of a choice of theme, built in Python: a template loop per row cost
    most of a page of 50 texts (50 lists of every theme) or of 30 themes (30 lists)."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (theme.number, mark_safe(" selected") if theme.pk == chosen else "", theme.name)
            for theme in themes
            if theme.pk != leave_out
        ),
    )


def _capped(counted: int) -> dict:
    """What the lists say past search.COUNT_CAP matches: "more than 1 000"."""
    return {
        "more_than": counted > search.COUNT_CAP,
        "count_cap": f"{search.COUNT_CAP:,}".replace(",", "\u00a0"),
    }


def _theme(process, pk, number) -> AnalysisTheme:
    return get_object_or_404(
        AnalysisTheme, analysis__process=process, analysis_id=pk, number=number
    )


def _back(process, analysis_id, anchor=""):
    response = redirect("synthesis:analysis", slug=process.slug, pk=analysis_id)
    response["Location"] += anchor
    return response


def _refused(request, error: ValidationError, process, analysis_id):
    for message in error.messages:
        messages.error(request, message)
    return _back(process, analysis_id)


@require_POST
def theme_action(request, slug, pk, number, action):
    process = _staff_process(request, slug)
    theme = _theme(process, pk, number)
    try:
        if action == "renommer":
            services.rename_theme(
                actor=request.user, theme=theme, label=request.POST.get("label", "")
            )
            messages.success(request, _("Thème renommé."))
        elif action == "valider":
            services.validate_theme(actor=request.user, theme=theme)
            messages.success(request, _("Thème validé."))
        elif action == "fusionner":
            into_number = request.POST.get("into", "")
            if not into_number.isdigit():
                raise ValidationError(_("Choisissez le thème qui reçoit les contributions."))
            into = _theme(process, pk, int(into_number))
            services.merge_themes(actor=request.user, theme=theme, into=into)
            messages.success(request, _("Thèmes fusionnés."))
            return _back(process, pk, f"#theme-{into.number}")
        elif action == "couper":
            members = request.POST.getlist("members")
            if not all(member.isdigit() for member in members):
                raise ValidationError(_("Choisissez des contributions de ce thème."))
            new = services.split_theme(
                actor=request.user,
                theme=theme,
                members=[int(member) for member in members] if members else None,
            )
            messages.success(
                request,
                _("Thème coupé en deux : %(count)s contributions forment le nouveau thème.")
                % {"count": new.size},
            )
            return _back(process, pk, f"#theme-{new.number}")
        else:
            raise Http404
    except ValidationError as error:
        return _refused(request, error, process, pk)
    return _back(process, pk, f"#theme-{theme.number}")


@require_POST
def move_text(request, slug, pk, text_id):
    process = _staff_process(request, slug)
    text = get_object_or_404(AnalysedText, analysis__process=process, analysis_id=pk, pk=text_id)
    number = request.POST.get("theme", "")
    if not number.isdigit():
        messages.error(request, _("Choisissez un thème."))
    else:
        target = _theme(process, pk, int(number))
        services.move_text(actor=request.user, text=text, to=target)
        messages.success(
            request, _("Contribution déplacée vers « %(name)s ».") % {"name": target.name}
        )
    back = request.POST.get("back_query", "")
    url = reverse("synthesis:texts", kwargs={"slug": process.slug, "pk": pk})
    return redirect(f"{url}?{back}" if back else url)


@require_POST
def mark_campaign(request, slug, pk, number):
    process = _staff_process(request, slug)
    group = get_object_or_404(
        DuplicateGroup, analysis__process=process, analysis_id=pk, number=number
    )
    services.mark_campaign(
        actor=request.user, group=group, is_campaign=request.POST.get("campaign") == "1"
    )
    messages.success(request, _("C'est noté."))
    return _back(process, pk, f"#doublon-{number}")


# ---------------------------------------------------------------- the report


def report_edit(request, slug):
    process = process_for(request.user, slug)
    can_write_synthesis.require(request.user, process)
    report = services.report_for(actor=request.user, process=process)
    form = ReportForm(request.POST or None, instance=report, prefix="report")
    if request.method == "POST" and form.is_valid():
        try:
            services.update_report(actor=request.user, report=report, fields=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Synthèse enregistrée."))
            return redirect("synthesis:report", slug=process.slug)
    return render_form(
        request,
        "synthesis/report_edit.html",
        {
            "process": process,
            "report": report,
            "form": form,
            "section_form": SectionForm(process=process, prefix="section"),
            "publish_form": PublishForm(),
            "sections": list(report.sections.all()),
        },
    )


def section_form(request, slug, section_id=None):
    process = process_for(request.user, slug)
    can_write_synthesis.require(request.user, process)
    report = services.report_for(actor=request.user, process=process)
    section = None
    if section_id is not None:
        section = get_object_or_404(report.sections, pk=section_id)
    form = SectionForm(request.POST or None, instance=section, process=process, prefix="section")
    if request.method == "POST" and form.is_valid():
        try:
            if section is None:
                services.add_section(actor=request.user, report=report, fields=form.cleaned_data)
            else:
                services.update_section(
                    actor=request.user, section=section, fields=form.cleaned_data
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Partie enregistrée."))
            return redirect("synthesis:report", slug=process.slug)
    return render_form(
        request,
        "synthesis/section_form.html",
        {"process": process, "report": report, "form": form, "section": section},
    )


@require_POST
def section_delete(request, slug, section_id):
    process = process_for(request.user, slug)
    can_write_synthesis.require(request.user, process)
    report = services.report_for(actor=request.user, process=process)
    section = get_object_or_404(report.sections, pk=section_id)
    services.delete_section(actor=request.user, section=section)
    messages.success(request, _("Partie supprimée."))
    return redirect("synthesis:report", slug=process.slug)


@require_POST
def report_publish(request, slug):
    process = process_for(request.user, slug)
    can_write_synthesis.require(request.user, process)
    report = services.report_for(actor=request.user, process=process)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.publish_report(
                actor=request.user, report=report, signed_by=form.cleaned_data["signed_by"]
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect("synthesis:report", slug=process.slug)
        messages.success(request, _("La synthèse est publiée."))
        return redirect("synthesis:public", slug=process.slug)
    messages.error(request, _("Écrivez le nom et la fonction de la personne qui valide."))
    return redirect("synthesis:report", slug=process.slug)


@require_POST
def report_unpublish(request, slug):
    process = process_for(request.user, slug)
    can_write_synthesis.require(request.user, process)
    report = services.report_for(actor=request.user, process=process)
    services.unpublish_report(actor=request.user, report=report)
    messages.success(request, _("La synthèse n'est plus publiée."))
    return redirect("synthesis:report", slug=process.slug)


def _readable_report(request, slug):
    process = process_for(request.user, slug)
    report = queries.report_of(process)
    if not can_read_synthesis(request.user, process, report):
        if report is not None and can_write_synthesis(request.user, process):
            raise PermissionDenied
        raise Http404
    return process, report


def _report_context(process, report, base_url="") -> dict:
    return {
        "process": process,
        "report": report,
        "introduction": render_markdown(report.introduction),
        "sections": rendering.render_report(report),
        "base_url": base_url,
    }


def public(request, slug):
    process, report = _readable_report(request, slug)
    return render(request, "synthesis/public.html", _report_context(process, report))


def _no_fetch(url, *args, **kwargs):
    """The PDF loads nothing, from this host or another: its style sheet is given inline."""
    raise ValueError(f"not fetched: {url}")


def pdf(request, slug):
    from weasyprint import CSS, HTML

    process, report = _readable_report(request, slug)
    base_url = request.build_absolute_uri("/").rstrip("/")
    html = render_to_string(
        "synthesis/pdf.html", _report_context(process, report, base_url), request=request
    )
    style = CSS(filename=finders.find("synthesis/synthesis-pdf.css"))
    document = HTML(string=html, base_url=base_url, url_fetcher=_no_fetch).write_pdf(
        stylesheets=[style]
    )
    response = HttpResponse(document, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="synthese-{process.slug}.pdf"'
    return response
