"""One registry and metadata per service: two services' tables in one process."""

import pytest
from sqlalchemy import Column, String
from sqlmodel import Field, SQLModel

from csp_common.metadata import (
    migration_metadata,
    platform_metadata,
    service_metadata,
    service_registry,
)


def test_two_services_define_tables_and_classes_of_the_same_name() -> None:
    class FirstTable(SQLModel, registry=service_registry("first-service")):
        pass

    class SecondTable(SQLModel, registry=service_registry("second-service")):
        pass

    class ImportJob(FirstTable, table=True):
        __tablename__ = "import_job"
        id: str = Field(sa_column=Column(String(36), primary_key=True))

    class ImportJob2(SecondTable, table=True):  # the same table name, another service
        __tablename__ = "import_job"
        id: str = Field(sa_column=Column(String(36), primary_key=True))
        kind: str = Field(sa_column=Column(String(10), nullable=False))

    first, second = service_metadata("first-service"), service_metadata("second-service")
    assert first is not second
    assert set(first.tables["import_job"].c.keys()) == {"id"}
    assert set(second.tables["import_job"].c.keys()) == {"id", "kind"}
    shared_tables = SQLModel.metadata.tables.values()
    assert all(
        table is not first.tables["import_job"] and table is not second.tables["import_job"]
        for table in shared_tables
    )
    assert service_registry("first-service") is service_registry("first-service")
    assert first.info == {"service": "first-service"}


def test_migrations_see_the_platform_tables_and_the_service_s_own_only() -> None:
    class OwnTable(SQLModel, registry=service_registry("own-service")):
        pass

    class Ballot(OwnTable, table=True):
        __tablename__ = "ballot"
        id: str = Field(sa_column=Column(String(36), primary_key=True))

    platform, own = migration_metadata("own-service")
    assert set(platform.tables) == {"outbox", "processed_event", "audit_log"}
    assert platform is platform_metadata()
    assert set(own.tables) == {"ballot"}
    assert "ix_outbox_pending" in {i.name for i in platform.tables["outbox"].indexes}


@pytest.mark.parametrize("name", ["", "Marac", "marac_x", "9lives", "a" * 41, "marac\n"])
def test_a_service_name_is_a_plain_code(name: str) -> None:
    with pytest.raises(ValueError, match="service name"):
        service_registry(name)
