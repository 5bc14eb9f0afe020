"""Importing hate reports: the API's recording flow, for a chunk of rows at once."""

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from csp_common import clock
from csp_common.partnership import Partnership
from referral_hub.hate.flows import NewHateReport, record_hate_reports, refusal
from referral_hub.imports.bulk import bulk
from referral_hub.imports.rows import IMPORTED, SKIPPED, Importer, Outcome, ValidRow, failed
from referral_hub.imports.schemas import HateReportImportRow
from referral_hub.imports.service import audit_import
from referral_hub.settings import ReferralHubSettings


async def import_hate_reports(
    session: AsyncSession,
    *,
    rows: Sequence[ValidRow[HateReportImportRow]],
    importer: Importer,
    settings: ReferralHubSettings,
    partnership: Partnership,
) -> list[Outcome]:
    """Store the chunk's new reports; one outcome a row, in order. Never commits."""
    session = bulk(session)
    outcomes: list[Outcome | None] = [None] * len(rows)
    reports: list[NewHateReport] = []
    positions: list[int] = []
    for i, row in enumerate(rows):
        body = row.body
        refused = refusal(body, partnership=partnership, pointer_prefix="#")
        if refused is not None:
            outcomes[i] = failed(refused.pointer, refused.detail, column="area")
        elif body.reporting_agency and partnership.agency(body.reporting_agency) is None:
            outcomes[i] = failed(
                "#/reporting_agency",
                f"unknown agency {body.reporting_agency!r}; the partnership's agencies: "
                + ", ".join(a.code for a in partnership.agencies),
                column="reporting_agency",
            )
        elif refused_agency := importer.refusal_for(
            body.reporting_agency, column="reporting_agency"
        ):
            outcomes[i] = refused_agency
        else:
            agency = body.reporting_agency or importer.caller.agency
            reports.append(NewHateReport(body=body, reporting_agency=agency))
            positions.append(i)
    recorded = await record_hate_reports(
        session, reports=reports, channel="import", recorded_at=clock.now()
    )
    for i, result in zip(positions, recorded, strict=True):
        outcomes[i] = IMPORTED if result.created else SKIPPED
    await audit_import(
        session,
        importer=importer,
        record_type="hate_report",
        records=[
            (result.id, report.reporting_agency)
            for report, result in zip(reports, recorded, strict=True)
            if result.created
        ],
    )
    return [outcome or SKIPPED for outcome in outcomes]
