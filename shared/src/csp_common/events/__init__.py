"""Event contracts: CloudEvents envelope, payload registry and the personal-data guard."""

from csp_common.events.envelope import ReceivedEvent, from_kafka, to_kafka
from csp_common.events.payload import (
    Code,
    EventPayload,
    PersonalDataError,
    Topic,
    event_types,
    payload_model,
)

__all__ = [
    "Code",
    "EventPayload",
    "PersonalDataError",
    "ReceivedEvent",
    "Topic",
    "event_types",
    "from_kafka",
    "payload_model",
    "to_kafka",
]
