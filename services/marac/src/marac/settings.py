"""marac's settings: the platform's, plus the North Yorkshire defaults of its configuration.

Everything here that practice decides (expected agencies, cadence, case cap, repeat
window, escalation rule, RFGV weights) is only a default: an administrator overrides it
per area or for the service through `/v1/config` (stored in the `area_config` and
`policy` tables), without a deployment.
"""

from datetime import date

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from csp_common.settings import ServiceSettings
from marac.policy import AreaConfig, MaracPolicy

_NY_CORE = ["north-yorkshire-police", "idas", "probation", "health", "fire-rescue"]


def north_yorkshire_areas() -> dict[str, AreaConfig]:
    """Fortnightly MARACs and 4-weekly MATACs, staggered across the week."""

    def area(anchor: date, cap: int, council: str = "north-yorkshire-council") -> AreaConfig:
        return AreaConfig(
            expected_agencies=[*_NY_CORE[:1], council, *_NY_CORE[1:]],
            case_cap=cap,
            marac_first_meeting_on=anchor,
            matac_first_meeting_on=date.fromordinal(anchor.toordinal() + 6),
        )

    return {
        "scarborough-ryedale": area(date(2022, 1, 4), 24),
        "harrogate-craven": area(date(2022, 1, 5), 22),
        "york": area(date(2022, 1, 6), 22, council="city-of-york-council"),
        "hambleton-richmondshire": area(date(2022, 1, 11), 16),
        "selby": area(date(2022, 1, 12), 16),
    }


class MaracSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="MARAC_", env_file=".env", extra="ignore")

    service_name: str = "marac"
    database_url: str = "sqlite+aiosqlite:///./.local/marac.db"
    area_defaults: dict[str, AreaConfig] = Field(
        default_factory=north_yorkshire_areas,
        description="Per MARAC area: expected agencies, cadence, case cap (JSON in the env)",
    )
    default_area: AreaConfig = Field(
        default_factory=AreaConfig,
        description="For a MARAC area of the partnership with no entry in area_defaults",
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
