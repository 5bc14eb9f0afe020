"""Registering the caller's organisation."""

import uuid
from types import SimpleNamespace

from sqlalchemy import select

from csp_common import clock
from csp_common.auth import Caller
from csp_common.db import RowsInsert
from csp_common.unit_of_work import Work
from svd_fund.organisations.models import organisation_table
from svd_fund.organisations.schemas import OrganisationIn, OrganisationOut
from svd_fund.organisations.service import organisation_out, own_organisation
from svd_fund.problems import conflict


async def register(work: Work, *, caller: Caller, body: OrganisationIn) -> OrganisationOut:
    """One organisation per account (the token's agency); an org-id registered once."""
    if await own_organisation(work.session, caller=caller) is not None:
        raise conflict("already-registered", "Your account has registered its organisation.")
    taken = select(organisation_table.c.id).where(organisation_table.c.org_id == body.org_id)
    if (await work.session.execute(taken)).first() is not None:
        raise conflict("org-id-registered", "Another account has registered that org-id.")
    row = {
        "id": uuid.uuid4(),
        "account": caller.agency,
        **body.model_dump(),
        "created_at": clock.now(),
    }
    work.add(RowsInsert(organisation_table, [row]))
    work.audit(action="create", record_type="organisation", record_ids=[str(row["id"])])
    return organisation_out(SimpleNamespace(**row))
