"""Queries on organisations (keyword-only; they never commit)."""

import uuid
from typing import Any

from sqlalchemy import ColumnElement, Select, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.auth import Caller
from svd_fund.access import manages
from svd_fund.organisations.models import organisation_table
from svd_fund.organisations.schemas import OrganisationOut


def visible_organisations(caller: Caller) -> ColumnElement[bool]:
    return true() if manages(caller) else organisation_table.c.account == caller.agency


def list_statement(caller: Caller) -> Select[Any]:
    return select(organisation_table).where(visible_organisations(caller))


async def own_organisation(session: AsyncSession, *, caller: Caller) -> Any | None:
    """The organisation registered by the caller's account."""
    statement = select(organisation_table).where(organisation_table.c.account == caller.agency)
    return (await session.execute(statement)).first()


async def find_organisation(
    session: AsyncSession, *, organisation_id: uuid.UUID, caller: Caller
) -> Any | None:
    statement = select(organisation_table).where(
        organisation_table.c.id == organisation_id, visible_organisations(caller)
    )
    return (await session.execute(statement)).first()


def organisation_out(row: Any) -> OrganisationOut:
    return OrganisationOut.model_validate(row, from_attributes=True)
