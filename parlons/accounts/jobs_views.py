"""The administrators' page of the periodic jobs: last run, outcome, next run, run now."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from parlons.accounts import services
from parlons.accounts.rules import can_manage_periodic_jobs
from parlons.core.forms import already_sent
from parlons.core.models import PeriodicJobRun
from parlons.core.once import AlreadySent, once
from parlons.core.queries import current_territory
from parlons.core.scheduler import job_overview, periodic_jobs

RECENT_RUNS = 20


def duration_in_words(duration: timedelta | None) -> str:
    if duration is None:
        return ""
    seconds = duration.total_seconds()
    if seconds < 0.1:
        return _("moins de 0,1 s")
    if seconds < 60:
        return _("%(seconds)s s") % {"seconds": f"{seconds:.1f}".replace(".", ",")}
    minutes, seconds = divmod(round(seconds), 60)
    return _("%(minutes)d min %(seconds)02d s") % {"minutes": minutes, "seconds": seconds}


@login_required
@require_http_methods(["GET", "POST"])
def periodic_jobs_page(request):
    territory = current_territory()
    can_manage_periodic_jobs.require(request.user, territory)
    error = ""
    if request.method == "POST":
        name = request.POST.get("job", "")
        try:
            run = once(
                request,
                lambda: services.run_periodic_job_now(
                    actor=request.user, territory=territory, name=name
                ),
                url=lambda _run: reverse("accounts:periodic_jobs"),
            )
        except AlreadySent as sent:
            return already_sent(request, sent, reverse("accounts:periodic_jobs"))
        except ValidationError as refusal:
            error = " ".join(refusal.messages)
        else:
            label = next(job.label for job in periodic_jobs() if job.name == run.job)
            messages.success(
                request,
                _("« %(job)s » est lancée. Son résultat s'affiche ici dès qu'elle est terminée.")
                % {"job": label},
            )
            return redirect("accounts:periodic_jobs")
    jobs = job_overview()
    for item in jobs:
        item["duration"] = duration_in_words(item["last"].duration if item["last"] else None)
    labels = {item["job"].name: item["job"].label for item in jobs}
    recent = list(PeriodicJobRun.objects.all()[:RECENT_RUNS])
    for run in recent:
        run.label = labels.get(run.job, run.job)
        run.duration_words = duration_in_words(run.duration)
    return render(
        request,
        "accounts/periodic_jobs.html",
        {"jobs": jobs, "recent": recent, "error": error, "time_zone": settings.TIME_ZONE},
        status=400 if error else 200,
    )
