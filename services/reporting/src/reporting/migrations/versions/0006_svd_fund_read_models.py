"""Read models of the Prevention and Early Identification Fund and the serious violence
measures (csp.svd-fund), in both slots

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def _code(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(length=64), nullable=nullable)


def _day(name: str) -> sa.Column:
    return sa.Column(name, sa.Date(), nullable=False)


def _id(name: str) -> sa.Column:
    return sa.Column(name, sa.Uuid(), nullable=False)


def _int(name: str, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.Integer(), nullable=nullable)


def _float(name: str, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.Float(), nullable=nullable)


def _moment(name: str) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=False)


def _tags(owner: str) -> list[sa.Column]:
    return [_id(owner), _code("kind"), _code("code")]


# name: (columns, primary key, comment), as of this revision
TABLES = {
    "rm_svd_round": (
        lambda: [_id("round_id"), _int("budget_pence"), _moment("opens_at"), _code("year")],
        ["round_id"],
        "A fund round opened; `year` is the financial year of its opening day",
    ),
    "rm_svd_round_priority": (
        lambda: [_id("round_id"), _code("priority")],
        ["round_id", "priority"],
        "A priority of the response strategy a round funds",
    ),
    "rm_svd_bid": (
        lambda: [
            _id("bid_id"),
            _id("round_id"),
            _code("outcome"),
            _int("amount_pence"),
            _moment("submitted_at"),
        ],
        ["bid_id"],
        "A bid submitted, eligible (`submitted`) or `ineligible`",
    ),
    "rm_svd_bid_tag": (
        lambda: _tags("bid_id"),
        ["bid_id", "kind", "code"],
        "A priority, activity type or area a submitted bid names",
    ),
    "rm_svd_award": (
        lambda: [
            _id("grant_id"),
            _code("giving_id"),
            _id("bid_id"),
            _id("round_id"),
            _int("amount_pence"),
            _day("awarded_on"),
        ],
        ["grant_id"],
        "A grant awarded; `giving_id` is its id in the round's 360Giving export",
    ),
    "rm_svd_award_tag": (
        lambda: _tags("grant_id"),
        ["grant_id", "kind", "code"],
        "A priority, activity type or area an awarded project delivers",
    ),
    "rm_svd_payment": (
        lambda: [
            _id("grant_id"),
            _int("tranche"),
            _id("round_id"),
            _int("amount_pence"),
            _day("paid_on"),
        ],
        ["grant_id", "tranche"],
        "A tranche of a grant paid",
    ),
    "rm_svd_return": (
        lambda: [
            _id("return_id"),
            _id("grant_id"),
            _id("round_id"),
            _code("kind"),
            _day("due_on"),
            _day("submitted_on"),
            sa.Column("late", sa.Boolean(), nullable=False),
        ],
        ["return_id"],
        "A monitoring return submitted (its latest submission)",
    ),
    "rm_svd_return_approval": (
        lambda: [_id("return_id"), _day("approved_on")],
        ["return_id"],
        "A monitoring return approved",
    ),
    "rm_svd_return_output": (
        lambda: [_id("return_id"), _code("measure"), _code("age_band"), _int("count")],
        ["return_id", "measure", "age_band"],
        "An output a return reports ('unknown' age band where none is given)",
    ),
    "rm_svd_return_outcome": (
        lambda: [_id("return_id"), _code("priority")],
        ["return_id", "priority"],
        "A priority a return reports outcomes on",
    ),
    "rm_svd_measures": (
        lambda: [_code("year"), _code("weights_edition", nullable=True), _day("published_on")],
        ["year"],
        "A financial year's serious violence measures published (the latest)",
    ),
    "rm_svd_area_measures": (
        lambda: [
            _code("year"),
            _code("area"),
            _int("population", nullable=True),
            _int("violence_with_injury"),
            _float("violence_with_injury_per_1000"),
            _int("knife_involved"),
            _float("knife_share_percent"),
            _float("crime_severity_score"),
        ],
        ["year", "area"],
        "A year's measures of an area or the partnership, as published",
    ),
    "rm_svd_comparator": (
        lambda: [_code("year"), _code("measure"), _code("geography"), _float("value", False)],
        ["year", "measure", "geography"],
        "A national comparator published with a year's measures",
    ),
}


def upgrade() -> None:
    for name, (columns, key, comment) in TABLES.items():
        for slot in ("a", "b"):
            op.create_table(
                f"{name}_{slot}",
                *columns(),
                sa.Column("event_time", sa.DateTime(timezone=True), nullable=False),
                sa.PrimaryKeyConstraint(*key),
                comment=comment,
            )


def downgrade() -> None:
    for name in reversed(TABLES):
        for slot in ("b", "a"):
            op.drop_table(f"{name}_{slot}")
