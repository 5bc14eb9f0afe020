"""Response model of the community safety hub figures."""

from pydantic import ConfigDict, Field

from reporting.figures import Figures, Setting
from reporting.schemas import Count, Percent, PeriodOut


class Compared(Figures):
    count: Count
    previous_year_count: Count = Field(description="The same period a year before")
    change_pct: Percent = None


class Share(Compared):
    share_pct: Percent = Field(default=None, description="Of the cases opened in the period")


class OpenedClosed(Figures):
    opened: Compared = Field(description="Cases opened in the period")
    closed: Compared = Field(description="Cases closed in the period (whenever opened)")


class HubFigures(OpenedClosed):
    by_kind: dict[str, OpenedClosed]


class InterventionFigures(Figures):
    issued: Compared
    breached: Compared = Field(description="Breaches in the period (of any intervention)")


class Interventions(InterventionFigures):
    by_kind: dict[str, InterventionFigures] = Field(
        description="Per kind, in the order of the escalation ladder"
    )


class CommunityTrigger(Figures):
    """The ASB case review figures the relevant bodies must publish, for the
    applications received in the period."""

    applications: Compared
    threshold_not_met: Compared
    reviews_held: Compared
    reviews_with_recommendations: Compared


def _compared(count: int | str, before: int | str, change: float | None) -> dict:
    return {"count": count, "previous_year_count": before, "change_pct": change}


_EXAMPLE = {
    "period": {
        "code": "2023-24",
        "label": "2023/24",
        "kind": "financial_year",
        "start": "2023-04-01",
        "end": "2024-03-31",
    },
    "previous_period": {
        "code": "2022-23",
        "label": "2022/23",
        "kind": "financial_year",
        "start": "2022-04-01",
        "end": "2023-03-31",
    },
    "hub": None,
    "cases": {"opened": _compared(412, 380, 8.4), "closed": _compared(365, 341, 7.0)},
    "by_kind": {
        "asb_personal": {
            "opened": _compared(150, 141, 6.4),
            "closed": _compared(133, "suppressed", None),
        }
    },
    "by_hub": {
        "scarborough": {
            "opened": _compared(88, 79, 11.4),
            "closed": _compared(70, 66, 6.1),
            "by_kind": {
                "asb_personal": {
                    "opened": _compared(31, 30, 3.3),
                    "closed": _compared("suppressed", "suppressed", None),
                }
            },
        }
    },
    "repeat_locations": {**_compared(97, 90, 7.8), "share_pct": 23.5},
    "repeat_victims": {**_compared(64, 58, 10.3), "share_pct": 15.5},
    "risk_levels": {
        "high": {**_compared(41, 37, 10.8), "share_pct": 10.0},
        "medium": {**_compared(120, 118, 1.7), "share_pct": 29.1},
        "standard": {**_compared(230, 205, 12.2), "share_pct": 55.8},
        "not_assessed": {**_compared(21, 20, 5.0), "share_pct": 5.1},
    },
    "incidents": _compared(1904, 1788, 6.5),
    "interventions": {
        "issued": _compared(136, 120, 13.3),
        "breached": _compared(22, 19, 15.8),
        "by_kind": {
            "warning_letter": {
                "issued": _compared(80, 75, 6.7),
                "breached": _compared(0, 0, None),
            },
            "community_protection_notice": {
                "issued": _compared(18, 14, 28.6),
                "breached": _compared(9, "suppressed", None),
            },
        },
    },
    "outcomes": {"resolved": _compared(280, 262, 6.9)},
    "community_trigger": {
        "applications": _compared(14, 11, 27.3),
        "threshold_not_met": _compared(6, "suppressed", None),
        "reviews_held": _compared(8, 7, 14.3),
        "reviews_with_recommendations": _compared(7, 6, 16.7),
    },
    "threshold": 5,
}


class HubStats(Figures):
    """Community safety hub cases in a period against the same period a year before, by
    hub and kind; the cases opened about a repeat location or with a repeat victim and
    their risk levels now; incidents logged; interventions issued and breached; the
    outcomes of the cases closed; and the ASB case review ("community trigger") figures.
    Every count is about people or their cases and protected as a small number."""

    model_config = ConfigDict(json_schema_extra={"example": _EXAMPLE})

    period: PeriodOut
    previous_period: PeriodOut
    hub: str | None = Field(description="The hub area filtered on, or null for every hub")
    cases: OpenedClosed
    by_kind: dict[str, OpenedClosed]
    by_hub: dict[str, HubFigures]
    repeat_locations: Share = Field(
        description="Cases opened about a place the hub already had a case about"
    )
    repeat_victims: Share = Field(
        description="Cases opened with a victim the hub already had a case about"
    )
    risk_levels: dict[str, Share] = Field(
        description="The cases opened by their latest ASB risk assessment (high, medium, "
        "standard, not_assessed)"
    )
    incidents: Compared = Field(description="Incidents logged that happened in the period")
    interventions: Interventions
    outcomes: dict[str, Compared] = Field(description="The cases closed by their outcome")
    community_trigger: CommunityTrigger
    threshold: Setting
