"""The base of referral-hub's tables: a registry and metadata of the service's own, and
the first answers to its keyed POSTs (csp_common.idempotency)."""

from sqlmodel import SQLModel

from csp_common.idempotency import idempotency_table
from csp_common.metadata import service_metadata, service_registry

SERVICE = "referral-hub"


class HubTable(SQLModel, registry=service_registry(SERVICE)):
    pass


idempotency_records = idempotency_table(service_metadata(SERVICE))
