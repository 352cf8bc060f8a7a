"""Erasures are logged as digests, in the database and in a file, and replayed after a restore."""

import json
from datetime import timedelta

import pytest

from parlons.accounts.models import User
from parlons.core.models import AuditEntry
from parlons.privacy.erasures import LoggedErasure, account_digest, erasure_salt, read_log
from parlons.privacy.models import ErasureRecord
from parlons.privacy.services import erase_account, replay_erasures

pytestmark = pytest.mark.django_db


@pytest.fixture
def erasure_log(settings, tmp_path):
    settings.ERASURE_LOG = tmp_path / "erasures.jsonl"
    return settings.ERASURE_LOG


def logged_as_erased(user, *, keep_contributions=True) -> LoggedErasure:
    """The line the erasure of `user` writes, without erasing them (a later erasure, lost)."""
    salt = erasure_salt()
    record = ErasureRecord(
        digest=account_digest(salt, user.pk, user.date_joined),
        keep_contributions=keep_contributions,
    )
    return LoggedErasure.of(record, salt)


def write_log(path, *entries) -> None:
    path.write_text("".join(entry.line() + "\n" for entry in entries), encoding="utf-8")


def test_an_erasure_is_recorded_as_a_digest_without_address_or_name(
    citizen, erasure_log, django_capture_on_commit_callbacks
):
    email, pseudonym = citizen.email, citizen.pseudonym
    with django_capture_on_commit_callbacks(execute=True):
        erase_account(actor=citizen, user=citizen, keep_contributions=False)
    record = ErasureRecord.objects.get()
    assert record.digest == account_digest(erasure_salt(), citizen.pk, citizen.date_joined)
    assert record.keep_contributions is False
    line = erasure_log.read_text(encoding="utf-8")
    assert len(line.splitlines()) == 1
    data = json.loads(line)
    assert sorted(data) == ["digest", "erased_at", "format", "keep_contributions", "salt"]
    assert (data["digest"], data["keep_contributions"]) == (record.digest, False)
    assert email.split("@")[0] not in line and pseudonym not in line


def test_an_erasure_reaches_the_log_file_only_once_committed(
    citizen, erasure_log, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as pending:
        erase_account(actor=citizen, user=citizen)
    assert not erasure_log.exists(), "nothing is written before the commit"
    for callback in pending:
        callback()
    assert len(erasure_log.read_text().splitlines()) == 1


def test_replay_erases_again_an_account_that_only_the_log_file_knows(
    citizen, other_citizen, erasure_log
):
    write_log(erasure_log, logged_as_erased(citizen, keep_contributions=False))
    report = replay_erasures()
    citizen.refresh_from_db()
    other_citizen.refresh_from_db()
    assert (report.erased_again, report.known, report.unreadable_lines) == (1, 1, [])
    assert citizen.erased_at is not None and citizen.email.endswith("@parlons.invalid")
    assert other_citizen.erased_at is None
    erasure = AuditEntry.objects.get(action="privacy.erase_account", target_id=str(citizen.pk))
    assert (erasure.actor, erasure.data) == (None, {"keep_contributions": False})
    assert ErasureRecord.objects.count() == 1, "the database learns the erasure again"
    assert len(erasure_log.read_text().splitlines()) == 1, "and the file is not written twice"


def test_replay_writes_to_the_file_what_only_the_database_knew(
    citizen, erasure_log, django_capture_on_commit_callbacks
):
    erase_account(actor=citizen, user=citizen)  # committed, but its line was lost
    assert not erasure_log.exists()
    with django_capture_on_commit_callbacks(execute=True):
        report = replay_erasures()
    assert (report.erased_again, report.added_to_log) == (0, 1)
    entries, unreadable = read_log()
    assert [entry.digest for entry in entries] == [ErasureRecord.objects.get().digest]
    assert unreadable == []


def test_replay_spares_a_later_account_that_was_given_the_same_id(citizen, erasure_log):
    write_log(erasure_log, logged_as_erased(citizen))
    # After a restore, the id of an account lost with the newer data can be given again:
    # same id, another sign-up instant.
    User.objects.filter(pk=citizen.pk).update(date_joined=citizen.date_joined + timedelta(days=3))
    assert replay_erasures().erased_again == 0
    citizen.refresh_from_db()
    assert citizen.erased_at is None


def test_replay_leaves_lines_of_another_installation_and_reports_unreadable_ones(
    citizen, erasure_log
):
    mine = logged_as_erased(citizen)
    elsewhere = LoggedErasure(mine.digest, "0123456789abcdef", True, mine.erased_at)
    erasure_log.write_text(
        elsewhere.line() + "\n" + "pas du JSON\n" + '{"digest": "court"}\n', encoding="utf-8"
    )
    report = replay_erasures()
    citizen.refresh_from_db()
    assert citizen.erased_at is None
    assert (report.foreign, report.unreadable_lines, report.erased_again) == (1, [2, 3], 0)
