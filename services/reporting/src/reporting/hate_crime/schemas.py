"""Response model of the hate crime figures."""

from pydantic import ConfigDict, Field

from reporting.figures import Figures, Setting
from reporting.schemas import Count, CountShare, Percent, PeriodOut

_EXAMPLE = {
    "period": {
        "code": "2023-24-Q3",
        "label": "Q3 2023/24",
        "kind": "quarter",
        "start": "2023-10-01",
        "end": "2023-12-31",
    },
    "previous_period": {
        "code": "2022-23-Q3",
        "label": "Q3 2022/23",
        "kind": "quarter",
        "start": "2022-10-01",
        "end": "2022-12-31",
    },
    "area": None,
    "crimes": 283,
    "previous_year_crimes": 256,
    "change_pct": 10.5,
    "against_officers": 14,
    "previous_year_against_officers": 11,
    "by_strand": {
        "race": {"count": 156, "share_pct": 55.1},
        "religion": {"count": 31, "share_pct": 11.0},
        "sexual_orientation": {"count": 52, "share_pct": 18.4},
        "disability": {"count": 38, "share_pct": 13.4},
        "transgender": {"count": "suppressed", "share_pct": None},
    },
    "by_hour": {"0": 31, "1": 27, "2": 22, "3": 18, "4": "suppressed", "5": "suppressed"},
    "by_hour_band": {"00:00-04:00": 98, "04:00-08:00": 12},
    "by_weekday": {
        "monday": 45,
        "tuesday": 44,
        "wednesday": 47,
        "thursday": 43,
        "friday": 46,
        "saturday": 30,
        "sunday": 28,
    },
    "weekdays_vs_weekend": {"weekdays": 225, "weekend": 58},
    "by_area": {"york": {"count": 70, "share_pct": 24.7}},
    "non_crime_incidents": 41,
    "previous_year_non_crime_incidents": 37,
    "threshold": 5,
}


class HateCrimeStats(Figures):
    """Hate crimes in a period (by the local day they happened) against the same period
    a year earlier. Non-crime hate incidents are counted apart, never as crimes."""

    model_config = ConfigDict(json_schema_extra={"example": _EXAMPLE})

    period: PeriodOut
    previous_period: PeriodOut
    area: str | None = Field(description="The area filtered on, or null for every area")
    crimes: Count
    previous_year_crimes: Count
    change_pct: Percent = None
    against_officers: Count = Field(description="Crimes against police officers on duty")
    previous_year_against_officers: Count
    by_strand: dict[str, CountShare] = Field(
        description="Strand -> crimes carrying it and their share of all crimes (a crime "
        "can carry several strands, so shares can add up to more than 100)"
    )
    by_hour: dict[str, Count] = Field(description="Local hour of day 0-23 -> crimes")
    by_hour_band: dict[str, Count] = Field(description="Four-hour bands of the day -> crimes")
    by_weekday: dict[str, Count] = Field(
        description="Day of the week (of the local day it happened), monday to sunday -> crimes"
    )
    weekdays_vs_weekend: dict[str, Count] = Field(
        description="Crimes on weekdays (Monday to Friday) and at the weekend"
    )
    by_area: dict[str, CountShare]
    non_crime_incidents: Count
    previous_year_non_crime_incidents: Count
    threshold: Setting
