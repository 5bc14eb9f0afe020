"""Dependencies every service's `dependencies.py` names the same way.

    from csp_common.dependencies import get_partnership, settings_dependency

    Settings = Annotated[MaracSettings, Depends(settings_dependency(MaracSettings))]
    Partnership = Annotated[partnership.Partnership, Depends(get_partnership)]

(`DbSession` and `UnitOfWork` come from `csp_common.db` and `csp_common.unit_of_work`,
`CurrentCaller` from `csp_common.auth`.) They are async: FastAPI runs a plain function
dependency in a worker thread.
"""

import functools
from collections.abc import Awaitable, Callable
from typing import TypeVar

from fastapi import Request

from csp_common.partnership import Partnership, load_partnership
from csp_common.settings import ServiceSettings

S = TypeVar("S", bound=ServiceSettings)


@functools.cache
def settings_dependency(kind: type[S]) -> Callable[[Request], Awaitable[S]]:
    """The dependency that answers the application's settings (`app.state.settings`, set
    by `create_app`) as a `kind`. One function per class, so FastAPI resolves it once per
    request however many dependencies ask for it."""

    async def get_settings(request: Request) -> S:
        settings = request.app.state.settings
        if not isinstance(settings, kind):
            raise TypeError(f"the application's settings are not {kind.__name__}")
        return settings

    get_settings.__qualname__ = f"get_settings[{kind.__name__}]"
    return get_settings


async def get_partnership() -> Partnership:
    """The configured partnership (never a parameter of the request)."""
    return load_partnership()
