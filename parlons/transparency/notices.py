"""Public notices of the algorithms, written in plain French in docs/algorithms/*.md."""

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

NOTICES_DIR = Path(settings.BASE_DIR) / "docs" / "algorithms"


@dataclass(frozen=True)
class Notice:
    slug: str
    title: str
    text: str


def _read(path: Path) -> Notice:
    text = path.read_text(encoding="utf-8")
    first = text.lstrip().splitlines()[0] if text.strip() else path.stem
    return Notice(slug=path.stem, title=first.lstrip("# ").strip(), text=text)


def all_notices() -> list[Notice]:
    if not NOTICES_DIR.is_dir():
        return []
    return sorted((_read(path) for path in NOTICES_DIR.glob("*.md")), key=lambda n: n.title)


def notice(slug: str) -> Notice | None:
    path = NOTICES_DIR / f"{slug}.md"
    if not slug.replace("-", "").isalnum() or not path.is_file():
        return None
    return _read(path)
