"""The applicant's web form, served by the service: small charities bid without writing
an API client. Server-rendered pages in the GOV.UK Design System's patterns (an error
summary linking to each field, hints, date inputs, "Save and come back later"), no
script. A draft is saved on the server between visits.

The pages take the platform's bearer token with `fund:apply`, as the API does: the
partnership's sign-in proxy holds the user's session and sends the token with each
request (so a page cannot be posted from another site: the browser sends no token of
its own). They are not in the OpenAPI document; the API they call is.
"""

import functools
import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, PackageLoader, select_autoescape

from csp_common import clock
from csp_common.contracts.equality import AgeBand
from csp_common.errors import Problem, not_found
from svd_fund.access import BID, ROUND, Applicant
from svd_fund.bids import flows as bid_flows
from svd_fund.bids.rules import OutputMeasure
from svd_fund.bids.service import bid_out, find_bid, lines_of, own_bids_of
from svd_fund.dependencies import Partnership, Settings, UnitOfWork
from svd_fund.fields import LONDON
from svd_fund.organisations import flows as organisation_flows
from svd_fund.organisations.schemas import OrganisationKind
from svd_fund.organisations.service import own_organisation
from svd_fund.rounds.service import find_round, open_rounds, questions_of
from svd_fund.webform import forms

router = APIRouter(prefix="/apply", include_in_schema=False)

HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'",
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
ORG_KINDS = [
    ("charity", "Registered charity"),
    ("community-group", "Community or voluntary group"),
    ("social-enterprise", "Social enterprise"),
    ("company", "Company limited by guarantee"),
    ("school", "School or college"),
    ("public-body", "Public body"),
]
OUTPUT_LABELS = {
    "participants": "Participants",
    "sessions": "Sessions delivered",
    "weapons_surrendered": "Weapons surrendered",
    "people_trained": "People trained",
    "campaign_reach": "People reached by a campaign",
    "referrals_made": "Referrals made",
    "venues_engaged": "Venues engaged",
}
assert set(OUTPUT_LABELS) == set(OutputMeasure.__args__)  # type: ignore[attr-defined]
assert {code for code, _ in ORG_KINDS} == set(OrganisationKind.__args__)  # type: ignore[attr-defined]


