"""Attendance statuses, rates and escalations as callers read them."""

from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

AttendanceStatus = Literal["present", "apologies", "information_only", "absent"]


class EscalationOut(BaseModel):
    id: str
    area: str
    agency: str
    missed: int
    of_meetings: int
    raised_on: date
    meeting_id: str
    status: Literal["open", "resolved"]
    resolved_on: date | None


class AttendanceRate(BaseModel):
    area: str
    agency: str
    period: str = Field(description="YYYY-Qn, or YYYY-MM with period=month")
    meetings: int
    present: int
    apologies: int
    information_only: int
    absent: int
    attendance_rate: float = Field(description="present / meetings")
    engagement_rate: float = Field(description="(present + information_only) / meetings")
