"""referral-hub's revisions, run with the shared env.py and template."""

from pathlib import Path

from csp_common.migrations import ServiceMigrations

MIGRATIONS = ServiceMigrations(
    service="referral-hub",
    models="referral_hub.models",
    versions=Path(__file__).parent / "versions",
)
