"""The person index: one record per person, whichever agency referred them."""

import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Column, Date, ForeignKey, Index, String, UniqueConstraint, Uuid
from sqlmodel import Field

from csp_common.tables import utc_timestamp
from referral_hub.tables import HubTable


class Person(HubTable, table=True):
    __tablename__ = "person"

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    given_name: str = Field(sa_column=Column(String(100), nullable=False))
    family_name: str = Field(sa_column=Column(String(100), nullable=False))
    date_of_birth: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    gender: str | None = Field(default=None, sa_column=Column(String(20), nullable=True))
    postcode: str | None = Field(default=None, sa_column=Column(String(10), nullable=True))
    merged_into: uuid.UUID | None = Field(
        default=None, sa_column=Column(Uuid, ForeignKey("person.id"), nullable=True)
    )
    created_at: datetime = Field(sa_column=utc_timestamp())
    erased_at: datetime | None = Field(
        default=None, sa_column=utc_timestamp(nullable=True)
    )  # erased or anonymised (referral_hub.retention): no longer in the index for anyone


class PersonKey(HubTable, table=True):
    """Exact match keys (HMAC of normalised name, date of birth, postcode) -> person."""

    __tablename__ = "person_key"

    match_key: str = Field(sa_column=Column(String(64), primary_key=True))
    person_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("person.id"), nullable=False, index=True)
    )


class PersonCandidateKey(HubTable, table=True):
    """Weak keys: people sharing one are offered to a reviewer as possible duplicates."""

    __tablename__ = "person_candidate_key"
    __table_args__ = (Index("ix_person_candidate_key_key", "kind", "key"),)

    person_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("person.id"), primary_key=True))
    kind: str = Field(sa_column=Column(String(30), primary_key=True))
    key: str = Field(sa_column=Column(String(64), nullable=False))


class PersonMatchReview(HubTable, table=True):
    """A person new to the index who shares weak keys with one already there: queued at
    intake for a reviewer (`persons:review`) to merge them or say they are not the same."""

    __tablename__ = "person_match_review"
    __table_args__ = (
        UniqueConstraint("person_id", "candidate_id", name="uq_person_match_review_pair"),
        Index("ix_person_match_review_status_found", "status", "found_at"),
    )

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    person_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("person.id"), nullable=False, index=True)
    )
    candidate_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("person.id"), nullable=False, index=True)
    )
    matched_on: list[str] = Field(sa_column=Column(JSON, nullable=False))
    status: str = Field(sa_column=Column(String(20), nullable=False))
    found_at: datetime = Field(sa_column=utc_timestamp())
    decided_at: datetime | None = Field(default=None, sa_column=utc_timestamp(nullable=True))
    decided_by: str | None = Field(default=None, sa_column=Column(String(100), nullable=True))
