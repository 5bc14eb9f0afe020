"""The partnership's configuration: areas, MARAC areas and how they meet, agencies, the
commissioned providers and their services, the routing rules, its community safety hubs
(`csp_common.hub_configuration`), its committee (`csp_common.committee_configuration`) and
how long records are kept (`csp_common.retention`).

North Yorkshire and York is the default (`partnerships/north-yorkshire.json`). Another
partnership points `CSP_PARTNERSHIP_FILE` at its own file: no code changes. The file is
read and checked once, when a service starts; a file that is not valid stops the start
with `PartnershipFileError`, naming the file and every wrong field.
"""

import json
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, Field, ValidationError, model_validator

from csp_common.committee_configuration import CommitteeConfiguration
from csp_common.hub_configuration import HubsConfiguration
from csp_common.marac_configuration import AreaConfig, MaracConfiguration
from csp_common.retention import RetentionConfiguration

PARTNERSHIP_ENV = "CSP_PARTNERSHIP_FILE"
MARAC_ROUTE = "marac"
"""The provider code of a route to MARAC: the platform's, never a configured provider."""
CODE = r"^[a-z0-9][a-z0-9_-]{0,63}$"

M = TypeVar("M", bound=BaseModel)


class PartnershipFileError(RuntimeError):
    """The partnership file cannot be read or is not valid: what and where, field by field."""


class Area(BaseModel):
    code: str = Field(pattern=CODE)
    name: str
    marac_area: str = Field(description="The MARAC (and MATAC) area that hears its cases")


class MaracArea(BaseModel):
    code: str = Field(pattern=CODE)
    name: str
    adult_women_population: int | None = Field(
        default=None, description="For the SafeLives benchmark of cases per 10,000 adult women"
    )
    meetings: AreaConfig = Field(
        description="Its meetings: expected agencies, cadence, case cap, schedule anchors"
    )


class Agency(BaseModel):
    code: str = Field(pattern=CODE)
    name: str
    kind: Literal["police", "partner", "provider", "coordinator"]


class ProvidedService(BaseModel):
    code: str = Field(pattern=CODE, description="Unique across the partnership's providers")
    name: str = Field(description="As the committee report names it")


class Provider(BaseModel):
    """A commissioned provider: one of the partnership's agencies of kind `provider`."""

    agency: str
    services: list[ProvidedService] = Field(min_length=1)


