"""The layout rules, read from the code: no import cycle between svd-fund's packages,
and views that are HTTP only (no SQLAlchemy, no commit: the request's unit of work
commits)."""

from pathlib import Path

import svd_fund
from csp_devtools.testing.layout import find_cycle, imports_of, package_graph

PACKAGE = Path(svd_fund.__file__).parent


def test_no_import_cycle_between_packages() -> None:
    # migrations and models.py import every table by design
    graph = package_graph(PACKAGE, leave_out=("migrations", "models"))
    assert {"rounds", "bids", "assessment", "awards", "monitoring", "measures"} <= set(graph)
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])


def test_views_are_http_only() -> None:
    views = sorted(PACKAGE.glob("*/views.py"))
    assert len(views) >= 9
    for path in views:
        text = path.read_text()
        assert ".commit(" not in text, path
        assert not any(m.startswith("sqlalchemy") for m in imports_of(path)), path
