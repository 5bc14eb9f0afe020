"""The base of marac's tables: a registry and metadata of the service's own.

Another service's tables of the same name (`import_job`, `policy`...), imported in the
same process by a cross-service test or a tool, never clash with them. The platform's
tables (outbox, processed_event, audit_log) stay shared; migrations build both. The
first answers to marac's keyed POSTs are a table of its own (csp_common.idempotency).
"""

from sqlmodel import SQLModel

from csp_common.idempotency import idempotency_table
from csp_common.metadata import service_metadata, service_registry

SERVICE = "marac"


class MaracTable(SQLModel, registry=service_registry(SERVICE)):
    pass


idempotency_records = idempotency_table(service_metadata(SERVICE))
