from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from referral_hub.codes import (
    ConsentStatus,
    DashAnswer,
    LawfulBasis,
)
from referral_hub.hate.schemas import HateReportIn
from referral_hub.referral.schemas import (
    DASH_KEYS,
    REFERRAL_EXAMPLE,
    STALKING_KEYS,
    ReferralIn,
    ReferralStatusPatch,
)
from referral_hub.routes.schemas import ProviderFeedback

TODAY = date(2026, 11, 21)
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _clock_matches_conftest(context: dict) -> None:
    assert context == {"today": TODAY, "now": NOW}


def refuse(model: type[BaseModel], data: dict[str, Any], context: dict[str, Any]) -> str:
    """Validate data that must be refused; return the error text."""
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data, context=context)
    return str(caught.value)


# --- ReferralIn ---------------------------------------------------------------------


def test_example_is_valid(referral_data: dict, context: dict) -> None:
    referral = ReferralIn.model_validate(referral_data, context=context)
    assert referral.victim.postcode == "YO11 1AA"
    assert list(referral.dash.answers) == list(DASH_KEYS)
    assert referral.dash.answers["3"] is DashAnswer.NOT_KNOWN
    assert referral.consent.basis is LawfulBasis.CONSENT
    assert referral.services_requested == ["idas_community_support"]
    assert referral.perpetrator is not None and referral.perpetrator.postcode == "YO11 2BB"


def test_example_is_in_the_json_schema() -> None:
    schema = ReferralIn.model_json_schema()
    assert schema["examples"] == [REFERRAL_EXAMPLE]
    assert schema["additionalProperties"] is False
    answers = schema["$defs"]["DashIn"]["properties"]["answers"]
    assert answers["required"] == list(DASH_KEYS)
    assert answers["propertyNames"] == {"enum": list(DASH_KEYS)}
    assert schema["properties"]["area"]["examples"] == ["scarborough"]


def test_answers_are_put_in_question_order(referral_data: dict, context: dict) -> None:
    referral_data["dash"]["answers"] = dict(reversed(referral_data["dash"]["answers"].items()))
    referral = ReferralIn.model_validate(referral_data, context=context)
    assert list(referral.dash.answers) == list(DASH_KEYS)


def test_missing_answer_keys_are_named(referral_data: dict, context: dict) -> None:
    del referral_data["dash"]["answers"]["7"]
    del referral_data["dash"]["answers"]["24"]
    error = refuse(ReferralIn, referral_data, context)
    assert "exactly the keys '1'..'24': missing 7, 24" in error


def test_unknown_answer_keys_are_named(referral_data: dict, context: dict) -> None:
    referral_data["dash"]["answers"]["25"] = "no"
    referral_data["dash"]["answers"]["q1"] = "no"
    error = refuse(ReferralIn, referral_data, context)
    assert "unknown '25', 'q1'" in error


def test_bad_answer_code(referral_data: dict, context: dict) -> None:
    referral_data["dash"]["answers"]["5"] = "maybe"
    error = refuse(ReferralIn, referral_data, context)
    assert "dash.answers.5" in error
    assert "'yes', 'no' or 'not_known'" in error


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("victim", "gender"), "unknown"),
        (("victim", "ethnicity"), "british"),
        (("relationship",), "friend"),
        (("consent", "status"), "yes"),
        (("services_requested",), ["idas_helpline"]),
    ],
)
def test_bad_codes(referral_data: dict, context: dict, path: tuple[str, ...], value: Any) -> None:
    target = referral_data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert ".".join(path) in refuse(ReferralIn, referral_data, context)


@pytest.mark.parametrize("where", [(), ("victim",), ("perpetrator",), ("dash",), ("consent",)])
def test_extra_fields_are_refused(referral_data: dict, context: dict, where: tuple) -> None:
    target = referral_data
    for key in where:
        target = target[key]
    target["nickname"] = "x"
    assert "Extra inputs are not permitted" in refuse(ReferralIn, referral_data, context)


