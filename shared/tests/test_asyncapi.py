"""Every installed service serves an AsyncAPI 3.0 document at `/asyncapi.json`, without a
token: it holds the structure the AsyncAPI 3.0.0 specification requires, each of its
references resolves, its headers are the ones the outbox writes, and together the
documents name every registered event type.

No AsyncAPI JSON Schema ships in an installed package, so the structural rules of the
specification this platform's documents use are stated below (`ASYNCAPI_3_STRUCTURE`)
and checked with jsonschema; payloads are checked as JSON Schemas (draft 7, which the
AsyncAPI Schema Object extends)."""

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from jsonschema import Draft7Validator, Draft202012Validator

from csp_common.events import event_types
from csp_common.events.envelope import to_kafka
from csp_devtools.keys import generate_key_pair
from csp_devtools.testing.platform import InstalledService, installed_services

KEY = r"^[A-Za-z0-9.\-_]+$"
REF = {
    "type": "object",
    "required": ["$ref"],
    "properties": {"$ref": {"type": "string", "pattern": "^#/"}},
    "additionalProperties": False,
}
EXTENSIONS = {"^x-[\\w\\d.\\-_]+$": {}}
SCHEMA_OBJECT = {"type": ["object", "boolean"]}

ASYNCAPI_3_STRUCTURE: dict[str, Any] = {
    "type": "object",
    "required": ["asyncapi", "info"],
    "additionalProperties": False,
    "patternProperties": EXTENSIONS,
    "properties": {
        "asyncapi": {"const": "3.0.0"},
        "id": {"type": "string", "format": "uri"},
        "info": {
            "type": "object",
            "required": ["title", "version"],
            "properties": {
                "title": {"type": "string"},
                "version": {"type": "string"},
                "description": {"type": "string"},
            },
        },
        "servers": {"type": "object"},
        "defaultContentType": {"type": "string"},
        "channels": {
            "type": "object",
            "propertyNames": {"pattern": KEY},
            "additionalProperties": {
                "type": "object",
                "additionalProperties": False,
                "patternProperties": EXTENSIONS,
                "properties": {
                    "address": {"type": ["string", "null"]},
                    "title": {"type": "string"},
                    "summary": {"type": "string"},
                    "description": {"type": "string"},
                    "messages": {
                        "type": "object",
                        "propertyNames": {"pattern": KEY},
                        "additionalProperties": REF,
                    },
                    "servers": {"type": "array", "items": REF},
                    "parameters": {"type": "object"},
                    "tags": {"type": "array"},
                    "externalDocs": {"type": "object"},
                    "bindings": {"type": "object"},
                },
            },
        },
        "operations": {
            "type": "object",
            "propertyNames": {"pattern": KEY},
            "additionalProperties": {
                "type": "object",
                "required": ["action", "channel"],
                "additionalProperties": False,
                "patternProperties": EXTENSIONS,
                "properties": {
                    "action": {"enum": ["send", "receive"]},
                    "channel": REF,
                    "messages": {"type": "array", "items": REF},
                    "title": {"type": "string"},
                    "summary": {"type": "string"},
                    "description": {"type": "string"},
                    "security": {"type": "array"},
                    "tags": {"type": "array"},
                    "externalDocs": {"type": "object"},
                    "bindings": {"type": "object"},
                    "traits": {"type": "array"},
                    "reply": {"type": "object"},
                },
            },
        },
        "components": {
            "type": "object",
            "additionalProperties": False,
            "patternProperties": EXTENSIONS,
            "properties": {
                "schemas": {
                    "type": "object",
                    "propertyNames": {"pattern": KEY},
                    "additionalProperties": SCHEMA_OBJECT,
                },
                "messages": {
                    "type": "object",
                    "propertyNames": {"pattern": KEY},
                    "additionalProperties": {
                        "type": "object",
                        "additionalProperties": False,
                        "patternProperties": EXTENSIONS,
                        "properties": {
                            "headers": {
                                "anyOf": [
                                    REF,
                                    {"type": "object", "properties": {"type": {"const": "object"}}},
                                ]
                            },
                            "payload": {"anyOf": [REF, SCHEMA_OBJECT]},
                            "correlationId": {"type": "object"},
                            "contentType": {"type": "string"},
                            "name": {"type": "string"},
                            "title": {"type": "string"},
                            "summary": {"type": "string"},
                            "description": {"type": "string"},
                            "tags": {"type": "array"},
                            "externalDocs": {"type": "object"},
                            "bindings": {"type": "object"},
                            "examples": {"type": "array"},
                            "traits": {"type": "array"},
                        },
                    },
                },
            },
        },
    },
}

