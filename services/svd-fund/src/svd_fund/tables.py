"""The base of svd-fund's tables: a registry and metadata of the service's own."""

from sqlmodel import SQLModel

from csp_common.metadata import service_registry

SERVICE = "svd-fund"


class SvdTable(SQLModel, registry=service_registry(SERVICE)):
    pass
