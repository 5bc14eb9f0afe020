"""Response models of the MARAC figures."""

from pydantic import ConfigDict, Field

from reporting.figures import Figures, Setting
from reporting.schemas import Count, Percent, PeriodOut


class AreaCases(Figures):
    cases: Count
    share_pct: Percent = Field(default=None, description="The area's share of all cases")
    previous_year_cases: Count = 0
    change_pct: Percent = None
    repeat_pct: Percent = None


class MaracStats(Figures):
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
    threshold: Setting


class AgencyActions(Figures):
    due: Count = Field(description="Actions on cases owned by the agency, due in the period")
    completed: Count = Field(description="Completed, on time or late")
    completed_on_time: Count
    circumstances_changed: Count = Field(description="Closed: circumstances changed")
    agency_did_not_act: Count
    open: Count = Field(description="Neither completed nor closed yet")
    overdue: Count | None = Field(
        description="Open past their due date: null until the period has ended (before, "
        "it would count the actions of part of a month)"
    )
    completed_pct: Percent = Field(description="Completed as a share of those due")


class MaracActions(Figures):
    """Actions agreed at MARAC that fall due in the period, by the agency that owns them.

    Each action is about a case (a victim's safety plan), so these count cases: they are
    protected as small numbers like every figure about people.
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
                        "completed": 31,
                        "completed_on_time": 26,
                        "circumstances_changed": "suppressed",
                        "agency_did_not_act": "suppressed",
                        "open": 5,
                        "overdue": 5,
                        "completed_pct": 77.5,
                    }
                },
                "threshold": 5,
            }
        }
    )

    period: PeriodOut
    by_agency: dict[str, AgencyActions] = Field(
        description="Every agency of the partnership, and any other that owns actions"
    )
    threshold: Setting
