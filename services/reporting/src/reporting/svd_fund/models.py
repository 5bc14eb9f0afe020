"""Read models of the Prevention and Early Identification Fund and the serious violence
measures (`csp.svd-fund`): rounds, bids, awards, payments, monitoring returns scheduled
and submitted and their outputs, in ids, codes, dates and whole pence. No project's
title and no recipient: those are in the round's public 360Giving export, joined on
`giving_id`. The one words kept are the titles the partnership gave its priorities and
activity types, as the round's opening carried them (`RoundTitle`)."""

from sqlalchemy import Column, Float, Integer, String

from reporting.columns import CODE_LENGTH, code, count, day, flag, id_column, moment
from reporting.read_models import ReadModel

Round = ReadModel(
    "rm_svd_round",
    lambda: [
        id_column("round_id", primary_key=True),
        count("budget_pence"),
        moment("opens_at"),
        code("year"),
    ],
    description="A fund round opened; `year` is the financial year of its opening day",
)

RoundPriority = ReadModel(
    "rm_svd_round_priority",
    lambda: [id_column("round_id", primary_key=True), code("priority", primary_key=True)],
    description="A priority of the response strategy a round funds",
)

RoundTitle = ReadModel(
    "rm_svd_round_title",
    lambda: [
        id_column("round_id", primary_key=True),
        code("kind", primary_key=True),
        code("code", primary_key=True),
        Column("title", String(CODE_LENGTH), nullable=False),
    ],
    description="The title of a priority or activity type (`kind`) when a round opened",
)

Bid = ReadModel(
    "rm_svd_bid",
    lambda: [
        id_column("bid_id", primary_key=True),
        id_column("round_id"),
        code("outcome"),
        count("amount_pence"),
        moment("submitted_at"),
    ],
    description="A bid submitted, eligible (`submitted`) or `ineligible`",
)

BidTag = ReadModel(
    "rm_svd_bid_tag",
    lambda: [
        id_column("bid_id", primary_key=True),
        code("kind", primary_key=True),
        code("code", primary_key=True),
    ],
    description="A priority, activity type or area a submitted bid names",
)

Award = ReadModel(
    "rm_svd_award",
    lambda: [
        id_column("grant_id", primary_key=True),
        code("giving_id"),
        id_column("bid_id"),
        id_column("round_id"),
        count("amount_pence"),
        day("awarded_on"),
    ],
    description="A grant awarded; `giving_id` is its id in the round's 360Giving export",
)

AwardTag = ReadModel(
    "rm_svd_award_tag",
    lambda: [
        id_column("grant_id", primary_key=True),
        code("kind", primary_key=True),
        code("code", primary_key=True),
    ],
    description="A priority, activity type or area an awarded project delivers",
)

Payment = ReadModel(
    "rm_svd_payment",
    lambda: [
        id_column("grant_id", primary_key=True),
        Column("tranche", Integer(), primary_key=True, nullable=False),
        id_column("round_id"),
        count("amount_pence"),
        day("paid_on"),
    ],
    description="A tranche of a grant paid",
)

ScheduledReturn = ReadModel(
    "rm_svd_return_scheduled",
    lambda: [
        id_column("return_id", primary_key=True),
        id_column("grant_id"),
        id_column("round_id"),
        code("kind"),
        day("due_on"),
    ],
    description="A monitoring return in a grant's schedule, with the date it is due",
)

Return = ReadModel(
    "rm_svd_return",
    lambda: [
        id_column("return_id", primary_key=True),
        id_column("grant_id"),
        id_column("round_id"),
        code("kind"),
        day("due_on"),
        day("submitted_on"),
        flag("late"),
    ],
    description="A monitoring return submitted (its latest submission)",
)

ReturnApproval = ReadModel(
    "rm_svd_return_approval",
    lambda: [id_column("return_id", primary_key=True), day("approved_on")],
    description="A monitoring return approved",
)

ReturnOutput = ReadModel(
    "rm_svd_return_output",
    lambda: [
        id_column("return_id", primary_key=True),
        code("measure", primary_key=True),
        code("age_band", primary_key=True),
        count("count"),
    ],
    description="An output a return reports ('unknown' age band where none is given)",
)

ReturnOutcome = ReadModel(
    "rm_svd_return_outcome",
    lambda: [id_column("return_id", primary_key=True), code("priority", primary_key=True)],
    description="A priority a return reports outcomes on",
)

Measures = ReadModel(
    "rm_svd_measures",
    lambda: [
        code("year", primary_key=True),
        code("weights_edition", nullable=True),
        day("published_on"),
    ],
    description="A financial year's serious violence measures published (the latest)",
)


def _nullable_number(name: str) -> Column:
    return Column(name, Float(), nullable=True)


def _nullable_count(name: str) -> Column:
    return Column(name, Integer(), nullable=True)


PARTNERSHIP = "partnership"
"""The area code of the measures' row for the whole partnership."""

AreaMeasures = ReadModel(
    "rm_svd_area_measures",
    lambda: [
        code("year", primary_key=True),
        code("area", primary_key=True),
        _nullable_count("population"),
        count("violence_with_injury"),
        _nullable_number("violence_with_injury_per_1000"),
        count("knife_involved"),
        _nullable_number("knife_share_percent"),
        _nullable_number("crime_severity_score"),
        _nullable_count("domestic_abuse_crimes"),
    ],
    description="A year's measures of an area or the partnership, as published",
)

Comparator = ReadModel(
    "rm_svd_comparator",
    lambda: [
        code("year", primary_key=True),
        code("measure", primary_key=True),
        code("geography", primary_key=True),
        Column("value", Float(), nullable=False),
    ],
    description="A national comparator published with a year's measures",
)
