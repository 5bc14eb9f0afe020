"""Handing a case over to another partnership, receiving one, and the receipt between
them. Never commits; every step audited."""

import uuid
from datetime import date
from typing import Any

from sqlalchemy import Row

from csp_common import clock
from csp_common.auth import Caller
from csp_common.errors import Problem
from csp_common.unit_of_work import Work
from marac.access import coordinates
from marac.areas import check_marac_area, hub_marac_area
from marac.case.schemas import NewCase
from marac.case.service import (
    EQUALITY_FIELDS,
    case_out_of,
    create_cases,
    creation_events,
    moved_case_events,
)
from marac.config.service import get_area_configs, get_policy
from marac.handover import service
from marac.handover.schemas import (
    CasePackage,
    ExportIn,
    ExportOut,
    ImportIn,
    ImportOut,
    PackageAction,
    PackageCase,
    PackageResearch,
    Receipt,
)
from marac.problems import area_not_visible
from marac.settings import MaracSettings

TRANSFER_REFERENCE = "transfer:"
"""A received case's source reference: the package id after it (unique, so once)."""


def _invalid(pointer: str, detail: str) -> Problem:
    return Problem(
        422,
        "Invalid handover",
        detail,
        type="validation",
        errors=[{"pointer": pointer, "detail": detail, "code": "handover"}],
    )


def export_out(row: Any) -> ExportOut:
    receipt = None
    if row.receipt_recorded_at is not None:
        receipt = Receipt(
            package_id=uuid.UUID(row.id),
            received_by_partnership=row.to_partnership,
            received_on=row.received_on,
            case_reference=row.receiving_reference,
        )
    return ExportOut(
        id=uuid.UUID(row.id),
        case_id=row.case_id,
        to_partnership=row.to_partnership,
        exported_on=row.exported_on,
        exported_by=row.exported_by,
        receipt=receipt,
        package=CasePackage.model_validate(row.package),
    )


def _package(
    case: Row, *, actions: list[Any], research: list[Any], to: str, on: date, partnership: str
) -> CasePackage:
    m = case._mapping
    return CasePackage(
        package_id=uuid.uuid4(),
        from_partnership=partnership,
        from_marac_area=m["marac_area"],
        to_partnership=to,
        exported_on=on,
        case=PackageCase(
            status=m["status"],
            referred_on=m["referred_on"],
            heard_on=m["heard_on"],
            repeat=m["repeat"],
            urgent=m["urgent"],
            criteria=m["criteria"],
            score=m["score"],
            children_in_household=m["children_in_household"],
            referrer_kind=m["referrer_kind"],
            **{name: m[name] for name in EQUALITY_FIELDS},
        ),
        actions=[
            PackageAction(
                owner_agency=a.owner_agency,
                description=a.description,
                due_on=a.due_on,
                status=a.status,
                outcome=a.outcome,
                completed_on=a.completed_on,
            )
            for a in actions
        ],
        research=[
            PackageResearch(
                agency=r.agency,
                has_information=r.has_information,
                summary=r.summary,
                returned_on=clock.as_utc(r.returned_at).date(),
            )
            for r in research
        ],
    )


async def export_case(
    work: Work, *, case: Row, body: ExportIn, caller: Caller, partnership: str
) -> ExportOut:
    """The package for another partnership's MARAC, kept as sent. 422 for this
    partnership (a move within it is a transfer), 409 for a closed case."""
    if body.to_partnership == partnership:
        raise _invalid(
            "#/to_partnership",
            "That is this partnership: transfer the case to the area instead "
            "(POST /v1/cases/{case_id}/transfer).",
        )
    if case.status == "closed":
        raise Problem(409, "Conflict", "A closed case cannot be handed over.", type="invalid-state")
    actions, research = await service.history_of(work.session, case_id=case.id)
    on = body.exported_on or clock.today()
    package = _package(
        case,
        actions=actions,
        research=research,
        to=body.to_partnership,
        on=on,
        partnership=partnership,
    )
    row = {
        "id": str(package.package_id),
        "case_id": case.id,
        "marac_area": case.marac_area,
        "to_partnership": body.to_partnership,
        "exported_on": on,
        "exported_by": caller.agency,
        "package": package.model_dump(mode="json"),
        "received_on": None,
        "receiving_reference": None,
        "receipt_recorded_at": None,
    }
    await service.add_export(work.session, row=row)
    work.audit(action="export", record_type="marac_case", record_ids=[case.id])
    return export_out(await service.get_export(work.session, export_id=row["id"]))


