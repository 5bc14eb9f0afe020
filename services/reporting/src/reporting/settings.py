"""Settings of reporting, read from `REPORTING_*` environment variables and `.env`."""

from functools import cached_property
from zoneinfo import ZoneInfo

from pydantic import AnyHttpUrl, Field, SecretStr, field_validator
from pydantic_settings import SettingsConfigDict

from csp_common.contracts.dhr import GUIDANCE_2016_STAGES
from csp_common.contracts.equality import (
    AGED_16_17,
    MALE,
    MINORITISED_ETHNICITIES,
    UNDER_18,
    AgeBand,
    Ethnicity,
    Gender,
)
from csp_common.settings import ServiceSettings


class ReportingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REPORTING_", env_file=".env", extra="ignore")

    service_name: str = "reporting"

    consumer_group: str = Field(
        default="reporting-read-models",
        description="Kafka consumer group of the read models (one per deployment)",
    )
    timezone: str = Field(
        default="Europe/London",
        description="Local time zone: decides the day and the hour of day of a timestamp",
    )

    # SafeLives national benchmarks (DOMAIN.md §3); they change when SafeLives publishes.
    benchmark_cases_per_10k_adult_women: float = 40.0
    benchmark_repeat_pct: float = Field(
        default=30.0, description="National repeat rate (32% in the year to June 2023)"
    )
    benchmark_partner_referral_pct: float = 36.0

    # Which event codes count towards the SafeLives equality measures. Changing them
    # needs a rebuild: the read models keep the measures, not the codes behind them.
    # The defaults are the platform's (csp_common.contracts.equality); a code outside its
    # vocabularies is refused at start-up.
    minoritised_ethnicities: tuple[Ethnicity, ...] = MINORITISED_ETHNICITIES
    victim_16_17_age_bands: tuple[AgeBand, ...] = AGED_16_17
    perpetrator_under_18_age_bands: tuple[AgeBand, ...] = UNDER_18
    male_genders: tuple[Gender, ...] = MALE

    dhr_since: int = Field(
        default=2018,
        ge=2000,
        le=2100,
        description="The year Domestic Homicide Review figures count from by default",
    )
    dhr_stages: tuple[str, ...] = Field(
        default=GUIDANCE_2016_STAGES,
        min_length=1,
        description="dhr-tracker's stages in order (the first is a new review's); stages "
        "not listed follow, by name",
    )

    dashboard_secret: SecretStr | None = Field(
        default=None,
        description=(
            "Key that signs dashboard links and sessions. Set the same value on every "
            "replica; without it each process makes a random one."
        ),
    )
    dashboard_public_url: AnyHttpUrl | None = Field(
        default=None,
        description=(
            "The address browsers reach this service at (https://reporting.example.org): "
            "dashboard links are built from it, never from a request's Host header. "
            "Without it no link is made."
        ),
    )
    dashboard_link_ttl_seconds: int = Field(default=300, ge=10, le=3600)
    dashboard_session_ttl_seconds: int = Field(default=3600, ge=60, le=12 * 3600)
    dashboard_cookie_secure: bool = True

    rebuild_workers: int = Field(
        default=1,
        ge=1,
        le=32,
        description=(
            "Processes a rebuild splits the partitions over; more than one only helps "
            "with more than one core for the service (the bench uses 2)"
        ),
    )
    rebuild_batch_size: int = Field(
        default=10_000, ge=100, le=100_000, description="Events per rebuild transaction"
    )

    @field_validator("dashboard_public_url")
    @classmethod
    def _bare_address(cls, value: AnyHttpUrl | None) -> AnyHttpUrl | None:
        if value is not None and (value.query or value.fragment or value.username):
            raise ValueError("the public address takes no query, fragment or user name")
        return value

    @cached_property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
