"""A task left by a worker that died is taken up again, and its e-mail leaves once.

The last test is the real thing: a worker process is killed (SIGKILL) while
it waits on a mail server that never answers; a second worker takes the task
up after the stale delay and sends the e-mail; exactly one e-mail leaves.
"""

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from parlons.accounts.models import OutgoingEmail
from parlons.accounts.tasks import queue_email, send_email
from parlons.core.models import WorkerHeartbeat
from parlons.core.worker import beat, requeue_abandoned

ROOT = Path(__file__).resolve().parents[3]


def running_task(worker_id: str, started_minutes_ago: int) -> DBTaskResult:
    return DBTaskResult.objects.create(
        status=TaskResultStatus.RUNNING,
        args_kwargs={"args": [], "kwargs": {"email_id": 1}},
        task_path="parlons.accounts.tasks.send_email",
        backend_name="default",
        queue_name="default",
        run_after=timezone.now(),
        started_at=timezone.now() - timedelta(minutes=started_minutes_ago),
        worker_ids=[worker_id],
    )


@pytest.mark.django_db
def test_only_the_tasks_of_silent_workers_go_back_to_the_queue():
    beat("vivant")
    WorkerHeartbeat.objects.create(
        worker_id="muet",
        started_at=timezone.now() - timedelta(hours=1),
        seen_at=timezone.now() - timedelta(minutes=10),
    )
    long_task_of_a_live_worker = running_task("vivant", started_minutes_ago=30)
    left_by_a_silent_worker = running_task("muet", started_minutes_ago=11)
    left_by_a_vanished_worker = running_task("disparu", started_minutes_ago=5)
    just_started = running_task("disparu", started_minutes_ago=0)
    requeued = requeue_abandoned(stale=timedelta(seconds=60))
    assert sorted(requeued) == sorted(
        [str(left_by_a_silent_worker.pk), str(left_by_a_vanished_worker.pk)]
    )
    statuses = {
        task.pk: task.status
        for task in DBTaskResult.objects.filter(
            pk__in=[long_task_of_a_live_worker.pk, just_started.pk, left_by_a_silent_worker.pk]
        )
    }
    assert statuses == {
        long_task_of_a_live_worker.pk: TaskResultStatus.RUNNING,
        just_started.pk: TaskResultStatus.RUNNING,
        left_by_a_silent_worker.pk: TaskResultStatus.READY,
    }
    assert requeue_abandoned(stale=timedelta(seconds=60)) == []  # done once


@pytest.mark.django_db(transaction=True)
def test_an_e_mail_is_sent_once_whatever_the_attempts():
    email = queue_email(to="camille@exemple.test", subject="Réponse", body="Bonjour.")
    assert len(mail.outbox) == 1  # the immediate test queue ran the task on commit
    assert OutgoingEmail.objects.get(pk=email.pk).sent_at is not None
    send_email.enqueue(email_id=email.pk)  # the same e-mail queued again, or a retry
    assert len(mail.outbox) == 1


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _silent_mail_server(port: int, stop: threading.Event) -> None:
    """Accepts connections and never says a word: the worker waits in smtplib."""
    with socket.socket() as server:
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", port))
        server.listen()
        server.settimeout(0.2)
        held = []
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue
        for connection in held:
            connection.close()


def _parlons(env: dict, *args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "parlons", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        **kwargs,
    )


@pytest.mark.once
def test_a_killed_worker_task_is_taken_up_and_its_e_mail_leaves_once(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PARLONS_", "DJANGO_", "PYTEST"))
    }
    env |= {
        "PARLONS_DATABASE_URL": f"sqlite:///{tmp_path / 'worker.sqlite3'}",
        "PARLONS_SECRET_KEY": "worker-test-" + "x" * 40,
        "PARLONS_VAR_DIR": str(tmp_path),
        "PARLONS_WORKER_HEARTBEAT_SECONDS": "1",
        "PARLONS_WORKER_STALE_SECONDS": "3",
    }
    assert _parlons(env, "migrate", "-v0").wait(timeout=120) == 0
    enqueue = (
        "from django.db import transaction\n"
        "from parlons.accounts.tasks import queue_email\n"
        "with transaction.atomic():\n"
        "    queue_email(to='camille@exemple.test', subject='Rappel', body='Demain 18 h.')\n"
    )
    assert _parlons(env, "shell", "-c", enqueue).wait(timeout=60) == 0

    port, stop = _free_port(), threading.Event()
    server = threading.Thread(target=_silent_mail_server, args=(port, stop), daemon=True)
    server.start()
    hung = {
        "PARLONS_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "PARLONS_EMAIL_HOST": "127.0.0.1",
        "PARLONS_EMAIL_PORT": str(port),
        "PARLONS_EMAIL_TIMEOUT": "600",
    }
    first = _parlons(env | hung, "db_worker", "--interval", "0.2", "--worker-id", "premier")
    try:
        deadline = time.monotonic() + 60
        status = ""
        while time.monotonic() < deadline and status != "RUNNING":
            time.sleep(0.3)
            status = _task_status(env)
        assert status == "RUNNING", "the first worker never claimed the task"
        time.sleep(1)  # it now waits for the mail server's greeting
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=10)
    finally:
        stop.set()
        if first.poll() is None:
            first.kill()

    outbox = tmp_path / "sent"
    files = {
        "PARLONS_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "PARLONS_EMAIL_FILE_PATH": str(outbox),
    }
    second = _parlons(env | files, "db_worker", "--interval", "0.2", "--worker-id", "second")
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and _task_status(env) != "SUCCESSFUL":
            time.sleep(0.3)
        assert _task_status(env) == "SUCCESSFUL"
        time.sleep(2)  # long enough for a second, wrong, sending
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=20)
    sent = list(outbox.iterdir())
    assert len(sent) == 1
    assert "Subject: Rappel" in sent[0].read_text()
    assert _worker_ids(env) == "premier,second"


def _query(env: dict, expression: str) -> str:
    script = (
        "from django_tasks_db.models import DBTaskResult\n"
        # the e-mail's task (the workers also start periodic jobs when their time comes)
        "task = DBTaskResult.objects.get(task_path='parlons.accounts.tasks.send_email')\n"
        f"print({expression})\n"
    )
    result = subprocess.run(
        [sys.executable, "-m", "parlons", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]  # after the shell's own greeting


def _task_status(env: dict) -> str:
    return _query(env, "task.status")


def _worker_ids(env: dict) -> str:
    return _query(env, "','.join(task.worker_ids)")
