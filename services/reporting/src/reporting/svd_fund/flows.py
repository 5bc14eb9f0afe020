"""Prevention and Early Identification Fund and serious violence measures events to
facts."""

from collections.abc import Iterator

from csp_common.contracts.svd_fund import (
    AwardMade,
    BidAssessed,
    BidSubmitted,
    MeasuresPublished,
    PaymentMade,
    ReturnApproved,
    ReturnScheduled,
    ReturnSubmitted,
    RoundClosed,
    RoundOpened,
)
from reporting.periods import financial_year_of, fy_code
from reporting.projection import Projecting, ignore, projects
from reporting.read_models import Fact
from reporting.svd_fund.models import (
    AreaMeasures,
    Award,
    AwardTag,
    Bid,
    BidTag,
    Comparator,
    Measures,
    Payment,
    Return,
    ReturnApproval,
    ReturnOutcome,
    ReturnOutput,
    Round,
    RoundPriority,
    RoundTitle,
    ScheduledReturn,
)

# A round's bids are counted from their submissions; scores are the assessors' work,
# not a figure of the fund.
ignore(RoundClosed, BidAssessed)


def _tags(model, key: str, owner: object, ctx: Projecting, **kinds: list[str]) -> Iterator[Fact]:  # type: ignore[no-untyped-def]
    for kind, codes in kinds.items():
        for code in set(codes):
            yield Fact(
                model, {key: owner, "kind": kind, "code": code, "event_time": ctx.event_time}
            )


@projects(RoundOpened)
def round_opened(p: RoundOpened, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        Round,
        {
            "round_id": p.round_id,
            "budget_pence": p.budget_pence,
            "opens_at": p.opens_at,
            "year": fy_code(financial_year_of(ctx.local(p.opens_at).date())),
            "event_time": ctx.event_time,
        },
    )
    for priority in set(p.priorities):
        yield Fact(
            RoundPriority,
            {"round_id": p.round_id, "priority": priority, "event_time": ctx.event_time},
        )
    for kind, titles in (
        ("priority", p.titles.priorities),
        ("activity_type", p.titles.activity_types),
    ):
        for code, title in titles.items():
            yield Fact(
                RoundTitle,
                {
                    "round_id": p.round_id,
                    "kind": kind,
                    "code": code,
                    "title": title,
                    "event_time": ctx.event_time,
                },
            )


@projects(BidSubmitted)
def bid_submitted(p: BidSubmitted, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        Bid,
        {
            "bid_id": p.bid_id,
            "round_id": p.round_id,
            "outcome": p.outcome,
            "amount_pence": p.amount_pence,
            "submitted_at": p.submitted_at,
            "event_time": ctx.event_time,
        },
    )
    yield from _tags(
        BidTag,
        "bid_id",
        p.bid_id,
        ctx,
        priority=p.priorities,
        activity_type=p.activity_types,
        area=p.areas,
    )


@projects(AwardMade)
def award_made(p: AwardMade, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        Award,
        {
            "grant_id": p.grant_id,
            "giving_id": p.giving_id,
            "bid_id": p.bid_id,
            "round_id": p.round_id,
            "amount_pence": p.amount_pence,
            "awarded_on": p.awarded_on,
            "event_time": ctx.event_time,
        },
    )
    yield from _tags(
        AwardTag,
        "grant_id",
        p.grant_id,
        ctx,
        priority=p.priorities,
        activity_type=p.activity_types,
        area=p.areas,
    )


@projects(PaymentMade)
def payment_made(p: PaymentMade, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        Payment,
        {
            "grant_id": p.grant_id,
            "tranche": p.tranche,
            "round_id": p.round_id,
            "amount_pence": p.amount_pence,
            "paid_on": p.paid_on,
            "event_time": ctx.event_time,
        },
    )


@projects(ReturnScheduled)
def return_scheduled(p: ReturnScheduled, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        ScheduledReturn,
        {
            "return_id": p.return_id,
            "grant_id": p.grant_id,
            "round_id": p.round_id,
            "kind": p.kind,
            "due_on": p.due_on,
            "event_time": ctx.event_time,
        },
    )


@projects(ReturnSubmitted)
def return_submitted(p: ReturnSubmitted, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        Return,
        {
            "return_id": p.return_id,
            "grant_id": p.grant_id,
            "round_id": p.round_id,
            "kind": p.kind,
            "due_on": p.due_on,
            "submitted_on": p.submitted_on,
            "late": p.late,
            "event_time": ctx.event_time,
        },
    )
    for output in p.outputs:
        yield Fact(
            ReturnOutput,
            {
                "return_id": p.return_id,
                "measure": output.measure,
                "age_band": output.age_band or "unknown",
                "count": output.count,
                "event_time": ctx.event_time,
            },
        )
    for priority in set(p.outcome_priorities):
        yield Fact(
            ReturnOutcome,
            {"return_id": p.return_id, "priority": priority, "event_time": ctx.event_time},
        )


@projects(ReturnApproved)
def return_approved(p: ReturnApproved, ctx: Projecting) -> Iterator[Fact]:
    yield Fact(
        ReturnApproval,
        {"return_id": p.return_id, "approved_on": p.approved_on, "event_time": ctx.event_time},
    )


@projects(MeasuresPublished)
def measures_published(p: MeasuresPublished, ctx: Projecting) -> Iterator[Fact]:
    """Rows of an earlier publication of the year that this one lacks stay behind with
    their older event time: the figures read only this publication's."""
    yield Fact(
        Measures,
        {
            "year": p.year,
            "weights_edition": p.weights_edition,
            "published_on": p.published_on,
            "event_time": ctx.event_time,
        },
    )
    for area in [p.partnership, *p.areas]:
        yield Fact(
            AreaMeasures, {"year": p.year, **area.model_dump(), "event_time": ctx.event_time}
        )
    for comparator in p.comparators:
        yield Fact(
            Comparator, {"year": p.year, **comparator.model_dump(), "event_time": ctx.event_time}
        )
