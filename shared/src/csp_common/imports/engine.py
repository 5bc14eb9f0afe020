"""A service's imports in one object: its tables, its kinds, its scope and its limits.

IMPORTS = Imports(
    tables=import_tables(metadata),
    kinds=[ImportKind(name="meetings", model=MeetingRow, store=store_meetings)],
    scope="marac:import",
    max_bytes=lambda settings: settings.max_import_bytes,
)
ServiceDefinition(routers=[..., IMPORTS.router()], workers=[IMPORTS.worker], ...)
"""

import contextlib
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, FastAPI

from csp_common.imports.flows import CHUNK_ROWS, CONCURRENT_JOBS, ImportKind, ImportRunner
from csp_common.imports.models import ImportTables

DEFAULT_MAX_BYTES = 64 * 1024 * 1024
SettingOr = int | Callable[[Any], int]


def _setting(value: SettingOr, settings: Any) -> int:
    return value(settings) if callable(value) else value


@dataclass(frozen=True)
class Imports:
    tables: ImportTables
    kinds: Sequence[ImportKind[Any]]
    scope: str
    admin_scope: str = "admin"
    prefix: str = "/v1/imports"
    tag: str = "imports"
    max_bytes: SettingOr = DEFAULT_MAX_BYTES
    chunk_rows: SettingOr = CHUNK_ROWS
    concurrency: SettingOr = CONCURRENT_JOBS

    def __post_init__(self) -> None:
        names = [kind.name for kind in self.kinds]
        if len(set(names)) != len(names):
            raise ValueError(f"import kinds must have distinct names: {names}")

    def router(self) -> APIRouter:
        from csp_common.imports.views import build_router

        return build_router(self)

    def limit_for(self, settings: Any) -> int:
        return _setting(self.max_bytes, settings)

    @property
    def _state_key(self) -> str:
        return f"import_runner:{self.prefix}"

    def runner_of(self, app: FastAPI) -> ImportRunner | None:
        runners: dict[str, ImportRunner] = getattr(app.state, "import_runners", {})
        return runners.get(self._state_key)

    @contextlib.asynccontextmanager
    async def worker(self, app: FastAPI) -> AsyncIterator[None]:
        """The runner, as a worker of the service (`ServiceDefinition.workers`)."""
        settings = app.state.settings
        runner = ImportRunner(
            tables=self.tables,
            session_factory=app.state.session_factory,
            settings=settings,
            concurrency=_setting(self.concurrency, settings),
            chunk_rows=_setting(self.chunk_rows, settings),
        )
        await runner.start()
        if not hasattr(app.state, "import_runners"):
            app.state.import_runners = {}
        app.state.import_runners[self._state_key] = runner
        try:
            yield
        finally:
            app.state.import_runners.pop(self._state_key, None)
            await runner.stop()
