"""Test harness shared by the whole suite: real browser settings and accessibility checks."""

import os
from pathlib import Path

# Playwright's event loop and pytest-django's live server share the test thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("PARLONS_TESTING", "true")

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("PARLONS_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "fr-FR"}


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core violations on the page as it is now.

    A page opened with JavaScript disabled (the `no_js_page` fixture) cannot run
    axe: its URL is checked again in a JavaScript-enabled page with the same cookies.
    """
    # Playwright has no public getter for java_script_enabled; its context options do.
    context_options = getattr(page.context, "_impl_obj", None)
    no_js = getattr(page, "_parlons_no_js", False) or (
        context_options is not None and context_options._options.get("javaScriptEnabled") is False
    )
    if no_js:
        context = page.context.browser.new_context(
            locale="fr-FR", storage_state=page.context.storage_state()
        )
        try:
            twin = context.new_page()
            twin.goto(page.url)
            return axe_violations(twin)
        finally:
            context.close()
    # evaluate() runs through the DevTools protocol, which the page's strict CSP allows.
    page.evaluate(AXE_SCRIPT.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def assert_accessible():
    """Call with a Playwright page: fails on any serious or critical axe-core violation."""

    def check(page):
        violations = axe_violations(page)
        assert violations == [], f"axe-core on {page.url}: {violations}"

    return check


@pytest.fixture
def no_js_page(browser):
    """A page with JavaScript disabled: every page must work without it."""
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    page._parlons_no_js = True
    yield page
    context.close()


@pytest.fixture
def no_external_requests(page):
    """Records every request the page makes to another host; the test asserts it stays empty."""
    external: list[str] = []

    def watch(request):
        url = request.url
        if (
            url.startswith(("http://", "https://"))
            and "127.0.0.1" not in url
            and "localhost" not in url
        ):
            external.append(url)

    page.on("request", watch)
    return external
