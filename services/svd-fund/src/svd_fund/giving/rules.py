"""360Giving data, pure: the package the fund publishes, validated against the 1.4
standard's rules (`schema_1_4.json`, with jsonschema) and the rules a schema cannot say:
grant ids unique in the package and prefixed `360G-` + the funder's prefix, recipients'
org-ids from a list the fund knows, an end date not before its start."""

import functools
import json
from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

from svd_fund.organisations.rules import org_id_problem


@functools.cache
def _validator() -> Draft202012Validator:
    schema = json.loads(resources.files(__package__).joinpath("schema_1_4.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def _pointer(path: Any) -> str:
    return "#/" + "/".join(str(part) for part in path)


def package_problems(package: dict[str, Any], *, id_prefix: str) -> list[dict[str, str]]:
    """Every way `package` is not valid 360Giving data: `{pointer, detail}`, in order."""
    problems = [
        {"pointer": _pointer(error.absolute_path), "detail": error.message}
        for error in sorted(_validator().iter_errors(package), key=lambda e: list(e.absolute_path))
    ]
    seen: set[str] = set()
    for index, grant in enumerate(package.get("grants", [])):
        where = f"#/grants/{index}"
        grant_id = grant.get("id", "")
        if grant_id in seen:
            problems.append({"pointer": f"{where}/id", "detail": "Grant ids are unique."})
        seen.add(grant_id)
        if not str(grant_id).startswith(f"{id_prefix}-"):
            problems.append(
                {"pointer": f"{where}/id", "detail": f"Grant ids start with {id_prefix}-."}
            )
        for number, org in enumerate(grant.get("recipientOrganization", [])):
            problem = org_id_problem(str(org.get("id", "")))
            if problem:
                pointer = f"{where}/recipientOrganization/{number}/id"
                problems.append({"pointer": pointer, "detail": problem})
        for number, dates in enumerate(grant.get("plannedDates", [])):
            start, end = dates.get("startDate"), dates.get("endDate")
            if start and end and str(end) < str(start):
                problems.append(
                    {
                        "pointer": f"{where}/plannedDates/{number}",
                        "detail": "endDate is before startDate.",
                    }
                )
    return problems


def amount(value: Decimal) -> int | float:
    """A JSON number for pounds and pence (360Giving amounts are numbers): whole pounds
    as integers, else the shortest float that reads back as the same pence."""
    if value == value.to_integral_value():
        return int(value)
    number = float(value)
    if Decimal(repr(number)) != value:
        raise ValueError("an amount that a JSON number cannot carry exactly")
    return number


def months_between(start: date, end: date) -> int:
    """A project's duration in whole months, as 360Giving's plannedDates.duration."""
    months = (end.year - start.year) * 12 + end.month - start.month
    return months + (1 if end.day >= start.day - 1 else 0)
