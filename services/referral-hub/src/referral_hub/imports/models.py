"""referral-hub's import jobs and their row errors: the import engine's two tables, in
referral-hub's metadata (never the file, which is spooled outside the database while a
job runs)."""

from csp_common.imports import import_tables
from csp_common.metadata import service_metadata
from referral_hub.tables import SERVICE

TABLES = import_tables(service_metadata(SERVICE))
