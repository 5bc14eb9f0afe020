from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from referral_hub.hate.schemas import HateReportIn


def refuse(model: type[BaseModel], data: dict[str, Any], context: dict[str, Any]) -> str:
    """Validate data that must be refused; return the error text."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data, context=context)
    return str(caught.value)


# --- HateReportIn -----------------------------------------------------------------


@pytest.fixture
def hate_data() -> dict[str, Any]:
    return {
        "kind": "non_crime_incident",
        "strands": ["race", "religion"],
        "occurred_at": "2026-11-21T01:15:00+00:00",
        "area": "harrogate",
        "reporting_channel": "third_party_reporting_centre",
    }


def test_hate_report_valid(hate_data: dict, context: dict) -> None:
    report = HateReportIn.model_validate(hate_data, context=context)
    assert report.victim_police_officer_on_duty is False
    assert report.source_reference is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"strands": []}, "at least 1 item"),
        ({"strands": ["race", "race"]}, "repeated: race"),
        ({"strands": ["age"]}, "strands.0"),
        ({"kind": "incident"}, "kind"),
        ({"reporting_channel": "email"}, "reporting_channel"),
        ({"occurred_at": "2026-11-22T12:00:00Z"}, "must not be in the future"),
        ({"area": "Harrogate"}, "area"),
        ({"victim_name": "Ann Smith"}, "Extra inputs are not permitted"),
        ({"victim_address": "1 High St"}, "Extra inputs are not permitted"),
    ],
)
def test_hate_report_refused(hate_data: dict, context: dict, change: dict, message: str) -> None:
    assert message in refuse(HateReportIn, hate_data | change, context)


def test_hate_report_has_no_personal_fields() -> None:
    fields = set(HateReportIn.model_fields)
    assert not {
        name for name in fields if "name" in name or "address" in name or "postcode" in name
    }
