"""The seams between apps: what each app declares is found, covered by tests, and kept apart."""

from importlib import import_module

import pytest

from parlons.core.registry import app_modules
from parlons.core.rules import RULES


def _app_rules() -> dict[str, set[str]]:
    """Each app's @rule predicates, by app module (importing rules.py registers them)."""
    found: dict[str, set[str]] = {}
    for config, _module in app_modules("rules"):
        found[config.name] = {
            key.rsplit(".", 1)[1] for key in RULES if key.startswith(f"{config.name}.rules.")
        }
    return found


def test_every_rule_is_covered_by_its_app_role_matrix():
    """A new predicate must enter its app's role x phase tests (tests/test_rules.py)."""
    missing = {}
    for app, names in _app_rules().items():
        if not names:
            continue
        covered = getattr(import_module(f"{app}.tests.test_rules"), "COVERED_RULES", set())
        if names - covered:
            missing[app] = sorted(names - covered)
    assert missing == {}, f"add these rules to the app's COVERED_RULES and its matrix: {missing}"


def test_every_refusal_says_something():
    refusals = {key: rule.refusal for key, rule in RULES.items() if not callable(rule.refusal)}
    assert refusals and all(str(text).strip() for text in refusals.values())


@pytest.mark.django_db
def test_django_admin_is_not_mounted_and_media_are_not_served_outside_debug(
    client, settings, tmp_path
):
    assert client.get("/admin/").status_code == 404
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "essai.txt").write_text("x")
    assert client.get("/media/essai.txt").status_code == 404


@pytest.mark.django_db
def test_the_demo_on_one_machine_serves_its_uploaded_images(client, settings, tmp_path):
    """`make run` (PARLONS_DEMO) shows the logo and banners it drew: Django serves /media/."""
    import importlib

    from django.urls import clear_url_caches

    import parlons.urls

    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    settings.SERVE_MEDIA = True
    try:
        importlib.reload(parlons.urls)
        clear_url_caches()
        assert client.get("/media/logo.png").status_code == 200
        assert client.get("/media/../settings.py").status_code in (400, 404)  # never outside
    finally:
        settings.SERVE_MEDIA = False
        importlib.reload(parlons.urls)
        clear_url_caches()
    assert client.get("/media/logo.png").status_code == 404
