"""Settings shared by every service, read from the environment and `.env`.

Each service subclasses `ServiceSettings` with its own `env_prefix` (for example
`REFERRAL_HUB_`), as in FastAPI's full-stack template.
"""

from pathlib import Path

from pydantic import Field, computed_field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    service_name: str = Field(description="Short name, used as the CloudEvents source and group id")
    database_url: str = Field(
        default="sqlite+aiosqlite:///./.local/service.db",
        description="SQLAlchemy async URL: postgresql+asyncpg://... or sqlite+aiosqlite:///...",
    )
    database_pool_size: int = 10
    run_migrations: bool = Field(default=True, description="Run `alembic upgrade head` at start-up")

    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_idempotent_producer: bool = Field(
        default=False,
        description="On for Apache Kafka; Tansu refuses InitProducerId so it is off locally",
    )
    kafka_enabled: bool = Field(default=True, description="Run the outbox relay and consumers")
    outbox_batch_size: int = 2000
    outbox_poll_interval_seconds: float = 0.5

    auth_issuer: str = "csp-local"
    auth_audience: str = "csp-platform"
    auth_jwks_url: str | None = None
    auth_public_key_file: Path | None = None
    auth_algorithms: tuple[str, ...] = ("RS256",)
    auth_leeway_seconds: int = 30

    max_body_bytes: int = Field(default=2 * 1024 * 1024, description="Larger JSON bodies get 413")
    log_level: str = "INFO"
    small_number_threshold: int = Field(
        default=5,
        description="Published counts of people or cases are protected so that no count "
        "below it can be read or derived from them (docs/reporting.md)",
    )

    access_alert_reads: int = Field(
        default=50,
        ge=1,
        description="An access alert goes out when one caller reads this many people's "
        "records outside their agency or area within the window (csp_common.access_watch)",
    )
    access_alert_window_seconds: int = Field(
        default=600, ge=1, description="The access alert's window, in seconds"
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def is_postgres(self) -> bool:
        return self.database_url.startswith("postgresql")
