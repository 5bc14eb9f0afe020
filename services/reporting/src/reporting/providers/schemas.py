"""Response model of commissioned services' performance."""

from pydantic import BaseModel, ConfigDict, Field

from reporting.schemas import Count, Percent, PeriodOut


class Funnel(BaseModel):
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


class ProviderPerformance(BaseModel):
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
                "threshold": 5,
            }
        }
    )

    period: PeriodOut
    area: str | None
    providers: dict[str, ProviderFunnel]
    threshold: int
