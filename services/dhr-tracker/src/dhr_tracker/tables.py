"""The base of dhr-tracker's tables: a registry and metadata of the service's own."""

from sqlmodel import SQLModel

from csp_common.metadata import service_registry

SERVICE = "dhr-tracker"


class DhrTable(SQLModel, registry=service_registry(SERVICE)):
    pass
