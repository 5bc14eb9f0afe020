"""MATAC nominations, scores and interventions as callers send and read them."""

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from csp_common.contracts.equality import AgeBand
from csp_common.fields import StrictInt
from csp_common.partnership import load_partnership
from marac.fields import LATEST_DATE, AgencyCode, AreaCode, InputDate, OptionalFreeText

NominationStatus = Literal["nominated", "exited"]


InterventionKind = Literal["support", "prevention", "diversion", "disruption", "enforcement"]


class RfgvScore(BaseModel):
    subject_id: str
    area: str
    score: float = Field(description="Weighted mean of the components, 0..100")
    recency: float
    frequency: float
    gravity: float
    victims: float
    incidents: int = Field(description="Incidents in the rolling window")
    distinct_victims: int
    last_incident_on: date | None
    serial_perpetrator: bool
    subject_age_band: str
    nominated: bool = False


class NominationIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "subject_id": "7e6d5c4b-3a2f-4e1d-9c8b-7a6f5e4d3c2b",
                    "area": "selby",
                    "subject_age_band": "25_34",
                    "reason": "Third partner disclosing abuse this year.",
                }
            ]
        },
    )
    subject_id: uuid.UUID = Field(description="The perpetrator's person id in referral-hub")
    area: AreaCode = Field(description="MATAC (MARAC) area")
    subject_age_band: AgeBand = AgeBand.UNKNOWN
    nominated_on: InputDate | None = Field(default=None, description="Defaults to today")
    reason: OptionalFreeText = None


class RankingNominationIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"area": "york", "top": 5}]}
    )
    area: AreaCode
    top: StrictInt = Field(default=5, ge=1, le=50, description="How many of the highest ranked")
    serial_only: bool = Field(default=True, description="Only subjects passing the serial test")


class NominationOut(BaseModel):
    id: str
    subject_id: str
    area: str
    nominated_on: date
    source: str
    nominating_agency: str
    status: NominationStatus
    serial_perpetrator: bool | None = Field(
        description="null unless you coordinate the area (it comes from police data)"
    )
    subject_age_band: str
    entry_score: float | None = Field(
        description="RFGV score when nominated; null unless you coordinate the area"
    )
    exit_score: float | None
    exited_on: date | None
    meeting_id: str | None
    score_change: float | None = Field(description="exit - entry: negative is success")


class InterventionIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"kind": "support", "plus_choices_referral": True, "started_on": "2026-11-26"},
                {"kind": "disruption", "provider": "north-yorkshire-police", "description": "DVPN"},
            ]
        },
    )
    kind: InterventionKind
    provider: AgencyCode | None = None
    plus_choices_referral: bool = Field(
        default=False,
        description="A referral to the partnership's perpetrator programme (its file's "
        "`marac.perpetrator_programme`; North Yorkshire's is Foundation's +Choices)",
    )
    description: OptionalFreeText = None
    started_on: InputDate | None = Field(default=None, description="Defaults to today")

    @model_validator(mode="after")
    def _programme_configured(self) -> "InterventionIn":
        if self.plus_choices_referral and load_partnership().marac.perpetrator_programme is None:
            raise ValueError("plus_choices_referral: this partnership has no perpetrator programme")
        return self


class InterventionOut(BaseModel):
    id: str
    nomination_id: str
    kind: InterventionKind
    provider: str | None
    programme: str | None
    description: str | None
    started_on: date
    ended_on: date | None


class ExitIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"exited_on": "2027-05-01"}]}
    )
    exited_on: InputDate | None = Field(default=None, description="Defaults to today")


class HistoricalInterventionIn(InterventionIn):
    started_on: InputDate = Field(description="The day it began: between nomination and exit")


class HistoricalNominationIn(BaseModel):
    """A nomination of the partnership's past, with what came of it: the interventions
    begun and the exit, each on its own day."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "subject_id": "0a9b8c7d-6e5f-4a3b-8c2d-1e0f9a8b7c6d",
                    "area": "scarborough-ryedale",
                    "nominated_on": "2023-10-02",
                    "subject_age_band": "35_44",
                    "interventions": [
                        {
                            "kind": "support",
                            "plus_choices_referral": True,
                            "started_on": "2023-10-20",
                        },
                        {"kind": "disruption", "started_on": "2023-11-03"},
                    ],
                    "exited_on": "2024-02-12",
                }
            ]
        },
    )
    subject_id: uuid.UUID = Field(description="The perpetrator's person id in referral-hub")
    area: AreaCode = Field(description="MATAC (MARAC) area, or a community safety hub area")
    nominated_on: InputDate = Field(description="The day of the nomination (not in the future)")
    nominating_agency: AgencyCode | None = Field(
        default=None, description="Defaults to yours; another agency's needs the admin scope"
    )
    subject_age_band: AgeBand = AgeBand.UNKNOWN
    reason: OptionalFreeText = None
    interventions: list[HistoricalInterventionIn] = Field(default_factory=list, max_length=50)
    exited_on: InputDate | None = Field(
        default=None, description="The day the subject exited MATAC; null if still nominated"
    )

    @model_validator(mode="after")
    def _in_order(self) -> "HistoricalNominationIn":
        if self.exited_on is not None and self.exited_on < self.nominated_on:
            raise ValueError("exited_on: before nominated_on")
        last = self.exited_on or LATEST_DATE
        for index, intervention in enumerate(self.interventions):
            if not self.nominated_on <= intervention.started_on <= last:
                raise ValueError(
                    f"interventions[{index}].started_on: not between nominated_on and exited_on"
                )
        return self
