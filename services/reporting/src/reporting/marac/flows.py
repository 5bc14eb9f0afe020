"""MARAC case, hearing, transfer and action events to facts."""

from collections.abc import Iterator

from csp_common.contracts.access import MaracAccessAlert
from csp_common.contracts.marac import (
    ActionCompleted,
    ActionCreated,
    CaseClosed,
    CaseHeard,
    CaseListed,
    CaseReferred,
    CaseTransferred,
)
from reporting.marac.models import (
    ActionAgreed,
    ActionDone,
    CaseClosure,
    CaseHearing,
    CaseReferral,
    CaseTransfer,
)
from reporting.projection import Projecting, ignore, projects
from reporting.read_models import Fact

# Listing a case on an agenda is not a figure: hearing it is.
ignore(CaseListed, MaracAccessAlert)


@projects(CaseReferred)
def case_referred(p: CaseReferred, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        CaseReferral,
        {
            "case_id": p.case_id,
            "marac_area": p.marac_area,
            "repeat": p.repeat,
            "source": p.source,
            "referring_agency": p.referring_agency,
            "referrer_kind": p.referrer_kind,
            "referred_on": p.referred_on,
            "event_time": ctx.event_time,
        },
    )


@projects(CaseHeard)
def case_heard(p: CaseHeard, ctx: Projecting) -> Iterator[Fact]:
    settings = ctx.settings
    yield Fact(
        CaseHearing,
        {
            "case_id": p.case_id,
            "meeting_id": p.meeting_id,
            "marac_area": p.marac_area,
            "heard_on": p.heard_on,
            "repeat": p.repeat,
            "referring_agency": p.referring_agency,
            "referrer_kind": p.referrer_kind,
            "children_in_household": p.children_in_household,
            "victim_minoritised": p.victim_ethnicity in settings.minoritised_ethnicities,
            "victim_lgbt": bool(p.victim_lgbt),
            "victim_disabled": bool(p.victim_disability),
            "victim_male": p.victim_gender in settings.male_genders,
            "victim_16_17": p.victim_age_band in settings.victim_16_17_age_bands,
            "perpetrator_under_18": p.perpetrator_age_band
            in settings.perpetrator_under_18_age_bands,
            "event_time": ctx.event_time,
        },
    )


@projects(CaseTransferred)
def case_transferred(p: CaseTransferred, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        CaseTransfer,
        {
            "case_id": p.case_id,
            "transferred_on": p.transferred_on,
            "from_marac_area": p.from_marac_area,
            "to_marac_area": p.to_marac_area,
            "event_time": ctx.event_time,
        },
    )


@projects(CaseClosed)
def case_closed(p: CaseClosed, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        CaseClosure,
        {
            "case_id": p.case_id,
            "marac_area": p.marac_area,
            "closed_on": p.closed_on,
            "event_time": ctx.event_time,
        },
    )


@projects(ActionCreated)
def action_created(p: ActionCreated, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        ActionAgreed,
        {
            "action_id": p.action_id,
            "marac_area": p.marac_area,
            "owner_agency": p.owner_agency,
            "due_on": p.due_on,
            "event_time": ctx.event_time,
        },
    )


@projects(ActionCompleted)
def action_completed(p: ActionCompleted, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        ActionDone,
        {
            "action_id": p.action_id,
            "marac_area": p.marac_area,
            "owner_agency": p.owner_agency,
            "completed_on": p.completed_on,
            "outcome": p.outcome,
            "event_time": ctx.event_time,
        },
    )
