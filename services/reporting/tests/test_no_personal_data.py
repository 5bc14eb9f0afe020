"""No table of reporting holds a name, a date of birth, a postcode or free text: the
schema has no column for one, and no stored value looks like one."""

import re
import uuid
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import Date, DateTime, String, inspect, text
from sqlalchemy.ext.asyncio import AsyncEngine

from csp_common.contracts.svd_fund import TITLE_PATTERN, RoundOpened, RoundTitles
from csp_common.events.payload import CODE_PATTERN, PERSONAL_DATA_WORDS

# Platform tables every service has; reporting writes none of them but processed_event.
PLATFORM_TABLES = {"outbox", "audit_log", "alembic_version", "processed_event"}
# Words the CSP team writes about the partnership (the committee report's narrative, its
# frozen editions, priorities' status notes): free text by design, not records of people;
# each draft is checked as it is written (reporting.editions.rules) and warns its author.
WRITTEN_TABLES = {"committee_narrative", "committee_edition", "governance_status"}
# The titles the partnership gives the fund's priorities and activity types (settings of
# svd-fund, carried by round openings): one line of its strategy's words, not a person's.
CONFIGURED_TITLES = {"rm_svd_round_title_a": "title", "rm_svd_round_title_b": "title"}
TITLE = re.compile(TITLE_PATTERN)
# Date columns: the days things happened, never a person's (a quarter_start is the first
# day of the period a provider's counts are for).
EVENT_DAYS = re.compile(
    r"^(\w+_on|\w+_date|\w+_at|event_time|expires_at|swapped_at|quarter_start)$"
)
POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}\b", re.IGNORECASE)
CODE = re.compile(CODE_PATTERN)
# An event's source, as processed_event keeps it (a rebuild's shortfall names one).
EVENT_SOURCE = re.compile(r"^/csp/[a-z][a-z0-9-]{0,58}$")
NAME_LIKE = re.compile(r"^[A-Z][a-z]+ [A-Z][a-z]+")


def _words(column: str) -> set[str]:
    return set(re.split(r"[_\W]+", column.lower()))


async def _columns(engine: AsyncEngine) -> dict[str, list[dict]]:
    async with engine.connect() as conn:

        def read(sync_conn):  # type: ignore[no-untyped-def]
            inspector = inspect(sync_conn)
            return {t: inspector.get_columns(t) for t in inspector.get_table_names()}

        return await conn.run_sync(read)


async def test_no_column_could_hold_personal_data(reporting_app) -> None:  # type: ignore[no-untyped-def]
    tables = await _columns(reporting_app.state.engine)
    own = {t: cols for t, cols in tables.items() if t not in PLATFORM_TABLES | WRITTEN_TABLES}
    assert len(own) >= 20
    for table, columns in own.items():
        for column in columns:
            name = column["name"]
            assert not (_words(name) & PERSONAL_DATA_WORDS), f"{table}.{name}"
            assert "birth" not in name and "dob" not in name, f"{table}.{name}"
            kind = column["type"]
            if isinstance(kind, String):
                assert kind.length is not None and kind.length <= 64, (
                    f"{table}.{name} could hold free text ({kind})"
                )
            if isinstance(kind, Date | DateTime):
                assert EVENT_DAYS.match(name), f"{table}.{name}: a date that is not an event's"
            assert type(kind).__name__ not in ("TEXT", "Text", "JSON", "JSONB", "BLOB", "BYTEA"), (
                f"{table}.{name} is {kind}"
            )


async def test_no_stored_value_looks_like_personal_data(
    reporting_app, reporting_seeded, reporting_feeder
) -> None:  # type: ignore[no-untyped-def]
    opens = datetime(2023, 4, 3, 8, tzinfo=UTC)
    await reporting_feeder.feed(
        [
            RoundOpened(
                round_id=uuid.uuid4(),
                budget_pence=7_500_000,
                grant_cap_pence=4_000_000,
                opens_at=opens,
                closes_at=opens + timedelta(days=58),
                priorities=["vawg"],
                titles=RoundTitles(
                    priorities={"vawg": "Violence against women and girls"},
                    activity_types={"training": "Training"},
                ),
            )
        ]
    )
    engine = reporting_app.state.engine
    tables = await _columns(engine)
    checked = titles = 0
    async with engine.connect() as conn:
        for table, columns in tables.items():
            if table in PLATFORM_TABLES | WRITTEN_TABLES:
                continue
            strings = [c["name"] for c in columns if isinstance(c["type"], String)]
            days = [c["name"] for c in columns if isinstance(c["type"], Date)]
            if not strings and not days:
                continue
            quoted = ", ".join(f'"{c}"' for c in strings + days)
            rows = (await conn.execute(text(f'SELECT {quoted} FROM "{table}"'))).all()
            for row in rows:
                values = dict(zip(strings + days, row, strict=True))
                for column in strings:
                    value = values[column]
                    if value is None:
                        continue
                    checked += 1
                    if CONFIGURED_TITLES.get(table) == column:
                        titles += 1
                        assert TITLE.match(value), f"{table}.{column}={value!r}"
                        assert not POSTCODE.search(value), f"{table}.{column}={value!r}"
                        assert not NAME_LIKE.match(value), f"{table}.{column}={value!r}"
                        continue
                    assert CODE.match(value) or EVENT_SOURCE.match(value), (
                        f"{table}.{column}={value!r} is not a code"
                    )
                    assert not POSTCODE.search(value), f"{table}.{column}={value!r}"
                    assert not NAME_LIKE.match(value), f"{table}.{column}={value!r}"
                    assert " " not in value, f"{table}.{column}={value!r} looks like prose"
                for column in days:
                    value = values[column]
                    # event days: not the birthdays of adults (nothing before 2000)
                    assert value is None or value >= date(2000, 1, 1), f"{table}.{column}={value}"
    assert checked > 1000
    assert titles >= 2
