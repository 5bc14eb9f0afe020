"""What practice decides, as data: per MARAC area (expected agencies, cadence, case cap)
and service-wide (repeat window, listing, escalation, RFGV, serial-perpetrator test).

The partnership's file gives the areas' meetings and the attendance rule
(`csp_common.marac_configuration`), settings the rest (`marac.settings`); an
administrator overrides any of them through `/v1/config` (stored by `marac.config`).
"""

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, model_validator

from csp_common.contracts.equality import AgeBand
from csp_common.fields import StrictInt
from csp_common.marac_configuration import AreaConfig as AreaConfig
from csp_common.marac_configuration import EscalationRule
from csp_common.partnership import load_partnership


class RfgvPolicy(BaseModel):
    """RFGV: no published formula exists, so every weight and cap is configuration.

    Each component is scaled to 0..100 (recency falls linearly over the window; the
    others saturate at their cap); the score is their weighted mean. Every number is
    bounded, so no configuration makes date arithmetic or the score overflow.
    """

    model_config = ConfigDict(extra="forbid")

    recency_weight: StrictFloat = Field(default=1.0, ge=0, le=100)
    frequency_weight: StrictFloat = Field(default=1.0, ge=0, le=100)
    gravity_weight: StrictFloat = Field(default=1.0, ge=0, le=100)
    victims_weight: StrictFloat = Field(default=1.0, ge=0, le=100)
    window_days: StrictInt = Field(
        default=730, ge=30, le=3650, description="Rolling window (24 months)"
    )
    frequency_cap: StrictInt = Field(
        default=10, ge=1, le=1000, description="Incidents that score 100"
    )
    gravity_cap: StrictInt = Field(
        default=30, ge=1, le=10_000, description="Summed gravity (1..10 each) that scores 100"
    )
    victims_cap: StrictInt = Field(
        default=4, ge=1, le=100, description="Distinct victims that score 100"
    )

    @model_validator(mode="after")
    def _some_weight(self) -> "RfgvPolicy":
        weights = (
            self.recency_weight,
            self.frequency_weight,
            self.gravity_weight,
            self.victims_weight,
        )
        if sum(weights) <= 0:
            raise ValueError("at least one RFGV weight must be positive")
        return self


class SerialRule(BaseModel):
    """Northumbria model: 16+, suspect in more than one incident against 2+ victims in 3 years."""

    model_config = ConfigDict(extra="forbid")

    window_days: StrictInt = Field(default=3 * 365 + 1, ge=1, le=3650, description="Up to 10 years")
    min_victims: StrictInt = Field(default=2, ge=1, le=100)
    min_incidents: StrictInt = Field(default=2, ge=1, le=1000)
    excluded_age_bands: list[AgeBand] = Field(
        default_factory=lambda: [AgeBand.UNDER_16],
        max_length=9,
        description="Age bands below the minimum age",
    )


class MaracPolicy(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "repeat_window_days": 365,
                    "listing_lead_days": 1,
                    "urgent_score_from": 20,
                    "escalation": {"missed": 3, "of_meetings": 6},
                    "rfgv": {"recency_weight": 2, "gravity_weight": 3, "window_days": 730},
                }
            ]
        },
    )

    repeat_window_days: StrictInt = Field(
        default=365,
        ge=1,
        le=3650,
        description="Same victim and perpetrator referred again within this many days "
        "(inclusive: 365 is a repeat, 366 is not) is a repeat",
    )
    listing_lead_days: StrictInt = Field(
        default=1, ge=0, le=60, description="Days between referral and the earliest meeting"
    )
    urgent_score_from: StrictInt = Field(
        default=20, ge=0, le=25, description="DASH score from which a case is listed first"
    )
    escalation: EscalationRule = Field(
        default_factory=lambda: load_partnership().marac.attendance.model_copy(),
        description="Default: the partnership's `marac.attendance`",
    )
    rfgv: RfgvPolicy = Field(default_factory=RfgvPolicy)
    serial: SerialRule = Field(default_factory=SerialRule)
