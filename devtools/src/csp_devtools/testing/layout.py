"""The layout rules, read from a service's code: the files every service has at the top
of its package, which of its first-level packages and modules import which others, a
cycle among them, and what a module imports."""

import ast
from collections.abc import Iterable
from pathlib import Path

COMMON_FILES = (
    "app.py",
    "settings.py",
    "dependencies.py",
    "access.py",
    "tables.py",
    "models.py",
    "events.py",
    "links.py",
    "problems.py",
    "migrations/__init__.py",
    "migrations/versions",
)
"""What every service has at the same place in its package (docs/architecture.md)."""


def missing_common_files(package: Path) -> list[str]:
    return [name for name in COMMON_FILES if not (package / name).exists()]


def imports_of(path: Path) -> set[str]:
    """The absolute modules a Python file imports (`from a import b` counts as `a` and
    as `a.b`: b may be a module)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return names


def package_graph(package: Path, *, leave_out: Iterable[str] = ()) -> dict[str, set[str]]:
    """The package's first-level packages and modules, and which others each imports
    (`leave_out`: units such as migrations that import every table by design)."""
    name, skipped = package.name, set(leave_out)
    graph: dict[str, set[str]] = {}
    for path in package.rglob("*.py"):
        parts = path.relative_to(package).parts
        unit = parts[0] if len(parts) > 1 else path.stem
        if unit in skipped:
            continue
        targets = graph.setdefault(unit, set())
        for module in imports_of(path):
            pieces = module.split(".")
            if pieces[0] == name and len(pieces) > 1 and pieces[1] != unit:
                targets.add(pieces[1])
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle of the graph, as the units it passes through, or None."""
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
