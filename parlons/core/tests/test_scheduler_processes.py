"""Two web processes and two task workers share one PostgreSQL, as on several machines.

The schedules are made short (PARLONS_SCHEDULE, in seconds). People sign up
and register for a meeting through both web processes, and ask for a new
password; the workers start the periodic jobs and send the e-mails. Each
periodic job must have run once per planned time (no time twice, none
skipped), each run must have done its work once, and each e-mail must have
left once: a reminder per registration, a message per password request.
"""

import email
import email.policy
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections import Counter
from datetime import timedelta
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from parlons.accounts.models import OutgoingEmail
from parlons.core.models import AuditEntry, Commune, PeriodicJobRun
from parlons.meetings.models import Meeting, Place, Registration

ROOT = Path(__file__).resolve().parents[3]
PERIODS = {  # seconds: at least three heartbeats (1 s), so that no planned time is missed
    "core.clean_up_workers": 5,
    "accounts.send_digests": 4,
    "privacy.purge_personal_data": 4,
    "meetings.send_reminders": 3,
}
PEOPLE = 4


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _parlons(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "parlons", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def _database_url() -> str:
    db = connection.settings_dict
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        f"/{db['NAME']}"
    )


class Browser:
    """A person's cookies and the forms they send, through one web process or another."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))

    def get(self, url: str) -> str:
        with self.opener.open(url, timeout=30) as response:
            return response.read().decode()

    def post(self, url: str, form_page: str, fields: dict) -> str:
        """Send the form of `form_page` (its CSRF token and one-time token) with `fields`."""
        page = self.get(form_page)
        hidden = dict(re.findall(r'name="(csrfmiddlewaretoken|form_token)" value="([^"]+)"', page))
        data = urllib.parse.urlencode(hidden | fields).encode()
        request = urllib.request.Request(url, data=data, headers={"Referer": form_page})
        with self.opener.open(request, timeout=30) as response:
            return response.geturl()


def _wait_until_up(base: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        try:
            with urllib.request.urlopen(f"{base}/sante/", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{base} never answered")


@pytest.mark.django_db(transaction=True)
def test_two_web_processes_and_two_workers_start_each_job_once_and_send_each_e_mail_once(
    tmp_path, territory, make_process, organiser
):
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs PostgreSQL: several processes writing at once (set PARLONS_DATABASE_URL); "
            "SQLite is for one machine and one worker"
        )
    process = make_process()
    place = Place.objects.create(
        territory=territory,
        name="Médiathèque du Port",
        kind=Place.Kind.LIBRARY,
        address="2 quai des Goélands",
        postcode="29001",
        commune=Commune.objects.filter(territory=territory).first(),
    )
    starts_at = timezone.now() + timedelta(hours=3)
    meeting = Meeting.objects.create(
        process=process,
        place=place,
        title="Le numérique et l'emploi",
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        created_by=organiser,
    )
    mail_dir = tmp_path / "mail"
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PARLONS_", "DJANGO_", "PYTEST"))
    }
    env |= {
        "PARLONS_DATABASE_URL": _database_url(),
        "PARLONS_SECRET_KEY": "processes-test-" + "x" * 40,
        "PARLONS_VAR_DIR": str(tmp_path),
        "PARLONS_SITE_URL": "http://127.0.0.1",
        "PARLONS_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "PARLONS_EMAIL_FILE_PATH": str(mail_dir),
        "PARLONS_SCHEDULE": ",".join(f"{name}={s}s" for name, s in PERIODS.items()),
        "PARLONS_WORKER_HEARTBEAT_SECONDS": "1",
        "PARLONS_WORKER_STALE_SECONDS": "5",
        "PARLONS_LIMIT_SIGNUP_PER_ADDRESS": "1000",
        "PARLONS_LIMIT_PASSWORD_RESET_PER_ADDRESS": "1000",
    }
    # As in production: the pages read hashed static names from the manifest.
    assert _parlons(env, "collectstatic", "--no-input", "-v0").wait(timeout=120) == 0
    ports = [_free_port(), _free_port()]
    webs = [_parlons(env, "runserver", "--noreload", f"127.0.0.1:{port}") for port in ports]
    workers = [
        _parlons(env, "db_worker", "--interval", "0.2", "--worker-id", name)
        for name in ("machine-a", "machine-b")
    ]
    try:
        bases = [f"http://127.0.0.1:{port}" for port in ports]
        for base, web in zip(bases, webs, strict=True):
            _wait_until_up(base, web)
        meeting_path = meeting.get_absolute_url()
        for number in range(PEOPLE):
            here, there = bases[number % 2], bases[(number + 1) % 2]
            person = Browser()
            address = f"habitant{number}@exemple.test"
            landed = person.post(
                f"{here}/compte/inscription/",
                f"{here}/compte/inscription/",
                {
                    "email": address,
                    "pseudonym": f"habitant{number}",
                    "password": "une phrase de passe solide",
                    "password_confirm": "une phrase de passe solide",
                    "accept_terms": "on",
                },
            )
            assert landed == f"{here}/compte/inscription/verifiez/", landed
            # The link of the confirmation e-mail, then signing in (on the other process).
            body = OutgoingEmail.objects.filter(to=address).latest("pk").body
            person.get(here + re.search(r"/compte/confirmer/\S+/", body)[0])
            signed_in = person.post(
                f"{there}/compte/connexion/",
                f"{there}/compte/connexion/",
                {"username": address, "password": "une phrase de passe solide"},
            )
            assert signed_in == f"{there}/", signed_in
            # The session is in the shared database: the other web process knows them.
            person.post(f"{there}{meeting_path}inscription/", f"{there}{meeting_path}", {})
            Browser().post(
                f"{there}/compte/mot-de-passe/", f"{there}/compte/mot-de-passe/", {"email": address}
            )
        assert Registration.objects.filter(meeting=meeting).count() == PEOPLE
        # Long enough for every job to come round a few times after the last registration.
        time.sleep(3 * max(PERIODS.values()))
    finally:
        for child in workers + webs:
            child.send_signal(signal.SIGTERM)
        for child in workers + webs:
            try:
                child.wait(timeout=30)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()

    runs = PeriodicJobRun.objects.filter(trigger="schedule")
    for name, period in PERIODS.items():
        slots = sorted(run.slot.timestamp() for run in runs.filter(job=name))
        assert len(slots) >= 3, (name, slots)
        assert all(slot % period == 0 for slot in slots), (name, slots)
        gaps = {later - earlier for earlier, later in zip(slots, slots[1:], strict=False)}
        assert gaps == {period}, f"{name}: each planned time once, none skipped: {slots}"
    # A planned time that came round as the workers were being stopped may be left queued
    # (a stopping worker takes no new task): only the last one of its job, never an earlier.
    for run in runs.exclude(status="successful"):
        assert run.status == "queued", (run.job, run.status)
        assert run.slot == runs.filter(job=run.job).latest("slot").slot, (run.job, run.slot)
    done = runs.filter(status="successful")
    assert done.count() >= runs.count() - len(PERIODS)
    # Each run was queued once and did its work once (the jobs write one audit entry a run).
    run_ids = Counter(
        task.args_kwargs["kwargs"]["run_id"]
        for task in DBTaskResult.objects.filter(task_path="parlons.core.scheduler.run_periodic_job")
    )
    assert set(run_ids.values()) == {1} and set(run_ids) == set(runs.values_list("pk", flat=True))
    for job, action in (
        ("privacy.purge_personal_data", "privacy.purge"),
        ("meetings.send_reminders", "meetings.send_reminders"),
    ):
        assert AuditEntry.objects.filter(action=action).count() == done.filter(job=job).count()
    # The file backend writes each connection's messages to a file, a line of dashes after each.
    sent = [
        email.message_from_string(part, policy=email.policy.default)
        for path in mail_dir.iterdir()
        for part in path.read_text().split("\n" + "-" * 79 + "\n")
        if part.strip()
    ]
    subjects = Counter((str(message["To"]), str(message["Subject"])) for message in sent)
    reminders = {key: n for key, n in subjects.items() if "Rappel" in key[1]}
    confirmations = {key: n for key, n in subjects.items() if "Confirmez" in key[1]}
    resets = {key: n for key, n in subjects.items() if key not in reminders | confirmations}
    assert len(reminders) == PEOPLE and set(reminders.values()) == {1}, reminders
    assert len(confirmations) == PEOPLE and set(confirmations.values()) == {1}, confirmations
    assert len(resets) == PEOPLE and set(resets.values()) == {1}, resets
    assert OutgoingEmail.objects.filter(sent_at__isnull=True).count() == 0
    assert OutgoingEmail.objects.count() == 3 * PEOPLE  # a confirmation, a reminder, a reset each
    assert Registration.objects.filter(meeting=meeting, reminded_at__isnull=True).count() == 0
