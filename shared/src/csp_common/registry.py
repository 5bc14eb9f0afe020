"""Which services are installed, found through entry points.

A service package declares, in its pyproject:

    [project.entry-points."csp.services"]
    referral-hub = "referral_hub.app:entry"

so `csp-serve` (and the local stack of csp-devtools) finds whatever services exist
without a list to keep in step. `extra_env` is what the local stack sets for a service
beyond its database, broker and keys. The demo data and the links `csp up` prints are
the dev tools' own (`csp_devtools.demo`): nothing of them is in a service's image.
"""

from dataclasses import dataclass, field
from importlib.metadata import entry_points

SERVICES = "csp.services"


@dataclass(frozen=True)
class ServiceEntry:
    name: str
    port: int
    app_factory: str
    env_prefix: str
    kind: str = "service"
    extra_env: dict[str, str] = field(default_factory=dict)


def installed(group: str = SERVICES) -> list[ServiceEntry]:
    entries = [ep.load() for ep in entry_points(group=group)]
    return sorted((e for e in entries if isinstance(e, ServiceEntry)), key=lambda e: e.port)


def find(name: str, group: str = SERVICES) -> ServiceEntry:
    for entry in installed(group):
        if entry.name == name:
            return entry
    raise LookupError(f"no service called {name}")
