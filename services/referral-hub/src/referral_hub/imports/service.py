"""Storing a chunk of import rows: referrals and hate reports, idempotent by reference.

The import engine (csp_common.imports) reads and validates the file; each store
function gets a chunk of valid rows and answers one outcome a row, in order: imported,
skipped (its `source_reference` was imported before, by the same agency) or refused,
saying why and where. It never commits, and audits what it writes in the importing
caller's name (with the job's purpose).

The referrals are the batched intake: the same domain function decides everything
(`plan_intake`: DASH risk, MARAC criteria, routes, the row and its events); only the
I/O is batched: one query finds references already imported, one resolves every person
of the chunk, one reads the MARAC history of the chunk's victim and perpetrator pairs,
and each table gets one multi-row insert. Rows are taken in file order, so a repeat
MARAC referral is detected against earlier rows of the same file as it is against the
database.
"""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.audit import record_access
from csp_common.imports import IMPORTED, SKIPPED, ImportContext, Outcome, ValidRow, refused
from csp_common.outbox import add_events
from csp_common.partnership import Partnership, load_partnership
from referral_hub.codes import MARAC
from referral_hub.delivery.service import enqueue_deliveries
from referral_hub.hate.flows import NewHateReport, record_hate_reports
from referral_hub.imports.bulk import bulk
from referral_hub.imports.schemas import HateReportImportRow, ReferralImportRow
from referral_hub.index.service import resolve_people
from referral_hub.intake.flows import person_details, plan_intake, referrer_kind
from referral_hub.referral import service as referrals
from referral_hub.settings import ReferralHubSettings

MIGRATION_SCOPE = "referrals:migrate"
"""Lets an import write records in another partnership agency's name (a delegation to
the CSP team moving a partnership's history); every such record is audited as such."""
ON_BEHALF = "import_on_behalf"

table = referrals.referral_table


def _origin_refusal(
    area: str, agency: str | None, *, column: str, context: ImportContext, partnership: Partnership
) -> Outcome | None:
    """Why a row of `area`, made by `agency` (None: the importing agency), is refused.

    The importing agency is the token's; another partnership agency needs the
    migration scope. A detail never repeats the row's value."""
    if partnership.area(area) is None:
        return refused(
            "#/area", f"unknown area; known: {', '.join(partnership.area_codes)}", code="unknown"
        )
    if agency is None:
        return None
    if partnership.agency(agency) is None:
        known = ", ".join(a.code for a in partnership.agencies)
        return refused(
            f"#/{column}", f"unknown agency; the partnership's agencies: {known}", code="unknown"
        )
    caller = context.caller
    if agency == caller.agency or caller.has(MIGRATION_SCOPE):
        return None
    return refused(
        f"#/{column}",
        f"{column} is another agency: importing in another agency's name needs the "
        f"scope {MIGRATION_SCOPE}; leave it empty to import as your agency",
        code="forbidden",
    )


async def audit_import(
    session: AsyncSession,
    *,
    context: ImportContext,
    record_type: str,
    records: Sequence[tuple[uuid.UUID, str]],
) -> None:
    """Audit the records a chunk stored, given as (id, agency in whose name): every one
    as imported, and those of another agency once more, as imported on its behalf."""
    if not records:
        return
    caller = context.caller
    await record_access(
        session,
        caller=caller,
        action="import",
        record_type=record_type,
        record_ids=[str(record_id) for record_id, _ in records],
        purpose=context.purpose,
    )
    delegated: dict[str, list[str]] = {}
    for record_id, agency in records:
        if agency != caller.agency:
            delegated.setdefault(agency, []).append(str(record_id))
    for agency, ids in sorted(delegated.items()):
        await record_access(
            session,
            caller=caller,
            action=ON_BEHALF,
            record_type=record_type,
            record_ids=ids,
            purpose=f"on behalf of {agency}: {context.purpose}",
        )


# --- referrals ---------------------------------------------------------------------------


