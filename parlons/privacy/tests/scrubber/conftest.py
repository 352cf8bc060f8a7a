import pytest

from parlons.privacy.scrubber import Scrubber


@pytest.fixture(scope="session")
def scrubber() -> Scrubber:
    return Scrubber()


@pytest.fixture(scope="session")
def found(scrubber):
    """found(text) -> [(masked substring, label), ...] in text order."""

    def find(text: str, with_scrubber: Scrubber | None = None) -> list[tuple[str, str]]:
        spans = (with_scrubber or scrubber).find(text)
        return [(text[s.start : s.end], s.label) for s in spans]

    return find
