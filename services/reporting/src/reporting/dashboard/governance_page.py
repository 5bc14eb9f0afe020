"""The dashboard's governance page: the partnership's priorities, their owners, measures,
status and next steps (the view of reporting.governance)."""

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from reporting.dashboard.views import Page
from reporting.dependencies import DbSession
from reporting.governance import service
from reporting.governance.rules import STATUS_NAMES
from reporting.rendering import render
from reporting.security import secure_headers

pages = APIRouter(prefix="/dashboard", include_in_schema=False)


@pages.get("/governance", response_class=HTMLResponse)
async def governance_page(page: Page, session: DbSession) -> HTMLResponse:
    if (denied := page.denied()) is not None:
        return denied  # type: ignore[return-value]
    assert page.period is not None
    priorities = await service.governance(
        session=session, partnership=page.partnership, period_code=page.period.code
    )
    html = render(
        "dashboard/governance.html",
        priorities=priorities,
        status_names=STATUS_NAMES,
        **page.context("Governance"),
    )
    return HTMLResponse(html, headers=secure_headers())
