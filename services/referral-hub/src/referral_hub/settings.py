from pydantic import Field
from pydantic_settings import SettingsConfigDict

from csp_common.settings import ServiceSettings
from referral_hub.policy import RiskPolicy, RoutingPolicy


class ReferralHubSettings(ServiceSettings):
    model_config = SettingsConfigDict(
        env_prefix="REFERRAL_HUB_", env_file=".env", extra="ignore", env_nested_delimiter="__"
    )

    service_name: str = "referral-hub"
    risk: RiskPolicy = Field(
        default_factory=RiskPolicy, description="DASH bands and MARAC criteria"
    )
    routing: RoutingPolicy = Field(default_factory=RoutingPolicy, description="Routing rules")
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
