"""Tests compare the engine's sentences as plain text; `test_explanations` checks the real
no-break spaces (numbers never wrap) once."""

import re


def plain(text: str) -> str:
    """The spaces of numbers and units as plain spaces (also JSON's escapes of them).

    The no-break spaces of French punctuation (before ; : ! ? and inside « »)
    stay: the tests' own strings carry them too (scripts/french-typography).
    """
    text = text.replace("\u202f", " ").replace("\\u202f", " ")
    text = re.sub(r"(?<!«)\xa0(?![:;!?»])", " ", text)
    return re.sub(r"(?<!«)\\u00a0(?![:;!?»])", " ", text)


def explained(texts: dict[str, str]) -> dict[str, str]:
    return {key: plain(text) for key, text in texts.items()}
