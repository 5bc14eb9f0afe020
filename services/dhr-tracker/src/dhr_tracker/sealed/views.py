"""HTTP for the sealed identity: written and read only with dhr:manage of the review's
area and an X-Purpose; every read and write audited."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Body

from csp_common.errors import not_found
from csp_common.unit_of_work import UnitOfWork
from dhr_tracker.access import REVIEW_NOT_FOUND, Manager, require_managed
from dhr_tracker.dependencies import PurposeHeader, Settings, required_purpose
from dhr_tracker.record.service import find_review
from dhr_tracker.sealed import service
from dhr_tracker.sealed.schemas import SealedIdentityIn, SealedIdentityOut

router = APIRouter(prefix="/v1/reviews/{review_id}/sealed-identity", tags=["sealed identity"])
RECORD = "sealed_identity"


async def _managed(work: UnitOfWork, caller: Manager, review_id: uuid.UUID) -> None:
    review = await find_review(work.session, review_id=review_id, caller=caller, for_update=True)
    if review is None:
        raise not_found(REVIEW_NOT_FOUND)
    require_managed(caller, review)


@router.put(
    "",
    summary="Record (or replace) the names, dates of birth and addresses",
    description="Send `X-Purpose` to say why; the write is audited.",
)
async def write_identity(
    work: UnitOfWork,
    caller: Manager,
    settings: Settings,
    review_id: uuid.UUID,
    body: Annotated[SealedIdentityIn, Body()],
    purpose: PurposeHeader = None,
) -> SealedIdentityOut:
    await _managed(work, caller, review_id)
    cipher = service.require_cipher(settings.cipher)
    updated_at = await service.seal(work.session, cipher=cipher, review_id=review_id, identity=body)
    work.audit(action="write", record_type=RECORD, record_ids=[str(review_id)], purpose=purpose)
    return SealedIdentityOut(**body.model_dump(), updated_at=updated_at)


@router.get(
    "",
    summary="Read the sealed identity (audited, with its purpose)",
    description="`X-Purpose` is required (422 without it, once the review is known to be "
    "yours); every read is audited with it.",
)
async def read_identity(
    work: UnitOfWork,
    caller: Manager,
    settings: Settings,
    review_id: uuid.UUID,
    purpose: PurposeHeader = None,
) -> SealedIdentityOut:
    await _managed(work, caller, review_id)
    purpose = required_purpose(purpose)
    cipher = service.require_cipher(settings.cipher)
    identity = await service.unseal(work.session, cipher=cipher, review_id=review_id)
    if identity is None:
        raise not_found("sealed identity")
    work.audit(action="read", record_type=RECORD, record_ids=[str(review_id)], purpose=purpose)
    return identity
