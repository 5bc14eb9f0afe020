"""The layout rules, read from the code: no import cycle between svd-fund's packages,
and views that are HTTP only (no SQLAlchemy, no commit: the request's unit of work
commits)."""

import ast
from pathlib import Path

import svd_fund

PACKAGE = Path(svd_fund.__file__).parent


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def _package_graph() -> dict[str, set[str]]:
    """svd-fund's first-level packages and modules, and which others each imports (the
    migrations and models.py, which import every table, left out)."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        unit = parts[0] if len(parts) > 1 else path.stem
        if unit in ("migrations", "models"):
            continue
        targets = graph.setdefault(unit, set())
        for module in _imports(path):
            pieces = module.split(".")
            if pieces[0] == "svd_fund" and len(pieces) > 1 and pieces[1] != unit:
                targets.add(pieces[1])
    return graph


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, str] = {}
    trail: list[str] = []

    def visit(unit: str) -> list[str] | None:
        state[unit] = "open"
        trail.append(unit)
        for target in sorted(graph.get(unit, ())):
            if state.get(target) == "open":
                return [*trail[trail.index(target) :], target]
            if target not in state and (found := visit(target)):
                return found
        trail.pop()
        state[unit] = "done"
        return None

    for unit in sorted(graph):
        if unit not in state and (found := visit(unit)):
            return found
    return None


def test_no_import_cycle_between_packages() -> None:
    graph = _package_graph()
    assert {"rounds", "bids", "assessment", "awards", "monitoring", "measures"} <= set(graph)
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_a_cycle_is_found_when_there_is_one() -> None:
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def test_views_are_http_only() -> None:
    views = sorted(PACKAGE.glob("*/views.py"))
    assert len(views) >= 9
    for path in views:
        text = path.read_text()
        assert ".commit(" not in text, path
        assert not any(m.startswith("sqlalchemy") for m in _imports(path)), path
