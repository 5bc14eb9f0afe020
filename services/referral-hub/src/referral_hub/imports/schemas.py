"""The rows of referral-hub's imports, and their CSV and XLSX columns.

A row is validated by the API's own body model (`ReferralIn`, `HateReportIn`) extended
with what only an import carries: the source system's reference (required), the agency
that made the record, and, for referrals, when it was received. The columns are the
dotted paths of the JSON body (`victim.given_name`), with short names for the DASH
checklists (`dash.1`..`dash.24`, `dash.stalking.1`..`dash.stalking.11`); list columns
hold `;`-separated codes.
"""

from datetime import datetime, time
from typing import Annotated, Self
from zoneinfo import ZoneInfo

from pydantic import BaseModel, Field, StringConstraints, model_validator

from csp_common.fields import Reference, naive_in
from csp_common.imports import Columns
from referral_hub.fields import CIVIL_TIMEZONE, NotInFuture
from referral_hub.hate.schemas import HateReportIn
from referral_hub.referral.schemas import DASH_KEYS, STALKING_KEYS, ReferralIn

UK = ZoneInfo(CIVIL_TIMEZONE)
Path = tuple[str, ...]
DEFAULT_RECEIVED_TIME = time(9, 0)
AgencyCode = Annotated[str, StringConstraints(max_length=99, pattern=r"^[a-z][a-z0-9-]{1,98}$")]


UkDatetimeNotInFuture = Annotated[datetime, naive_in(UK), NotInFuture]
"""A date-time not in the future; without an offset, as spreadsheets write them, UK time."""


class ReferralImportRow(ReferralIn):
    """One referral of an import file: a `ReferralIn` with its origin."""

    source_reference: Reference = Field(
        description="The source system's case id: re-importing a row with it is a no-op"
    )
    referring_agency: AgencyCode | None = Field(
        default=None,
        description="The agency that made the referral: the importing agency (the "
        "default), or another partnership agency with the scope referrals:migrate",
    )
    received_at: UkDatetimeNotInFuture | None = Field(
        default=None,
        description="When the referral was originally received (kept); without an offset, "
        "UK time; default: the incident date at 09:00 UK time",
    )

    @model_validator(mode="after")
    def _received_after_incident(self) -> Self:
        if self.received_at is None:
            self.received_at = datetime.combine(self.incident_date, DEFAULT_RECEIVED_TIME, UK)
        elif self.received_at.date() < self.incident_date:
            raise ValueError("received_at must not be before incident_date")
        return self

    @property
    def received(self) -> datetime:
        assert self.received_at is not None
        return self.received_at


class HateReportImportRow(HateReportIn):
    """One hate report of an import file: a `HateReportIn` with its origin."""

    source_reference: Reference = Field(
        description="The source system's id: re-importing a row with it is a no-op"
    )
    reporting_agency: AgencyCode | None = Field(
        default=None,
        description="The agency that took the report: the importing agency (the "
        "default), or another partnership agency with the scope referrals:migrate",
    )

    occurred_at: UkDatetimeNotInFuture = Field(description="Without an offset, UK time")


def _plain(*names: str) -> dict[str, Path]:
    return {name: tuple(name.split(".")) for name in names}


def _columns(model: type[BaseModel], paths: dict[str, Path], lists: set[str]) -> Columns:
    """`paths` as the columns of `model`'s rows: a column is required (a header must
    have it) when the model's field holding it is (the DASH answers: all their keys)."""
    fields = Columns.of(model)
    required = {
        column for column, path in paths.items() if fields.column_of(path) in fields.required
    }
    return Columns(paths=paths, required=frozenset(required), lists=frozenset(lists))


REFERRAL_COLUMNS = _columns(
    ReferralImportRow,
    _plain(
        "source_reference",
        "referring_agency",
        "received_at",
        "area",
        "incident_date",
        "victim.given_name",
        "victim.family_name",
        "victim.date_of_birth",
        "victim.gender",
        "victim.ethnicity",
        "victim.disability",
        "victim.lgbt",
        "victim.postcode",
        "victim.safe_contact",
        "perpetrator.given_name",
        "perpetrator.family_name",
        "perpetrator.date_of_birth",
        "perpetrator.gender",
        "perpetrator.postcode",
        "relationship",
        "children_in_household",
    )
    | {f"dash.{key}": ("dash", "answers", key) for key in DASH_KEYS}
    | _plain(
        "dash.professional_judgement.high_risk",
        "dash.professional_judgement.reasons",
        "dash.incidents_last_12_months",
    )
    | {f"dash.stalking.{key}": ("dash", "stalking", "answers", key) for key in STALKING_KEYS}
    | _plain("consent.status", "consent.basis", "services_requested"),
    lists={"services_requested"},
)

HATE_REPORT_COLUMNS = _columns(
    HateReportImportRow,
    _plain(
        "source_reference",
        "reporting_agency",
        "kind",
        "strands",
        "occurred_at",
        "area",
        "victim_police_officer_on_duty",
        "reporting_channel",
    ),
    lists={"strands"},
)

REFERRAL_EXAMPLE = {
    "source_reference": "NYP-DA-2024-000123",
    "referring_agency": "north-yorkshire-police",
    "received_at": "2024-02-12T10:30:00",
    "area": "scarborough",
    "incident_date": "2024-02-11",
    "victim": {
        "given_name": "Ann",
        "family_name": "Smith",
        "date_of_birth": "1990-04-02",
        "gender": "female",
        "ethnicity": "white",
        "disability": False,
        "lgbt": False,
        "postcode": "YO11 1AA",
    },
    "perpetrator": {
        "given_name": "Rob",
        "family_name": "Jones",
        "date_of_birth": "1986-01-15",
        "gender": "male",
        "postcode": "YO11 2BB",
    },
    "relationship": "ex_partner",
    "children_in_household": 2,
    "dash": {
        "answers": {key: "yes" if key in {"1", "4", "6", "10"} else "no" for key in DASH_KEYS},
        "professional_judgement": {"high_risk": False},
        "incidents_last_12_months": 1,
    },
    "consent": {"status": "given", "basis": "consent"},
}
"""A referral import's example row (the OpenAPI shows it as NDJSON and CSV). It asks for
no service by code: the services are the partnership file's, and the example must be one
every partnership's import takes."""

HATE_REPORT_EXAMPLE = {
    "source_reference": "NYP-HC-2024-000456",
    "reporting_agency": "north-yorkshire-police",
    "kind": "crime",
    "strands": ["race", "religion"],
    "occurred_at": "2024-02-10T01:15:00",
    "area": "harrogate",
    "victim_police_officer_on_duty": False,
    "reporting_channel": "police",
}
"""A hate report import's example row."""
