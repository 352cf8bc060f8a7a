"""What the statement says Parlons tests is true: each claim is read back from the browser tests."""

import ast
import json
from pathlib import Path

import pytest

from parlons.transparency.accessibility import AXE_CORE_VERSION, JOURNEYS, Journey

ROOT = Path(__file__).resolve().parents[3]


def read_journey_test(journey: Journey) -> tuple[ast.Module, ast.FunctionDef, str]:
    """The journey's test, its module, and its source with the module helpers it calls."""
    path, name = journey.test.split("::")
    source = (ROOT / path).read_text(encoding="utf-8")
    module = ast.parse(source)
    helpers = {node.name: node for node in module.body if isinstance(node, ast.FunctionDef)}
    assert name in helpers, f"{journey.test} does not exist"
    seen, queue = [], [helpers[name]]
    while queue:
        function = queue.pop()
        if function in seen:
            continue
        seen.append(function)
        for call in ast.walk(function):
            if isinstance(call, ast.Name) and call.id in helpers:
                queue.append(helpers[call.id])
    return module, helpers[name], "\n".join(ast.get_source_segment(source, f) for f in seen)


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda journey: journey.test.split("::")[1])
def test_each_journey_is_a_browser_test_that_checks_its_pages_with_axe(journey):
    module, function, source = read_journey_test(journey)
    assert "pytest.mark.browser" in ast.unparse(module), f"{journey.test} is not a browser test"
    fixtures = {argument.arg for argument in function.args.args}
    assert "assert_accessible" in fixtures
    for page in journey.pages:
        assert page.path in source, f"{journey.test} never opens {page.path}"


@pytest.mark.parametrize(
    "journey",
    [journey for journey in JOURNEYS if journey.keyboard_only],
    ids=lambda journey: journey.test.split("::")[1],
)
def test_a_keyboard_only_journey_presses_keys_and_never_clicks(journey):
    _module, _function, source = read_journey_test(journey)
    assert "keyboard.press" in source
    assert ".click(" not in source and ".check(" not in source


@pytest.mark.parametrize(
    "journey",
    [journey for journey in JOURNEYS if journey.without_javascript],
    ids=lambda journey: journey.test.split("::")[1],
)
def test_a_journey_without_javascript_runs_with_javascript_off(journey):
    _module, function, source = read_journey_test(journey)
    fixtures = {argument.arg for argument in function.args.args}
    assert "no_js_page" in fixtures or "java_script_enabled=False" in source


def test_the_statement_names_the_axe_core_version_the_tests_inject():
    package = json.loads((ROOT / "node_modules/axe-core/package.json").read_text())
    assert package["version"].startswith(AXE_CORE_VERSION + ".")


def test_a_claim_without_its_test_is_caught():
    made_up = Journey("?", "parlons/transparency/tests/test_pages.py::test_nothing", ())
    with pytest.raises(AssertionError, match="does not exist"):
        read_journey_test(made_up)
