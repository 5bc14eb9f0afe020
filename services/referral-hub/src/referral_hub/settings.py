from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from csp_common.settings import ServiceSettings
from referral_hub.policy import RiskPolicy, RoutingPolicy, partnership_routing


class ReferralHubSettings(ServiceSettings):
    model_config = SettingsConfigDict(
        env_prefix="REFERRAL_HUB_", env_file=".env", extra="ignore", env_nested_delimiter="__"
    )

    service_name: str = "referral-hub"
    risk: RiskPolicy = Field(
        default_factory=RiskPolicy, description="DASH bands and MARAC criteria"
    )
    routing: RoutingPolicy = Field(
        default_factory=partnership_routing,
        description="Routing rules; default: the partnership file's `routing`",
    )
    person_key_secret: str | None = Field(
        default=None,
        description="HMAC secret for person match keys, so a key cannot be reversed by guessing",
    )
    marac_consumer_group: str = Field(
        default="referral-hub-marac",
        description="Kafka consumer group of the consumer of marac's case events",
    )
    webhook_urls: dict[str, str] = Field(
        default_factory=dict,
        description="Provider code -> webhook URL; providers without one pull from their inbox",
    )
    webhook_secrets: dict[str, str] = Field(
        default_factory=dict, description="Provider code -> Standard Webhooks secret (whsec_...)"
    )
    webhook_max_attempts: int = 8
    webhook_initial_backoff_seconds: float = 2.0
    webhook_max_backoff_seconds: float = 600.0
    webhook_timeout_seconds: float = 10.0
    import_max_bytes: int = 512 * 1024 * 1024
    import_sends_webhooks: bool = Field(
        default=False,
        description="Deliver imported (historical) referrals to providers' webhooks too; "
        "off by default: the providers had them at the time, and old routes stay in inboxes",
    )
    marac_url: str = Field(
        default="http://127.0.0.1:8002",
        description="marac, asked what it holds about a person for a subject access request",
    )
    dhr_tracker_url: str | None = Field(
        default=None,
        description="dhr-tracker's base URL, asked what it holds about a person for a subject "
        "access request and whether an ongoing review still needs a person before an erasure "
        "request is granted; unset where the partnership runs no dhr-tracker",
    )
    subject_access_token: SecretStr | None = Field(
        default=None,
        description="A bearer token with persons:sar and audit:read that the operator "
        "provisions; without it marac and dhr-tracker are reported unavailable in every "
        "subject access bundle",
    )
    subject_access_timeout_seconds: float = Field(
        default=10, gt=0, le=120, description="How long one source may take to answer"
    )
    retention_job_enabled: bool = Field(
        default=False,
        description="Erase what is past its retention period on a schedule; switched on "
        "once the data protection team has read the dry run (GET /v1/retention/due)",
    )
    retention_check_seconds: float = Field(
        default=86400, gt=0, description="How often the retention job looks for what is due"
    )
    retention_batch: int = Field(
        default=500, ge=1, le=10000, description="People the retention job erases per round"
    )
    retention_token: SecretStr | None = Field(
        default=None,
        description="A bearer token with records:retention that the operator provisions, "
        "for asking dhr-tracker",
    )
    retention_timeout_seconds: float = Field(default=10.0, gt=0)