def test_incident_date_not_in_future(referral_data: dict, context: dict) -> None:
    referral_data["incident_date"] = TODAY.isoformat()
    assert ReferralIn.model_validate(referral_data, context=context).incident_date == TODAY
    referral_data["incident_date"] = (TODAY + timedelta(days=1)).isoformat()
    error = refuse(ReferralIn, referral_data, context)
    assert "incident_date" in error and "must not be in the future" in error


def test_incident_date_uses_the_real_clock_without_context(referral_data: dict) -> None:
    referral_data["incident_date"] = (date.today() + timedelta(days=30)).isoformat()
    with pytest.raises(ValidationError, match="must not be in the future"):
        ReferralIn.model_validate(referral_data)


def test_today_follows_uk_civil_date_from_now(referral_data: dict) -> None:
    # 23:30 UTC on 20 June is 00:30 BST on 21 June in the UK.
    late = {"now": datetime(2026, 6, 20, 23, 30, tzinfo=UTC)}
    referral_data["incident_date"] = "2026-06-21"
    assert ReferralIn.model_validate(referral_data, context=late).incident_date == date(2026, 6, 21)


@pytest.mark.parametrize(
    ("dob", "ok"),
    [("1900-01-01", True), ("1899-12-31", False), ("2026-11-20", True), ("2026-11-21", False)],
)
def test_date_of_birth_bounds(referral_data: dict, context: dict, dob: str, ok: bool) -> None:
    for person in ("victim", "perpetrator"):
        referral_data[person]["date_of_birth"] = dob
    if ok:
        ReferralIn.model_validate(referral_data, context=context)
    else:
        error = refuse(ReferralIn, referral_data, context)
        assert "victim.date_of_birth" in error and "perpetrator.date_of_birth" in error


def test_names_are_stripped_and_bounded(referral_data: dict, context: dict) -> None:
    referral_data["victim"]["given_name"] = "  Ann  "
    assert ReferralIn.model_validate(referral_data, context=context).victim.given_name == "Ann"
    referral_data["victim"]["given_name"] = "   "
    assert "victim.given_name" in refuse(ReferralIn, referral_data, context)
    referral_data["victim"]["given_name"] = "A" * 101
    assert "at most 100 characters" in refuse(ReferralIn, referral_data, context)
    referral_data["victim"]["given_name"] = "A" * 100
    ReferralIn.model_validate(referral_data, context=context)


def test_postcodes_are_normalised_or_refused(referral_data: dict, context: dict) -> None:
    referral_data["victim"]["postcode"] = " yo11   1aa"
    referral_data["perpetrator"]["postcode"] = "hg12ab"
    referral = ReferralIn.model_validate(referral_data, context=context)
    assert referral.victim.postcode == "YO11 1AA"
    assert referral.perpetrator is not None and referral.perpetrator.postcode == "HG1 2AB"
    referral_data["victim"]["postcode"] = "12345"
    assert "not a UK postcode" in refuse(ReferralIn, referral_data, context)


def test_victim_postcode_may_be_null(referral_data: dict, context: dict) -> None:
    referral_data["victim"]["postcode"] = None
    assert ReferralIn.model_validate(referral_data, context=context).victim.postcode is None


def test_perpetrator_is_optional_with_only_names_required(
    referral_data: dict, context: dict
) -> None:
    referral_data["perpetrator"] = {"given_name": "Rob", "family_name": "Jones"}
    perpetrator = ReferralIn.model_validate(referral_data, context=context).perpetrator
    assert perpetrator is not None and perpetrator.date_of_birth is None
    del referral_data["perpetrator"]
    assert ReferralIn.model_validate(referral_data, context=context).perpetrator is None
    referral_data["perpetrator"] = {"given_name": "Rob"}
    assert "perpetrator.family_name" in refuse(ReferralIn, referral_data, context)


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("children_in_household", 0, True),
        ("children_in_household", 30, True),
        ("children_in_household", 31, False),
        ("children_in_household", -1, False),
        ("incidents_last_12_months", 0, True),
        ("incidents_last_12_months", 1000, True),
        ("incidents_last_12_months", 1001, False),
        ("incidents_last_12_months", -1, False),
    ],
)
def test_counts_bounds(
    referral_data: dict, context: dict, field: str, value: int, ok: bool
) -> None:
    target = referral_data if field == "children_in_household" else referral_data["dash"]
    target[field] = value
    if ok:
        ReferralIn.model_validate(referral_data, context=context)
    else:
        assert field in refuse(ReferralIn, referral_data, context)


