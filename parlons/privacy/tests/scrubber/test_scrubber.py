import pytest

from parlons.privacy.scrubber import LABELS, PLACEHOLDERS, Scrubber, ScrubResult, Span, scrub
from parlons.privacy.scrubber.spans import Candidate, resolve

pytestmark = pytest.mark.engine

CITIZEN = (
    "Bonjour, je suis Nathalie Kerjean, j'habite 12 rue des Lilas 29000 Quimper, "
    "appelez-moi au 06 12 34 56 78 ou écrivez à nathalie@exemple.fr. Bonne journée !"
)


def test_scrub_masks_with_french_labels_and_reports_original_offsets():
    result = Scrubber().scrub(CITIZEN)
    assert result.text == (
        "Bonjour, je suis [nom], j'habite [adresse], appelez-moi au [téléphone] ou "
        "écrivez à [e-mail]. Bonne journée !"
    )
    assert [(CITIZEN[s.start : s.end], s.label) for s in result.spans] == [
        ("Nathalie Kerjean", "person"),
        ("12 rue des Lilas 29000 Quimper", "address"),
        ("06 12 34 56 78", "phone"),
        ("nathalie@exemple.fr", "email"),
    ]


def test_english_labels_on_request():
    assert Scrubber(language="en").scrub("M. Le Goff, 06 12 34 56 78").text == "M. [name], [phone]"


def test_every_label_has_a_placeholder_in_each_language():
    assert set(PLACEHOLDERS["fr"]) == set(LABELS) == set(PLACEHOLDERS["en"])


def test_labels_can_be_restricted():
    result = Scrubber(labels=["phone"]).scrub("M. Le Goff, 06 12 34 56 78")
    assert result.text == "M. Le Goff, [téléphone]"


def test_scrub_many_equals_scrub_one_by_one():
    scrubber = Scrubber()
    texts = [CITIZEN, "", "Rien à signaler.", "Mme Rose, 0612345678"]
    assert scrubber.scrub_many(texts) == [scrubber.scrub(t) for t in texts]


def test_empty_text_and_plain_text_come_back_unchanged():
    assert scrub("") == ScrubResult("", ())
    assert scrub("Rien à signaler.") == ScrubResult("Rien à signaler.", ())


def test_result_serialises_to_plain_data():
    result = scrub("tél 06 12 34 56 78")
    assert result.to_dict() == {
        "text": "tél [téléphone]",
        "spans": [{"start": 4, "end": 18, "label": "phone"}],
    }


def test_bad_arguments_are_refused_clearly():
    with pytest.raises(ValueError, match="language"):
        Scrubber(language="de")
    with pytest.raises(ValueError, match="unknown labels"):
        Scrubber(labels=["passport"])
    with pytest.raises(TypeError, match="str"):
        Scrubber().scrub(None)


def test_overlaps_keep_the_higher_priority_and_the_uncovered_part_of_the_other():
    candidates = [
        Candidate(0, 10, "identifier", 75),
        Candidate(8, 30, "address", 50),
        Candidate(2, 6, "phone", 70),
    ]
    text = "x" * 40
    assert resolve(candidates, text) == [Span(0, 10, "identifier"), Span(10, 30, "address")]
