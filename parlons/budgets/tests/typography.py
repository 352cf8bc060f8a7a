"""Tests compare the engine's sentences as plain text; `test_explanations` checks the real
no-break spaces (numbers never wrap) once."""


def plain(text: str) -> str:
    """Narrow and ordinary no-break spaces as plain spaces (also JSON's escapes of them)."""
    for space in ("\u202f", "\xa0", "\\u202f", "\\u00a0"):
        text = text.replace(space, " ")
    return text


def explained(texts: dict[str, str]) -> dict[str, str]:
    return {key: plain(text) for key, text in texts.items()}