async def store_referrals(
    session: AsyncSession,
    *,
    rows: Sequence[ValidRow[ReferralImportRow]],
    context: ImportContext,
) -> list[Outcome]:
    """Store the chunk's new referrals; one outcome a row, in order. Never commits."""
    settings: ReferralHubSettings = context.settings
    partnership = load_partnership()
    session = bulk(session)
    outcomes: list[Outcome | None] = [
        _origin_refusal(
            row.body.area,
            row.body.referring_agency,
            column="referring_agency",
            context=context,
            partnership=partnership,
        )
        for row in rows
    ]
    agencies = [row.body.referring_agency or context.caller.agency for row in rows]
    keys = [(agencies[i], row.body.source_reference) for i, row in enumerate(rows)]
    taken = await existing_references(
        session, keys=[k for i, k in enumerate(keys) if outcomes[i] is None]
    )
    todo = []
    for i, key in enumerate(keys):
        if outcomes[i] is not None:
            continue
        if key in taken:
            outcomes[i] = SKIPPED
        else:
            taken.add(key)
            todo.append(i)

    people = []
    for i in todo:
        body = rows[i].body
        people.append(person_details(body.victim))
        if body.perpetrator:
            people.append(person_details(body.perpetrator))
    secret = settings.person_key_secret.encode() if settings.person_key_secret else None
    ids = iter(await resolve_people(session, people=people, secret=secret) if people else [])
    pairs = []
    for i in todo:
        victim_id = next(ids)
        pairs.append((victim_id, next(ids) if rows[i].body.perpetrator else None))
    history = await _marac_history(session, pairs=[p for p in pairs if p[1] is not None])

    referral_rows: list[dict[str, Any]] = []
    route_rows: list[dict[str, Any]] = []
    events = []
    for i, (victim_id, perpetrator_id) in zip(todo, pairs, strict=True):
        body = rows[i].body
        received_at = body.received
        on = received_at.date()
        earlier = [d for d in history.get((victim_id, perpetrator_id), ()) if d <= on]
        plan = plan_intake(
            body=body,
            agency=agencies[i],
            area=partnership.area(body.area),  # type: ignore[arg-type]  # checked above
            referrer_kind=referrer_kind(partnership, agencies[i]),
            received_at=received_at,
            channel="import",
            victim_id=victim_id,
            perpetrator_id=perpetrator_id,
            days_since_last_marac_referral=(on - max(earlier)).days if earlier else None,
            settings=settings,
        )
        if plan.assessment.marac_referral and perpetrator_id is not None:
            history[(victim_id, perpetrator_id)].append(on)
        referral_rows.append(plan.referral)
        route_rows += plan.routes
        events += plan.events
        outcomes[i] = IMPORTED

    if referral_rows:
        await session.execute(insert(table), referral_rows)
        await referrals.insert_routes(session, rows=route_rows)
        if settings.import_sends_webhooks:
            await enqueue_deliveries(
                session,
                routes=[(r["id"], r["provider"]) for r in route_rows if r["provider"] != MARAC],
                webhook_providers=set(settings.webhook_urls),
            )
        await add_events(session, events)
        await audit_import(
            session,
            context=context,
            record_type="referral",
            records=[(r["id"], r["referring_agency"]) for r in referral_rows],
        )
    return [outcome or IMPORTED for outcome in outcomes]


async def existing_references(
    session: AsyncSession, *, keys: list[tuple[str, str]]
) -> set[tuple[str, str]]:
    """The (referring agency, source reference) pairs among `keys` already stored."""
    if not keys:
        return set()
    wanted = set(keys)
    result = await session.execute(
        select(table.c.referring_agency, table.c.source_reference).where(
            table.c.referring_agency.in_({agency for agency, _ in wanted}),
            table.c.source_reference.in_({reference for _, reference in wanted}),
        )
    )
    return {(row[0], row[1]) for row in result} & wanted


async def _marac_history(
    session: AsyncSession, *, pairs: list[tuple[uuid.UUID, uuid.UUID | None]]
) -> defaultdict[tuple[uuid.UUID, uuid.UUID | None], list[date]]:
    """Dates of earlier MARAC referrals of each victim and perpetrator pair."""
    history: defaultdict[tuple[uuid.UUID, uuid.UUID | None], list[date]] = defaultdict(list)
    if not pairs:
        return history
    wanted = set(pairs)
    result = await session.execute(
        select(table.c.victim_id, table.c.perpetrator_id, table.c.received_on).where(
            table.c.marac_referral.is_(True),
            table.c.victim_id.in_({v for v, _ in wanted}),
            table.c.perpetrator_id.in_({p for _, p in wanted}),
        )
    )
    for victim_id, perpetrator_id, received_on in result:
        if (victim_id, perpetrator_id) in wanted:
            history[(victim_id, perpetrator_id)].append(received_on)
    return history


# --- hate reports ------------------------------------------------------------------------


async def store_hate_reports(
    session: AsyncSession,
    *,
    rows: Sequence[ValidRow[HateReportImportRow]],
    context: ImportContext,
) -> list[Outcome]:
    """Store the chunk's new reports (the API's recording flow); one outcome a row, in
    order. Never commits."""
    partnership = load_partnership()
    session = bulk(session)
    outcomes: list[Outcome | None] = [None] * len(rows)
    reports: list[NewHateReport] = []
    positions: list[int] = []
    for i, row in enumerate(rows):
        body = row.body
        outcomes[i] = _origin_refusal(
            body.area,
            body.reporting_agency,
            column="reporting_agency",
            context=context,
            partnership=partnership,
        )
        if outcomes[i] is None:
            agency = body.reporting_agency or context.caller.agency
            reports.append(NewHateReport(body=body, reporting_agency=agency))
            positions.append(i)
    recorded = await record_hate_reports(
        session, reports=reports, channel="import", recorded_at=clock.now()
    )
    for i, result in zip(positions, recorded, strict=True):
        outcomes[i] = IMPORTED if result.created else SKIPPED
    await audit_import(
        session,
        context=context,
        record_type="hate_report",
        records=[
            (result.id, report.reporting_agency)
            for report, result in zip(reports, recorded, strict=True)
            if result.created
        ],
    )
    return [outcome or SKIPPED for outcome in outcomes]
