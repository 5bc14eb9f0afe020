"""A review's record: the review, the moves of its history, the yearly counter of its
references, its panel (whose agencies may read it), its pauses and the clocks already
reported missed. What every part of the service reads a review's state from."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    Uuid,
)
from sqlmodel import Field

from csp_common.tables import UtcDateTime
from dhr_tracker.tables import DhrTable


class Review(DhrTable, table=True):
    __tablename__ = "review"
    __table_args__ = (
        UniqueConstraint("year", "sequence", name="uq_review_year_sequence"),
        UniqueConstraint("source_reference", name="uq_review_source_reference"),
        Index("ix_review_area_notified", "area", "notified_on"),
    )

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    reference: str = Field(sa_column=Column(String(24), nullable=False, unique=True))
    source_reference: str | None = Field(default=None, sa_column=Column(String(100), nullable=True))
    year: int = Field(sa_column=Column(Integer, nullable=False))
    sequence: int = Field(sa_column=Column(Integer, nullable=False))
    area: str = Field(sa_column=Column(String(64), nullable=False))
    notified_on: date = Field(sa_column=Column(Date, nullable=False))
    notifying_agency: str = Field(sa_column=Column(String(64), nullable=False))
    date_of_death: date = Field(sa_column=Column(Date, nullable=False))
    circumstances: str = Field(sa_column=Column(String(32), nullable=False))
    victim: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    suspect: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    person_ids: list[str] = Field(sa_column=Column(JSON, nullable=False))
    stage: str = Field(sa_column=Column(String(40), nullable=False, index=True))
    stage_since: date = Field(sa_column=Column(Date, nullable=False))
    attributes: dict[str, str] = Field(sa_column=Column(JSON, nullable=False))
    overdue_from: date | None = Field(
        default=None, sa_column=Column(Date, nullable=True, index=True)
    )
    check_from: date | None = Field(default=None, sa_column=Column(Date, nullable=True, index=True))
    created_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class ReviewMove(DhrTable, table=True):
    """One move of a review's history, with what the caller gave for it."""

    __tablename__ = "review_move"
    __table_args__ = (UniqueConstraint("review_id", "seq", name="uq_review_move_seq"),)

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    review_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("review.id"), nullable=False, index=True)
    )
    seq: int = Field(sa_column=Column(Integer, nullable=False))
    move: str = Field(sa_column=Column(String(64), nullable=False))
    from_stage: str = Field(sa_column=Column(String(40), nullable=False))
    to_stage: str = Field(sa_column=Column(String(40), nullable=False))
    on: date = Field(sa_column=Column(Date, nullable=False))
    details: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    attributes: dict[str, str] = Field(sa_column=Column(JSON, nullable=False))
    recorded_by: str = Field(sa_column=Column(String(100), nullable=False))
    recorded_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


class ReferenceCounter(DhrTable, table=True):
    """The last reference number given in a year (DHR-2024-01, -02...)."""

    __tablename__ = "reference_counter"

    year: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    last: int = Field(sa_column=Column(Integer, nullable=False))


review_table = Review.__table__  # type: ignore[attr-defined]
move_table = ReviewMove.__table__  # type: ignore[attr-defined]
counter_table = ReferenceCounter.__table__  # type: ignore[attr-defined]


class PanelMember(DhrTable, table=True):
    __tablename__ = "panel_member"
    __table_args__ = (UniqueConstraint("review_id", "agency", name="uq_panel_member_agency"),)

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    review_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("review.id"), nullable=False, index=True)
    )
    agency: str = Field(sa_column=Column(String(64), nullable=False, index=True))
    role: str = Field(sa_column=Column(String(32), nullable=False))
    joined_on: date = Field(sa_column=Column(Date, nullable=False))
    recorded_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


panel_table = PanelMember.__table__  # type: ignore[attr-defined]


class ReviewPause(DhrTable, table=True):
    __tablename__ = "review_pause"

    id: uuid.UUID = Field(sa_column=Column(Uuid, primary_key=True))
    review_id: uuid.UUID = Field(
        sa_column=Column(Uuid, ForeignKey("review.id"), nullable=False, index=True)
    )
    reason: str = Field(sa_column=Column(String(40), nullable=False))
    paused_on: date = Field(sa_column=Column(Date, nullable=False))
    expected_resume_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    resumed_on: date | None = Field(default=None, sa_column=Column(Date, nullable=True))
    recorded_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


pause_table = ReviewPause.__table__  # type: ignore[attr-defined]


class DeadlineNotice(DhrTable, table=True):
    __tablename__ = "deadline_notice"

    review_id: uuid.UUID = Field(sa_column=Column(Uuid, ForeignKey("review.id"), primary_key=True))
    clock: str = Field(sa_column=Column(String(40), primary_key=True))
    due_on: date = Field(sa_column=Column(Date, nullable=False))
    noticed_at: datetime = Field(sa_column=Column(UtcDateTime(), nullable=False))


notice_table = DeadlineNotice.__table__  # type: ignore[attr-defined]
