"""The round's awards as a 360Giving grants package (JSON) and its spreadsheet (CSV)."""

import csv
import io
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from csp_common.partnership import Partnership
from svd_fund.awards.models import grant_table
from svd_fund.bids.models import bid_table
from svd_fund.giving.rules import amount, months_between
from svd_fund.organisations.models import organisation_table
from svd_fund.settings import SvdSettings

VOCABULARY = "csp-svd-priorities"


async def grants_package(
    session: AsyncSession,
    *,
    fund_round: Any,
    settings: SvdSettings,
    partnership: Partnership,
) -> dict[str, Any]:
    statement = (
        select(
            grant_table,
            bid_table.c.title,
            bid_table.c.summary,
            bid_table.c.amount.label("applied_for"),
            bid_table.c.priorities,
            bid_table.c.areas,
            organisation_table.c.org_id,
            organisation_table.c.name.label("organisation_name"),
        )
        .join(bid_table, bid_table.c.id == grant_table.c.bid_id)
        .join(organisation_table, organisation_table.c.id == grant_table.c.organisation_id)
        .where(grant_table.c.round_id == fund_round.id)
        .order_by(grant_table.c.awarded_on, grant_table.c.id)
    )
    priorities = {p.code: p.title for p in settings.priorities}
    grants = [
        _grant(
            row,
            fund_round=fund_round,
            settings=settings,
            partnership=partnership,
            priorities=priorities,
        )
        for row in (await session.execute(statement)).all()
    ]
    return {"grants": grants}


def _grant(
    row: Any,
    *,
    fund_round: Any,
    settings: SvdSettings,
    partnership: Partnership,
    priorities: dict[str, str],
) -> dict[str, Any]:
    locations = []
    for code in row.areas:
        area = partnership.area(code)
        geo = settings.area_geocodes.get(code, settings.default_geocode)
        locations.append(
            {
                "name": area.name if area else code,
                "countryCode": "GB",
                "geoCode": geo.code,
                "geoCodeType": geo.type,
            }
        )
    return {
        "id": settings.giving_id(row.id),
        "title": row.title,
        "description": row.summary,
        "currency": "GBP",
        "amountAppliedFor": amount(row.applied_for),
        "amountAwarded": amount(row.amount),
        "awardDate": row.awarded_on.isoformat(),
        "plannedDates": [
            {
                "startDate": row.starts_on.isoformat(),
                "endDate": row.ends_on.isoformat(),
                "duration": months_between(row.starts_on, row.ends_on),
            }
        ],
        "recipientOrganization": [{"id": row.org_id, "name": row.organisation_name}],
        "fundingOrganization": [{"id": settings.funder_org_id, "name": settings.funder_name}],
        "beneficiaryLocation": locations,
        "grantProgramme": [{"code": str(fund_round.id), "title": fund_round.name}],
        "fromOpenCall": "Yes",
        "classifications": [
            {"title": priorities.get(code, code), "code": code, "vocabulary": VOCABULARY}
            for code in row.priorities
        ],
    }


CSV_LISTS = ("beneficiaryLocation", "classifications")
CSV_COLUMNS = [
    ("Identifier", lambda g: g["id"]),
    ("Title", lambda g: g["title"]),
    ("Description", lambda g: g["description"]),
    ("Currency", lambda g: g["currency"]),
    ("Amount Applied For", lambda g: g["amountAppliedFor"]),
    ("Amount Awarded", lambda g: g["amountAwarded"]),
    ("Award Date", lambda g: g["awardDate"]),
    ("Planned Dates:Start Date", lambda g: g["plannedDates"][0]["startDate"]),
    ("Planned Dates:End Date", lambda g: g["plannedDates"][0]["endDate"]),
    ("Planned Dates:Duration (months)", lambda g: g["plannedDates"][0]["duration"]),
    ("Recipient Org:Identifier", lambda g: g["recipientOrganization"][0]["id"]),
    ("Recipient Org:Name", lambda g: g["recipientOrganization"][0]["name"]),
    ("Funding Org:Identifier", lambda g: g["fundingOrganization"][0]["id"]),
    ("Funding Org:Name", lambda g: g["fundingOrganization"][0]["name"]),
    ("Grant Programme:Code", lambda g: g["grantProgramme"][0]["code"]),
    ("Grant Programme:Title", lambda g: g["grantProgramme"][0]["title"]),
    ("From An Open Call?", lambda g: g["fromOpenCall"]),
]
LOCATION_FIELDS = [
    ("Name", "name"),
    ("Country Code", "countryCode"),
    ("Geographic Code", "geoCode"),
    ("Geographic Code Type", "geoCodeType"),
]
CLASSIFICATION_FIELDS = [("Title", "title"), ("Code", "code"), ("Vocabulary", "vocabulary")]


def _safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is written with a leading quote."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def grants_csv(package: dict[str, Any]) -> str:
    """The package in 360Giving's spreadsheet layout: one row a grant, its lists in
    numbered columns (`Beneficiary Location:0:Name`, `Classifications:1:Code`)."""
    grants = package["grants"]
    locations = max((len(g["beneficiaryLocation"]) for g in grants), default=0)
    classes = max((len(g["classifications"]) for g in grants), default=0)
    header = [title for title, _ in CSV_COLUMNS]
    header += [
        f"Beneficiary Location:{i}:{t}" for i in range(locations) for t, _ in LOCATION_FIELDS
    ]
    header += [f"Classifications:{i}:{t}" for i in range(classes) for t, _ in CLASSIFICATION_FIELDS]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for grant in grants:
        row = [value(grant) for _, value in CSV_COLUMNS]
        for items, fields, count in (
            (grant["beneficiaryLocation"], LOCATION_FIELDS, locations),
            (grant["classifications"], CLASSIFICATION_FIELDS, classes),
        ):
            for index in range(count):
                item = items[index] if index < len(items) else {}
                row += [item.get(key, "") for _, key in fields]
        writer.writerow([_safe_cell(cell) for cell in row])
    return out.getvalue()