class Partnership(BaseModel):
    code: str = Field(pattern=CODE)
    name: str
    areas: list[Area] = Field(min_length=1)
    marac_areas: list[MaracArea] = Field(min_length=1)
    agencies: list[Agency] = Field(min_length=1)
    providers: list[Provider] = Field(default_factory=list)
    marac: MaracConfiguration = Field(default_factory=MaracConfiguration)
    routing: dict[str, Any] = Field(
        default_factory=dict,
        description="referral-hub's routing rules (`rules`, `marac_on_criteria`); referral-hub "
        "checks them against `providers` when it starts (referral_hub.policy.RoutingPolicy)",
    )
    committee: CommitteeConfiguration = Field(default_factory=CommitteeConfiguration)
    hubs: HubsConfiguration = Field(default_factory=HubsConfiguration)
    retention: RetentionConfiguration = Field(default_factory=RetentionConfiguration)

    @model_validator(mode="after")
    def _references_exist(self) -> "Partnership":
        for kind, codes in (
            ("area", self.area_codes),
            ("MARAC area", self.marac_area_codes),
            ("agency", [a.code for a in self.agencies]),
            ("service", self.service_codes),
        ):
            if twice := sorted({c for c in codes if codes.count(c) > 1}):
                raise ValueError(f"{kind} codes given twice: {', '.join(twice)}")
        known = set(self.marac_area_codes)
        for area in self.areas:
            if area.marac_area not in known:
                raise ValueError(f"area {area.code}: unknown MARAC area {area.marac_area}")
        agencies = {a.code for a in self.agencies}
        for marac_area in self.marac_areas:
            if unknown := set(marac_area.meetings.expected_agencies) - agencies:
                raise ValueError(
                    f"MARAC area {marac_area.code}: expected_agencies names agencies the "
                    f"partnership does not have: {', '.join(sorted(unknown))}"
                )
        self._check_providers()
        programme = self.marac.perpetrator_programme
        if programme is not None and self.provider(programme.provider) is None:
            raise ValueError(
                f"marac.perpetrator_programme: {programme.provider} is not one of the providers"
            )
        if unknown_hubs := set(self.hubs.area_codes) - set(self.area_codes):
            raise ValueError(f"hubs.areas: not areas of the partnership: {sorted(unknown_hubs)}")
        self.committee.check_against(areas=set(self.area_codes), agencies=agencies)
        return self

    def _check_providers(self) -> None:
        codes = [p.agency for p in self.providers]
        if twice := sorted({c for c in codes if codes.count(c) > 1}):
            raise ValueError(f"providers given twice: {', '.join(twice)}")
        if MARAC_ROUTE in codes or MARAC_ROUTE in self.service_codes:
            raise ValueError(f"providers: {MARAC_ROUTE} is the code of a route to MARAC")
        for provider in self.providers:
            agency = self.agency(provider.agency)
            if agency is None or agency.kind != "provider":
                raise ValueError(
                    f"provider {provider.agency}: not an agency of kind provider of the "
                    "partnership (add it to agencies with kind provider)"
                )

    def area(self, code: str) -> Area | None:
        return next((a for a in self.areas if a.code == code), None)

    def marac_area(self, code: str) -> MaracArea | None:
        return next((m for m in self.marac_areas if m.code == code), None)

    def agency(self, code: str) -> Agency | None:
        return next((a for a in self.agencies if a.code == code), None)

    def provider(self, code: str) -> Provider | None:
        return next((p for p in self.providers if p.agency == code), None)

    def service(self, code: str) -> ProvidedService | None:
        return next((s for p in self.providers for s in p.services if s.code == code), None)

    def provider_of(self, service: str) -> str | None:
        """The provider that runs `service`, if it is one of the partnership's."""
        return next(
            (p.agency for p in self.providers for s in p.services if s.code == service), None
        )

    @property
    def area_codes(self) -> list[str]:
        return [a.code for a in self.areas]

    @property
    def marac_area_codes(self) -> list[str]:
        return [m.code for m in self.marac_areas]

    @property
    def provider_codes(self) -> list[str]:
        return [p.agency for p in self.providers]

    @property
    def service_codes(self) -> list[str]:
        """Every service of every provider, in the file's order."""
        return [s.code for p in self.providers for s in p.services]


def _explain(error: ValidationError) -> str:
    return "\n".join(
        f"  {'.'.join(str(part) for part in e['loc']) or '(the file)'}: {e['msg']}"
        for e in error.errors(include_url=False, include_input=False)
    )


def check_section(model: type[M], data: Any, *, section: str) -> M:
    """A service's own section of the partnership file as `model`, or PartnershipFileError
    naming the file, the section and every wrong field: a service calls it when it starts."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise PartnershipFileError(
            f"The partnership file {partnership_source()} is not valid: {section}\n"
            f"{_explain(error)}"
        ) from None


def partnership_source() -> str:
    return os.environ.get(PARTNERSHIP_ENV) or "north-yorkshire.json (the default)"


@cache
def load_partnership(path: str | None = None) -> Partnership:
    path = path or os.environ.get(PARTNERSHIP_ENV)
    try:
        if path:
            text = Path(path).read_text()
        else:
            text = (resources.files("csp_common.partnerships") / "north-yorkshire.json").read_text()
        data = json.loads(text)
    except (OSError, ValueError) as error:
        raise PartnershipFileError(
            f"The partnership file {path or partnership_source()} cannot be read: {error}"
        ) from None
    try:
        return Partnership.model_validate(data)
    except ValidationError as error:
        raise PartnershipFileError(
            f"The partnership file {path or partnership_source()} is not valid:\n{_explain(error)}"
        ) from None
