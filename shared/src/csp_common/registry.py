"""Which services are installed, found through entry points.

A service package declares, in its pyproject:

    [project.entry-points."csp.services"]
    referral-hub = "referral_hub.app:entry"

so `csp-serve` (and the local stack of csp-devtools) finds whatever services exist
without a list to keep in step. `demo`, `greeting` and `extra_env` are a service's hooks
for the local stack; only csp-devtools calls them.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points

SERVICES = "csp.services"

DemoLoader = Callable[["DemoContext"], Awaitable[None]]


@dataclass(frozen=True)
class DemoContext:
    """What a demo loader gets: the URLs of the running stack and a way to mint tokens."""

    urls: dict[str, str]
    mint_token: Callable[..., str]


@dataclass(frozen=True)
class ServiceEntry:
    name: str
    port: int
    app_factory: str
    env_prefix: str
    kind: str = "service"
    demo: DemoLoader | None = None
    greeting: Callable[[DemoContext], Awaitable[str | None]] | None = None
    """A line for `csp up` to print once the stack is ready (a link, a hint)."""
    extra_env: dict[str, str] = field(default_factory=dict)


def installed(group: str = SERVICES) -> list[ServiceEntry]:
    entries = [ep.load() for ep in entry_points(group=group)]
    return sorted((e for e in entries if isinstance(e, ServiceEntry)), key=lambda e: e.port)


def find(name: str, group: str = SERVICES) -> ServiceEntry:
    for entry in installed(group):
        if entry.name == name:
            return entry
    raise LookupError(f"no service called {name}")