def test_professional_judgement_needs_reasons(referral_data: dict, context: dict) -> None:
    judgement = referral_data["dash"]["professional_judgement"]
    judgement["high_risk"] = True
    for reasons in (None, "", "   "):
        judgement["reasons"] = reasons
        error = refuse(ReferralIn, referral_data, context)
        assert "reasons are required when professional judgement is high risk" in error
    judgement["reasons"] = "  Escalating threats since separation  "
    referral = ReferralIn.model_validate(referral_data, context=context)
    assert referral.dash.professional_judgement.reasons == "Escalating threats since separation"


def test_professional_judgement_defaults_to_not_high_risk(
    referral_data: dict, context: dict
) -> None:
    del referral_data["dash"]["professional_judgement"]
    referral = ReferralIn.model_validate(referral_data, context=context)
    assert referral.dash.professional_judgement.high_risk is False


def test_services_requested(referral_data: dict, context: dict) -> None:
    referral_data["services_requested"] = ["foundation_plus_choices", "idas_refuge"]
    referral = ReferralIn.model_validate(referral_data, context=context)
    assert referral.services_requested == ["foundation_plus_choices", "idas_refuge"]
    referral_data["services_requested"] = ["harbour_refuge"]
    assert "not a service of the partnership's providers" in refuse(
        ReferralIn, referral_data, context
    )
    referral_data["services_requested"] = ["idas_refuge", "idas_refuge"]
    assert "repeated: idas_refuge" in refuse(ReferralIn, referral_data, context)
    del referral_data["services_requested"]
    assert ReferralIn.model_validate(referral_data, context=context).services_requested == []


def test_source_reference(referral_data: dict, context: dict) -> None:
    referral_data["source_reference"] = " NYP-1 "
    assert ReferralIn.model_validate(referral_data, context=context).source_reference == "NYP-1"
    referral_data["source_reference"] = "x" * 101
    assert "source_reference" in refuse(ReferralIn, referral_data, context)


@pytest.mark.parametrize(
    ("area", "ok"),
    [
        ("scarborough", True),
        ("scarborough-ryedale", True),
        ("ab", True),
        ("a", False),
        ("Scarborough", False),
        ("1york", False),
        ("york_city", False),
        ("a" * 50, False),
    ],
)
def test_area_code_pattern(referral_data: dict, context: dict, area: str, ok: bool) -> None:
    referral_data["area"] = area
    if ok:
        ReferralIn.model_validate(referral_data, context=context)
    else:
        assert "area" in refuse(ReferralIn, referral_data, context)


def test_stalking_only_after_yes_to_question_8(
    referral_data: dict, context: dict, make_answers: Any
) -> None:
    stalking = {"answers": dict.fromkeys(STALKING_KEYS, "no") | {"1": "yes"}}
    referral_data["dash"]["stalking"] = stalking
    referral_data["dash"]["answers"] = make_answers(0, q8="no")
    assert "only allowed when answer 8 is yes" in refuse(ReferralIn, referral_data, context)
    referral_data["dash"]["answers"] = make_answers(0, q8="yes")
    referral = ReferralIn.model_validate(referral_data, context=context)
    assert referral.dash.stalking is not None
    assert referral.dash.stalking.answers["1"] is DashAnswer.YES


def test_stalking_needs_exactly_11_answers(
    referral_data: dict, context: dict, make_answers: Any
) -> None:
    referral_data["dash"]["answers"] = make_answers(0, q8="yes")
    referral_data["dash"]["stalking"] = {"answers": dict.fromkeys([*STALKING_KEYS, "12"], "no")}
    assert "exactly the keys '1'..'11': unknown '12'" in refuse(ReferralIn, referral_data, context)


