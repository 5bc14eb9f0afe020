"""Meetings (MARAC fortnightly or monthly, MATAC 4-weekly), their record, and schemas."""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlmodel import Field as SQLField

from marac.common import AgencyCode, AreaCode, FreeText, InputDate, MeetingCapacity, Venue
from marac.tables import MaracTable

MeetingKind = Literal["marac", "matac"]
MeetingStatus = Literal["scheduled", "held", "cancelled"]
AttendanceStatus = Literal["present", "apologies", "information_only", "absent"]
ActionReview = Literal["completed", "circumstances_changed", "agency_did_not_act"]


class Meeting(MaracTable, table=True):
    __tablename__ = "meeting"
    __table_args__ = (
        UniqueConstraint("kind", "marac_area", "held_on", name="uq_meeting_area_date"),
        Index("ix_meeting_area_date", "marac_area", "held_on"),
    )

    id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    kind: str = SQLField(sa_column=Column(String(16), nullable=False))
    marac_area: str = SQLField(sa_column=Column(String(64), nullable=False))
    held_on: date = SQLField(sa_column=Column(Date, nullable=False))
    status: str = SQLField(sa_column=Column(String(16), nullable=False))
    capacity: int = SQLField(sa_column=Column(Integer, nullable=False))
    venue: str | None = SQLField(default=None, sa_column=Column(String(200)))
    chair_agency: str | None = SQLField(default=None, sa_column=Column(String(64)))
    confidentiality_statement_read: bool | None = SQLField(default=None, sa_column=Column(Boolean))
    notes: str | None = SQLField(default=None, sa_column=Column(Text))
    recorded_at: datetime | None = SQLField(default=None, sa_column=Column(DateTime(timezone=True)))
    source_reference: str | None = SQLField(
        default=None, sa_column=Column(String(100), unique=True)
    )
    created_at: datetime = SQLField(sa_column=Column(DateTime(timezone=True), nullable=False))


meeting_table = Meeting.__table__  # type: ignore[attr-defined]


class MeetingOut(BaseModel):
    id: str
    kind: MeetingKind
    area: str = Field(description="MARAC (or MATAC) area code")
    held_on: date
    status: MeetingStatus
    capacity: int = Field(description="Cases the meeting can hear (MARAC)")
    listed: int = Field(description="Cases listed so far")
    venue: str | None = None
    chair_agency: str | None = None
    confidentiality_statement_read: bool | None = None


class MeetingIn(BaseModel):
    """An extra meeting outside the cadence (the schedule itself is generated)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"area": "york", "held_on": "2026-12-10", "kind": "marac", "venue": "West Offices"}
            ]
        },
    )

    area: AreaCode
    held_on: InputDate
    kind: MeetingKind = "marac"
    capacity: MeetingCapacity | None = Field(default=None, description="Defaults to the area cap")
    venue: Venue = None


class AttendanceIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    agency: AgencyCode
    status: AttendanceStatus


class InformationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    agency: AgencyCode
    summary: FreeText


class ActionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    owner_agency: AgencyCode
    description: FreeText
    due_on: InputDate


class CaseRecordIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    case_id: str = Field(pattern=r"^[0-9a-f-]{36}$", max_length=36)
    information_shared: list[InformationIn] = Field(default_factory=list, max_length=50)
    actions: list[ActionIn] = Field(default_factory=list, max_length=50)


class OutstandingReviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    action_id: str = Field(pattern=r"^[0-9a-f-]{36}$", max_length=36)
    review: ActionReview = Field(
        description="completed closes it; the other two carry it to the next meeting, "
        "saying why it is still open"
    )


class MeetingRecordIn(BaseModel):
    """What happened at a meeting. Saving it once holds the meeting; it cannot be redone."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "chair_agency": "north-yorkshire-police",
                    "confidentiality_statement_read": True,
                    "attendance": [
                        {"agency": "north-yorkshire-police", "status": "present"},
                        {"agency": "idas", "status": "present"},
                        {"agency": "health", "status": "information_only"},
                        {"agency": "probation", "status": "apologies"},
                    ],
                    "cases": [
                        {
                            "case_id": "0b8c7d1e-3f4a-4b5c-8d9e-0f1a2b3c4d5e",
                            "information_shared": [
                                {"agency": "idas", "summary": "IDVA in contact weekly."}
                            ],
                            "actions": [
                                {
                                    "owner_agency": "north-yorkshire-police",
                                    "description": "Flag the address for urgent response.",
                                    "due_on": "2026-12-01",
                                }
                            ],
                        }
                    ],
                    "outstanding_actions": [],
                }
            ]
        },
    )

    chair_agency: AgencyCode
    confidentiality_statement_read: bool = Field(
        description="The chair read the confidentiality statement and attendees agreed"
    )
    venue: Venue = None
    attendance: list[AttendanceIn] = Field(
        min_length=1, max_length=100, description="Expected agencies missing here count as absent"
    )
    cases: list[CaseRecordIn] = Field(
        default_factory=list, max_length=200, description="The cases heard; others are relisted"
    )
    outstanding_actions: list[OutstandingReviewIn] = Field(
        default_factory=list,
        max_length=500,
        description="Review of actions from earlier meetings; open ones not reviewed are "
        "carried as agency_did_not_act",
    )


class MeetingRecordOut(BaseModel):
    meeting: MeetingOut
    heard: int
    relisted: int
    actions_created: int
    actions_carried: int
    escalations_raised: int


class InformationShared(MaracTable, table=True):
    """What an agency told the meeting about a case (stays in marac; never in events)."""

    __tablename__ = "information_shared"

    id: str = SQLField(sa_column=Column(String(36), primary_key=True))
    case_id: str = SQLField(sa_column=Column(String(36), nullable=False, index=True))
    meeting_id: str = SQLField(sa_column=Column(String(36), nullable=False))
    agency: str = SQLField(sa_column=Column(String(64), nullable=False))
    summary: str = SQLField(sa_column=Column(Text, nullable=False))


information_table = InformationShared.__table__  # type: ignore[attr-defined]
