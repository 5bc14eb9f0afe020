"""`GET /v1/persons/{person_id}/subject-access`: a subject access request answered as one
JSON or PDF bundle."""

import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from csp_common.audit import PURPOSE_HEADER
from csp_common.purpose import RequiredPurpose
from referral_hub.access import SUBJECT_ACCESS, SubjectAccessOfficer
from referral_hub.dependencies import Partnership, Settings, UnitOfWork
from referral_hub.subject_access import flows
from referral_hub.subject_access.document import bundle_pdf
from referral_hub.subject_access.schemas import SubjectAccessBundle

router = APIRouter(prefix="/v1/persons", tags=["persons"])

PDF = "application/pdf"


@router.get(
    "/{person_id}/subject-access",
    response_model=SubjectAccessBundle,
    summary="A subject access request: what every service holds about a person",
    description=(
        f"Scope `{SUBJECT_ACCESS}` (the partnership's data protection team, across the "
        f"partnership) and an `{PURPOSE_HEADER}` header (else 400 `purpose-required`). "
        "One bundle: the person's record in the person index (and the records merged into "
        "it), and from referral-hub, marac and dhr-tracker what each holds about them "
        "(dated entries by code; the other person in a referral or case by role only), "
        "with each service's audit trail of who read or changed those records. marac and "
        "dhr-tracker are asked over HTTP, and audit the request on their side; a service "
        "that does not answer is in the bundle as `unavailable` with its reason, and "
        "`complete` is false. `format=pdf` answers the same bundle as a PDF. A person not "
        "in the index, or merged into another, answers 404."
    ),
    responses={
        200: {"content": {PDF: {}}, "description": "The bundle (JSON, or PDF with format=pdf)"},
        400: {"description": "No or blank X-Purpose (`purpose-required`)"},
        404: {"description": "No such person in the index"},
    },
)
async def read_subject_access(
    person_id: Annotated[uuid.UUID, Path(description="A person's id from the person index")],
    caller: SubjectAccessOfficer,
    purpose: RequiredPurpose,
    work: UnitOfWork,
    settings: Settings,
    partnership: Partnership,
    format: Annotated[Literal["json", "pdf"], Query(description="json or pdf")] = "json",
) -> SubjectAccessBundle | Response:
    bundle = await flows.subject_access(
        work,
        caller=caller,
        settings=settings,
        partnership=partnership,
        person_id=person_id,
        purpose=purpose,
    )
    if format == "pdf":
        return Response(
            await bundle_pdf(bundle),
            media_type=PDF,
            headers={
                "Content-Disposition": f'attachment; filename="subject-access-{person_id}.pdf"'
            },
        )
    return bundle
