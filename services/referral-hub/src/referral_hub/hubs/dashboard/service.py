"""A hub's dashboard figures, counted in the database. Never commits."""

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from referral_hub.hubs.cases.models import case_table
from referral_hub.hubs.interventions.models import intervention_table
from referral_hub.hubs.plans.models import action_table, plan_table
from referral_hub.hubs.risk.models import risk_table
from referral_hub.hubs.trigger.models import case_review_table


async def _grouped(session: AsyncSession, statement: Any) -> dict[str, int]:
    return {str(key): int(count) for key, count in (await session.execute(statement)).all()}


async def _count(session: AsyncSession, statement: Any) -> int:
    return int((await session.execute(statement)).scalar_one())


async def dashboard(session: AsyncSession, *, hub: str, on: date) -> dict[str, Any]:
    year_ago = on - relativedelta(months=12)
    in_hub = case_table.c.hub == hub
    is_open = and_(in_hub, case_table.c.status == "open")
    latest_level = (
        select(risk_table.c.level)
        .where(risk_table.c.case_id == case_table.c.id)
        .order_by(risk_table.c.sequence.desc())
        .limit(1)
        .scalar_subquery()
    )
    level = func.coalesce(latest_level, "unassessed")
    hub_cases = select(case_table.c.id).where(in_hub)
    repeat_places = (
        select(case_table.c.location_id)
        .where(is_open)
        .group_by(case_table.c.location_id)
        .having(func.count() > 1)
        .subquery()
    )
    count = func.count()
    return {
        "hub": hub,
        "on": on,
        "open_cases": await _count(session, select(count).where(is_open)),
        "open_by_kind": await _grouped(
            session,
            select(case_table.c.kind, count).where(is_open).group_by(case_table.c.kind),
        ),
        "open_by_risk_level": await _grouped(
            session, select(level, count).where(is_open).group_by(level)
        ),
        "opened_last_12_months": await _count(
            session, select(count).where(in_hub, case_table.c.opened_on > year_ago)
        ),
        "closed_last_12_months": await _count(
            session, select(count).where(in_hub, case_table.c.closed_on > year_ago)
        ),
        "closed_by_outcome": await _grouped(
            session,
            select(case_table.c.outcome, count)
            .where(in_hub, case_table.c.closed_on > year_ago)
            .group_by(case_table.c.outcome),
        ),
        "repeat_locations": await _count(session, select(func.count()).select_from(repeat_places)),
        "actions_overdue": await _count(
            session,
            select(count).where(
                action_table.c.case_id.in_(hub_cases),
                action_table.c.completed_on.is_(None),
                action_table.c.due_on < on,
            ),
        ),
        "plans_due_review": await _count(
            session,
            select(count).where(
                plan_table.c.case_id.in_(select(case_table.c.id).where(is_open)),
                plan_table.c.next_review_on <= on,
            ),
        ),
        "interventions_in_force": await _grouped(
            session,
            select(intervention_table.c.kind, count)
            .where(
                intervention_table.c.case_id.in_(hub_cases),
                intervention_table.c.issued_on <= on,
                or_(
                    intervention_table.c.expires_on.is_(None), intervention_table.c.expires_on >= on
                ),
            )
            .group_by(intervention_table.c.kind),
        ),
        "case_reviews_awaiting_decision": await _count(
            session,
            select(count).where(
                case_review_table.c.hub == hub, case_review_table.c.decided_on.is_(None)
            ),
        ),
        "case_review_decisions_overdue": await _count(
            session,
            select(count).where(
                case_review_table.c.hub == hub,
                case_review_table.c.decided_on.is_(None),
                case_review_table.c.decide_by < on,
            ),
        ),
    }
