"""svd-fund: the Serious Violence Duty's needs-assessment measures and the Prevention and
Early Identification Fund, from call to evaluation."""

from fastapi import FastAPI

from csp_common.app import ServiceDefinition
from csp_common.app import create_app as create_service_app
from csp_common.registry import ServiceEntry
from svd_fund.access import APPLY, HISTORY
from svd_fund.assessment.views import router as assessment_router
from svd_fund.awards.views import router as award_router
from svd_fund.bids.views import router as bid_router
from svd_fund.giving.views import router as giving_router
from svd_fund.links import LINKS
from svd_fund.measures.imports import IMPORTS
from svd_fund.measures.views import router as measures_router
from svd_fund.migrations import MIGRATIONS
from svd_fund.monitoring.views import router as monitoring_router
from svd_fund.organisations.views import router as organisation_router
from svd_fund.rounds.views import router as round_router
from svd_fund.settings import SvdSettings
from svd_fund.timetable.scheduler import round_worker
from svd_fund.webform.views import router as webform_router

DESCRIPTION = """
The Serious Violence Duty: the strategic needs assessment's measures, and the Prevention
and Early Identification Fund from its call to the projects' evaluation: rounds, bids,
assessment, awards within budget, payments in tranches and monitoring returns.

Scopes: `fund:manage` (the fund's team), `fund:apply` (an applicant organisation: its
own bids only), `fund:assess` (an assessor: the bids assigned to them), `reports:read`
(the measures), `fund:history` (beside another: the fund's past, a write dated by
`X-Occurred-At`). Money is pounds and pence as decimal strings; times are Europe/London.
"""

TAGS = [
    {"name": "rounds", "description": "Fund rounds: budget, dates, what they fund, judging"},
    {"name": "organisations", "description": "Applicant organisations and their org-ids"},
    {"name": "bids", "description": "Drafts, submission before closing, eligibility"},
    {
        "name": "assessment",
        "description": "Conflicts declared first, blind scores, moderation when assessors disagree",
    },
    {"name": "awards", "description": "Decisions within budget, grant agreements, tranches"},
    {"name": "monitoring", "description": "Quarterly returns and the evaluation; overdue ones"},
    {
        "name": "measures",
        "description": "The needs assessment's measures, computed from aggregates",
    },
    {
        "name": "imports",
        "description": "Crime aggregates, population, severity weights, comparators",
    },
]


def definition(settings: SvdSettings) -> ServiceDefinition:
    return ServiceDefinition(
        settings=settings,
        title="svd-fund",
        description=DESCRIPTION,
        routers=[
            round_router,
            organisation_router,
            bid_router,
            assessment_router,
            award_router,
            monitoring_router,
            measures_router,
            giving_router,
            IMPORTS.router(),
            webform_router,
        ],
        workers=[IMPORTS.worker, round_worker(settings)],
        body_limit_overrides={"/v1/imports": settings.max_import_bytes},
        migrations=MIGRATIONS,
        openapi_tags=TAGS,
        openapi_links=LINKS,
        outside_scopes=frozenset({APPLY, HISTORY}),
    )


def create_app(settings: SvdSettings | None = None) -> FastAPI:
    return create_service_app(definition(settings or SvdSettings()))


entry = ServiceEntry(
    name="svd-fund",
    port=8004,
    app_factory="svd_fund.app:create_app",
    env_prefix="SVD_FUND_",
)
"""The `csp.services` entry point `svd-fund`: `csp up`, the auth matrix, fuzzing."""
