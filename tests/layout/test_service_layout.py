"""Every installed service has the same files at the same places, and no import cycle
between its first-level packages and modules: a service added to the workspace is
checked without a new test."""

import importlib
from pathlib import Path

import pytest

from csp_devtools.testing.layout import find_cycle, missing_common_files, package_graph
from csp_devtools.testing.platform import installed_services

PACKAGES = {
    service.name: Path(
        importlib.import_module(service.create_app.__module__.split(".")[0]).__file__ or ""
    ).parent
    for service in installed_services()
}


def test_every_service_is_checked() -> None:
    assert {"referral-hub", "marac", "reporting", "dhr-tracker", "svd-fund"} <= set(PACKAGES)


@pytest.mark.parametrize("service", sorted(PACKAGES))
def test_the_common_files_are_where_every_service_has_them(service: str) -> None:
    assert missing_common_files(PACKAGES[service]) == []


@pytest.mark.parametrize("service", sorted(PACKAGES))
def test_no_import_cycle_between_the_packages_of_a_service(service: str) -> None:
    # migrations and models.py import every table by design
    graph = package_graph(PACKAGES[service], leave_out=("migrations", "models"))
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])
