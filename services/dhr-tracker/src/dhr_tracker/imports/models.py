"""The import engine's job and row error tables, in dhr-tracker's own metadata."""

from csp_common.imports import import_tables
from csp_common.metadata import service_metadata
from dhr_tracker.tables import SERVICE

TABLES = import_tables(service_metadata(SERVICE))