@pytest.mark.parametrize(
    ("consent", "basis"),
    [
        ({"status": "given"}, LawfulBasis.CONSENT),
        ({"status": "given", "basis": "public_task"}, LawfulBasis.PUBLIC_TASK),
        ({"status": "refused", "basis": "vital_interests"}, LawfulBasis.VITAL_INTERESTS),
        ({"status": "not_sought", "basis": "public_task"}, LawfulBasis.PUBLIC_TASK),
    ],
)
def test_consent_basis(
    referral_data: dict, context: dict, consent: dict, basis: LawfulBasis
) -> None:
    referral_data["consent"] = consent
    assert ReferralIn.model_validate(referral_data, context=context).consent.basis is basis


def test_sharing_without_consent_needs_another_basis(referral_data: dict, context: dict) -> None:
    referral_data["consent"] = {"status": "refused"}
    assert "a lawful basis is required" in refuse(ReferralIn, referral_data, context)
    referral_data["consent"] = {"status": "not_sought", "basis": "consent"}
    assert "basis cannot be consent when consent is not_sought" in refuse(
        ReferralIn, referral_data, context
    )
    assert ConsentStatus.REFUSED == "refused"


# --- ReferralStatusPatch -------------------------------------------------------------


def test_referral_status_patch(context: dict) -> None:
    patch = ReferralStatusPatch.model_validate({"status": "withdrawn", "reason": " dup "})
    assert patch.reason == "dup"
    assert ReferralStatusPatch.model_validate({"status": "closed"}).reason is None
    assert "status" in refuse(ReferralStatusPatch, {"status": "open"}, context)
    assert "Extra inputs" in refuse(ReferralStatusPatch, {"status": "closed", "x": 1}, context)


def test_control_characters_are_refused_in_text() -> None:
    import copy

    import pytest as _pytest
    from pydantic import ValidationError

    from referral_hub.referral.schemas import REFERRAL_EXAMPLE, ReferralIn

    body = copy.deepcopy(REFERRAL_EXAMPLE)
    body["victim"]["given_name"] = "Ann\x00"
    with _pytest.raises(ValidationError, match="control characters"):
        ReferralIn.model_validate(body)
    body["victim"]["given_name"] = "Ann"
    body["victim"]["safe_contact"] = "after 6pm\nuse the side door"
    assert ReferralIn.model_validate(body).victim.safe_contact


@pytest.mark.parametrize(
    ("model", "field", "value"),
    [
        (ReferralIn, "services_requested", ["idas_refuge"] * 100_000),
        (ReferralIn, "services_requested", ["no-such-service"] * 100_000),
        (HateReportIn, "strands", ["race"] * 100_000),
        (ProviderFeedback, "outcome_codes", ["no-such-outcome"] * 100_000),
    ],
)
def test_oversized_lists_are_refused_before_their_items_are_checked(
    model: type[BaseModel], field: str, value: list[str]
) -> None:
    from referral_hub.referral.schemas import REFERRAL_EXAMPLE

    base: dict[str, Any] = {
        ReferralIn: REFERRAL_EXAMPLE,
        HateReportIn: {"kind": "crime", "strands": ["race"], "occurred_at": "2026-01-01T00:00Z",
                       "area": "york", "reporting_channel": "police"},
        ProviderFeedback: {"status": "closed", "outcome_codes": ["risk_reduced"]},
    }[model]  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        model.model_validate(base | {field: value})
    assert [e["type"] for e in refused.value.errors()] == ["too_long"]  # not 100,000 errors


def test_a_checklist_with_many_unknown_keys_names_a_few() -> None:
    from referral_hub.referral.schemas import DASH_KEYS, REFERRAL_EXAMPLE

    answers = dict.fromkeys(DASH_KEYS, "no") | {f"x{n}": "no" for n in range(20)}
    body = REFERRAL_EXAMPLE | {"dash": {**REFERRAL_EXAMPLE["dash"], "answers": answers}}
    with pytest.raises(ValidationError) as refused:
        ReferralIn.model_validate(body)
    [error] = refused.value.errors()
    assert error["msg"].endswith("and 15 more")
    huge = dict.fromkeys(DASH_KEYS, "no") | {f"x{n}": "no" for n in range(10_000)}
    body["dash"] = {**REFERRAL_EXAMPLE["dash"], "answers": huge}
    with pytest.raises(ValidationError) as refused:
        ReferralIn.model_validate(body)
    assert [e["type"] for e in refused.value.errors()] == ["too_long"]
