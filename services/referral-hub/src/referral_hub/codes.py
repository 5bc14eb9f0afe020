"""Contract codes of referral-hub: risk, routing, feedback and hate crime.

The values are the strings of the public API, the database and the events: never
rename one; add a new member instead. Providers and their services are not enums: they
are the partnership's (its file's `providers`), checked against it. The equality
vocabularies (gender, ethnicity, age band) are the platform's, from
`csp_common.contracts.equality`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, TypeAlias

from pydantic import AfterValidator, GetJsonSchemaHandler, StringConstraints
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema

from csp_common.contracts.equality import AgeBand as AgeBand
from csp_common.contracts.equality import Ethnicity as Ethnicity
from csp_common.contracts.equality import Gender as Gender
from csp_common.contracts.equality import age_band as age_band
from csp_common.contracts.equality import age_in_years as age_in_years
from csp_common.partnership import CODE, MARAC_ROUTE, Partnership, load_partnership


class Relationship(StrEnum):
    """Relationship of the perpetrator to the victim."""

    INTIMATE_PARTNER = "intimate_partner"
    EX_PARTNER = "ex_partner"
    FAMILY_MEMBER = "family_member"
    HOUSEHOLD_MEMBER = "household_member"


class DashAnswer(StrEnum):
    YES = "yes"
    NO = "no"
    NOT_KNOWN = "not_known"


class RiskLevel(StrEnum):
    """Risk bands, lowest first (the order is used to compare levels)."""

    STANDARD = "standard"
    MEDIUM = "medium"
    HIGH = "high"


class MaracCriterion(StrEnum):
    """SafeLives MARAC referral criteria, in the order they are reported."""

    VISIBLE_HIGH_RISK = "visible_high_risk"
    PROFESSIONAL_JUDGEMENT = "professional_judgement"
    POTENTIAL_ESCALATION = "potential_escalation"
    REPEAT = "repeat"


class ConsentStatus(StrEnum):
    """Where the victim's consent stands. A referral arrives given, refused or not sought;
    withdrawn and overridden (shared without consent on another basis, authorised, with a
    reason) are only reached by recording a change (`consent/rules.py`)."""

    GIVEN = "given"
    REFUSED = "refused"
    NOT_SOUGHT = "not_sought"
    WITHDRAWN = "withdrawn"
    OVERRIDDEN = "overridden"


class LawfulBasis(StrEnum):
    """UK GDPR Article 6 basis for sharing the referral."""

    CONSENT = "consent"
    VITAL_INTERESTS = "vital_interests"
    PUBLIC_TASK = "public_task"
    LEGAL_OBLIGATION = "legal_obligation"
    LEGITIMATE_INTERESTS = "legitimate_interests"


class ReferralStatus(StrEnum):
    RECEIVED = "received"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


def _configured_service(code: str) -> str:
    known = load_partnership().service_codes
    if code not in known:
        raise ValueError(f"not a service of the partnership's providers; known: {', '.join(known)}")
    return code


def _configured_provider(code: str) -> str:
    known = load_partnership().provider_codes
    if code not in known:
        raise ValueError(f"not a provider of the partnership; known: {', '.join(known)}")
    return code


@dataclass(frozen=True)
class Configured:
    """The JSON schema lists the codes of the partnership the service runs for, and says
    where they come from (they are not an enum of the code)."""

    codes: Callable[[Partnership], list[str]]
    description: str

    def __get_pydantic_json_schema__(
        self, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        schema = handler(core_schema)
        schema.update(enum=self.codes(load_partnership()), description=self.description)
        return schema


ServiceCode: TypeAlias = Annotated[
    str,
    StringConstraints(pattern=CODE, max_length=64),
    AfterValidator(_configured_service),
    Configured(
        lambda p: p.service_codes,
        "A commissioned service: a code of the partnership file's `providers[].services[]` "
        "(the values allowed are the partnership's)",
    ),
]
"""A commissioned service that a referral can be routed to, checked against the
partnership's configuration (not an enum: another partnership has other services)."""

ProviderCode: TypeAlias = Annotated[
    str,
    StringConstraints(pattern=CODE, max_length=64),
    AfterValidator(_configured_provider),
    Configured(
        lambda p: p.provider_codes,
        "A commissioned provider: an agency of the partnership file's `providers`",
    ),
]
MARAC = MARAC_ROUTE
"""The provider of a route to MARAC (beside the partnership's providers)."""


class RouteStatus(StrEnum):
    """State of one route (referral sent to a provider); see `feedback.TRANSITIONS`."""

    SENT = "sent"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    CONTACTED = "contacted"
    ENGAGED = "engaged"
    CLOSED = "closed"


class FeedbackStatus(StrEnum):
    """Statuses a provider may report: every `RouteStatus` except the initial `sent`."""

    ACCEPTED = "accepted"
    DECLINED = "declined"
    CONTACTED = "contacted"
    ENGAGED = "engaged"
    CLOSED = "closed"


class ClosureOutcome(StrEnum):
    """Why a provider closed a route (one or more per closure)."""

    RISK_REDUCED = "risk_reduced"
    SAFETY_PLAN_IN_PLACE = "safety_plan_in_place"
    ENGAGED_COMPLETED = "engaged_completed"
    DISENGAGED = "disengaged"
    MOVED_AREA = "moved_area"
    UNABLE_TO_CONTACT = "unable_to_contact"
    REFERRED_ELSEWHERE = "referred_elsewhere"
    PROGRAMME_COMPLETED = "programme_completed"
    PROGRAMME_NOT_COMPLETED = "programme_not_completed"


class DeclineReason(StrEnum):
    """Why a provider declined a route: a code reporting can count (the free-text reason
    stays in referral-hub)."""

    OUTSIDE_SERVICE_AREA = "outside_service_area"
    DOES_NOT_MEET_CRITERIA = "does_not_meet_criteria"
    NO_CAPACITY = "no_capacity"
    DECLINED_BY_CLIENT = "declined_by_client"
    ALREADY_SUPPORTED = "already_supported"
    UNABLE_TO_CONTACT = "unable_to_contact"
    OTHER = "other"


class HateStrand(StrEnum):
    """The five monitored hate crime strands (race, religion, sexual orientation,
    disability and transgender identity)."""

    RACE = "race"
    RELIGION = "religion"
    SEXUAL_ORIENTATION = "sexual_orientation"
    DISABILITY = "disability"
    TRANSGENDER = "transgender"


class HateReportKind(StrEnum):
    CRIME = "crime"
    NON_CRIME_INCIDENT = "non_crime_incident"


class ReportingChannel(StrEnum):
    POLICE = "police"
    THIRD_PARTY_REPORTING_CENTRE = "third_party_reporting_centre"
