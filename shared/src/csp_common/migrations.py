"""Alembic wiring: each service has its own migrations; `upgrade head` runs at start-up.

A service keeps only its revisions (`versions/`) and names them with
`ServiceMigrations`; the `env.py` and the `script.py.mako` of every service are the
ones in `csp_common/migration_script/`:

    MIGRATIONS = ServiceMigrations(
        service="marac", models="marac.models", versions=Path(__file__).parent / "versions"
    )
    ServiceDefinition(..., migrations=MIGRATIONS)

A service that keeps a migrations folder of its own has a one-line `env.py`:

    from csp_common.migrations import run_service_env
    run_service_env("marac", models="marac.models")

`upgrade()` runs from the service's lifespan on its own engine; on PostgreSQL an
advisory lock keeps two replicas starting together from migrating at once.
"""

import asyncio
import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from alembic import command, context, op
from alembic.config import Config
from sqlalchemy import MetaData, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from csp_common.audit_retention import AUDIT_RETENTION_SETTING
from csp_common.outbox import NOTIFY_CHANNEL
from csp_common.retention import AUDIT_FLOOR_YEARS

SHARED_SCRIPT = Path(__file__).parent / "migration_script"
"""The `env.py` and `script.py.mako` every service's migrations run with."""


@dataclass(frozen=True)
class ServiceMigrations:
    """A service's revisions, run with the shared `env.py` and template."""

    service: str
    """Its name, as in `csp_common.metadata.service_metadata(service)`."""
    models: str
    """The module that imports every table of the service (`marac.models`)."""
    versions: Path
    """The folder of its revision files."""


Migrations = Path | ServiceMigrations
"""A migrations folder with its own env.py, or a service's revisions."""


def alembic_config(source: Migrations, url: str | None = None) -> Config:
    config = Config()
    if isinstance(source, ServiceMigrations):
        config.set_main_option("script_location", str(SHARED_SCRIPT))
        config.set_main_option("path_separator", "os")
        config.set_main_option("version_locations", str(source.versions))
        config.set_main_option("csp_service", source.service)
        config.set_main_option("csp_models", source.models)
    else:
        config.set_main_option("script_location", str(source))
    if url:
        config.set_main_option("sqlalchemy.url", url)
    return config


async def upgrade(engine: AsyncEngine, source: Migrations) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(_upgrade, source)


def _upgrade(connection: Connection, source: Migrations) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(hashtext('csp-migrations'))"))
    config = alembic_config(source)
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def run_service_env(service: str, *, models: str) -> None:
    """The body of a service's `env.py`: import its tables, migrate the platform's tables
    and the service's own (`csp_common.metadata.migration_metadata`)."""
    from csp_common.metadata import migration_metadata

    importlib.import_module(models)
    run_env(migration_metadata(service))


def run_shared_env() -> None:
    """The body of the shared `env.py`: the service is named in the Alembic config."""
    service = context.config.get_main_option("csp_service")
    models = context.config.get_main_option("csp_models")
    if not service or not models:
        raise RuntimeError("the shared env.py runs only through ServiceMigrations")
    run_service_env(service, models=models)


def run_env(target_metadata: MetaData | Sequence[MetaData]) -> None:
    """Run the migrations against `target_metadata` (a service's `env.py` calls
    `run_service_env`, which calls this)."""
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection, target_metadata)
        return
    url = context.config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("pass -x or set sqlalchemy.url, or run through `csp migrate`")
    if context.is_offline_mode():
        context.configure(
            url=url,
            target_metadata=target_metadata,
            literal_binds=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    asyncio.run(_run_async(url, target_metadata))


async def _run_async(url: str, target_metadata: MetaData | Sequence[MetaData]) -> None:
    engine = create_async_engine(url)
    async with engine.begin() as conn:
        await conn.run_sync(_run, target_metadata)
    await engine.dispose()


def _run(connection: Connection, target_metadata: MetaData | Sequence[MetaData]) -> None:
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


def autogenerate(source: Migrations, message: str) -> None:
    """Write a new revision from the difference between the models and head.

    Compares against a scratch SQLite database upgraded to head; review the result
    (PostgreSQL-only details such as triggers are written by hand).
    """
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        url = f"sqlite+aiosqlite:///{scratch}/scratch.db"
        command.upgrade(alembic_config(source, url), "head")
        command.revision(alembic_config(source, url), message=message, autogenerate=True)


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


def add_audit_outside_column() -> None:
    """`audit_log.outside`, for a database whose first migration predates it. The first
    migration creates the platform tables as the shared package defines them now, so a
    new database has the column already and this does nothing."""
    import sqlalchemy as sa

    columns = {column["name"] for column in sa.inspect(op.get_bind()).get_columns("audit_log")}
    if "outside" not in columns:
        op.add_column(
            "audit_log",
            sa.Column("outside", sa.Boolean(), nullable=False, server_default=sa.false()),
        )


def drop_audit_outside_column() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("outside")


_AUDIT_RETENTION_FUNCTION = f"""CREATE OR REPLACE FUNCTION csp_audit_immutable() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE'
            AND coalesce(current_setting('{{setting}}', true), '') <> ''
            AND OLD.at < current_setting('{{setting}}', true)::timestamptz
            AND OLD.at < now() - interval '{AUDIT_FLOOR_YEARS} years' THEN
            RETURN OLD;
        END IF;
        RAISE EXCEPTION 'audit_log rows are never changed';
    END $$"""
_AUDIT_IMMUTABLE_FUNCTION = """CREATE OR REPLACE FUNCTION csp_audit_immutable() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit_log rows are never changed'; END $$"""


def allow_audit_retention() -> None:
    """The one exception to the append-only audit trail, on PostgreSQL: a DELETE of a row
    older than both the cutoff its transaction set (`SET LOCAL`, see
    `csp_common.audit_retention`) and the floor of `csp_common.retention` goes through.
    Updates are still refused, and so is every other delete. SQLite (local runs) keeps
    refusing every delete."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_AUDIT_RETENTION_FUNCTION.format(setting=AUDIT_RETENTION_SETTING))


def forbid_audit_retention() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_AUDIT_IMMUTABLE_FUNCTION)
