"""Importing open hub cases from an existing case system (CSV, NDJSON or XLSX through
the service kit's import engine): `POST /v1/imports/hub-cases`.

A row is one case, flat (one victim and one subject at most, as case systems export
them); it is opened through the same flow as `POST /v1/hub-cases`, keeping the case's
original dates. A row whose `source_reference` its agency already used is skipped.
"""

from collections.abc import Sequence
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.errors import Problem
from csp_common.fields import Name, Reference, ShortText
from csp_common.imports import (
    IMPORTED,
    SKIPPED,
    ImportContext,
    ImportKind,
    Outcome,
    ValidRow,
    refused,
)
from csp_common.partnership import load_partnership
from csp_common.unit_of_work import Work
from referral_hub.access import HUBS_WRITE
from referral_hub.codes import Gender
from referral_hub.fields import DateNotInFuture, DateOfBirth, Postcode
from referral_hub.hubs.cases import flows, service
from referral_hub.hubs.cases.schemas import HubCaseIn, LocationIn, PersonIn
from referral_hub.hubs.fields import AgencyCode, HubCode, KindCode
from referral_hub.imports.service import MIGRATION_SCOPE, audit_import


class HubCaseImportRow(BaseModel):
    """One open case of an import file."""

    model_config = ConfigDict(extra="forbid")

    source_reference: Reference = Field(
        description="The case system's id: re-importing a row with it is a no-op"
    )
    reporting_agency: AgencyCode | None = Field(
        default=None,
        description="The agency that reported it: the importing agency (the default), or "
        f"another partnership agency with the scope {MIGRATION_SCOPE}",
    )
    hub: HubCode
    kind: KindCode
    reported_on: DateNotInFuture
    opened_on: DateNotInFuture | None = Field(default=None, description="Default: reported_on")
    location_kind: Literal["place", "address"]
    place: ShortText = None
    address_line: ShortText = None
    postcode: Postcode | None = None
    victim_given_name: Name | None = None
    victim_family_name: Name | None = None
    victim_date_of_birth: DateOfBirth | None = None
    victim_gender: Gender | None = None
    subject_given_name: Name | None = None
    subject_family_name: Name | None = None
    subject_date_of_birth: DateOfBirth | None = None
    subject_gender: Gender | None = None

    @model_validator(mode="after")
    def _whole(self) -> Self:
        for role in ("victim", "subject"):
            given = getattr(self, f"{role}_given_name")
            family = getattr(self, f"{role}_family_name")
            if (given is None) != (family is None):
                raise ValueError(f"a {role} needs both a given and a family name")
        if self.location_kind == "place" and not self.place:
            raise ValueError("a place needs `place`")
        if self.location_kind == "address" and not self.address_line:
            raise ValueError("an address needs `address_line`")
        if self.opened_on is not None and self.opened_on < self.reported_on:
            raise ValueError("a case opens on or after the day it was reported")
        return self

    def case(self) -> HubCaseIn:
        people = [
            PersonIn(
                role=role,
                given_name=getattr(self, f"{role}_given_name"),
                family_name=getattr(self, f"{role}_family_name"),
                date_of_birth=getattr(self, f"{role}_date_of_birth"),
                gender=getattr(self, f"{role}_gender"),
            )
            for role in ("victim", "subject")
            if getattr(self, f"{role}_given_name") is not None
        ]
        return HubCaseIn(
            hub=self.hub,
            kind=self.kind,
            reported_on=self.reported_on,
            opened_on=self.opened_on,
            location=LocationIn(
                kind=self.location_kind,
                place=self.place,
                address_line=self.address_line,
                postcode=self.postcode,
            ),
            people=people,
            source_reference=self.source_reference,
        )


def _refusal(row: HubCaseImportRow, agency: str, context: ImportContext) -> Outcome | None:
    partnership = load_partnership()
    problem: Problem | None = flows.refusal(
        row.case(), agency=agency, partnership=partnership, pointer="#"
    )
    if problem is not None:
        error = problem.extensions.get("errors", [{}])[0]
        return refused(error.get("pointer", "#"), problem.detail or problem.title, code="unknown")
    if agency != context.caller.agency and not context.caller.has(MIGRATION_SCOPE):
        return refused(
            "#/reporting_agency",
            "reporting_agency is another agency: importing in another agency's name needs "
            f"the scope {MIGRATION_SCOPE}; leave it empty to import as your agency",
            code="forbidden",
        )
    return None


async def store_hub_cases(
    session: AsyncSession,
    *,
    rows: Sequence[ValidRow[HubCaseImportRow]],
    context: ImportContext,
) -> list[Outcome]:
    """Open the chunk's new cases (the API's flow, their original dates kept); one
    outcome a row, in order. Never commits."""
    secret_text = getattr(context.settings, "person_key_secret", None)
    secret = secret_text.encode() if secret_text else None
    work = Work(session, caller=context.caller, purpose=context.purpose)
    outcomes: list[Outcome] = []
    opened: list[tuple[object, str]] = []
    seen: set[tuple[str, str]] = set()
    for valid in rows:
        row = valid.body
        agency = row.reporting_agency or context.caller.agency
        outcome = _refusal(row, agency, context)
        if outcome is not None:
            outcomes.append(outcome)
            continue
        known = await service.find_by_source_reference(
            session, agency=agency, source_references=[row.source_reference]
        )
        if known or (agency, row.source_reference) in seen:
            outcomes.append(SKIPPED)
            continue
        seen.add((agency, row.source_reference))
        result = await flows.open_case(
            work,
            body=row.case(),
            agency=agency,
            opened_on=row.opened_on or row.reported_on,
            channel="import",
            secret=secret,
        )
        await work.flush()
        opened.append((result.case["id"], agency))
        outcomes.append(IMPORTED)
    await audit_import(session, context=context, record_type="hub_case", records=opened)  # type: ignore[arg-type]
    return outcomes


EXAMPLE = {
    "source_reference": "HUB-SCA-2024-0042",
    "reporting_agency": "north-yorkshire-council",
    "hub": "scarborough",
    "kind": "asb_personal",
    "reported_on": "2024-01-15",
    "opened_on": "2024-01-16",
    "location_kind": "address",
    "address_line": "12 Harbour Row",
    "postcode": "YO11 1AA",
    "victim_given_name": "Ann",
    "victim_family_name": "Smith",
    "victim_date_of_birth": "1990-04-02",
    "victim_gender": "female",
    "subject_given_name": "Rob",
    "subject_family_name": "Jones",
    "subject_gender": "male",
}
"""An open case as a row of the import (the OpenAPI shows it as NDJSON and CSV)."""

HUB_CASES = ImportKind(
    name="hub-cases",
    model=HubCaseImportRow,
    store=store_hub_cases,
    summary="Import open hub cases from a CSV, NDJSON or XLSX file",
    description=(
        f"Scope `{HUBS_WRITE}`. Each row is one open case of an existing case system: its "
        "hub, kind, dates, place, and at most one victim and one subject (matched to the "
        "person index), with `source_reference` (required: a row already imported by the "
        "same agency is skipped). Cases go through the same flow as `POST /v1/hub-cases`; "
        "their original dates are kept."
    ),
    scope=HUBS_WRITE,
    analyze=("hub_case", "hub_location", "person_key"),
    example=EXAMPLE,
)
