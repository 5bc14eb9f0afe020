"""Async engine, sessions and the per-request unit of work."""

from collections.abc import AsyncIterator, Sequence
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Insert, Row, event, literal, select
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from csp_common.settings import ServiceSettings


def create_engine(settings: ServiceSettings) -> AsyncEngine:
    if settings.is_postgres:
        return create_async_engine(
            settings.database_url,
            hide_parameters=True,  # parameters are personal data: never in logs or errors
            pool_size=settings.database_pool_size,
            max_overflow=settings.database_pool_size,
            pool_recycle=1800,
        )
    engine = create_async_engine(
        settings.database_url, hide_parameters=True, connect_args={"timeout": 30}
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


async def get_session(request: Request) -> AsyncIterator[AsyncSession]:
    """One session per request. Nothing is committed unless the view commits it.

    Views call `await session.commit()` once, after every service function has added
    its rows and outbox events, and before answering: a 201 is only sent for work
    that is durable.
    """
    factory: async_sessionmaker[AsyncSession] = request.app.state.session_factory
    async with factory() as session:
        try:
            yield session
        finally:
            if session.in_transaction():
                await session.rollback()


DbSession = Annotated[AsyncSession, Depends(get_session)]


async def execute_together(
    session: AsyncSession, statements: Sequence[Insert]
) -> Sequence[Row[Any]]:
    """Run INSERTs (multi-row `insert(t).values([...])`) in one round trip on PostgreSQL.

    They become data-modifying CTEs of one statement, which PostgreSQL runs to completion
    whether or not the final SELECT reads them; foreign keys between them are checked at
    the end of the statement. Returns the rows the LAST statement's RETURNING yields (if
    it has one). On SQLite they run one after another.
    """
    if not statements:
        return []
    *leading, last = statements
    if session.get_bind().dialect.name != "postgresql":
        for statement in leading:
            await session.execute(statement)
        result = await session.execute(last)
        return result.all() if last._returning else []
    ctes = [statement.cte(f"w{index}") for index, statement in enumerate(leading)]
    if last._returning:  # no public accessor for "has RETURNING"
        final = last.cte(f"w{len(leading)}")
        return (await session.execute(select(final).add_cte(*ctes))).all()
    ctes.append(last.cte(f"w{len(leading)}"))
    await session.execute(select(literal(1)).add_cte(*ctes))
    return []
