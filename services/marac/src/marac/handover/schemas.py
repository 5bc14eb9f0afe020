"""The handover of a case to another partnership: the package sent, the receipt back.

A package holds what the receiving MARAC needs to hear the case: its codes (criteria,
score, repeat, the equality categories the returns count), and its history here (the
actions agreed and each agency's research). It names no one: the receiving coordinator
names the victim in their own person index (`victim_id`), as for a direct referral.
"""

import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from csp_common.contracts.equality import AgeBand, Ethnicity, Gender
from csp_common.contracts.referrals import MaracCriterion, ReferrerKind
from csp_common.fields import Reference, StrictInt
from marac.action.schemas import ActionOutcome, ActionStatus
from marac.case.schemas import CaseOut, CaseStatus
from marac.fields import AgencyCode, AreaCode, DashScore, FreeText, InputDate, OptionalFreeText

PACKAGE_FORMAT = "csp.marac.case-transfer.v1"
RECEIPT_FORMAT = "csp.marac.case-transfer-receipt.v1"
PartnershipCode = AreaCode


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PackageCase(_Strict):
    status: CaseStatus = Field(description="Where the case had got to when it was sent")
    referred_on: InputDate
    heard_on: InputDate | None = None
    repeat: bool
    urgent: bool
    criteria: list[MaracCriterion] = Field(min_length=1, max_length=4)
    score: DashScore | None = None
    children_in_household: StrictInt = Field(ge=0, le=30)
    referrer_kind: ReferrerKind
    victim_age_band: AgeBand
    victim_gender: Gender
    victim_ethnicity: Ethnicity
    victim_disability: bool | None = None
    victim_lgbt: bool | None = None
    perpetrator_age_band: AgeBand | None = None
    perpetrator_gender: Gender | None = None


class PackageAction(_Strict):
    owner_agency: AgencyCode = Field(description="The sending partnership's agency code")
    description: FreeText
    due_on: InputDate
    status: ActionStatus
    outcome: ActionOutcome | None = None
    completed_on: InputDate | None = None


class PackageResearch(_Strict):
    agency: AgencyCode = Field(description="The sending partnership's agency code")
    has_information: bool
    summary: OptionalFreeText = None
    returned_on: InputDate


class CasePackage(_Strict):
    """What one partnership's MARAC sends another's: JSON, imported as it is."""

    format: Literal["csp.marac.case-transfer.v1"] = PACKAGE_FORMAT
    package_id: uuid.UUID = Field(description="Names the package in the receipt")
    from_partnership: PartnershipCode
    from_marac_area: AreaCode
    to_partnership: PartnershipCode
    exported_on: InputDate
    case: PackageCase
    actions: list[PackageAction] = Field(default_factory=list, max_length=500)
    research: list[PackageResearch] = Field(default_factory=list, max_length=500)


class Receipt(_Strict):
    """The receiving partnership's answer to an import, for the sending side to record."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "format": RECEIPT_FORMAT,
                    "package_id": "5b2a9c1e-7d3f-4e8a-9b6c-2d1e0f3a4b5c",
                    "received_by_partnership": "west-yorkshire",
                    "received_on": "2026-12-07",
                    "case_reference": "0b8c7d1e-3f4a-4b5c-8d9e-0f1a2b3c4d5e",
                }
            ]
        },
    )

    format: Literal["csp.marac.case-transfer-receipt.v1"] = RECEIPT_FORMAT
    package_id: uuid.UUID
    received_by_partnership: PartnershipCode
    received_on: InputDate
    case_reference: Reference = Field(description="The receiving MARAC's case id")


class ExportIn(_Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"to_partnership": "west-yorkshire"}]},
    )

    to_partnership: PartnershipCode = Field(
        description="The partnership the victim moved to (not this one: transfer within it)"
    )
    exported_on: InputDate | None = Field(default=None, description="Defaults to today")


class ExportOut(BaseModel):
    id: uuid.UUID = Field(description="The package id")
    case_id: str
    to_partnership: str
    exported_on: InputDate
    exported_by: str = Field(description="The agency that sent it")
    receipt: Receipt | None = Field(description="Once the receiving partnership sent it")
    package: CasePackage = Field(description="Send this to the receiving partnership")


class ImportIn(_Strict):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "area": "york",
                    "victim_id": "3f2a1b0c-9d8e-4f7a-8b6c-5d4e3f2a1b0c",
                    "package": {
                        "package_id": "5b2a9c1e-7d3f-4e8a-9b6c-2d1e0f3a4b5c",
                        "from_partnership": "west-yorkshire",
                        "from_marac_area": "leeds",
                        "to_partnership": "north-yorkshire",
                        "exported_on": "2026-12-01",
                        "case": {
                            "status": "heard",
                            "referred_on": "2026-10-02",
                            "heard_on": "2026-10-20",
                            "repeat": False,
                            "urgent": False,
                            "criteria": ["visible_high_risk"],
                            "score": 16,
                            "children_in_household": 1,
                            "referrer_kind": "police",
                            "victim_age_band": "25_34",
                            "victim_gender": "female",
                            "victim_ethnicity": "white",
                        },
                    },
                }
            ]
        },
    )

    area: AreaCode = Field(description="Your MARAC area (or a hub area in it) to list it at")
    victim_id: uuid.UUID = Field(description="The victim's person id in your referral-hub")
    perpetrator_id: uuid.UUID | None = None
    package: CasePackage


class ImportOut(BaseModel):
    case: CaseOut
    receipt: Receipt = Field(description="Send this back to the sending partnership")
