"""What the local stack runs: every installed service and every simulator.

A simulator is declared like a service, in the `csp.simulators` entry point group (the
provider simulators of this package are; see its pyproject)."""

from csp_common.registry import SERVICES, ServiceEntry, installed

SIMULATORS = "csp.simulators"


def stack_entries() -> list[ServiceEntry]:
    return installed(SERVICES) + installed(SIMULATORS)


def find_entry(name: str) -> ServiceEntry:
    for entry in stack_entries():
        if entry.name == name:
            return entry
    raise LookupError(f"no service or simulator called {name}")
