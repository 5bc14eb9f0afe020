"""Session fixtures every test suite of the platform can use."""

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from csp_devtools.keys import generate_key_pair, mint_token
from csp_devtools.testing import cursors
from csp_devtools.testing.infra import Broker

# CI runs the property tests on a fixed seed so a landing cannot hinge on a random draw;
# `make test` on a developer's machine keeps drawing new examples to find what CI cannot.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("dev", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture(scope="session")
def broker() -> Iterator[Broker]:
    """A Tansu broker shared by the session (consumer groups take ~5 s to join on it)."""
    broker = Broker().start()
    yield broker
    broker.stop()


@pytest.fixture(scope="session")
def signing_keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return generate_key_pair(tmp_path_factory.mktemp("keys"))


@pytest.fixture(scope="session")
def mint(signing_keys: tuple[Path, Path]) -> Callable[..., str]:
    """mint(agency=..., scopes=[...], area=None, ttl=3600) -> a bearer token."""
    private_pem = signing_keys[0].read_bytes()

    def _mint(**claims: object) -> str:
        return mint_token(private_pem, **claims)  # type: ignore[arg-type]

    return _mint


@pytest.fixture(scope="session")
def auth_header(mint: Callable[..., str]) -> Callable[..., dict[str, str]]:
    def _header(**claims: object) -> dict[str, str]:
        return {"Authorization": f"Bearer {mint(**claims)}"}

    return _header


@pytest.fixture
def forged_cursors() -> Callable[[str], list[str]]:
    """forged_cursors(signed_sort): cursors no list gave out, in the lists' own format."""
    return cursors.forged_cursors
