"""The round's awards as 360Giving data: JSON and CSV, valid under the 1.4 rules the
service models (and refused by them when a rule is broken)."""

import copy
import csv
import io
from decimal import Decimal

import pytest

from svd_fund.giving.rules import amount, package_problems

PREFIX = "360G-nypfcc"


async def _published_round(fund_api):
    fund_round = await fund_api.create_round(assessors_per_bid=1)
    await fund_api.register()
    await fund_api.register(
        agency="school", org_id="GB-EDU-121212", name="Selby High", kind="school"
    )
    first = await fund_api.granted(fund_round["id"])
    second = await fund_api.granted(
        fund_round["id"],
        agency="school",
        title="Weapon amnesty and assemblies",
        summary="=HYPERLINK(1) assemblies and a surrender bin.",
        amount="4999.99",
        budget_lines=[{"kind": "non_labour", "item": "Surrender bin", "amount": "4999.99"}],
        priorities=["weapons"],
        activity_types=["weapon-amnesty"],
        areas=["selby", "york"],
        outcomes=[{"priority": "weapons", "measure": "Weapons surrendered", "target": "50"}],
    )
    return fund_round, first, second


async def test_the_json_package_is_valid_360giving_data(fund_api, fund_client):
    fund_round, first, second = await _published_round(fund_api)
    answer = await fund_client.get(
        f"/v1/rounds/{fund_round['id']}/360giving.json", headers=fund_api.auth("reports")
    )
    assert answer.status_code == 200, answer.text
    package = answer.json()
    assert package_problems(package, id_prefix=PREFIX) == []
    grants = {grant["id"]: grant for grant in package["grants"]}
    assert set(grants) == {f"{PREFIX}-{first['id']}", f"{PREFIX}-{second['id']}"}
    school = grants[f"{PREFIX}-{second['id']}"]
    assert school["amountAwarded"] == 4999.99
    assert school["amountAppliedFor"] == 4999.99
    assert school["currency"] == "GBP"
    assert school["recipientOrganization"] == [{"id": "GB-EDU-121212", "name": "Selby High"}]
    assert school["fundingOrganization"][0]["id"] == "GB-GOV-PFCC-NY"
    assert school["plannedDates"] == [
        {"startDate": "2024-04-01", "endDate": "2025-03-31", "duration": 12}
    ]
    assert [loc["name"] for loc in school["beneficiaryLocation"]] == ["Selby", "City of York"]
    assert {(loc["geoCode"], loc["geoCodeType"]) for loc in school["beneficiaryLocation"]} == {
        ("E23000009", "PFA")
    }
    assert school["grantProgramme"] == [{"code": fund_round["id"], "title": fund_round["name"]}]
    assert school["fromOpenCall"] == "Yes"
    assert school["classifications"] == [
        {
            "title": "Possession and use of weapons",
            "code": "weapons",
            "vocabulary": "csp-svd-priorities",
        }
    ]
    assert grants[f"{PREFIX}-{first['id']}"]["amountAwarded"] == 12000


async def test_the_csv_has_a_row_a_grant_in_the_spreadsheet_layout(fund_api, fund_client):
    fund_round, _, second = await _published_round(fund_api)
    answer = await fund_client.get(
        f"/v1/rounds/{fund_round['id']}/360giving.csv", headers=fund_api.auth("manage")
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    assert len(rows) == 2
    school = next(row for row in rows if row["Identifier"].endswith(second["id"]))
    assert school["Amount Awarded"] == "4999.99"
    assert school["Recipient Org:Identifier"] == "GB-EDU-121212"
    assert school["Beneficiary Location:1:Name"] == "City of York"
    assert school["Classifications:0:Code"] == "weapons"
    assert school["Description"].startswith("'=")  # never run as a formula


async def test_an_unknown_round_and_the_scopes(fund_api, fund_client):
    missing = await fund_client.get(
        "/v1/rounds/00000000-0000-4000-8000-000000000000/360giving.json",
        headers=fund_api.auth("manage"),
    )
    assert missing.status_code == 404
    fund_round = await fund_api.create_round()
    refused = await fund_client.get(
        f"/v1/rounds/{fund_round['id']}/360giving.json", headers=fund_api.auth("apply")
    )
    assert refused.status_code == 403
    empty = await fund_client.get(
        f"/v1/rounds/{fund_round['id']}/360giving.json", headers=fund_api.auth("manage")
    )
    assert empty.json() == {"grants": []}


VALID = {
    "grants": [
        {
            "id": f"{PREFIX}-1",
            "title": "A project",
            "description": "What it does.",
            "currency": "GBP",
            "amountAwarded": 100,
            "awardDate": "2024-03-15",
            "recipientOrganization": [{"id": "GB-CHC-1234567", "name": "A charity"}],
            "fundingOrganization": [{"id": "GB-GOV-PFCC-NY", "name": "The funder"}],
            "plannedDates": [{"startDate": "2024-04-01", "endDate": "2025-03-31"}],
            "beneficiaryLocation": [{"name": "York", "geoCode": "E23000009", "geoCodeType": "PFA"}],
            "fromOpenCall": "Yes",
        }
    ]
}


def _broken(change):
    package = copy.deepcopy(VALID)
    change(package["grants"][0], package)
    return package_problems(package, id_prefix=PREFIX)


def test_the_valid_example_passes():
    assert package_problems(VALID, id_prefix=PREFIX) == []


@pytest.mark.parametrize(
    ("change", "pointer"),
    [
        (lambda g, p: g.pop("title"), "#/grants/0"),
        (lambda g, p: g.update(id="G-1"), "#/grants/0/id"),
        (lambda g, p: g.update(id="360G-other-1"), "#/grants/0/id"),
        (lambda g, p: g.update(currency="pounds"), "#/grants/0/currency"),
        (lambda g, p: g.update(amountAwarded="100"), "#/grants/0/amountAwarded"),
        (lambda g, p: g.update(awardDate="15/03/2024"), "#/grants/0/awardDate"),
        (lambda g, p: g.update(awardDate="2024-02-30"), "#/grants/0/awardDate"),
        (lambda g, p: g.update(recipientOrganization=[]), "#/grants/0/recipientOrganization"),
        (
            lambda g, p: g["recipientOrganization"][0].update(id="GB-CHC-12"),
            "#/grants/0/recipientOrganization/0/id",
        ),
        (lambda g, p: g.update(fromOpenCall=True), "#/grants/0/fromOpenCall"),
        (
            lambda g, p: g["beneficiaryLocation"][0].update(geoCodeType="POSTCODE"),
            "#/grants/0/beneficiaryLocation/0/geoCodeType",
        ),
        (
            lambda g, p: g["beneficiaryLocation"][0].pop("geoCodeType"),
            "#/grants/0/beneficiaryLocation/0",
        ),
        (
            lambda g, p: g["plannedDates"][0].update(endDate="2024-01-01"),
            "#/grants/0/plannedDates/0",
        ),
        (lambda g, p: p["grants"].append(copy.deepcopy(g)), "#/grants/1/id"),
    ],
)
def test_each_rule_is_enforced(change, pointer):
    problems = _broken(change)
    assert pointer in [problem["pointer"] for problem in problems], problems


def test_amounts_are_exact_json_numbers():
    assert amount(Decimal("40000.00")) == 40000
    assert isinstance(amount(Decimal("40000.00")), int)
    assert amount(Decimal("0.10")) == 0.1
    assert amount(Decimal("12345678.99")) == 12345678.99
