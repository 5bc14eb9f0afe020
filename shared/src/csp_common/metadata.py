"""Each service's tables in a registry and metadata of their own.

Two services may both have an `import_job` or a `policy` table; with one metadata per
service, a cross-service test or a tool imports both without a clash. The platform's
tables (outbox, processed_event, audit_log; `csp_common.tables`) are the same in every
service and stay in SQLModel's default metadata; a service's migrations build both
(`migration_metadata`).

    class MaracTable(SQLModel, registry=service_registry("marac")):
        pass

    class Meeting(MaracTable, table=True): ...
    ballots = Table("ballot", service_metadata("svd-fund"), Column(...))
"""

import functools
import re

from sqlalchemy import MetaData
from sqlalchemy.orm import registry

_SERVICE = re.compile(r"[a-z][a-z0-9-]{0,39}")


@functools.cache
def service_registry(service: str) -> registry:
    """The ORM registry of `service`'s tables (the same object on every call)."""
    if not _SERVICE.fullmatch(service):
        raise ValueError(f"{service!r}: a service name is lower case letters, digits and '-'")
    return registry(metadata=MetaData(info={"service": service}))


def service_metadata(service: str) -> MetaData:
    """The metadata of `service`'s own tables."""
    return service_registry(service).metadata


@functools.cache
def platform_metadata() -> MetaData:
    """The platform's tables alone. They are defined in SQLModel's default metadata,
    where other tables may be too (a test process imports several services): this is a
    copy of the three, for migrations to compare against."""
    from csp_common.tables import platform_tables

    metadata = MetaData(info={"service": "platform"})
    for table in platform_tables():
        table.to_metadata(metadata)
    return metadata


def migration_metadata(service: str) -> list[MetaData]:
    """What a service's migrations build and compare against: the platform's tables and
    the service's own, nothing another service defined in the same process."""
    return [platform_metadata(), service_metadata(service)]
