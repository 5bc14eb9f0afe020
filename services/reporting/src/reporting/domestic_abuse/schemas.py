"""Response model of the police-recorded domestic abuse crimes."""

from datetime import date

from pydantic import ConfigDict, Field

from reporting.figures import Figures, Setting
from reporting.schemas import Count, Percent


class DomesticAbuseCrimes(Figures):
    """Police-recorded domestic abuse crimes by financial year and area, as published with
    the serious violence measures (each year's latest publication)."""

    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "year": "2023-24",
                "years": ["2022-23", "2023-24"],
                "published_on": {"2022-23": "2023-06-01", "2023-24": "2024-06-03"},
                "areas": {"harrogate": {"2022-23": 1210, "2023-24": 1174}},
                "total": {"2022-23": 9120, "2023-24": 8950},
                "change_pct": {"harrogate": -3.0},
                "total_change_pct": -1.9,
                "threshold": 5,
            }
        }
    )

    year: str = Field(description="The last financial year asked for")
    years: list[str] = Field(description="The years shown, oldest first (those published)")
    published_on: dict[str, date]
    areas: dict[str, dict[str, Count]] = Field(
        description="Area -> year -> crimes (areas with none in any year shown are left out)"
    )
    total: dict[str, Count] = Field(description="Year -> crimes in the areas listed")
    change_pct: dict[str, Percent] = Field(
        description="Area -> the last year against the one before"
    )
    total_change_pct: Percent = None
    threshold: Setting
