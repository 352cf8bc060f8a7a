"""Public notices of the algorithms, in parlons/transparency/algorithms/: `<slug>.md` in plain French,
`<slug>.en.md` its English version, shown when the reader chose English."""

from dataclasses import dataclass
from pathlib import Path

NOTICES_DIR = Path(__file__).resolve().parent / "algorithms"  # shipped with the package
# Languages a notice is translated into, besides French (the file without a suffix).
TRANSLATIONS = ("en",)


@dataclass(frozen=True)
class Notice:
    slug: str
    title: str
    text: str
    language: str


def _read(path: Path, slug: str, language: str) -> Notice:
    text = path.read_text(encoding="utf-8")
    first = text.lstrip().splitlines()[0] if text.strip() else slug
    return Notice(slug=slug, title=first.lstrip("# ").strip(), text=text, language=language)


def translation_path(slug: str, language: str) -> Path:
    return NOTICES_DIR / f"{slug}.{language}.md"


def _in(slug: str, language: str | None) -> Notice:
    """The notice in `language` when it is translated, in French otherwise."""
    if language in TRANSLATIONS:
        path = translation_path(slug, language)
        if path.is_file():
            return _read(path, slug, language)
    return _read(NOTICES_DIR / f"{slug}.md", slug, "fr")


def slugs() -> list[str]:
    """Every notice, by the name of its French file (the reference version)."""
    if not NOTICES_DIR.is_dir():
        return []
    return sorted(path.stem for path in NOTICES_DIR.glob("*.md") if "." not in path.stem)


def all_notices(language: str | None = "fr") -> list[Notice]:
    return sorted((_in(slug, language) for slug in slugs()), key=lambda n: n.title)


def notice(slug: str, language: str | None = "fr") -> Notice | None:
    if not slug.replace("-", "").isalnum() or slug not in slugs():
        return None
    return _in(slug, language)
