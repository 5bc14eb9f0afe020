"""Research returned by expected agencies for the cases listed at a meeting."""

from collections import defaultdict

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.upsert import upsert
from marac.case.models import case_table
from marac.research.models import research_table
from marac.research.schemas import ResearchOut, ResearchStatus, ResearchStatusOut


def research_out(row: Row) -> ResearchOut:
    m = row._mapping
    return ResearchOut(
        case_id=m["case_id"],
        meeting_id=m["meeting_id"],
        agency=m["agency"],
        has_information=m["has_information"],
        summary=m["summary"],
        returned_at=m["returned_at"],
    )


async def return_research(
    session: AsyncSession,
    *,
    case_id: str,
    meeting_id: str,
    agency: str,
    has_information: bool,
    summary: str | None,
) -> None:
    values = {"has_information": has_information, "summary": summary, "returned_at": clock.now()}
    statement = upsert(
        session, research_table, key=["case_id", "meeting_id", "agency"], values=values
    )
    await session.execute(
        statement.values(case_id=case_id, meeting_id=meeting_id, agency=agency, **values)
    )


async def research_for(session: AsyncSession, *, meeting_id: str) -> dict[str, list[ResearchOut]]:
    rows = await session.execute(
        select(research_table)
        .where(research_table.c.meeting_id == meeting_id)
        .order_by(research_table.c.agency)
    )
    by_case: dict[str, list[ResearchOut]] = defaultdict(list)
    for row in rows:
        by_case[row.case_id].append(research_out(row))
    return by_case


def research_status(
    *,
    meeting_id: str,
    case_ids: list[str],
    expected: list[str],
    returned: dict[str, list[ResearchOut]],
) -> ResearchStatusOut:
    cases = []
    missing_any: set[str] = set()
    for case_id in case_ids:
        done = sorted({r.agency for r in returned.get(case_id, [])})
        missing = [a for a in expected if a not in done]
        missing_any.update(missing)
        cases.append(ResearchStatus(case_id=case_id, returned=done, missing=missing))
    return ResearchStatusOut(
        meeting_id=meeting_id,
        expected_agencies=expected,
        cases=cases,
        agencies_missing_any=[a for a in expected if a in missing_any],
    )


async def listed_case(session: AsyncSession, *, case_id: str, meeting_id: str) -> str | None:
    """The case's id if it is on the meeting's case list."""
    return await session.scalar(
        select(case_table.c.id).where(
            case_table.c.id == case_id, case_table.c.meeting_id == meeting_id
        )
    )


async def case_ids_at(session: AsyncSession, *, meeting_id: str) -> list[str]:
    return list(
        (
            await session.execute(
                select(case_table.c.id)
                .where(case_table.c.meeting_id == meeting_id)
                .order_by(case_table.c.id)
            )
        ).scalars()
    )
