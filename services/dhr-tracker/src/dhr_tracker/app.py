"""dhr-tracker: Domestic Homicide Reviews (Domestic Abuse Related Death Reviews)."""

from fastapi import FastAPI

from csp_common.app import ServiceDefinition
from csp_common.app import create_app as create_service_app
from csp_common.contracts.access import DhrAccessAlert
from csp_common.registry import ServiceEntry
from dhr_tracker import events
from dhr_tracker.anonymisation.views import router as anonymisation_router
from dhr_tracker.chronology.views import router as chronology_router
from dhr_tracker.clocks.scheduler import deadline_worker
from dhr_tracker.contribution.views import router as contribution_router
from dhr_tracker.erasure.views import router as erasure_router
from dhr_tracker.family.views import router as family_router
from dhr_tracker.home_office.views import router as home_office_router
from dhr_tracker.imports.flows import IMPORTS
from dhr_tracker.learning.views import router as learning_router
from dhr_tracker.links import LINKS
from dhr_tracker.migrations import MIGRATIONS
from dhr_tracker.panel.views import router as panel_router
from dhr_tracker.pause.views import router as pause_router
from dhr_tracker.person.views import router as person_router
from dhr_tracker.problems import install_refusal_handler
from dhr_tracker.recommendation.views import router as recommendation_router
from dhr_tracker.review.views import router as review_router
from dhr_tracker.sealed.views import router as sealed_router
from dhr_tracker.settings import DhrSettings

DESCRIPTION = """
Domestic Homicide Reviews (under the Victims and Prisoners Act 2024, Domestic Abuse
Related Death Reviews): each review's stages and statutory clocks, pauses, panel,
agencies' contributions, the sealed identity and the anonymisation check of drafts.

Scopes: `dhr:manage` (the CSP team: every review of its area), `dhr:read` (a panel
member: the reviews whose panel includes their agency), `dhr:contribute` (an agency
asked for information: its own requests), `records:retention` (the data protection
team and referral-hub: whether an ongoing review still needs a person). Send `X-Purpose`
to say why you read a record; reading the sealed identity requires it.
"""

TAGS = [
    {"name": "reviews", "description": "Notification, stages and their statutory clocks"},
    {"name": "pauses", "description": "A review paused (criminal proceedings, an inquest)"},
    {"name": "panel", "description": "The agencies on a review's panel"},
    {"name": "contributions", "description": "IMRs and chronologies asked of agencies"},
    {"name": "sealed identity", "description": "Names, dates of birth, addresses: encrypted"},
    {"name": "anonymisation", "description": "Drafts checked for sealed identifiers"},
    {"name": "family", "description": "The family's involvement: advocacy, contacts, sharing"},
    {"name": "home office", "description": "Decision answers, QA, recipients, publication"},
    {"name": "recommendations", "description": "Recommendations, action plans, completion"},
    {"name": "learning", "description": "Themes of learning and the training plan"},
    {"name": "chronology", "description": "The platform's own records about the review's people"},
    {"name": "retention", "description": "Whether an ongoing review still needs a person"},
]


def definition(settings: DhrSettings) -> ServiceDefinition:
    return ServiceDefinition(
        settings=settings,
        title="dhr-tracker",
        description=DESCRIPTION,
        routers=[
            review_router,
            pause_router,
            panel_router,
            contribution_router,
            sealed_router,
            anonymisation_router,
            chronology_router,
            person_router,
            family_router,
            home_office_router,
            recommendation_router,
            learning_router,
            erasure_router,
            IMPORTS.router(),
        ],
        migrations=MIGRATIONS,
        access_alert=DhrAccessAlert,
        workers=[deadline_worker(settings), IMPORTS.worker],
        consumers=events.consumers(settings),
        body_limit_overrides={
            "/v1/anonymisation-checks": settings.max_draft_bytes,
            "/v1/imports": IMPORTS.limit_for(settings),
        },
        openapi_tags=TAGS,
        openapi_links=LINKS,
    )


def create_app(settings: DhrSettings | None = None) -> FastAPI:
    app = create_service_app(definition(settings or DhrSettings()))
    install_refusal_handler(app)
    return app


entry = ServiceEntry(
    name="dhr-tracker",
    port=8003,
    app_factory="dhr_tracker.app:create_app",
    env_prefix="DHR_TRACKER_",
    extra_env={
        "DHR_TRACKER_REFERRAL_HUB_URL": "${referral_hub_url}",
        "DHR_TRACKER_MARAC_URL": "${marac_url}",
        "DHR_TRACKER_CHRONOLOGY_TOKEN": "${dhr_chronology_token}",
        "DHR_TRACKER_SEALED_KEYS": '{"local-1": "${sealing_key}"}',
        "DHR_TRACKER_SEALED_ACTIVE_KEY": "local-1",
    },
)
"""The `csp.services` entry point `dhr-tracker`: `csp up`, the auth matrix, fuzzing."""
