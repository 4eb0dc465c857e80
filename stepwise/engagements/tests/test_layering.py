"""``engagements`` sits at the bottom of the house: it knows no step app, nor the apps above
them, by import or by name (``apps.get_model("plans", ...)``, a dotted path, a lazy relation)."""

import ast
from pathlib import Path

ENGAGEMENTS = Path(__file__).resolve().parents[1]
ABOVE = ("agreements", "worksheets", "plans", "meetings", "feedback", "outcomes", "practice", "dashboard", "api")


def modules() -> list[Path]:
    return [p for p in sorted(ENGAGEMENTS.rglob("*.py")) if "tests" not in p.relative_to(ENGAGEMENTS).parts]


def imported(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.append(node.module)
        elif isinstance(node, ast.ImportFrom) and node.level > 1:
            names.append("." * node.level + (node.module or ""))  # reaching out of the app
    return names


def named(tree: ast.AST) -> list[str]:
    """Dotted string literals that name an app above: ``"plans.KeyAction"`` (a lazy relation),
    ``"stepwise.plans.progress"`` (a path to import). A bare label is caught with ``get_model``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value.removeprefix("stepwise.")
            if "." in text and text.split(".")[0] in ABOVE and " " not in text:
                found.append(node.value)
    return found


def test_engagements_imports_no_step_app() -> None:
    offending = {}
    for path in modules():
        tree = ast.parse(path.read_text(), filename=str(path))
        bad = [
            name
            for name in imported(tree)
            if name.startswith("..") or name.removeprefix("stepwise.").split(".")[0] in ABOVE
        ]
        if bad:
            offending[str(path.relative_to(ENGAGEMENTS))] = bad
    assert offending == {}
    assert len(modules()) > 10  # the walk reads the app's modules (models, access, views, ...)


def test_engagements_names_no_step_app_in_a_string() -> None:
    offending = {}
    for path in modules():
        source = path.read_text()
        bad = named(ast.parse(source)) + (["get_model"] if "get_model" in source else [])
        if bad:
            offending[str(path.relative_to(ENGAGEMENTS))] = bad
    assert offending == {}
