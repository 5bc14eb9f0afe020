"""The partnership's configuration: areas, MARAC areas, agencies, providers, and its
community safety hubs (`csp_common.hub_configuration`) and how long records are kept
(`csp_common.retention`).

North Yorkshire and York is the default (`partnerships/north-yorkshire.json`). Another
partnership points `CSP_PARTNERSHIP_FILE` at its own file: no code changes.
"""

import json
import os
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, model_validator

from csp_common.committee_configuration import CommitteeConfiguration
from csp_common.hub_configuration import HubsConfiguration
from csp_common.retention import RetentionConfiguration

PARTNERSHIP_ENV = "CSP_PARTNERSHIP_FILE"


class Area(BaseModel):
    code: str
    name: str
    marac_area: str = Field(description="The MARAC (and MATAC) area that hears its cases")


class MaracArea(BaseModel):
    code: str
    name: str
    adult_women_population: int | None = Field(
        default=None, description="For the SafeLives benchmark of cases per 10,000 adult women"
    )


class Agency(BaseModel):
    code: str
    name: str
    kind: Literal["police", "partner", "provider", "coordinator"]


class Partnership(BaseModel):
    code: str
    name: str
    areas: list[Area]
    marac_areas: list[MaracArea]
    agencies: list[Agency]
    committee: CommitteeConfiguration = Field(default_factory=CommitteeConfiguration)
    hubs: HubsConfiguration = Field(default_factory=HubsConfiguration)
    retention: RetentionConfiguration = Field(default_factory=RetentionConfiguration)

    @model_validator(mode="after")
    def _marac_areas_exist(self) -> "Partnership":
        known = {m.code for m in self.marac_areas}
        for area in self.areas:
            if area.marac_area not in known:
                raise ValueError(f"area {area.code}: unknown MARAC area {area.marac_area}")
        self.committee.check_against(
            areas=set(self.area_codes), agencies={a.code for a in self.agencies}
        )
        return self

    def area(self, code: str) -> Area | None:
        return next((a for a in self.areas if a.code == code), None)

    def agency(self, code: str) -> Agency | None:
        return next((a for a in self.agencies if a.code == code), None)

    @property
    def area_codes(self) -> list[str]:
        return [a.code for a in self.areas]

    @property
    def marac_area_codes(self) -> list[str]:
        return [m.code for m in self.marac_areas]


@cache
def load_partnership(path: str | None = None) -> Partnership:
    path = path or os.environ.get(PARTNERSHIP_ENV)
    if path:
        text = Path(path).read_text()
    else:
        text = (resources.files("csp_common.partnerships") / "north-yorkshire.json").read_text()
    return Partnership.model_validate(json.loads(text))
