"""The batched referral intake: what `take_referral` does, for a chunk of rows at once.

The same domain functions decide everything (`plan_intake`: DASH risk, MARAC criteria,
routes, the row and its events); only the I/O is batched: one query finds references
already imported, one resolves every person of the chunk, one reads the MARAC history
of the chunk's victim and perpetrator pairs, and each table gets one multi-row insert.
Rows are taken in file order, so a repeat MARAC referral is detected against earlier
rows of the same file as it is against the database.
"""

import uuid
from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.outbox import add_events
from csp_common.partnership import Partnership
from referral_hub.codes import Provider
from referral_hub.delivery.service import enqueue_deliveries
from referral_hub.imports.bulk import bulk
from referral_hub.imports.rows import IMPORTED, SKIPPED, Importer, Outcome, ValidRow, failed
from referral_hub.imports.schemas import ReferralImportRow
from referral_hub.imports.service import audit_import
from referral_hub.index.service import resolve_people
from referral_hub.intake.flows import person_details, plan_intake, referrer_kind
from referral_hub.referral import service as referrals
from referral_hub.settings import ReferralHubSettings

table = referrals.referral_table


async def import_referrals(
    session: AsyncSession,
    *,
    rows: Sequence[ValidRow[ReferralImportRow]],
    importer: Importer,
    settings: ReferralHubSettings,
    partnership: Partnership,
) -> list[Outcome]:
    """Store the chunk's new referrals; one outcome a row, in order. Never commits."""
    session = bulk(session)
    outcomes: list[Outcome | None] = [None] * len(rows)
    agencies = [row.body.referring_agency or importer.caller.agency for row in rows]
    for i, row in enumerate(rows):
        if partnership.area(row.body.area) is None:
            outcomes[i] = failed(
                "#/area",
                f"unknown area {row.body.area!r}; known: {', '.join(partnership.area_codes)}",
                column="area",
            )
        elif row.body.referring_agency and partnership.agency(row.body.referring_agency) is None:
            outcomes[i] = failed(
                "#/referring_agency",
                f"unknown agency {row.body.referring_agency!r}; the partnership's agencies: "
                + ", ".join(a.code for a in partnership.agencies),
                column="referring_agency",
            )
        else:
            outcomes[i] = importer.refusal_for(row.body.referring_agency, column="referring_agency")
    keys = [(agencies[i], row.body.source_reference) for i, row in enumerate(rows)]
    taken = await _existing(session, keys=[k for i, k in enumerate(keys) if outcomes[i] is None])
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
                routes=[
                    (r["id"], r["provider"]) for r in route_rows if r["provider"] != Provider.MARAC
                ],
                webhook_providers=set(settings.webhook_urls),
            )
        await add_events(session, events)
        await audit_import(
            session,
            importer=importer,
            record_type="referral",
            records=[(r["id"], r["referring_agency"]) for r in referral_rows],
        )
    return [outcome or IMPORTED for outcome in outcomes]


async def _existing(session: AsyncSession, *, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
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
