"""The reporting service: read models from events, figures, dashboard, reports."""

from fastapi import FastAPI

from csp_common.app import ServiceDefinition
from csp_common.app import create_app as create_service_app
from csp_common.registry import ServiceEntry
from reporting.attendance.views import router as attendance_router
from reporting.committee.edition_views import router as editions_router
from reporting.committee.views import router as committee_router
from reporting.dashboard.governance_page import pages as governance_pages_router
from reporting.dashboard.views import links as dashboard_links_router
from reporting.dashboard.views import pages as dashboard_pages_router
from reporting.dhr.views import router as dhr_router
from reporting.domestic_abuse.views import router as domestic_abuse_router
from reporting.events import read_model_consumer
from reporting.figures import check_routes
from reporting.governance.views import router as governance_router
from reporting.hate_crime.views import router as hate_crime_router
from reporting.hubs.views import router as hubs_router
from reporting.links import LINKS
from reporting.marac.views import router as marac_router
from reporting.matac.views import router as matac_router
from reporting.migrations import MIGRATIONS
from reporting.providers.views import router as providers_router
from reporting.rebuild.flows import rebuild_worker
from reporting.rebuild.views import router as rebuild_router
from reporting.referrals.views import router as referrals_router
from reporting.safelives.views import router as safelives_router
from reporting.settings import ReportingSettings
from reporting.svd_fund.views import router as svd_router

DESCRIPTION = """\
Read models built only from events (`csp.referrals`, `csp.marac`, `csp.dhr`,
`csp.svd-fund`, `csp.hubs`), never holding personal data, and the figures made from them: JSON
statistics with period filters and year-on-year comparison, the SafeLives MARAC
quarterly return, a dashboard for browsers, and the committee report as HTML and PDF.

Every figure endpoint needs the scope `reports:read`. Figures are published for whole
calendar months, quarters and financial or calendar years. Counts from 1 to 4 (the
threshold is configurable), and any figure from which such a count could be worked out
with any other published figure, read "suppressed". Rebuilding the read models needs
`admin`.
"""

TAGS = [
    {"name": "referrals", "description": "Domestic abuse referrals"},
    {"name": "marac", "description": "MARAC cases and actions"},
    {"name": "providers", "description": "Commissioned services' performance"},
    {"name": "attendance", "description": "Agency attendance at MARAC and MATAC meetings"},
    {"name": "matac", "description": "MATAC nominations, interventions and scores"},
    {"name": "hate crime", "description": "Hate crimes and non-crime hate incidents"},
    {
        "name": "community safety hubs",
        "description": "Hub cases, interventions and ASB case reviews (community trigger)",
    },
    {"name": "dhr", "description": "Domestic Homicide Reviews and their recommendations"},
    {
        "name": "serious violence",
        "description": "The Prevention and Early Identification Fund; serious violence measures",
    },
    {"name": "safelives", "description": "The SafeLives MARAC quarterly data return"},
    {
        "name": "committee report",
        "description": "The update to the Overview and Scrutiny Committee",
    },
    {
        "name": "governance",
        "description": "The partnership's priorities: owners, measures, status, next steps",
    },
    {"name": "dashboard", "description": "Links that open the dashboard in a browser"},
    {"name": "rebuild", "description": "Rebuilding the read models from the topics (admin)"},
]


def definition(settings: ReportingSettings) -> ServiceDefinition:
    return ServiceDefinition(
        settings=settings,
        title="CSP reporting",
        description=DESCRIPTION,
        routers=[
            referrals_router,
            providers_router,
            domestic_abuse_router,
            marac_router,
            attendance_router,
            matac_router,
            hate_crime_router,
            hubs_router,
            dhr_router,
            svd_router,
            safelives_router,
            committee_router,
            editions_router,
            governance_router,
            governance_pages_router,
            dashboard_links_router,
            dashboard_pages_router,
            rebuild_router,
        ],
        migrations=MIGRATIONS,
        consumers=[read_model_consumer(settings)],
        workers=[rebuild_worker],
        openapi_tags=TAGS,
        openapi_links=LINKS,
    )


def create_app(settings: ReportingSettings | None = None) -> FastAPI:
    app = create_service_app(definition(settings or ReportingSettings()))
    check_routes(app.routes)
    return app


entry = ServiceEntry(
    name="reporting",
    port=8005,
    app_factory="reporting.app:create_app",
    env_prefix="REPORTING_",
    # The local stack serves plain http on 127.0.0.1: a Secure cookie would not come back
    # from every browser there. Deployments keep the default (Secure).
    extra_env={
        "REPORTING_DASHBOARD_COOKIE_SECURE": "false",
        "REPORTING_DASHBOARD_PUBLIC_URL": "${reporting_url}",
    },
)
