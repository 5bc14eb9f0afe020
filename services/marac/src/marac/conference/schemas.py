"""A meeting's record (what was heard, shared and agreed), case list and pack."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from marac.action.schemas import ActionOut
from marac.attendance.schemas import AttendanceStatus
from marac.case.schemas import CaseOut
from marac.fields import AgencyCode, FreeText, InputDate, Venue
from marac.matac.schemas import NominationOut
from marac.meeting.schemas import MeetingOut
from marac.research.schemas import ResearchOut

ActionReview = Literal["completed", "circumstances_changed", "agency_did_not_act"]


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


class CaseList(BaseModel):
    meeting: MeetingOut
    cases: list[CaseOut]


class PackCase(CaseOut):
    research: list[ResearchOut]


class MeetingPack(BaseModel):
    meeting: MeetingOut
    expected_agencies: list[str]
    cases: list[PackCase] = Field(description="MARAC: the case list with research so far")
    outstanding_actions: list[ActionOut] = Field(description="MARAC: actions still open")
    nominations: list[NominationOut] = Field(description="MATAC: the subjects listed")


class AttendanceOut(BaseModel):
    agency: str
    status: str
