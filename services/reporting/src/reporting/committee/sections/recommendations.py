"""Recommendations to members: the CSP team's words (the section's narrative)."""

from reporting.committee.document import ReportContext, Section


async def build(context: ReportContext) -> Section:
    return Section("Recommendations")
