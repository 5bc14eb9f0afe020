"""CloudEvents 1.0 over Kafka (binary content mode), through the `cloudevents` package."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cloudevents.core.bindings import kafka as ce_kafka
from cloudevents.core.formats.json import JSONFormat
from cloudevents.core.v1.event import CloudEvent

from csp_common.events.payload import EventPayload, payload_model

JSON = "application/json"
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
    """Parse and validate one Kafka record. Raises ValueError for anything malformed."""
    # The record key is read directly rather than through the binding's `partitionkey`
    # extension, whose validation costs more than the rest of parsing.
    message = ce_kafka.KafkaMessage(headers=dict(headers or ()), key=None, value=value)
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
