"""HTTP for the anonymisation check: upload a draft, get every place that names a sealed
identifier of the review. The mentions are answered once and never stored."""

import hashlib
import uuid
from typing import Annotated

import anyio
from fastapi import APIRouter, File, Form, UploadFile

from csp_common import clock
from csp_common.db import RowsInsert
from csp_common.errors import not_found
from csp_common.unit_of_work import UnitOfWork
from dhr_tracker.access import REVIEW_NOT_FOUND, Manager, require_managed
from dhr_tracker.anonymisation import service
from dhr_tracker.anonymisation.documents import read_document
from dhr_tracker.anonymisation.models import check_table
from dhr_tracker.anonymisation.rules import find_mentions
from dhr_tracker.anonymisation.schemas import CheckOut, MentionOut
from dhr_tracker.dependencies import PurposeHeader, Settings, required_purpose
from dhr_tracker.problems import Conflict
from dhr_tracker.record.service import find_review
from dhr_tracker.sealed import service as sealed

router = APIRouter(prefix="/v1/anonymisation-checks", tags=["anonymisation"])
SHOWN = 1000


@router.post("", status_code=201, summary="Check a draft (DOCX, PDF or text) before publication")
async def check_draft(
    work: UnitOfWork,
    caller: Manager,
    settings: Settings,
    review_id: Annotated[uuid.UUID, Form()],
    file: Annotated[UploadFile, File(description="The draft report")],
    purpose: PurposeHeader = None,
) -> CheckOut:
    review = await find_review(work.session, review_id=review_id, caller=caller)
    if review is None:
        raise not_found(REVIEW_NOT_FOUND)
    require_managed(caller, review)
    purpose = required_purpose(purpose)
    cipher = sealed.require_cipher(settings.cipher)
    identity = await sealed.unseal(work.session, cipher=cipher, review_id=review_id)
    if identity is None:
        raise Conflict(
            "no_sealed_identity",
            "Record the review's sealed identity first: the check looks for its names.",
        )
    content = await file.read()
    kind, passages = await anyio.to_thread.run_sync(read_document, content)
    people = service.sealed_people(identity)
    mentions = await anyio.to_thread.run_sync(find_mentions, passages, people)
    row = {
        "id": uuid.uuid4(),
        "review_id": review_id,
        "document_kind": kind,
        "sha256": hashlib.sha256(content).hexdigest(),
        "mentions": len(mentions),
        "checked_by": caller.agency,
        "checked_at": clock.now(),
    }
    work.add(RowsInsert(check_table, [row]))
    work.audit(
        action="read", record_type="sealed_identity", record_ids=[str(review_id)], purpose=purpose
    )
    return CheckOut(
        id=row["id"],
        review_id=review_id,
        document_kind=kind,
        checked_at=row["checked_at"],
        clean=not mentions,
        mention_count=len(mentions),
        mentions=[
            MentionOut(
                people=list(m.people), kind=m.kind, location=m.location, line=m.line, text=m.text
            )
            for m in mentions[:SHOWN]
        ],
    )
