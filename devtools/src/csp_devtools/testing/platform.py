"""Every installed service, for tests that cover the whole platform whatever it holds
(the auth matrix, fuzzing): a service added to the workspace is covered without a new test."""

import importlib
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI

from csp_common.registry import installed
from csp_common.settings import ServiceSettings
from csp_devtools.testing.infra import openapi_document

OPERATOR_SETTINGS: dict[str, Any] = {
    "dashboard_public_url": "http://reporting.test",
    "person_key_secret": "test-person-key-secret",
    # dhr-tracker's sealed identity: without a key it answers 503 (a deployment fault)
    "sealed_keys": {"test": "0SB7xsW2uxZCrX323dFQPZBugb2NbXNRpbjVsuZCUH0="},
    "sealed_active_key": "test",
}
"""What an operator sets for a deployment; a service ignores the settings it does not have."""


@dataclass(frozen=True)
class InstalledService:
    name: str
    create_app: Callable[[ServiceSettings], FastAPI]
    settings_class: type[ServiceSettings]

    def app(self, **settings: Any) -> FastAPI:
        """The app with `settings` over the operator's (OPERATOR_SETTINGS)."""
        return self.create_app(self.settings_class(**{**OPERATOR_SETTINGS, **settings}))

    def openapi(self) -> dict[str, Any]:
        """The service's OpenAPI document, built without a database or a broker."""
        return openapi_document(self.create_app, self.settings_class)


def _settings_class(factory: Callable[..., FastAPI]) -> type[ServiceSettings]:
    """The settings class a service's `create_app(settings: XSettings | None)` takes."""
    hint = typing.get_type_hints(factory)["settings"]
    candidates = typing.get_args(hint) or (hint,)
    return next(c for c in candidates if c is not types.NoneType)


def installed_services() -> list[InstalledService]:
    services = []
    for entry in installed():
        module, attribute = entry.app_factory.split(":")
        factory = getattr(importlib.import_module(module), attribute)
        services.append(InstalledService(entry.name, factory, _settings_class(factory)))
    return services