@functools.cache
def _templates() -> Environment:
    return Environment(
        loader=PackageLoader("svd_fund.webform", "templates"),
        autoescape=select_autoescape(default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _page(name: str, status: int = 200, **values: Any) -> HTMLResponse:
    html = _templates().get_template(name).render(**values)
    return HTMLResponse(html, status_code=status, headers=HEADERS)


@functools.cache
def _css() -> str:
    from importlib import resources

    return resources.files("svd_fund.webform").joinpath("form.css").read_text()


@router.get("/form.css")
async def stylesheet() -> Response:
    return Response(_css(), media_type="text/css", headers={"Cache-Control": "max-age=3600"})


@router.get("", response_class=HTMLResponse)
async def start(work: UnitOfWork, caller: Applicant) -> HTMLResponse:
    rounds = await open_rounds(work.session, at=clock.now())
    bids = await own_bids_of(work.session, caller=caller)
    return _page(
        "start.html",
        title="Apply for a grant",
        organisation=await own_organisation(work.session, caller=caller),
        rounds=[
            {
                "id": r.id,
                "name": r.name,
                "closes_at": clock.as_utc(r.closes_at).astimezone(LONDON),
            }
            for r in rounds
        ],
        bids=bids,
    )


def _dates(bid: dict[str, Any]) -> dict[str, dict[str, str]]:
    dates: dict[str, dict[str, str]] = {}
    for name in ("planned_start", "planned_end"):
        value = bid.get(name)
        day = date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
        dates[name] = (
            {"day": str(day.day), "month": str(day.month), "year": str(day.year)}
            if day
            else {"day": "", "month": "", "year": ""}
        )
    return dates


def _blank_bid() -> dict[str, Any]:
    return {
        "budget_lines": [],
        "priorities": [],
        "activity_types": [],
        "areas": [],
        "outputs": [],
        "outcomes": [],
        "answers": {},
    }


def _form_page(
    *,
    settings: Any,
    partnership: Any,
    fund_round: Any,
    organisation: Any,
    bid: dict[str, Any],
    action: str,
    errors: list[tuple[str, str]] | None = None,
    values: dict[str, Any] | None = None,
    saved: bool = False,
    title: str = "Your bid",
) -> HTMLResponse:
    by_field: dict[str, list[str]] = {}
    for field, message in errors or []:
        by_field.setdefault(field, []).append(message)
    titles = {p.code: p.title for p in settings.priorities}
    activities = {a.code: a.title for a in settings.activity_types}
    return _page(
        "bid.html",
        status=422 if by_field else 200,
        title=title,
        fund_round=fund_round,
        closes=clock.as_utc(fund_round.closes_at).astimezone(LONDON),
        organisation=organisation,
        org_kinds=ORG_KINDS,
        bid={**_blank_bid(), **bid},
        dates=_dates(bid),
        values=values or {},
        errors=by_field,
        saved=saved,
        action=action,
        priorities=[(code, titles.get(code, code)) for code in fund_round.priorities],
        activity_types=[(code, activities.get(code, code)) for code in fund_round.activity_types],
        areas=[(area.code, area.name) for area in partnership.areas],
        output_measures=list(OUTPUT_LABELS.items()),
        age_bands=[band.value for band in AgeBand if band is not AgeBand.UNKNOWN],
        questions=questions_of(fund_round),
        budget_rows=forms.BUDGET_ROWS,
        output_rows=forms.OUTPUT_ROWS,
        outcome_rows=forms.OUTCOME_ROWS,
    )


def _problem_errors(problem: Problem) -> list[tuple[str, str]]:
    errors = problem.extensions.get("errors")
    if errors:
        return forms.pointer_errors(errors)
    return [("title", problem.detail or problem.title)]


@router.get("/rounds/{round_id}/bid", response_class=HTMLResponse)
async def new_bid(
    work: UnitOfWork,
    caller: Applicant,
    settings: Settings,
    partnership: Partnership,
    round_id: uuid.UUID,
) -> HTMLResponse:
    fund_round = await find_round(work.session, round_id=round_id)
    if fund_round is None:
        raise not_found(ROUND)
    return _form_page(
        settings=settings,
        partnership=partnership,
        fund_round=fund_round,
        organisation=await own_organisation(work.session, caller=caller),
        bid={},
        action=f"/apply/rounds/{round_id}/bid",
        title="Start a bid",
    )


@router.post("/rounds/{round_id}/bid", response_class=HTMLResponse)
async def create_bid(
    request: Request,
    work: UnitOfWork,
    caller: Applicant,
    settings: Settings,
    partnership: Partnership,
    round_id: uuid.UUID,
) -> Response:
    fund_round = await find_round(work.session, round_id=round_id)
    if fund_round is None:
        raise not_found(ROUND)
    form = await request.form()
    organisation = await own_organisation(work.session, caller=caller)
    body, errors = forms.read_bid(form)
    values = forms.read_organisation(form)
    org_body = None
    if organisation is None:
        org_body, org_errors = forms.check_organisation(values)
        errors = org_errors + errors
    bid_body, bid_errors = forms.check_bid(body)
    errors += bid_errors
    page = functools.partial(
        _form_page,
        settings=settings,
        partnership=partnership,
        fund_round=fund_round,
        bid=body,
        action=f"/apply/rounds/{round_id}/bid",
        title="Start a bid",
    )
    if errors or bid_body is None:
        return page(organisation=organisation, errors=errors, values=values)
    try:
        if org_body is not None:
            organisation = await organisation_flows.register(work, caller=caller, body=org_body)
            await work.flush()
        draft = await bid_flows.create_draft(
            work,
            caller=caller,
            partnership=partnership,
            round_id=round_id,
            body=bid_body,
            at=clock.now(),
        )
    except Problem as problem:
        await work.rollback()
        return page(organisation=None, errors=_problem_errors(problem), values=values)
    saved = functools.partial(page, organisation=organisation, action=f"/apply/bids/{draft.id}")
    return await _after_save(
        work, caller=caller, bid_id=draft.id, action=form.get("action"), page=saved
    )


async def _after_save(
    work: Any, *, caller: Any, bid_id: uuid.UUID, action: Any, page: Any
) -> Response:
    """After a draft is saved: submitted if asked (then the confirmation), or the form
    again. A submission refused keeps the saved draft and shows what it lacks."""
    if action == "submit":
        await work.flush()  # the submission reads the lines just saved
        try:
            await bid_flows.submit(work, caller=caller, bid_id=bid_id, at=clock.now())
        except Problem as problem:
            return page(errors=_problem_errors(problem), saved=True)
        return RedirectResponse(f"/apply/bids/{bid_id}/submitted", status_code=303)
    return RedirectResponse(f"/apply/bids/{bid_id}?saved=1", status_code=303)


async def _own_bid(work: Any, caller: Any, bid_id: uuid.UUID) -> tuple[Any, Any, dict[str, Any]]:
    bid = await find_bid(work.session, bid_id=bid_id, caller=caller, to_write=True)
    if bid is None:
        raise not_found(BID)
    fund_round = await find_round(work.session, round_id=bid.round_id)
    lines = (await lines_of(work.session, bid_ids=[bid_id]))[bid_id]
    out = bid_out(bid, lines, questions_of(fund_round))
    return fund_round, out, out.model_dump(mode="json")


@router.get("/bids/{bid_id}", response_class=HTMLResponse)
async def edit_bid(
    work: UnitOfWork,
    caller: Applicant,
    settings: Settings,
    partnership: Partnership,
    bid_id: uuid.UUID,
    saved: bool = False,
) -> Response:
    fund_round, out, bid = await _own_bid(work, caller, bid_id)
    if out.status != "draft":
        return RedirectResponse(f"/apply/bids/{bid_id}/submitted", status_code=303)
    return _form_page(
        settings=settings,
        partnership=partnership,
        fund_round=fund_round,
        organisation=await own_organisation(work.session, caller=caller),
        bid=bid,
        action=f"/apply/bids/{bid_id}",
        saved=saved,
    )


@router.post("/bids/{bid_id}", response_class=HTMLResponse)
async def save_bid(
    request: Request,
    work: UnitOfWork,
    caller: Applicant,
    settings: Settings,
    partnership: Partnership,
    bid_id: uuid.UUID,
) -> Response:
    fund_round, _, _ = await _own_bid(work, caller, bid_id)
    form = await request.form()
    body, errors = forms.read_bid(form)
    bid_body, bid_errors = forms.check_bid(body)
    errors += bid_errors
    page = functools.partial(
        _form_page,
        settings=settings,
        partnership=partnership,
        fund_round=fund_round,
        organisation=await own_organisation(work.session, caller=caller),
        bid=body,
        action=f"/apply/bids/{bid_id}",
    )
    if errors or bid_body is None:
        return page(errors=errors)
    try:
        await bid_flows.save_draft(
            work,
            caller=caller,
            partnership=partnership,
            bid_id=bid_id,
            body=bid_body,
            at=clock.now(),
        )
    except Problem as problem:
        await work.rollback()
        return page(errors=_problem_errors(problem))
    return await _after_save(
        work, caller=caller, bid_id=bid_id, action=form.get("action"), page=page
    )


@router.get("/bids/{bid_id}/submitted", response_class=HTMLResponse)
async def submitted(work: UnitOfWork, caller: Applicant, bid_id: uuid.UUID) -> HTMLResponse:
    _, out, _ = await _own_bid(work, caller, bid_id)
    return _page("submitted.html", title="Bid submitted", bid=out)
