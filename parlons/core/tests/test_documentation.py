"""Every setting and every command a person can use is documented."""

import re
from pathlib import Path

from django.core.management import get_commands

ROOT = Path(__file__).resolve().parents[3]


def test_every_setting_is_documented():
    settings_source = (ROOT / "parlons" / "settings.py").read_text(encoding="utf-8")
    names = set(re.findall(r'env_(?:str|bool|int|list)\("([A-Z_]+)"', settings_source))
    documented = (ROOT / "docs" / "deployment.md").read_text(encoding="utf-8")
    missing = sorted(name for name in names if f"PARLONS_{name}" not in documented)
    assert names and missing == [], f"document these settings in docs/deployment.md: {missing}"


def test_every_parlons_command_is_documented_with_plain_help():
    ours = sorted(name for name, app in get_commands().items() if app.startswith("parlons."))
    documented = (ROOT / "docs" / "commands.md").read_text(encoding="utf-8")
    missing = [name for name in ours if f"`parlons {name}`" not in documented]
    assert ours and missing == [], f"document these commands in docs/commands.md: {missing}"
