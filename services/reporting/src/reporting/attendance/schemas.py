"""Response model of agency attendance."""

from pydantic import ConfigDict, Field

from reporting.figures import Figures, Tally
from reporting.schemas import PeriodOut


class AgencyAttendance(Figures):
    meetings: Tally = Field(description="Meetings at which the agency's attendance was recorded")
    present: Tally
    apologies: Tally
    information_only: Tally = Field(description="Sent information but did not attend")
    absent: Tally
    attendance_pct: float | None
    engagement_pct: float | None = Field(description="Present or sent information")
    escalations: Tally = Field(description="Escalations raised about the agency in the period")


class AttendanceStats(Figures):
    """Agency attendance at meetings in a period. These count what agencies did, not
    people, so small numbers are published exactly."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "period": {
                    "code": "2023",
                    "label": "2023",
                    "kind": "year",
                    "start": "2023-01-01",
                    "end": "2023-12-31",
                },
                "meeting_kind": "marac",
                "marac_area": None,
                "meetings": 120,
                "by_agency": {
                    "health": {
                        "meetings": 120,
                        "present": 80,
                        "apologies": 20,
                        "information_only": 10,
                        "absent": 10,
                        "attendance_pct": 66.7,
                        "engagement_pct": 75.0,
                        "escalations": 2,
                    }
                },
            }
        }
    )

    period: PeriodOut
    meeting_kind: str | None
    marac_area: str | None
    meetings: Tally
    by_agency: dict[str, AgencyAttendance]
