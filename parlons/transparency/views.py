from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language

from parlons.core.markdown import render_markdown
from parlons.transparency.notices import all_notices, notice


def charter(request):
    return render(request, "transparency/charter.html")


def accessibility(request):
    return render(request, "transparency/accessibility.html")


def algorithms(request):
    return render(request, "transparency/algorithms.html", {"notices": all_notices(get_language())})


def algorithm(request, slug):
    found = notice(slug, get_language())
    if found is None:
        raise Http404(slug)
    body = found.text.split("\n", 1)[1] if "\n" in found.text else ""
    return render(
        request,
        "transparency/algorithm.html",
        {"notice": found, "body_html": render_markdown(body, language=found.language)},
    )
