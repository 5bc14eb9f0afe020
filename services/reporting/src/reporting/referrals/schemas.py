"""Response model of the referral figures."""

from pydantic import ConfigDict, Field

from reporting.figures import Figures, Setting
from reporting.schemas import Count, Percent, PeriodOut


class Group(Figures):
    count: Count
    share_pct: Percent = Field(default=None, description="Share of the level above")
    previous_year_count: Count = 0
    change_pct: Percent = None
    groups: dict[str, "Group"] | None = Field(
        default=None, description="The second group_by dimension within this group"
    )


class ReferralStats(Figures):
    """Domestic abuse referrals received in a period (by received_on)."""

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
                "previous_period": {
                    "code": "2022-23",
                    "label": "2022/23",
                    "kind": "financial_year",
                    "start": "2022-04-01",
                    "end": "2023-03-31",
                },
                "area": None,
                "group_by": ["area"],
                "multi_valued": False,
                "referrals": 5120,
                "previous_year_referrals": 4870,
                "change_pct": 5.1,
                "groups": {
                    "york": {
                        "count": 1210,
                        "share_pct": 23.6,
                        "previous_year_count": 1150,
                        "change_pct": 5.2,
                        "groups": None,
                    },
                },
                "threshold": 5,
            }
        }
    )

    period: PeriodOut
    previous_period: PeriodOut
    area: str | None
    group_by: list[str]
    multi_valued: bool = Field(
        description="True when a referral can count in several groups (provider, service)"
    )
    referrals: Count
    previous_year_referrals: Count
    change_pct: Percent = None
    groups: dict[str, Group]
    threshold: Setting
