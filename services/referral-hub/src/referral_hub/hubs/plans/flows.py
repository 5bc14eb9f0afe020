"""A case's problem-solving plan, kept up to date, and the actions partner agencies own.
Never commits."""

import uuid
from typing import Any

from csp_common import clock
from csp_common.db import RowsInsert
from csp_common.errors import Problem
from csp_common.partnership import Partnership
from csp_common.unit_of_work import Work
from referral_hub.hubs.cases import service as cases
from referral_hub.hubs.plans import service
from referral_hub.hubs.plans.models import action_table, plan_table
from referral_hub.hubs.plans.schemas import ActionCompletionIn, ActionIn, PlanIn
from referral_hub.problems import invalid_input


async def save_plan(work: Work, *, case: Any, body: PlanIn) -> None:
    """Create the case's plan, or change it (412 if it changed since it was read)."""
    values = body.model_dump() | {"updated_at": clock.now()}
    existing = await service.plan_of(work.session, case_id=case.id)
    if existing is None:
        work.add(RowsInsert(plan_table, [values | {"case_id": case.id, "version": 1}]))
    elif not await service.update_plan(
        work.session, case_id=case.id, version=existing.version, values=values
    ):
        raise Problem(412, "Precondition failed", "The plan changed since you read it.")
    work.audit(action="update", record_type="hub_case", record_ids=[str(case.id)])


async def add_action(
    work: Work, *, case: Any, body: ActionIn, partnership: Partnership
) -> dict[str, Any]:
    if partnership.agency(body.owner_agency) is None:
        raise invalid_input("#/body/owner_agency", f"unknown agency {body.owner_agency!r}")
    if case.status != "open":
        raise Problem(409, "Conflict", "The case is closed.")
    if await service.plan_of(work.session, case_id=case.id) is None:
        # an action is the first step of the problem solving: it starts the plan
        work.add(
            RowsInsert(
                plan_table,
                [
                    {
                        "case_id": case.id,
                        "stage": "scanning",
                        "version": 1,
                        "updated_at": clock.now(),
                    }
                ],
            )
        )
    row = {
        "id": uuid.uuid4(),
        "case_id": case.id,
        "owner_agency": body.owner_agency,
        "action": body.action,
        "due_on": body.due_on,
        "completed_on": None,
        "created_at": clock.now(),
    }
    work.add(RowsInsert(action_table, [row]), cases.involve(case.id, body.owner_agency))
    work.audit(action="update", record_type="hub_case", record_ids=[str(case.id)])
    return row


async def complete(
    work: Work, *, case: Any, action_id: uuid.UUID, body: ActionCompletionIn
) -> None:
    action = await service.get_action(work.session, case_id=case.id, action_id=action_id)
    if action is None:
        raise Problem(404, "Not found", "No action with that id in this case.", type="not-found")
    if not await service.complete_action(
        work.session, action_id=action_id, completed_on=body.completed_on
    ):
        raise Problem(409, "Conflict", "The action is already completed.")
    work.audit(action="update", record_type="hub_case", record_ids=[str(case.id)])
