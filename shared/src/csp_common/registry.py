"""Which services (and simulators) are installed, found through entry points.

A service package declares, in its pyproject:

    [project.entry-points."csp.services"]
    referral-hub = "referral_hub.app:entry"

so `csp up` runs whatever services exist without a list to keep in step.
"""

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points

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


def installed(group: str = "csp.services") -> list[ServiceEntry]:
    entries = [ep.load() for ep in entry_points(group=group)]
    return sorted((e for e in entries if isinstance(e, ServiceEntry)), key=lambda e: e.port)
