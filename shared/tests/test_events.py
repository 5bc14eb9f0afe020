import uuid
from collections.abc import Callable
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Literal

import pytest
from pydantic import BaseModel, StringConstraints

from csp_common.events import (
    Code,
    EventPayload,
    PersonalDataError,
    Topic,
    envelope,
    from_kafka,
    to_kafka,
)
from csp_common.events.envelope import UnknownEventType
from csp_common.events.payload import event_types

TOPIC = Topic(name="csp.test-events", owner="tests")


class Level(StrEnum):
    low = "low"
    high = "high"


class CaseOpened(EventPayload):
    type = "csp.test.case_opened.v1"
    topic = TOPIC
    case_id: uuid.UUID
    area: Code
    level: Level
    age_band: Literal["16_17", "18_24"]
    children: int
    opened_on: date
    tags: list[Code] = []


def test_a_payload_of_codes_ids_and_dates_is_accepted_and_registered() -> None:
    assert event_types()["csp.test.case_opened.v1"] is CaseOpened


@pytest.mark.parametrize(
    "field",
    [
        "victim_name",
        "given_name",
        "date_of_birth",
        "dob",
        "address",
        "postcode",
        "phone",
        "safe_contact",
        "email",
        "notes",
        "description",
    ],
)
def test_a_field_named_for_personal_data_is_refused(field: str) -> None:
    with pytest.raises(PersonalDataError, match=field):
        type("Leaky", (EventPayload,), {"__annotations__": {field: Code}})


def test_free_text_is_refused() -> None:
    with pytest.raises(PersonalDataError, match="plain str"):

        class Chatty(EventPayload):
            summary: str


def test_a_long_or_unpatterned_string_is_free_text() -> None:
    with pytest.raises(PersonalDataError):

        class Long(EventPayload):
            code: Annotated[str, StringConstraints(pattern=r"^.*$", max_length=500)]

    with pytest.raises(PersonalDataError):

        class NoPattern(EventPayload):
            code: Annotated[str, StringConstraints(max_length=10)]


def test_nested_models_are_checked_too() -> None:
    class Victim(BaseModel):
        family_name: Code

    with pytest.raises(PersonalDataError, match="family_name"):

        class Nested(EventPayload):
            victim: Victim


def test_free_text_inside_a_list_or_dict_is_refused() -> None:
    with pytest.raises(PersonalDataError):

        class Listy(EventPayload):
            remarks: list[str]

    with pytest.raises(PersonalDataError):

        class Mapping(EventPayload):
            counts: dict[str, int]


def test_event_types_carry_a_major_version() -> None:
    with pytest.raises(ValueError, match="v1"):

        class Unversioned(EventPayload):
            type = "csp.test.unversioned"
            topic = TOPIC


def _encoded(payload: EventPayload, *, key: str = "k1") -> tuple[bytes, list[tuple[str, bytes]]]:
    return to_kafka(
        event_id="e-1",
        source=TOPIC.source,
        event_type=payload.type,
        time=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
        key=key,
        data=payload.model_dump_json().encode(),
    )


def test_round_trip_through_the_cloudevents_kafka_binding() -> None:
    payload = CaseOpened(
        case_id=uuid.uuid4(),
        area="york",
        level=Level.high,
        age_band="16_17",
        children=2,
        opened_on=date(2026, 11, 20),
    )
    value, headers = _encoded(payload)
    header_map = dict(headers)
    assert header_map["ce_specversion"] == b"1.0"
    assert header_map["ce_type"] == b"csp.test.case_opened.v1"
    assert header_map["ce_source"] == b"/csp/tests"
    assert header_map["content-type"] == b"application/json"

    event = from_kafka(key=b"k1", value=value, headers=headers)
    assert event.payload == payload
    assert (event.id, event.source, event.key) == ("e-1", "/csp/tests", "k1")
    assert event.time == datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def test_malformed_records_raise_value_error() -> None:
    payload = CaseOpened(
        case_id=uuid.uuid4(),
        area="york",
        level=Level.low,
        age_band="18_24",
        children=0,
        opened_on=date(2026, 1, 1),
    )
    value, headers = _encoded(payload)
    with pytest.raises(ValueError):
        from_kafka(key=None, value=b"{not json", headers=headers)
    with pytest.raises(ValueError):
        from_kafka(key=None, value=value, headers=[])
    unknown = [(k, b"csp.test.unknown.v1" if k == "ce_type" else v) for k, v in headers]
    with pytest.raises(UnknownEventType):
        from_kafka(key=None, value=value, headers=unknown)
    with pytest.raises(ValueError):
        from_kafka(key=None, value=b'{"case_id": "nope"}', headers=headers)


def _case() -> CaseOpened:
    return CaseOpened(
        case_id=uuid.uuid4(),
        area="york",
        level=Level.high,
        age_band="16_17",
        children=1,
        opened_on=date(2026, 11, 20),
        tags=["a", "b"],
    )


def test_the_fast_path_and_the_binding_read_the_same_event() -> None:
    value, headers = _encoded(_case())
    # a content type with parameters is not the outbox's shape: the binding reads it
    via_binding = [
        (k, b"application/json; charset=utf-8" if k == "content-type" else v) for k, v in headers
    ]
    fast = from_kafka(key=b"k1", value=value, headers=headers)
    slow = from_kafka(key=b"k1", value=value, headers=via_binding)
    assert fast == slow


def _outcome(read: Callable[[], object]) -> object:
    try:
        return read()
    except ValueError as exc:
        return type(exc)


@pytest.mark.parametrize(
    ("header", "value"),
    [
        ("ce_specversion", b"0.3"),
        ("ce_specversion", None),
        ("ce_time", b"yesterday"),
        ("ce_time", b"2026-11-20T09:30:00"),
        ("ce_time", b"2026-11-20T09:30:00+01:00"),
        ("ce_id", b""),
        ("ce_source", None),
        ("content-type", None),
        ("content-type", b"text/plain"),
    ],
)
def test_a_record_off_the_fast_path_gets_the_bindings_verdict(
    header: str, value: bytes | None
) -> None:
    body, headers = _encoded(_case())
    changed = dict(headers)
    if value is None:
        del changed[header]
    else:
        changed[header] = value
    verdict = _outcome(lambda: from_kafka(key=None, value=body, headers=list(changed.items())))
    binding = _outcome(lambda: envelope._from_binding(key=None, value=body, headers=changed))
    assert verdict == binding


@pytest.mark.parametrize("body", [b"[]", b'"text"', b"null", b""])
def test_a_body_that_is_not_a_json_object_is_refused(body: bytes) -> None:
    _, headers = _encoded(_case())
    with pytest.raises(ValueError):
        from_kafka(key=None, value=body, headers=headers)
