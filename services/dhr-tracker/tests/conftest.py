"""dhr-tracker's test fixtures: one PostgreSQL database and one app per session, each
test rolled back; the deadline scheduler runs only where a test starts it. Request
bodies come from `dhr_api` (`csp_devtools.kits.dhr_tracker`)."""

from collections.abc import Callable

import httpx
import pytest

from csp_common.sealing import new_key
from csp_devtools.kits.dhr_tracker import DhrApi
from csp_devtools.testing.service import role_headers, service_fixtures
from dhr_tracker.app import create_app
from dhr_tracker.settings import DhrSettings

SEALED_KEY = new_key()

globals().update(
    service_fixtures(
        "dhr",
        create_app=create_app,
        settings=DhrSettings,
        defaults={
            "deadline_scheduler_enabled": False,
            "sealed_keys": {"k1": SEALED_KEY},
            "sealed_active_key": "k1",
        },
    )
)

ROLES = {
    "manage": ["dhr:manage"],
    "read": ["dhr:read"],
    "contribute": ["dhr:contribute"],
    "none": ["reports:read"],
}

dhr_auth = role_headers(
    "dhr_auth", roles=ROLES, default_role="manage", agency="north-yorkshire-council"
)
"""Headers for a caller: dhr_auth("manage"), dhr_auth("read", agency="health")."""


@pytest.fixture
def dhr_api(dhr_client: httpx.AsyncClient, dhr_auth: Callable[..., dict[str, str]]) -> DhrApi:
    return DhrApi(dhr_client, dhr_auth)
