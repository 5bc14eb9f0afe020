"""A service's AsyncAPI 3.0 document, generated from the event payload registry.

Every registered `EventPayload` is a message on its topic's channel, its payload the
model's JSON Schema and its headers the CloudEvents binary-mode Kafka headers the outbox
relay writes. A service sends on the topics it owns and receives on the topics its
consumers read. The document describes shapes only: it holds no event and no record.
"""

from collections.abc import Iterable
from typing import Any

from pydantic.json_schema import models_json_schema

from csp_common import contracts as _contracts  # noqa: F401  (importing registers every payload)
from csp_common.events.envelope import JSON
from csp_common.events.payload import EventPayload, Topic, event_types

ASYNCAPI_VERSION = "3.0.0"
KAFKA_BINDING_VERSION = "0.5.0"
_SCHEMAS = "#/components/schemas/"


def asyncapi_document(
    *,
    service: str,
    title: str,
    version: str,
    description: str,
    received: Iterable[Topic] = (),
) -> dict[str, Any]:
    """The AsyncAPI 3.0 document of `service`: what it sends and what it receives."""
    models = sorted(event_types().values(), key=lambda model: model.type)
    sent = {model.topic for model in models if model.topic.owner == service}
    topics = sent | set(received)
    documented = [model for model in models if model.topic in topics]
    names, schemas = _payload_schemas(documented)

    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    for topic in sorted(topics, key=lambda topic: topic.name):
        on_topic = [model for model in documented if model.topic == topic]
        channels[topic.name] = {
            "address": topic.name,
            "title": topic.name,
            "description": f"Events owned by {topic.owner}; CloudEvents source {topic.source}.",
            "messages": {
                model.type: {"$ref": f"#/components/messages/{model.type}"} for model in on_topic
            },
            "bindings": {"kafka": {"topic": topic.name, "bindingVersion": KAFKA_BINDING_VERSION}},
        }
        for action, verb in (("send", "publishes"), ("receive", "consumes")):
            if (action == "send") != (topic in sent):
                continue
            operations[f"{action}.{topic.name}"] = {
                "action": action,
                "title": f"{service} {verb} on {topic.name}",
                "channel": {"$ref": f"#/channels/{topic.name}"},
                "messages": [
                    {"$ref": f"#/channels/{topic.name}/messages/{model.type}"} for model in on_topic
                ],
            }

    messages = {
        model.type: _message(model, payload_ref=_SCHEMAS + names[model]) for model in documented
    }
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {"title": f"{title} events", "version": version, "description": description},
        "defaultContentType": JSON,
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages, "schemas": schemas},
    }


def _payload_schemas(
    models: list[type[EventPayload]],
) -> tuple[dict[type[EventPayload], str], dict[str, Any]]:
    """Each model's component name, and every schema with its references into components."""
    if not models:
        return {}, {}
    refs, definitions = models_json_schema(
        [(model, "serialization") for model in models],
        ref_template=_SCHEMAS + "{model}",
    )
    names = {
        model: refs[(model, "serialization")]["$ref"].removeprefix(_SCHEMAS) for model in models
    }
    return names, definitions.get("$defs", {})


def _message(model: type[EventPayload], *, payload_ref: str) -> dict[str, Any]:
    topic = model.topic
    return {
        "name": model.type,
        "title": model.__name__,
        "summary": (model.__doc__ or "").strip().split("\n\n")[0] or model.type,
        "contentType": JSON,
        "headers": _cloudevents_headers(model.type, topic),
        "payload": {"$ref": payload_ref},
        "bindings": {
            "kafka": {
                "key": {"type": "string", "description": "The aggregate's id (the record key)."},
                "bindingVersion": KAFKA_BINDING_VERSION,
            }
        },
    }


def _cloudevents_headers(event_type: str, topic: Topic) -> dict[str, Any]:
    """The CloudEvents 1.0 Kafka binary-mode headers of one event type."""
    return {
        "type": "object",
        "required": ["ce_specversion", "ce_id", "ce_source", "ce_type", "ce_time", "content-type"],
        "properties": {
            "ce_specversion": {"type": "string", "const": "1.0"},
            "ce_id": {"type": "string", "description": "The event's id: a redelivery keeps it."},
            "ce_source": {"type": "string", "const": topic.source},
            "ce_type": {"type": "string", "const": event_type},
            "ce_time": {"type": "string", "format": "date-time"},
            "content-type": {"type": "string", "const": JSON},
        },
    }
