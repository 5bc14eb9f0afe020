"""Completing an action: the action's event, and its case's status when all are done."""

from datetime import date

from sqlalchemy import Row

from csp_common import clock
from csp_common.errors import Problem
from csp_common.unit_of_work import Work
from marac.action.service import complete_action, mark_actions_complete


async def complete(work: Work, *, action: Row, outcome: str, on: date | None) -> None:
    if action.status != "open":
        raise Problem(409, "Conflict", "The action is already done.", type="invalid-state")
    day = on or clock.today()
    if day > clock.today():
        raise Problem(
            422, "Invalid date", "completed_on must not be in the future.", type="validation"
        )
    work.emit_all([await complete_action(work.session, action=action, outcome=outcome, on=day)])
    await mark_actions_complete(work.session, case_ids=[action.case_id])
    work.audit(action="complete-action", record_type="marac_case", record_ids=[action.case_id])