async def record_receipt(work: Work, *, export: Any, receipt: Receipt) -> ExportOut:
    """The receiving partnership's receipt, once: 422 when it is for another package or
    from another partnership, 409 when one was recorded already."""
    if str(receipt.package_id) != export.id:
        raise _invalid("#/package_id", "This receipt is for another package.")
    if receipt.received_by_partnership != export.to_partnership:
        raise _invalid(
            "#/received_by_partnership",
            f"The package was sent to {export.to_partnership!r}, not to this partnership.",
        )
    if export.receipt_recorded_at is not None:
        raise Problem(409, "Conflict", "A receipt was recorded already.", type="invalid-state")
    await service.record_receipt(
        work.session,
        export_id=export.id,
        received_on=receipt.received_on,
        reference=receipt.case_reference,
    )
    work.audit(action="export_receipt", record_type="marac_case", record_ids=[export.case_id])
    return export_out(await service.get_export(work.session, export_id=export.id))


async def import_case(
    work: Work, *, caller: Caller, body: ImportIn, settings: MaracSettings, partnership: str
) -> ImportOut:
    """A case received from another partnership, listed at the area's next meeting with
    the history that came with it; the answer holds the receipt to send back. 422 for a
    package addressed elsewhere, 404 for an area the caller does not coordinate, 409 for
    a package received already."""
    package = body.package
    if package.to_partnership != partnership:
        raise _invalid(
            "#/package/to_partnership",
            f"This package is for {package.to_partnership!r}, not this partnership.",
        )
    marac_area = hub_marac_area(body.area) or check_marac_area(body.area)
    if not coordinates(caller, marac_area):
        raise area_not_visible(marac_area)
    session = work.session
    if await service.imported(session, package_id=str(package.package_id)):
        raise Problem(409, "Conflict", "This package was received already.", type="duplicate")
    sent = package.case
    today = clock.today()
    new_case = NewCase(
        source="import",
        source_reference=f"{TRANSFER_REFERENCE}{package.package_id}",
        victim_id=str(body.victim_id),
        perpetrator_id=str(body.perpetrator_id) if body.perpetrator_id else None,
        area=body.area if body.area != marac_area else None,
        marac_area=marac_area,
        repeat_hint=sent.repeat,
        urgent=sent.urgent,
        referring_agency=caller.agency,
        referrer_kind=sent.referrer_kind,
        criteria=list(sent.criteria),
        score=sent.score,
        children_in_household=sent.children_in_household,
        referred_on=today,
        **sent.model_dump(include=set(EQUALITY_FIELDS)),
    )
    configs = {a: c for a, (c, _) in (await get_area_configs(session, settings=settings)).items()}
    result = await create_cases(
        session,
        cases=[new_case],
        policy=await get_policy(session, settings=settings),
        configs=configs,
        today=today,
    )
    if not result.created:
        raise Problem(409, "Conflict", "This package was received already.", type="duplicate")
    case_id = result.created[0].id
    work.emit_all(creation_events(result.created) + await moved_case_events(session, result.moves))
    await service.add_import(
        session,
        row={
            "package_id": str(package.package_id),
            "case_id": case_id,
            "from_partnership": package.from_partnership,
            "package": package.model_dump(mode="json"),
            "imported_by": caller.agency,
        },
    )
    work.audit(action="import", record_type="marac_case", record_ids=[case_id])
    receipt = Receipt(
        package_id=package.package_id,
        received_by_partnership=partnership,
        received_on=today,
        case_reference=case_id,
    )
    return ImportOut(case=await case_out_of(session, case_id=case_id), receipt=receipt)
