"""The base of referral-hub's tables: a registry and metadata of the service's own."""

from sqlmodel import SQLModel

from csp_common.metadata import service_registry

SERVICE = "referral-hub"


class HubTable(SQLModel, registry=service_registry(SERVICE)):
    pass
