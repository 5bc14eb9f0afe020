"""Issuing interventions up the ladder, and recording their breaches. Never commits."""

import uuid
from typing import Any

from csp_common import clock
from csp_common.contracts.hubs import InterventionBreached, InterventionIssued
from csp_common.db import RowsInsert
from csp_common.errors import Problem
from csp_common.partnership import Partnership
from csp_common.unit_of_work import Work
from referral_hub.hubs.cases import service as cases
from referral_hub.hubs.interventions import service
from referral_hub.hubs.interventions.models import breach_table, intervention_table
from referral_hub.hubs.interventions.rules import Issued, missing_step
from referral_hub.hubs.interventions.schemas import BreachIn, InterventionIn
from referral_hub.problems import invalid_input


async def issue(
    work: Work, *, case: Any, body: InterventionIn, agency: str, partnership: Partnership
) -> dict[str, Any]:
    config = partnership.hubs
    kind = config.intervention(body.kind)
    if kind is None:
        known = ", ".join(k.code for k in config.interventions)
        raise invalid_input("#/body/kind", f"unknown intervention {body.kind!r}; known: {known}")
    if case.status != "open":
        raise Problem(409, "Conflict", "The case is closed.")
    if kind.target == "person":
        subjects = await cases.person_ids_of(work.session, case_id=case.id, role="subject")
        if body.subject_id not in subjects:
            raise invalid_input(
                "#/body/subject_id",
                f"{kind.name} is issued against a person: name a subject of the case",
                code="invalid",
            )
    elif body.subject_id is not None:
        raise invalid_input(
            "#/body/subject_id", f"{kind.name} is issued against the case's place", code="invalid"
        )
    issued = [
        Issued(ladder=i.ladder, step=i.step, subject_id=i.subject_id)
        for i in await service.interventions_of(work.session, case_id=case.id)
    ]
    missing = missing_step(kind, subject_id=body.subject_id, issued=issued, config=config)
    if missing is not None:
        raise Problem(
            409,
            "A step of the ladder is missing",
            f"{kind.name} needs {missing.name} ({missing.code}) issued first in this case; "
            "the partnership does not allow skipping a step.",
            type="ladder-step-skipped",
            missing_step=missing.code,
        )
    row = {
        "id": uuid.uuid4(),
        "case_id": case.id,
        "kind": kind.code,
        "ladder": kind.ladder,
        "step": kind.step,
        "target": kind.target,
        "subject_id": body.subject_id,
        "issuing_agency": agency,
        "issued_on": body.issued_on,
        "expires_on": body.expires_on,
        "created_at": clock.now(),
    }
    work.add(RowsInsert(intervention_table, [row]), cases.involve(case.id, agency))
    work.emit(
        InterventionIssued(
            intervention_id=row["id"],
            case_id=case.id,
            hub=case.hub,
            kind=kind.code,
            step=kind.step,
            target=kind.target,
            issuing_agency=agency,
            issued_on=body.issued_on,
            expires_on=body.expires_on,
        ),
        key=str(case.id),
    )
    work.audit(action="update", record_type="hub_case", record_ids=[str(case.id)])
    return row


async def breach(work: Work, *, case: Any, intervention: Any, body: BreachIn) -> dict[str, Any]:
    if body.breached_on < intervention.issued_on:
        raise invalid_input(
            "#/body/breached_on", "a breach comes on or after the issue date", code="invalid"
        )
    if intervention.expires_on is not None and body.breached_on > intervention.expires_on:
        raise invalid_input(
            "#/body/breached_on", "the intervention had expired by then", code="invalid"
        )
    row = {
        "id": uuid.uuid4(),
        "intervention_id": intervention.id,
        "breach_number": await service.next_breach_number(
            work.session, intervention_id=intervention.id
        ),
        "breached_on": body.breached_on,
        "created_at": clock.now(),
    }
    work.add(RowsInsert(breach_table, [row]))
    work.emit(
        InterventionBreached(
            breach_id=row["id"],
            intervention_id=intervention.id,
            case_id=case.id,
            hub=case.hub,
            kind=intervention.kind,
            breach_number=row["breach_number"],
            breached_on=body.breached_on,
        ),
        key=str(case.id),
    )
    work.audit(action="update", record_type="hub_case", record_ids=[str(case.id)])
    return row
