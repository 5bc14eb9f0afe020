"""The base of reporting's tables: a registry and metadata of the service's own."""

from sqlmodel import SQLModel

from csp_common.metadata import service_metadata, service_registry

SERVICE = "reporting"
METADATA = service_metadata(SERVICE)


class ReportingTable(SQLModel, registry=service_registry(SERVICE)):
    pass
