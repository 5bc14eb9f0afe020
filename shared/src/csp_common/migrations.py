"""Alembic wiring: each service has its own migrations; `upgrade head` runs at start-up.

A service's `migrations/env.py` is two lines:

    from csp_common.migrations import run_env
    run_env(target_metadata)

`upgrade()` runs from the service's lifespan on its own engine; on PostgreSQL an
advisory lock keeps two replicas starting together from migrating at once.
"""

import asyncio
from pathlib import Path

from alembic import command, context, op
from alembic.config import Config
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from csp_common.outbox import NOTIFY_CHANNEL


def alembic_config(script_location: Path, url: str | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(script_location))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    return config


async def upgrade(engine: AsyncEngine, script_location: Path) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade, script_location)


def _upgrade(connection: Connection, script_location: Path) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('csp-migrations'))"))
    config = alembic_config(script_location)
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def run_env(target_metadata: MetaData) -> None:
    """The body of every service's `env.py`."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection, target_metadata)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("pass -x or set sqlalchemy.url, or run through `csp migrate`")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_async(url, target_metadata))


async def _run_async(url: str, target_metadata: MetaData) -> None:
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(_run, target_metadata)
    await engine.dispose()


def _run(connection: Connection, target_metadata: MetaData) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


_POSTGRES_TRIGGERS = [
    f"""CREATE FUNCTION csp_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM pg_notify('{NOTIFY_CHANNEL}', ''); RETURN NULL; END $$""",
    """CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION csp_outbox_notify()""",
    """CREATE FUNCTION csp_audit_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit_log rows are never changed'; END $$""",
    """CREATE TRIGGER audit_log_immutable BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION csp_audit_immutable()""",
]
_SQLITE_TRIGGERS = [
    """CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log rows are never changed'); END""",
    """CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
    BEGIN SELECT RAISE(ABORT, 'audit_log rows are never changed'); END""",
]


def create_platform_triggers() -> None:
    """Triggers for the platform tables; call from a service's first migration.

    - an insert into `outbox` notifies the relay (PostgreSQL LISTEN/NOTIFY, a wake-up only);
    - `audit_log` refuses UPDATE and DELETE: audit rows are never changed.
    """
    postgres = op.get_bind().dialect.name == "postgresql"
    for statement in _POSTGRES_TRIGGERS if postgres else _SQLITE_TRIGGERS:
        op.execute(statement)


def drop_platform_triggers() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for statement in (
            "DROP TRIGGER IF EXISTS outbox_notify ON outbox",
            "DROP FUNCTION IF EXISTS csp_outbox_notify()",
            "DROP TRIGGER IF EXISTS audit_log_immutable ON audit_log",
            "DROP FUNCTION IF EXISTS csp_audit_immutable()",
        ):
            op.execute(statement)
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")


def autogenerate(script_location: Path, message: str) -> None:
    """Write a new revision from the difference between the models and head.

    Compares against a scratch SQLite database upgraded to head; review the result
    (PostgreSQL-only details such as triggers are written by hand).
    """
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite+aiosqlite:///{scratch}/scratch.db"
        command.upgrade(alembic_config(script_location, url), "head")
        command.revision(alembic_config(script_location, url), message=message, autogenerate=True)


def create_platform_tables() -> None:
    """The outbox, processed-event and audit tables (with their indexes), as the shared
    package defines them; call first in a service's first migration."""
    from csp_common.tables import platform_tables

    for table in platform_tables():
        table.create(op.get_bind())


def drop_platform_tables() -> None:
    from csp_common.tables import platform_tables

    for table in reversed(platform_tables()):
        table.drop(op.get_bind())
