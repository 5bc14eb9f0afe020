"""marac's settings: the platform's, plus the defaults of its configuration.

Everything here that practice decides (expected agencies, cadence, case cap, repeat
window, escalation rule, RFGV weights) is only a default: the areas' meetings and the
attendance rule come from the partnership's file (`marac_areas[].meetings`,
`marac.attendance`), and an administrator overrides any of it per area or for the
service through `/v1/config` (stored in the `area_config` and `policy` tables), without
a deployment.
"""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from csp_common.partnership import load_partnership
from csp_common.settings import ServiceSettings
from marac.policy import AreaConfig, MaracPolicy


def partnership_areas() -> dict[str, AreaConfig]:
    """Each MARAC area's meetings, as the partnership's file gives them."""
    return {m.code: m.meetings.model_copy() for m in load_partnership().marac_areas}


class MaracSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MARAC_", env_file=".env", extra="ignore")

    service_name: str = "marac"
    database_url: str = "sqlite+aiosqlite:///./.local/marac.db"
    area_defaults: dict[str, AreaConfig] = Field(
        default_factory=partnership_areas,
        description="Per MARAC area: expected agencies, cadence, case cap; default: the "
        "partnership file's `marac_areas[].meetings`",
    )
    policy: MaracPolicy = Field(
        default_factory=MaracPolicy,
        description="Repeat window, listing, escalation, RFGV and serial-perpetrator rules",
    )
    referrals_consumer_group: str = Field(
        default="marac-referrals", description="Kafka consumer group of the referral consumer"
    )
    import_chunk_rows: int = Field(default=500, ge=1, description="Rows per import transaction")
    max_import_bytes: int = Field(default=64 * 1024 * 1024, description="Largest import file")
