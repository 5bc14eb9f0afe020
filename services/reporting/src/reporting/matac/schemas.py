"""Response model of the MATAC figures."""

from pydantic import ConfigDict, Field

from reporting.figures import Figures, Setting
from reporting.schemas import Count, CountShare, Percent, PeriodOut


class MatacStats(Figures):
    """Perpetrators nominated to MATAC in a period, interventions started, and the
    change in RFGV score of those who exited (success is a fall in the score)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "period": {
                    "code": "2023-24",
                    "label": "2023/24",
                    "kind": "financial_year",
                    "start": "2023-04-01",
                    "end": "2024-03-31",
                },
                "nominations": 64,
                "serial_perpetrators": 41,
                "by_area": {"york": {"count": 15, "share_pct": 23.4}},
                "interventions": {
                    "support": 20,
                    "prevention": 11,
                    "diversion": 9,
                    "disruption": 17,
                    "enforcement": 22,
                },
                "exits": 30,
                "exits_with_lower_score": 24,
                "exits_with_lower_score_pct": 80.0,
                "mean_entry_score": 61.5,
                "mean_exit_score": 32.0,
                "threshold": 5,
            }
        }
    )

    period: PeriodOut
    nominations: Count
    serial_perpetrators: Count
    by_area: dict[str, CountShare]
    interventions: dict[str, Count]
    exits: Count = Field(description="Subjects with an exit score in the period")
    exits_with_lower_score: Count
    exits_with_lower_score_pct: Percent = None
    mean_entry_score: float | None = Field(description="Null below the threshold of exits")
    mean_exit_score: float | None
    threshold: Setting
