"""Reading and writing returns' versions (keyword-only; never commits)."""

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from referral_hub.returns.models import ProviderReturn, provider_return_table


async def versions_of(
    session: AsyncSession, *, provider: str, service: str, quarter: str
) -> Sequence[ProviderReturn]:
    """Every version of one return, the first first."""
    statement = (
        select(ProviderReturn)
        .where(
            ProviderReturn.provider == provider,  # type: ignore[arg-type]
            ProviderReturn.service == service,  # type: ignore[arg-type]
            ProviderReturn.quarter == quarter,  # type: ignore[arg-type]
        )
        .order_by(ProviderReturn.version)  # type: ignore[arg-type]
    )
    return (await session.execute(statement)).scalars().all()


async def standing_returns(
    session: AsyncSession, *, provider: str, service: str | None, quarter: str | None
) -> list[ProviderReturn]:
    """The highest version of each of a provider's returns, newest quarter first."""
    t = provider_return_table
    statement = select(ProviderReturn).where(t.c.provider == provider)
    if service is not None:
        statement = statement.where(t.c.service == service)
    if quarter is not None:
        statement = statement.where(t.c.quarter == quarter)
    latest: dict[tuple[str, str], ProviderReturn] = {}
    for row in (await session.execute(statement)).scalars():
        key = (row.service, row.quarter)
        if key not in latest or latest[key].version < row.version:
            latest[key] = row
    by_service = sorted(latest.values(), key=lambda r: r.service)
    return sorted(by_service, key=lambda r: r.quarter, reverse=True)
