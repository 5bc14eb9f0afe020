"""marac's revisions, run with the shared env.py and template."""

from pathlib import Path

from csp_common.migrations import ServiceMigrations

MIGRATIONS = ServiceMigrations(
    service="marac", models="marac.models", versions=Path(__file__).parent / "versions"
)
