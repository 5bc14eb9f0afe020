"""A layout rule, read from the code: views are HTTP only (no SQLAlchemy, no commit: the
request's unit of work commits). The files every service has and the import cycles are
checked for every service in tests/layout."""

from pathlib import Path

import svd_fund
from csp_devtools.testing.layout import imports_of

PACKAGE = Path(svd_fund.__file__).parent


def test_views_are_http_only() -> None:
    views = sorted(PACKAGE.glob("*/views.py"))
    assert len(views) >= 9
    for path in views:
        text = path.read_text()
        assert ".commit(" not in text, path
        assert not any(m.startswith("sqlalchemy") for m in imports_of(path)), path
