"""referral-hub: partner agencies refer once; DASH risk, routing, provider feedback."""

from fastapi import FastAPI

from csp_common.app import ServiceDefinition
from csp_common.app import create_app as create_service_app
from csp_common.contracts.access import ReferralHubAccessAlert
from csp_common.registry import ServiceEntry
from referral_hub import events
from referral_hub.consent.views import router as consent_router
from referral_hub.delivery.dispatcher import run_dispatcher
from referral_hub.delivery.views import router as deliveries_router
from referral_hub.duplicates.views import router as match_reviews_router
from referral_hub.hate.views import router as hate_router
from referral_hub.hubs.cases.views import router as hub_cases_router
from referral_hub.hubs.dashboard.views import router as hubs_router
from referral_hub.hubs.interventions.views import router as hub_interventions_router
from referral_hub.hubs.links import HUB_LINKS
from referral_hub.hubs.plans.views import router as hub_plans_router
from referral_hub.hubs.risk.views import router as hub_risk_router
from referral_hub.hubs.trigger.views import router as case_reviews_router
from referral_hub.imports.flows import IMPORTS
from referral_hub.intake.views import router as intake_router
from referral_hub.links import LINKS
from referral_hub.migrations import MIGRATIONS
from referral_hub.person.views import router as persons_router
from referral_hub.referral.views import router as referrals_router
from referral_hub.retention.scheduler import retention_worker
from referral_hub.retention.views import router as retention_router
from referral_hub.returns.views import router as returns_router
from referral_hub.routes.views import router as routes_router
from referral_hub.settings import ReferralHubSettings
from referral_hub.subject_access.views import router as subject_access_router

DESCRIPTION = """
Partner agencies' systems (and their staff) send a referral **once**; it reaches every
service that needs it.

* **Referrals**: DASH risk scoring with configurable bands, the four SafeLives MARAC
  criteria, repeat detection, routing to IDAS, Foundation's +Choices and MARAC.
* **Consent** that follows the referral: changes (withdrawn, overridden with a reason
  and an authoriser...) kept as a history; a withdrawal where consent was the basis
  stops the webhooks not yet delivered.
* **Providers**: signed webhooks (Standard Webhooks) or a pull inbox, feedback, and
  their services' quarterly performance returns.
* **Hate incident reports** and **bulk imports**.
* **Community safety hubs**: anti-social behaviour and other hub cases, their risk,
  problem-solving plans, the ASB toolkit's interventions and the ASB case review
  ("community trigger").

Authenticate with an OAuth2 client-credentials token (`Authorization: Bearer ...`).
Scopes: `referrals:write`, `referrals:read`, `referrals:import`, `provider:feedback`,
`provider:returns`,
`hate-reports:write`, `hate-reports:read`, `hubs:write`, `hubs:read` (hub staff with an
`area` claim naming their hub, and partners working its cases), `hubs:coordinate` (a hub's
coordinator, with an `area` claim), `persons:review`, `persons:sar` (the data
protection team answering a subject access request, with an `X-Purpose`), `audit:read`
(the audit trail, `GET /v1/audit`), `dhr:chronology` (the CSP
team reading a person's history for a Domestic Homicide Review, with an `X-Purpose`);
`records:retention` (the data protection team: the retention job's dry run and
right-to-erasure requests); `admin` sees every hate
report; `referrals:migrate` (the CSP team) lets an import write records in another
agency's name, audited as such; `marac:coordinate` with an `area` claim reads the
referrals made to MARAC in that MARAC area. Send `X-Purpose` to say why you read a record:
every access to a person's record is audited. Errors are `application/problem+json`.
"""


def definition(settings: ReferralHubSettings) -> ServiceDefinition:
    return ServiceDefinition(
        settings=settings,
        title="CSP referral hub",
        description=DESCRIPTION,
        routers=[
            intake_router,
            referrals_router,
            consent_router,
            routes_router,
            deliveries_router,
            returns_router,
            match_reviews_router,  # before /v1/persons/{person_id}
            persons_router,
            subject_access_router,
            hate_router,
            hub_cases_router,
            hub_risk_router,
            hub_plans_router,
            hub_interventions_router,
            case_reviews_router,
            hubs_router,
            retention_router,
            IMPORTS.router(),
        ],
        workers=[run_dispatcher, IMPORTS.worker, retention_worker(settings)],
        consumers=events.consumers(settings),
        migrations=MIGRATIONS,
        access_alert=ReferralHubAccessAlert,
        body_limit_overrides={"/v1/imports": IMPORTS.limit_for(settings)},
        openapi_tags=[
            {"name": "referrals", "description": "Referrals, risk and routes"},
            {"name": "persons", "description": "The person index: review and DHR history"},
            {"name": "hubs", "description": "Community safety hubs: cases and the ASB case review"},
            {"name": "retention", "description": "Retention periods and right-to-erasure requests"},
        ],
        openapi_links=[*LINKS, *HUB_LINKS],
    )


def create_app(settings: ReferralHubSettings | None = None) -> FastAPI:
    return create_service_app(definition(settings or ReferralHubSettings()))


entry = ServiceEntry(
    name="referral-hub",
    port=8001,
    app_factory="referral_hub.app:create_app",
    env_prefix="REFERRAL_HUB_",
    extra_env={
        # Locally, deliver to the provider simulators (csp_devtools.simulators), with the
        # secrets they derive from the local signing key (docs/providers.md).
        "REFERRAL_HUB_WEBHOOK_URLS": '{"idas": "${idas_simulator_url}/webhooks/referrals", '
        '"foundation": "${foundation_simulator_url}/webhooks/referrals"}',
        "REFERRAL_HUB_WEBHOOK_SECRETS": '{"idas": "local-derived:${private_key_file}", '
        '"foundation": "local-derived:${private_key_file}"}',
        # A subject access request asks marac and dhr-tracker with referral-hub's own token.
        "REFERRAL_HUB_MARAC_URL": "${marac_url}",
        "REFERRAL_HUB_DHR_TRACKER_URL": "${dhr_tracker_url}",
        "REFERRAL_HUB_SUBJECT_ACCESS_TOKEN": "${subject_access_token}",
        # An erasure request asks dhr-tracker whether an ongoing review holds the person.
        "REFERRAL_HUB_RETENTION_TOKEN": "${retention_token}",
    },
)
