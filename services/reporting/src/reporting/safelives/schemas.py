"""Response model of the SafeLives return."""

from pydantic import ConfigDict, Field

from reporting.figures import Figures, Setting
from reporting.schemas import Count, Percent, PeriodOut


class ReturnRow(Figures):
    marac_area: str = Field(description='A MARAC area code, or "all"')
    name: str
    adult_women_population: Setting | None
    cases_discussed: Count
    repeat_cases: Count
    children_in_households: Count
    police_referrals: Count
    partner_referrals: Count
    victims_minoritised: Count
    victims_lgbt: Count
    victims_disabled: Count
    victims_male: Count
    victims_16_17: Count
    perpetrators_under_18: Count
    repeat_pct: Percent = None
    partner_referral_pct: Percent = None
    victims_minoritised_pct: Percent = None
    victims_lgbt_pct: Percent = None
    victims_disabled_pct: Percent = None
    victims_male_pct: Percent = None
    victims_16_17_pct: Percent = None
    perpetrators_under_18_pct: Percent = None
    cases_per_10k_adult_women: float | None = Field(
        default=None, description="Cases in the period, annualised, per 10,000 adult women"
    )
    referrals_by_agency: dict[str, Count]


class SafeLivesReturn(Figures):
    """The SafeLives MARAC data return for a period (normally a quarter of the
    financial year), one row per MARAC area and one for all, with national benchmarks."""

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
                "benchmarks": {
                    "cases_per_10k_adult_women": 40.0,
                    "repeat_pct": 30.0,
                    "partner_referral_pct": 36.0,
                },
                "benchmark_notes": {"repeat_pct": "National repeat rate about 30%"},
                "rows": [
                    {
                        "marac_area": "york",
                        "name": "York",
                        "adult_women_population": 89000,
                        "cases_discussed": 115,
                        "repeat_cases": 36,
                        "children_in_households": 140,
                        "police_referrals": 74,
                        "partner_referrals": 41,
                        "victims_minoritised": 9,
                        "victims_lgbt": "suppressed",
                        "victims_disabled": 21,
                        "victims_male": 8,
                        "victims_16_17": "suppressed",
                        "perpetrators_under_18": 0,
                        "repeat_pct": 31.3,
                        "partner_referral_pct": 35.7,
                        "victims_minoritised_pct": 7.8,
                        "victims_lgbt_pct": None,
                        "victims_disabled_pct": 18.3,
                        "victims_male_pct": 7.0,
                        "victims_16_17_pct": None,
                        "perpetrators_under_18_pct": 0.0,
                        "cases_per_10k_adult_women": 51.6,
                        "referrals_by_agency": {"north-yorkshire-police": 74, "health": 12},
                    }
                ],
                "threshold": 5,
            }
        }
    )

    period: PeriodOut
    benchmarks: dict[str, float]
    benchmark_notes: dict[str, str]
    rows: list[ReturnRow]
    threshold: Setting
