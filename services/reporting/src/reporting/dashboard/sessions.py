"""Dashboard links and sessions on the server. Keyword-only; they never commit."""

from datetime import datetime

from sqlalchemy import delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from reporting.dashboard.models import session_table, used_link_table


async def use_link(*, session: AsyncSession, link_id: str, expires_at: datetime) -> bool:
    """Records a link as used; False if it was used before."""
    try:
        async with session.begin_nested():
            await session.execute(
                insert(used_link_table).values(link_id=link_id[:64], expires_at=expires_at)
            )
    except IntegrityError:
        return False
    return True


async def open_session(
    *, session: AsyncSession, session_id: str, expires_at: datetime, now: datetime
) -> None:
    await session.execute(delete(used_link_table).where(used_link_table.c.expires_at < now))
    await session.execute(delete(session_table).where(session_table.c.expires_at < now))
    await session.execute(
        insert(session_table).values(session_id=session_id, expires_at=expires_at)
    )


async def is_open(*, session: AsyncSession, session_id: str, now: datetime) -> bool:
    found = await session.scalar(
        select(session_table.c.session_id).where(
            session_table.c.session_id == session_id, session_table.c.expires_at > now
        )
    )
    return found is not None


async def end_session(*, session: AsyncSession, session_id: str) -> None:
    await session.execute(delete(session_table).where(session_table.c.session_id == session_id))
