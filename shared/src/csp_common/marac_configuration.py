"""How a partnership's MARAC areas meet, part of the partnership's configuration: per
MARAC area the agencies expected at every meeting, the cadence of MARAC and MATAC
meetings and the cases a MARAC can hear (`marac_areas[].meetings` in its file), and the
attendance rule that escalates an agency which keeps missing meetings (`marac.attendance`),
and the perpetrator programme MATAC refers to (`marac.perpetrator_programme`).

marac starts from these and an administrator changes them through its `/v1/config`
without a deployment.
"""

from datetime import date
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from csp_common.fields import StrictDate, StrictInt

AGENCY_CODE = r"^[a-z0-9][a-z0-9_-]{0,63}$"
AgencyCode = Annotated[str, StringConstraints(pattern=AGENCY_CODE, max_length=64)]
EARLIEST_MEETING = date(1990, 1, 1)
LATEST_MEETING = date(2100, 12, 31)
MeetingDate = Annotated[StrictDate, Field(ge=EARLIEST_MEETING, le=LATEST_MEETING)]
"""An ISO 'YYYY-MM-DD' (never a number), bounded, so date arithmetic on it never overflows."""


class AreaConfig(BaseModel):
    """How one MARAC area runs its meetings."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "expected_agencies": ["north-yorkshire-police", "idas", "health"],
                    "marac_cadence_days": 14,
                    "matac_cadence_days": 28,
                    "case_cap": 16,
                    "marac_first_meeting_on": "2022-01-04",
                    "matac_first_meeting_on": "2022-01-10",
                }
            ]
        },
    )

    expected_agencies: list[AgencyCode] = Field(
        min_length=1,
        max_length=50,
        description="Agencies expected at every meeting (attendance, research, escalation): "
        "agencies of the partnership",
    )
    marac_cadence_days: StrictInt = Field(default=14, ge=1, le=92, description="14 fortnightly")
    matac_cadence_days: StrictInt = Field(default=28, ge=1, le=92, description="MATAC: 4-weekly")
    case_cap: StrictInt = Field(default=16, ge=1, le=200, description="Cases per MARAC meeting")
    marac_first_meeting_on: MeetingDate = Field(
        default=date(2022, 1, 4), description="Any past meeting date: the schedule's anchor"
    )
    matac_first_meeting_on: MeetingDate = Field(default=date(2022, 1, 10))

    @model_validator(mode="after")
    def _unique_agencies(self) -> "AreaConfig":
        if len(set(self.expected_agencies)) != len(self.expected_agencies):
            raise ValueError("expected_agencies must not repeat an agency")
        return self


class EscalationRule(BaseModel):
    """Attendance: an agency that missed `missed` of its last `of_meetings` meetings is
    escalated (by name: an agency's attendance is not about a victim)."""

    model_config = ConfigDict(extra="forbid")

    missed: StrictInt = Field(
        default=3, ge=1, le=52, description="Escalate when an agency missed N ..."
    )
    of_meetings: StrictInt = Field(default=6, ge=1, le=52, description="... of its last M meetings")
    apologies_count_as_missed: bool = False

    @model_validator(mode="after")
    def _n_of_m(self) -> "EscalationRule":
        if self.missed > self.of_meetings:
            raise ValueError("missed must not be greater than of_meetings")
        return self


class PerpetratorProgramme(BaseModel):
    """The behaviour change programme MATAC refers subjects to (`plus_choices_referral`)."""

    model_config = ConfigDict(extra="forbid")

    provider: AgencyCode = Field(description="The provider that runs it: an agency of the file")
    programme: AgencyCode = Field(description="Its code on the intervention and its event")
    name: str = Field(min_length=1, max_length=100)


class MaracConfiguration(BaseModel):
    """The partnership-wide part of MARAC's configuration."""

    model_config = ConfigDict(extra="forbid")

    attendance: EscalationRule = Field(default_factory=EscalationRule)
    perpetrator_programme: PerpetratorProgramme | None = Field(
        default=None, description="None: MATAC refers to no programme of its own"
    )
