"""The audit log names what each purge removed as the register names it, not by its key."""

from types import SimpleNamespace

from django.utils import translation

from parlons.privacy.views import purges_in_words


def test_a_purge_is_told_with_the_registers_names_and_only_what_it_removed():
    purge = SimpleNamespace(
        created_at=None,
        data={"report": {"core.AuditEntry.actor": 1219, "core.AuditEntry.data": 0}},
    )
    with translation.override("fr"):
        assert purges_in_words([purge]) == [
            {"created_at": None, "removed": [("Journal des actions\u00a0: auteur", 1219)]}
        ]
