"""Any text at all: no crash, spans inside the text, masked text rebuilt from the spans."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parlons.privacy.scrubber import PLACEHOLDERS, Scrubber

pytestmark = pytest.mark.engine

SCRUBBER = Scrubber(allowlist=["Anne Hidalgo"])
PIECES = [
    "M. ", "Mme ", "Le Goff", "LE GOFF", "Yannick", "Rose", "rue", "12 ", "bis", ", ", "29000 ",
    "Quimper", "06 12 34 56 78", "+33 6", "@", "exemple.fr", "FR76 3000 6000 0112 3456 7890 189",
    "1 85 05 78 006 084", "AB-123-CD", "192.168.", "::", "né le ", "12/03/1985", "numéro client ",
    "identifiant : ", "Saint-", "d'", "l'", "\n", "  ", "’", "Anne Hidalgo", "à ", "de la ", "é",
]  # fmt: skip
citizen_text = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), max_size=30).map(
    "".join
)


def check(text: str) -> None:
    result = SCRUBBER.scrub(text)
    previous_end = 0
    rebuilt = []
    for span in result.spans:
        assert previous_end <= span.start < span.end <= len(text)
        rebuilt.append(text[previous_end : span.start])
        rebuilt.append(PLACEHOLDERS["fr"][span.label])
        previous_end = span.end
    rebuilt.append(text[previous_end:])
    assert result.text == "".join(rebuilt)


@settings(max_examples=400, deadline=None)
@given(citizen_text)
def test_citizen_like_text_never_breaks_the_scrubber(text):
    check(text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_unicode_never_breaks_the_scrubber(text):
    check(text)


def test_a_long_text_is_scrubbed_in_reasonable_time():
    text = ("M. Le Goff habite 12 rue des Lilas, 06 12 34 56 78. " * 2000) + "a" * 50_000
    result = SCRUBBER.scrub(text)
    assert len(result.spans) == 6000
