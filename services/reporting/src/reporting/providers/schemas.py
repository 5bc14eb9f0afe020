"""Response model of commissioned services' performance."""

from pydantic import ConfigDict, Field

from reporting.figures import Figures, Setting
from reporting.schemas import Count, CountShare, Percent, PeriodOut


class Funnel(Figures):
    received: Count = Field(description="Routes made to the service in the period")
    accepted: Count
    declined: Count
    contacted: Count
    engaged: Count
    closed: Count
    accepted_pct: Percent = None
    contacted_pct: Percent = Field(default=None, description="Of those accepted")
    engaged_pct: Percent = Field(default=None, description="Of those contacted")
    median_days_to_first_contact: float | None = Field(
        default=None, description="Null when fewer routes than the threshold were contacted"
    )


class ServiceFunnel(Funnel):
    outcomes: dict[str, Count] = Field(description="Outcome code -> routes closed with it")


class ProviderFunnel(Funnel):
    services: dict[str, ServiceFunnel]


class ServiceReturns(Figures):
    """What a service reported in its own quarterly returns for the period's quarters
    (the highest version of each), for the whole partnership."""

    quarters_reported: list[str] = Field(description="Quarters of the period with a return")
    corrected_quarters: list[str] = Field(description="Of those, returns corrected since")
    referrals_received: Count = Field(description="From all sources, self-referrals too")
    previous_year_referrals_received: Count
    change_pct: Percent = None
    self_referrals: Count
    self_referral_pct: Percent = None
    closures: Count
    outcomes: dict[str, CountShare] = Field(
        description="Outcome measure -> cases closed with it and their share of closures"
    )
    caseload_at_end: Count | None = Field(description="Open cases on `as_of_quarter`'s last day")
    waiting_at_end: Count | None = Field(
        description="Referrals waiting for first contact on `as_of_quarter`'s last day"
    )
    median_wait_days: float | None = Field(
        description="`as_of_quarter`'s median days to first contact; null when it received "
        "fewer referrals than the threshold (or they are not shown)"
    )
    as_of_quarter: str | None = Field(description="The period's last quarter with a return")


class ProviderPerformance(Figures):
    """What happened to the referrals routed to each commissioned service in a period."""

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
                "area": None,
                "providers": {
                    "idas": {
                        "received": 812,
                        "accepted": 760,
                        "declined": 40,
                        "contacted": 701,
                        "engaged": 540,
                        "closed": 310,
                        "accepted_pct": 93.6,
                        "contacted_pct": 92.2,
                        "engaged_pct": 77.0,
                        "median_days_to_first_contact": 1.8,
                        "services": {
                            "idas_refuge": {
                                "received": 41,
                                "accepted": 38,
                                "declined": "suppressed",
                                "contacted": 36,
                                "engaged": 30,
                                "closed": 12,
                                "accepted_pct": 92.7,
                                "contacted_pct": 94.7,
                                "engaged_pct": 83.3,
                                "median_days_to_first_contact": 0.6,
                                "outcomes": {"safety_plan_in_place": 9, "moved_area": "suppressed"},
                            }
                        },
                    }
                },
                "returns": {
                    "idas": {
                        "idas_community_support": {
                            "quarters_reported": ["2023-24-Q3"],
                            "corrected_quarters": [],
                            "referrals_received": 812,
                            "previous_year_referrals_received": 760,
                            "change_pct": 6.8,
                            "self_referrals": 96,
                            "self_referral_pct": 11.8,
                            "closures": 310,
                            "outcomes": {
                                "risk_reduced": {"count": 251, "share_pct": 81.0},
                                "feels_safer": {"count": 268, "share_pct": 86.5},
                            },
                            "caseload_at_end": 640,
                            "waiting_at_end": 14,
                            "median_wait_days": 2.5,
                            "as_of_quarter": "2023-24-Q3",
                        }
                    }
                },
                "threshold": 5,
            }
        }
    )

    period: PeriodOut
    area: str | None
    providers: dict[str, ProviderFunnel]
    returns: dict[str, dict[str, ServiceReturns]] = Field(
        description="Provider -> service -> its own quarterly returns for the period (the "
        "whole partnership's: empty when `area` is given, returns are not by area)"
    )
    threshold: Setting