SERVICES = installed_services()
CONTRACTS = {
    event_type: model
    for event_type, model in event_types().items()
    if model.__module__.startswith("csp_common.contracts.")
}
"""The platform's event types (other tests register payloads of their own)."""


def _document(service: InstalledService) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as keys:
        _, public_key = generate_key_pair(Path(keys))
        app = service.create_app(
            service.settings_class(auth_public_key_file=public_key, kafka_enabled=False)
        )
    response = TestClient(app).get("/asyncapi.json")
    assert response.status_code == 200, response.text
    return response.json()


DOCUMENTS = {service.name: _document(service) for service in SERVICES}


def _resolve(document: dict[str, Any], ref: str) -> Any:
    node: Any = document
    for part in ref.removeprefix("#/").split("/"):
        assert isinstance(node, dict) and part in node, f"{ref} does not resolve"
        node = node[part]
    return node


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [ref for value in node.values() for ref in _refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in _refs(value)]
    return []


def test_every_service_serves_one() -> None:
    assert {"referral-hub", "marac", "reporting"} <= set(DOCUMENTS)


@pytest.mark.parametrize("service", DOCUMENTS)
def test_the_document_has_the_structure_of_asyncapi_3(service: str) -> None:
    Draft202012Validator.check_schema(ASYNCAPI_3_STRUCTURE)
    errors = sorted(
        Draft202012Validator(ASYNCAPI_3_STRUCTURE).iter_errors(DOCUMENTS[service]), key=str
    )
    assert errors == [], [f"{list(error.absolute_path)}: {error.message}" for error in errors]


@pytest.mark.parametrize("service", DOCUMENTS)
def test_every_reference_resolves(service: str) -> None:
    document = DOCUMENTS[service]
    for ref in _refs(document):
        _resolve(document, ref)


@pytest.mark.parametrize("service", DOCUMENTS)
def test_operations_use_their_channels_messages(service: str) -> None:
    # The specification: an operation's messages are a subset of its channel's.
    document = DOCUMENTS[service]
    for name, operation in document["operations"].items():
        channel = operation["channel"]["$ref"]
        for message in operation["messages"]:
            assert message["$ref"].startswith(f"{channel}/messages/"), name


@pytest.mark.parametrize("service", DOCUMENTS)
def test_payloads_and_headers_are_json_schemas(service: str) -> None:
    components = DOCUMENTS[service]["components"]
    for schema in components["schemas"].values():
        Draft7Validator.check_schema(schema)
    for message in components["messages"].values():
        Draft7Validator.check_schema(message["headers"])


@pytest.mark.parametrize("service", DOCUMENTS)
def test_a_service_sends_on_the_topics_it_owns(service: str) -> None:
    document = DOCUMENTS[service]
    owned = {model.type for model in CONTRACTS.values() if model.topic.owner == service}
    sent = {
        message["$ref"].rsplit("/", 1)[-1]
        for operation in document["operations"].values()
        if operation["action"] == "send"
        for message in operation["messages"]
    }
    assert owned <= sent


def test_reporting_receives_what_others_send() -> None:
    received = {
        name.removeprefix("receive.")
        for name, operation in DOCUMENTS["reporting"]["operations"].items()
        if operation["action"] == "receive"
    }
    assert {"csp.referrals", "csp.marac"} <= received


def test_every_registered_event_type_is_documented() -> None:
    documented = {
        message for document in DOCUMENTS.values() for message in document["components"]["messages"]
    }
    assert len(CONTRACTS) >= 50
    assert set(CONTRACTS) - documented == set()


@pytest.mark.parametrize("event_type", sorted(CONTRACTS))
def test_the_documented_headers_are_the_ones_the_outbox_writes(event_type: str) -> None:
    model = CONTRACTS[event_type]
    document = DOCUMENTS[model.topic.owner]
    schema = document["components"]["messages"][event_type]["headers"]
    _, headers = to_kafka(
        event_id="0b7c3e5e-2f4d-4a8e-9d61-7a1f3c2b9e10",
        source=model.topic.source,
        event_type=event_type,
        time=datetime(2026, 4, 1, 9, 30, tzinfo=UTC),
        key="0b7c3e5e-2f4d-4a8e-9d61-7a1f3c2b9e11",
        data=b"{}",
    )
    Draft7Validator(schema).validate({name: value.decode() for name, value in headers})
