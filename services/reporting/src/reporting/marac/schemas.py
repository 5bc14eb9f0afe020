"""Response models of the MARAC figures."""

from pydantic import BaseModel, ConfigDict, Field

from reporting.schemas import Count, Percent, PeriodOut


class AreaCases(BaseModel):
    cases: Count
    share_pct: Percent = Field(default=None, description="The area's share of all cases")
    previous_year_cases: Count = 0
    change_pct: Percent = None
    repeat_pct: Percent = None


class MaracStats(BaseModel):
    """Cases discussed at MARAC in a period (CaseHeard events, dated by heard_on)."""

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
                "previous_period": {
                    "code": "2022",
                    "label": "2022",
                    "kind": "year",
                    "start": "2022-01-01",
                    "end": "2022-12-31",
                },
                "cases": 1998,
                "previous_year_cases": 1921,
                "change_pct": 4.0,
                "repeat_cases": 620,
                "repeat_pct": 31.0,
                "by_area": {
                    "scarborough-ryedale": {
                        "cases": 539,
                        "share_pct": 27.0,
                        "previous_year_cases": 520,
                        "change_pct": 3.7,
                        "repeat_pct": 30.2,
                    },
                    "selby": {
                        "cases": "suppressed",
                        "share_pct": None,
                        "previous_year_cases": 7,
                        "change_pct": None,
                        "repeat_pct": None,
                    },
                },
                "threshold": 5,
            }
        }
    )

    period: PeriodOut
    previous_period: PeriodOut
    cases: Count
    previous_year_cases: Count
    change_pct: Percent = Field(default=None, description="Change against the year before")
    repeat_cases: Count
    repeat_pct: Percent = Field(default=None, description="Repeat cases as a share of cases")
    by_area: dict[str, AreaCases] = Field(description="MARAC area code -> its cases and share")
    threshold: int


class AgencyActions(BaseModel):
    due: int
    completed: int
    completed_on_time: int
    circumstances_changed: int
    agency_did_not_act: int
    open: int
    overdue: int
    completed_pct: float | None


class MaracActions(BaseModel):
    """Actions agreed at MARAC that fall due in the period, by the agency that owns them.

    These count an agency's work, not people, so they are published exactly.
    """

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "period": {
                    "code": "2023-24-Q3",
                    "label": "Q3 2023/24",
                    "kind": "quarter",
                    "start": "2023-10-01",
                    "end": "2023-12-31",
                },
                "by_agency": {
                    "north-yorkshire-police": {
                        "due": 40,
                        "completed": 35,
                        "completed_on_time": 30,
                        "circumstances_changed": 2,
                        "agency_did_not_act": 1,
                        "open": 2,
                        "overdue": 2,
                        "completed_pct": 87.5,
                    }
                },
            }
        }
    )

    period: PeriodOut
    by_agency: dict[str, AgencyActions]
