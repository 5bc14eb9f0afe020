"""marac: MARAC meetings for high-risk victims and MATAC for serial perpetrators."""

from fastapi import FastAPI

from csp_common.app import ServiceDefinition
from csp_common.app import create_app as create_service_app
from csp_common.contracts.access import MaracAccessAlert
from csp_common.registry import ServiceEntry
from marac import events
from marac.action.views import router as action_router
from marac.attendance.views import router as attendance_router
from marac.case.views import router as case_router
from marac.chronology.views import router as chronology_router
from marac.conference.views import router as meeting_router
from marac.config.views import router as config_router
from marac.handover.views import router as handover_router
from marac.imports.flows import IMPORTS
from marac.links import LINKS
from marac.matac.views import router as matac_router
from marac.migrations import MIGRATIONS
from marac.research.views import router as research_router
from marac.settings import MaracSettings

DESCRIPTION = """
MARAC (multi-agency risk assessment conferences, for high-risk victims of domestic
abuse) and MATAC (for serial and high-harm perpetrators).

Cases arrive from referral-hub's `marac_referral_made` events, or directly from an agency
with `marac:refer`; each is listed at its area's next meeting with room. Scopes:
`marac:refer`, `marac:research`, `marac:coordinate`, `marac:import`, `admin`, and
`dhr:chronology` (a person's history for a Domestic Homicide Review). Send `X-Purpose`
to say why you read a record: it goes into the audit trail.
"""

TAGS = [
    {"name": "cases", "description": "MARAC cases: the contract other services read"},
    {"name": "meetings", "description": "Schedule, case lists, packs and records"},
    {"name": "research", "description": "Agencies' research before a meeting"},
    {"name": "actions", "description": "Actions agreed at meetings, completion and carry-over"},
    {"name": "attendance", "description": "Attendance rates and escalations"},
    {"name": "matac", "description": "MATAC: RFGV ranking, nominations, interventions"},
    {"name": "imports", "description": "History from CSV, NDJSON or XLSX, as jobs to poll"},
    {"name": "configuration", "description": "Areas, cadence, caps and rules"},
    {"name": "chronology", "description": "A person's history, for Domestic Homicide Reviews"},
]


def definition(settings: MaracSettings) -> ServiceDefinition:
    return ServiceDefinition(
        settings=settings,
        title="marac",
        description=DESCRIPTION,
        routers=[
            case_router,
            handover_router,
            meeting_router,
            research_router,
            action_router,
            attendance_router,
            matac_router,
            IMPORTS.router(),
            config_router,
            chronology_router,
        ],
        migrations=MIGRATIONS,
        access_alert=MaracAccessAlert,
        consumers=events.consumers(settings),
        workers=[IMPORTS.worker],
        body_limit_overrides={"/v1/imports": settings.max_import_bytes},
        openapi_tags=TAGS,
        openapi_links=LINKS,
    )


def create_app(settings: MaracSettings | None = None) -> FastAPI:
    return create_service_app(definition(settings or MaracSettings()))


entry = ServiceEntry(
    name="marac",
    port=8002,
    app_factory="marac.app:create_app",
    env_prefix="MARAC_",
)
