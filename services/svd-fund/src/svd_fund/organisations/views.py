"""HTTP for applicant organisations."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Depends

from csp_common.errors import not_found
from csp_common.pagination import Keyset, Page, PageRequest, fixed_sort_params
from svd_fund.access import ORGANISATION, Applicant, BidReader
from svd_fund.dependencies import UnitOfWork
from svd_fund.organisations import flows
from svd_fund.organisations.models import organisation_table
from svd_fund.organisations.schemas import OrganisationIn, OrganisationOut
from svd_fund.organisations.service import find_organisation, list_statement, organisation_out

router = APIRouter(prefix="/v1/organisations", tags=["organisations"])

ORGANISATIONS = Keyset(
    sorts={"created_at": organisation_table.c.created_at}, id_column=organisation_table.c.id
)
OrganisationPages = Annotated[
    PageRequest, Depends(fixed_sort_params(ORGANISATIONS, sort="created_at", max_limit=200))
]


class OrganisationPage(Page[OrganisationOut]):
    pass


@router.post("", status_code=201, summary="Register the caller's organisation")
async def register(
    work: UnitOfWork, caller: Applicant, body: Annotated[OrganisationIn, Body()]
) -> OrganisationOut:
    return await flows.register(work, caller=caller, body=body)


@router.get("", summary="Organisations (an applicant sees its own)")
async def list_organisations(
    work: UnitOfWork, caller: BidReader, pages: OrganisationPages
) -> OrganisationPage:
    statement = list_statement(caller)
    rows = (await work.session.execute(ORGANISATIONS.select(statement, pages))).all()
    page = ORGANISATIONS.page(rows, pages, organisation_out)
    return OrganisationPage(items=page.items, next_cursor=page.next_cursor)


@router.get("/{organisation_id}", summary="One organisation")
async def read_organisation(
    work: UnitOfWork, caller: BidReader, organisation_id: uuid.UUID
) -> OrganisationOut:
    row = await find_organisation(work.session, organisation_id=organisation_id, caller=caller)
    if row is None:
        raise not_found(ORGANISATION)
    return organisation_out(row)
