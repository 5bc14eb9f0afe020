from types import SimpleNamespace
from typing import Any

import httpx
import pytest

from csp_common.dependencies import get_partnership, settings_dependency
from csp_common.partnership import load_partnership
from csp_common.settings import ServiceSettings
from csp_devtools.kits.probe.kit import KitSettings


async def test_the_settings_dependency_answers_the_application_s_settings(
    kit_client: httpx.AsyncClient, auth_header: Any
) -> None:
    headers = auth_header(agency="idas", scopes=["kit:write"])
    answer = await kit_client.get("/v1/entries/settings", headers=headers)
    assert answer.json() == {"service_name": "kit-probe"}


async def test_one_dependency_per_settings_class_and_it_checks_the_class() -> None:
    assert settings_dependency(KitSettings) is settings_dependency(KitSettings)
    assert settings_dependency(KitSettings) is not settings_dependency(ServiceSettings)
    other = ServiceSettings(service_name="other", auth_public_key_file=None)
    request: Any = SimpleNamespace(app=SimpleNamespace(state=SimpleNamespace(settings=other)))
    assert await settings_dependency(ServiceSettings)(request) is other
    with pytest.raises(TypeError, match="KitSettings"):
        await settings_dependency(KitSettings)(request)


async def test_the_partnership_is_the_configured_one() -> None:
    assert await get_partnership() is load_partnership()
