"""Rebuilding the read models over HTTP (scope `admin`)."""

import logging
import uuid
from typing import Annotated

from fastapi import APIRouter, Body, Path, Request, Response, status

from csp_common.errors import Problem, not_found
from reporting.access import Admin
from reporting.dependencies import DbSession
from reporting.problems import PROBLEM_RESPONSES
from reporting.rebuild import flows, service
from reporting.rebuild.schemas import RebuildIn, RebuildJobOut

log = logging.getLogger(__name__)

router = APIRouter(
    prefix="/v1/admin/rebuilds",
    tags=["rebuild"],
    responses={
        401: PROBLEM_RESPONSES[401],
        403: {"description": "The token lacks the scope admin"},
    },
)


@router.post(
    "",
    status_code=status.HTTP_202_ACCEPTED,
    summary="Rebuild every read model from offset zero",
    response_model=RebuildJobOut,
    responses={
        409: {
            "description": "A rebuild is already running",
            "content": {"application/problem+json": {}},
        }
    },
)
async def start_rebuild(
    request: Request,
    response: Response,
    caller: Admin,
    body: Annotated[RebuildIn | None, Body()] = None,
) -> RebuildJobOut:
    """Starts a rebuild and answers at once with the job; follow its `Location`. The
    current read models keep serving until the new ones are complete, then one update
    swaps them. Only one rebuild runs at a time.

    A rebuild that read fewer events of a source than the live read models had applied
    when it began (a broker that lost its log) does not swap: it ends `refused`, with
    the reason and the shortfall per source. `{"force": true}` swaps it anyway."""
    app = request.app
    force = body.force if body is not None else False
    try:
        job = await flows.start_rebuild(app.state.session_factory, force=force)
    except service.RebuildRunning as exc:
        raise Problem(
            409,
            "A rebuild is running",
            "Wait for it to finish; follow the job's progress.",
            type="rebuild-running",
            job=f"/v1/admin/rebuilds/{exc.job['id']}",
        ) from exc
    flows.launch(app, job)
    log.info("rebuild %s started by %s (force: %s)", job["id"], caller.agency, force)
    response.headers["Location"] = f"/v1/admin/rebuilds/{job['id']}"
    return RebuildJobOut.of(job)


@router.get("", summary="Recent rebuilds", response_model=list[RebuildJobOut])
async def list_rebuilds(session: DbSession, caller: Admin) -> list[RebuildJobOut]:
    """The last 20 rebuilds, newest first."""
    return [RebuildJobOut.of(job) for job in await service.list_jobs(session)]


@router.get(
    "/{job_id}",
    summary="A rebuild and its progress",
    response_model=RebuildJobOut,
    responses={
        404: {"description": "No such rebuild", "content": {"application/problem+json": {}}}
    },
)
async def get_rebuild(
    session: DbSession,
    caller: Admin,
    job_id: Annotated[uuid.UUID, Path(description="The job id from POST /v1/admin/rebuilds")],
) -> RebuildJobOut:
    """How far a rebuild has got: events read of the total, facts written, rate."""
    job = await service.get_job(session, job_id=str(job_id))
    if job is None:
        raise not_found("rebuild")
    return RebuildJobOut.of(job)
