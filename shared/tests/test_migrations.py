"""One env.py and one script.py.mako for every service's migrations."""

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.db import create_engine
from csp_common.migrations import SHARED_SCRIPT, ServiceMigrations, autogenerate, upgrade
from csp_devtools.kits.probe.kit import MIGRATIONS, KitSettings

KIT_TABLES = {"entry", "fact", "claim", "outbox", "processed_event", "audit_log"}


async def test_a_service_started_on_its_revisions_has_its_tables_and_the_platform_s(
    kit_session: AsyncSession,
) -> None:
    """The kit probe names only its versions folder; the shared env built it at start-up."""
    assert not (MIGRATIONS.versions.parent / "env.py").exists()
    connection = await kit_session.connection()
    tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    assert tables == KIT_TABLES | {"alembic_version"}
    await kit_session.execute(
        text(
            "INSERT INTO audit_log (at, subject, agency, action, record_type, record_id, "
            "purpose) VALUES (now(), 's', 'a', 'read', 'entry', '1', 'p')"
        )
    )
    with pytest.raises(DBAPIError, match="never changed"):  # the platform's triggers too
        await kit_session.execute(text("UPDATE audit_log SET purpose = 'x'"))


def _copy_versions(tmp_path: Path) -> Path:
    versions = tmp_path / "versions"
    shutil.copytree(MIGRATIONS.versions, versions, ignore=shutil.ignore_patterns("__pycache__"))
    return versions


def test_autogenerate_writes_a_revision_from_the_shared_template(tmp_path: Path) -> None:
    migrations = ServiceMigrations(
        service=MIGRATIONS.service, models=MIGRATIONS.models, versions=_copy_versions(tmp_path)
    )
    autogenerate(migrations, "nothing changed")
    [written] = [p for p in migrations.versions.glob("*.py") if "nothing_changed" in p.name]
    source = written.read_text()
    assert source.startswith('"""nothing changed\n')
    assert "Revises: 6b1f0c2a9d3e" in source
    # the models and the revisions agree, and no other service's tables leak in
    body = source.split("def upgrade() -> None:", 1)[1]
    assert "pass" in body
    assert "op." not in body
    compile(source, str(written), "exec")
    assert "import sqlalchemy as sa\nimport sqlmodel\nfrom alembic import op\n" in source


async def test_a_service_with_an_env_py_of_its_own_calls_one_helper(
    tmp_path: Path, kit_settings_factory: Callable[..., KitSettings]
) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    shutil.copy(SHARED_SCRIPT / "script.py.mako", folder)
    (folder / "env.py").write_text(
        "from csp_common.migrations import run_service_env\n\n"
        'run_service_env("kit-probe", models="csp_devtools.kits.probe.kit")\n'
    )
    shutil.copytree(MIGRATIONS.versions, folder / "versions")
    engine = create_engine(
        kit_settings_factory(database_url=f"sqlite+aiosqlite:///{tmp_path}/k.db")
    )
    await upgrade(engine, folder)
    async with engine.connect() as connection:
        tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))
    await engine.dispose()
    assert tables == KIT_TABLES | {"alembic_version"}


async def test_the_shared_env_refuses_to_run_without_a_service(
    tmp_path: Path, kit_settings_factory: Callable[..., KitSettings]
) -> None:
    engine = create_engine(
        kit_settings_factory(database_url=f"sqlite+aiosqlite:///{tmp_path}/k.db")
    )
    with pytest.raises(RuntimeError, match="ServiceMigrations"):
        await upgrade(engine, SHARED_SCRIPT)
    await engine.dispose()


async def test_the_audit_outside_column_reaches_a_database_made_before_it() -> None:
    """A service's first migration makes the platform tables as they are now, so only a
    database made before `audit_log.outside` needs the column added; its old rows read
    false, and the step does nothing where the column is already there."""
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    from csp_common.migrations import add_audit_outside_column, drop_audit_outside_column
    from csp_devtools.testing.infra import create_database, drop_database

    url = await create_database("csp_audit_outside")
    engine = create_engine(KitSettings(database_url=url, auth_public_key_file=Path(__file__)))

    def migrate(step: Callable[[], None]) -> Callable[[object], set[str]]:
        def run(sync: object) -> set[str]:
            with Operations.context(MigrationContext.configure(sync)):  # type: ignore[arg-type]
                step()
            return {c["name"] for c in inspect(sync).get_columns("audit_log")}  # type: ignore[arg-type]

        return run

    try:
        async with engine.begin() as connection:
            await connection.execute(
                text(
                    "CREATE TABLE audit_log (id serial PRIMARY KEY, at timestamptz NOT NULL, "
                    "subject varchar(200) NOT NULL, agency varchar(100) NOT NULL, "
                    "action varchar(50) NOT NULL, record_type varchar(50) NOT NULL, "
                    "record_id varchar(64) NOT NULL, purpose varchar(200) NOT NULL, "
                    "request_id varchar(64))"
                )
            )
            await connection.execute(
                text(
                    "INSERT INTO audit_log (at, subject, agency, action, record_type, "
                    "record_id, purpose) VALUES (now(), 's', 'a', 'read', 'person', '1', 'p')"
                )
            )
            assert "outside" in await connection.run_sync(migrate(add_audit_outside_column))
            assert "outside" in await connection.run_sync(migrate(add_audit_outside_column))
            assert await connection.scalar(text("SELECT outside FROM audit_log")) is False
            columns = await connection.run_sync(migrate(drop_audit_outside_column))
            assert "outside" not in columns
    finally:
        await engine.dispose()
        await drop_database(url)
