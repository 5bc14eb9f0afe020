"""CloudEvents 1.0 over Kafka (binary content mode), through the `cloudevents` package."""

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cloudevents.core.bindings import kafka as ce_kafka
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

from csp_common.events.payload import EventPayload, payload_model

JSON = "application/json"
_JSON_BYTES = JSON.encode()
_FORMAT = JSONFormat()


class UnknownEventType(ValueError):
    pass


@dataclass(frozen=True)
class ReceivedEvent:
    id: str
    source: str
    type: str
    time: datetime
    key: str | None
    payload: EventPayload


def to_kafka(
    *, event_id: str, source: str, event_type: str, time: datetime, key: str, data: bytes
) -> tuple[bytes, list[tuple[str, bytes]]]:
    """The Kafka value and headers of one event whose JSON `data` is already encoded."""
    event = CloudEvent(
        attributes={
            "id": event_id,
            "source": source,
            "type": event_type,
            "time": time,
            "datacontenttype": JSON,
        },
        data=data,
    )
    # The binding maps the aggregate id to the record key (what `partitionkey` would carry).
    message = ce_kafka.to_binary(event, _FORMAT, key_mapper=lambda _: key)
    return message.value, list(message.headers.items())


def from_kafka(*, key: bytes | None, value: bytes, headers: Any) -> ReceivedEvent:
    """Parse and validate one Kafka record. Raises ValueError for anything malformed.

    The records the platform's outbox writes take a fast path; anything else goes
    through the `cloudevents` binding, which also explains what is wrong with it."""
    header_map = headers if isinstance(headers, dict) else dict(headers or ())
    event = _parse_binary(key=key, value=value, headers=header_map)
    if event is not None:
        return event
    return _from_binding(key=key, value=value, headers=header_map)


def _parse_binary(
    *, key: bytes | None, value: bytes, headers: Mapping[str, bytes]
) -> ReceivedEvent | None:
    """The fast path for a binary-mode CloudEvent with a JSON body, as the outbox writes
    them: the `ce_*` headers read directly and the payload model validated straight from
    the bytes (one pass, no intermediate dict).

    Returns None when the record is not in that shape, for the binding to judge. Raises
    UnknownEventType for an unregistered type, ValueError for a body its model refuses."""
    if headers.get("ce_specversion") != b"1.0":
        return None
    event_type, event_id, source, time = (
        headers.get("ce_type"),
        headers.get("ce_id"),
        headers.get("ce_source"),
        headers.get("ce_time"),
    )
    content_type = headers.get("content-type")
    if not (event_type and event_id and source and time and content_type == _JSON_BYTES):
        return None
    parsed_time = _time(time)
    if parsed_time is None:
        return None
    type_name = event_type.decode()
    model = payload_model(type_name)
    if model is None:
        raise UnknownEventType(f"unknown event type {type_name!r}")
    return ReceivedEvent(
        id=event_id.decode(),
        source=source.decode(),
        type=type_name,
        time=parsed_time,
        key=key.decode() if key is not None else None,
        # pydantic's ValidationError is a ValueError; a body that is not a JSON object
        # is refused by the model too
        payload=model.model_validate_json(value),
    )


@functools.lru_cache(maxsize=4096)
def _time(text: bytes) -> datetime | None:
    """An RFC 3339 time with its offset (events of one batch often share a timestamp)."""
    try:
        parsed = datetime.fromisoformat(text.decode())
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _from_binding(*, key: bytes | None, value: bytes, headers: dict[str, bytes]) -> ReceivedEvent:
    # The record key is read directly rather than through the binding's `partitionkey`
    # extension, whose validation costs more than the rest of parsing.
    message = ce_kafka.KafkaMessage(headers=headers, key=None, value=value)
    try:
        event = ce_kafka.from_binary(message, _FORMAT)
    except Exception as exc:  # the binding raises several types for bad input
        raise ValueError(f"not a CloudEvent: {exc}") from exc
    model = payload_model(event.get_type())
    if model is None:
        raise UnknownEventType(f"unknown event type {event.get_type()!r}")
    data = event.get_data()
    if not isinstance(data, dict):
        raise ValueError("event data is not a JSON object")
    time = event.get_time()
    if time is None:
        raise ValueError("event has no time")
    return ReceivedEvent(
        id=event.get_id(),
        source=event.get_source(),
        type=event.get_type(),
        time=time,
        key=key.decode() if key is not None else None,
        payload=model.model_validate(data),
    )


def encode_payload(payload: EventPayload) -> bytes:
    return payload.model_dump_json().encode()
