"""Settings of a provider simulator, read from `<PROVIDER>_SIMULATOR_*` variables
(`IDAS_SIMULATOR_FAIL_FIRST=2`...) by the app factories of `app.py`."""

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from csp_devtools.keys import AUDIENCE, LOCAL_ISSUER


class SimulatorSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SIMULATOR_", extra="ignore")

    provider: str = Field(description="The provider (agency) code it plays: idas, foundation")
    webhook_secret: str = Field(
        description="whsec_... secret shared with referral-hub, or local-derived:<key file>"
    )
    referral_hub_url: str | None = Field(
        default=None, description="Where to report feedback; none: acknowledge only"
    )
    private_key_file: Path | None = Field(
        default=None, description="The local signing key, to mint the provider's tokens"
    )
    token_issuer: str = LOCAL_ISSUER
    token_audience: str = AUDIENCE
    fail_first: int = Field(
        default=0, ge=0, description="Answer 503 to the first N validly signed deliveries"
    )
    feedback_delay_seconds: float = Field(
        default=2.0, ge=0, description="Before reporting accepted (or declined), then contacted"
    )
    engaged_delay_seconds: float = Field(
        default=10.0, ge=0, description="After contacted, before reporting engaged"
    )
    decline_one_in: int = Field(
        default=3,
        ge=0,
        description="Foundation declines one +Choices route in N (chosen by route id); 0: never",
    )
    log_level: str = "INFO"
