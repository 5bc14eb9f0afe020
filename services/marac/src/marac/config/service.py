"""Reading and changing the configuration (database rows over settings defaults)."""

import logging
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.partnership import load_partnership
from csp_common.upsert import upsert
from marac.areas import check_agency, marac_areas
from marac.config.models import AreaConfigRow, PolicyRow
from marac.policy import AreaConfig, MaracPolicy
from marac.settings import MaracSettings

log = logging.getLogger(__name__)
T = TypeVar("T", bound=BaseModel)
_policy_table = PolicyRow.__table__  # type: ignore[attr-defined]
_area_table = AreaConfigRow.__table__  # type: ignore[attr-defined]


def _stored(model: type[T], document: dict | None, default: T, *, what: str) -> T:
    """A stored document, or `default` if there is none or it breaks today's bounds (one
    saved before they were tightened): reading configuration never fails a request."""
    if not document:
        return default
    try:
        return model.model_validate(document)
    except ValidationError:
        log.error("stored %s is not valid any more: the defaults apply until it is saved", what)
        return default


async def get_policy(session: AsyncSession, *, settings: MaracSettings) -> MaracPolicy:
    document = await session.scalar(select(_policy_table.c.document).where(_policy_table.c.id == 1))
    return _stored(MaracPolicy, document, settings.policy, what="policy")


async def set_policy(session: AsyncSession, *, policy: MaracPolicy, by: str) -> None:
    values = {
        "document": policy.model_dump(mode="json"),
        "updated_at": clock.now(),
        "updated_by": by,
    }
    await session.execute(
        upsert(session, _policy_table, key=["id"], values=values).values(id=1, **values)
    )


def default_area_config(area: str, *, settings: MaracSettings) -> AreaConfig:
    """The settings' (the partnership file's unless a deployment sets them)."""
    if (config := settings.area_defaults.get(area)) is not None:
        return config
    marac_area = load_partnership().marac_area(area)
    if marac_area is None:
        raise LookupError(f"{area} is not a MARAC area of the partnership")
    return marac_area.meetings


async def get_area_configs(
    session: AsyncSession, *, settings: MaracSettings
) -> dict[str, tuple[AreaConfig, bool]]:
    """Every MARAC area's configuration, and whether an administrator changed it."""
    rows = dict(
        (await session.execute(select(_area_table.c.marac_area, _area_table.c.document)))
        .tuples()
        .all()
    )
    configs: dict[str, tuple[AreaConfig, bool]] = {}
    for area in marac_areas():
        default = default_area_config(area, settings=settings)
        config = _stored(AreaConfig, rows.get(area), default, what=f"configuration of {area}")
        configs[area] = (config, config is not default)
    return configs


async def get_area_config(
    session: AsyncSession, *, area: str, settings: MaracSettings
) -> AreaConfig:
    document = await session.scalar(
        select(_area_table.c.document).where(_area_table.c.marac_area == area)
    )
    default = default_area_config(area, settings=settings)
    return _stored(AreaConfig, document, default, what=f"configuration of {area}")


async def set_area_config(session: AsyncSession, *, area: str, config: AreaConfig, by: str) -> None:
    for agency in config.expected_agencies:
        check_agency(agency, field="expected_agencies")
    values = {
        "document": config.model_dump(mode="json"),
        "updated_at": clock.now(),
        "updated_by": by,
    }
    await session.execute(
        upsert(session, _area_table, key=["marac_area"], values=values).values(
            marac_area=area, **values
        )
    )
