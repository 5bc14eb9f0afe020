"""svd-fund's settings: the platform's, plus the response strategy and the funder.

The priorities and the activity types the fund pays for are data (JSON in the
environment: `SVD_FUND_PRIORITIES`, `SVD_FUND_ACTIVITY_TYPES`), with North Yorkshire and
York's response strategy as the default. The funder's identity (org-id and name) and the
prefix of its 360Giving grant ids are published with every grant.
"""

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_settings import SettingsConfigDict

from csp_common.settings import ServiceSettings
from svd_fund.policy import (
    VIOLENCE_WITH_INJURY,
    ActivityType,
    OffenceGroup,
    Priority,
    fund_activity_types,
    local_definition,
    response_strategy_priorities,
)


class GeoCode(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    code: str = Field(pattern=r"^[EWSN][0-9]{8}$")
    type: Literal["CSP", "PFA", "LAD", "UA", "CTY", "WD"]


class SvdSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="SVD_FUND_", env_file=".env", extra="ignore")

    service_name: str = "svd-fund"
    database_url: str = "sqlite+aiosqlite:///./.local/svd-fund.db"
    definition: list[OffenceGroup] = Field(
        default_factory=local_definition, description="The local definition of serious violence"
    )
    violence_with_injury_group: str = Field(
        default=VIOLENCE_WITH_INJURY, description="The definition's group the rate is of"
    )
    max_import_bytes: int = Field(default=50 * 1024 * 1024, description="Largest import file")
    import_chunk_rows: int = Field(default=1000, ge=1, le=10_000)
    priorities: list[Priority] = Field(default_factory=response_strategy_priorities)
    activity_types: list[ActivityType] = Field(default_factory=fund_activity_types)
    default_grant_cap: Decimal = Field(default=Decimal("40000.00"), gt=0, decimal_places=2)
    funder_org_id: str = Field(
        default="GB-GOV-PFCC-NY",
        pattern=r"^[A-Z]{2}-[A-Z]{2,6}-[A-Za-z0-9-]{1,40}$",
        description="The funder's org-id (org-id.guide)",
    )
    funder_name: str = "North Yorkshire Police, Fire and Crime Commissioner"
    grant_id_prefix: str = Field(
        default="360G-nypfcc",
        pattern=r"^360G-[A-Za-z0-9]{1,30}$",
        description="Published grant ids are this prefix, '-', and the grant's own id",
    )

    quarterly_return_due_days: int = Field(
        default=30,
        ge=0,
        le=180,
        description="A quarterly return is due this long after its quarter",
    )
    evaluation_due_days: int = Field(
        default=60, ge=0, le=365, description="The evaluation is due this long after the project"
    )
    round_check_seconds: float = Field(
        default=60, gt=0, description="How often rounds are looked at for opening and closing"
    )
    round_scheduler_enabled: bool = True
    default_tranches: int = Field(default=2, ge=1, le=12, description="Parts a grant is paid in")

    default_geocode: GeoCode = Field(
        default=GeoCode(code="E23000009", type="PFA"),
        description="Published as each grant's beneficiary location (North Yorkshire's "
        "police force area) unless `area_geocodes` names a finer one for the area",
    )
    area_geocodes: dict[str, GeoCode] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _distinct_codes(self) -> "SvdSettings":
        for name, items in (
            ("priorities", self.priorities),
            ("activity_types", self.activity_types),
        ):
            codes = [item.code for item in items]
            if len(set(codes)) != len(codes):
                raise ValueError(f"{name} repeat a code")
        return self

    def giving_id(self, grant_id: object) -> str:
        """The grant's id in 360Giving data: the funder's prefix and the grant's own id."""
        return f"{self.grant_id_prefix}-{grant_id}"

    def priority_codes(self) -> set[str]:
        return {priority.code for priority in self.priorities}

    def activity_codes(self) -> set[str]:
        return {activity.code for activity in self.activity_types}
