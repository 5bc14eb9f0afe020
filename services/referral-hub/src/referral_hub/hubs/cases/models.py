"""Hub cases, their places, people, involved agencies, incidents and links."""

import uuid
from datetime import date, datetime, time

from sqlalchemy import Column, Date, ForeignKey, Index, String, Time, UniqueConstraint, Uuid
from sqlmodel import Field

from csp_common.tables import utc_timestamp
from referral_hub.tables import HubTable


class HubLocation(HubTable, table=True):
    """A place (a park, a street) or an address a case is about; one row per place, so
    cases about the same place share it (`match_key` is its normalised form)."""

    __tablename__ = "hub_location"

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    kind: str = Field(sa_column=Column(String(10), nullable=False))
    place: str | None = Field(default=None, sa_column=Column(String(200)))
    address_line: str | None = Field(default=None, sa_column=Column(String(200)))
    postcode: str | None = Field(default=None, sa_column=Column(String(10)))
    match_key: str = Field(sa_column=Column(String(64), nullable=False, unique=True))


class HubCase(HubTable, table=True):
    __tablename__ = "hub_case"
    __table_args__ = (
        UniqueConstraint("reporting_agency", "source_reference", name="uq_hub_case_source"),
        Index("ix_hub_case_hub_opened", "hub", "opened_on"),
        Index("ix_hub_case_location", "location_id"),
    )

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    hub: str = Field(sa_column=Column(String(50), nullable=False))
    kind: str = Field(sa_column=Column(String(50), nullable=False))
    status: str = Field(sa_column=Column(String(10), nullable=False))
    location_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("hub_location.id"), nullable=False)
    )
    reporting_agency: str = Field(sa_column=Column(String(100), nullable=False))
    reported_on: date = Field(sa_column=Column(Date, nullable=False))
    opened_on: date = Field(sa_column=Column(Date, nullable=False))
    closed_on: date | None = Field(default=None, sa_column=Column(Date))
    outcome: str | None = Field(default=None, sa_column=Column(String(50)))
    source_reference: str | None = Field(default=None, sa_column=Column(String(100)))
    channel: str = Field(sa_column=Column(String(10), nullable=False))
    referral_id: uuid.UUID | None = Field(default=None, sa_column=Column(Uuid))
    created_at: datetime = Field(sa_column=utc_timestamp())


class HubCasePerson(HubTable, table=True):
    """A person of the person index in a case, by role."""

    __tablename__ = "hub_case_person"
    __table_args__ = (Index("ix_hub_case_person_person", "person_id", "role"),)

    case_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("hub_case.id"), primary_key=True))
    person_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("person.id"), primary_key=True))
    role: str = Field(sa_column=Column(String(20), primary_key=True))


class HubCaseAgency(HubTable, table=True):
    """An agency involved in a case (it reported it, an incident, owns an action or
    issued an intervention): partners see the cases they are involved in."""

    __tablename__ = "hub_case_agency"
    __table_args__ = (Index("ix_hub_case_agency_agency", "agency"),)

    case_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("hub_case.id"), primary_key=True))
    agency: str = Field(sa_column=Column(String(100), primary_key=True))


class HubIncident(HubTable, table=True):
    """An incident logged against a case: when the behaviour happened (`occurred_on`)
    and when it was complained of (`reported_on`), which the case review counts."""

    __tablename__ = "hub_incident"
    __table_args__ = (Index("ix_hub_incident_case", "case_id", "occurred_on"),)

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    case_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("hub_case.id"), nullable=False))
    kind: str = Field(sa_column=Column(String(50), nullable=False))
    reporting_agency: str = Field(sa_column=Column(String(100), nullable=False))
    occurred_on: date = Field(sa_column=Column(Date, nullable=False))
    occurred_at: time | None = Field(default=None, sa_column=Column(Time))
    reported_on: date = Field(sa_column=Column(Date, nullable=False))
    created_at: datetime = Field(sa_column=utc_timestamp())


class HubCaseLink(HubTable, table=True):
    """Two cases about the same place or person (stored both ways)."""

    __tablename__ = "hub_case_link"

    case_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("hub_case.id"), primary_key=True))
    linked_case_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("hub_case.id"), primary_key=True)
    )
    reason: str = Field(sa_column=Column(String(20), nullable=False))


location_table = HubLocation.__table__  # type: ignore[attr-defined]
case_table = HubCase.__table__  # type: ignore[attr-defined]
case_person_table = HubCasePerson.__table__  # type: ignore[attr-defined]
case_agency_table = HubCaseAgency.__table__  # type: ignore[attr-defined]
incident_table = HubIncident.__table__  # type: ignore[attr-defined]
link_table = HubCaseLink.__table__  # type: ignore[attr-defined]
