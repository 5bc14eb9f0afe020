"""Payload models and the guard that keeps personal data out of events.

Every event type is a subclass of `EventPayload` declaring its `type` (with a major
version) and its `topic`. Defining a subclass registers it, and checks every field:

- a field whose name says it holds personal data (a name, a date of birth, an address,
  a postcode, contact details, notes) is refused;
- a string field must be a code: an enum, a `Literal`, or a `Code` (a short string
  matching a pattern); an unconstrained `str` could carry free text, so it is refused.

The check runs when the class is defined, so a service cannot even import a payload
that would leak, let alone publish it.
"""

import enum
import re
import types
import typing
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any, ClassVar, Literal, get_args, get_origin
from uuid import UUID

from annotated_types import MaxLen
from pydantic import BaseModel, ConfigDict, StringConstraints
from pydantic.fields import FieldInfo


@dataclass(frozen=True)
class Topic:
    name: str
    owner: str

    @property
    def source(self) -> str:
        """CloudEvents `source` of every event on this topic: the owning service."""
        return f"/csp/{self.owner}"

    @property
    def dead_letter(self) -> str:
        return f"{self.name}.dlq"


CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.:+/-]{0,63}$"
Code = Annotated[str, StringConstraints(pattern=CODE_PATTERN, max_length=64)]
"""A short machine code: an area, an agency, a reason code. Never prose."""

MAX_CODE_LENGTH = 64

PERSONAL_DATA_WORDS = frozenset(
    {
        "name",
        "names",
        "forename",
        "forenames",
        "surname",
        "firstname",
        "lastname",
        "givenname",
        "familyname",
        "dob",
        "birth",
        "birthday",
        "address",
        "street",
        "postcode",
        "zip",
        "phone",
        "telephone",
        "mobile",
        "email",
        "contact",
        "nhs",
        "ni",
        "notes",
        "note",
        "narrative",
        "description",
        "comment",
        "comments",
        "text",
        "details",
        "freetext",
        "safe",
    }
)


class PersonalDataError(TypeError):
    """An event payload field could carry personal data."""


_REGISTRY: dict[str, type["EventPayload"]] = {}


class EventPayload(BaseModel):
    """Base of every event payload. Subclasses set `type` and `topic`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: ClassVar[str]
    topic: ClassVar[Topic]

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        for field_name, info in cls.model_fields.items():
            _check_field(cls.__name__, field_name, info)
        if "type" in cls.__dict__:
            if not re.fullmatch(r"csp\.[a-z_.-]+\.v\d+", cls.type):
                raise ValueError(f"{cls.type!r}: event types look like csp.thing.happened.v1")
            existing = _REGISTRY.get(cls.type)
            if existing is not None and existing.__qualname__ != cls.__qualname__:
                raise ValueError(f"event type {cls.type} is already {existing.__qualname__}")
            _REGISTRY[cls.type] = cls


def payload_model(event_type: str) -> type[EventPayload] | None:
    return _REGISTRY.get(event_type)


def event_types() -> dict[str, type[EventPayload]]:
    return dict(_REGISTRY)


def _check_field(model: str, field_name: str, info: FieldInfo) -> None:
    words = set(re.split(r"[_\W]+", field_name.lower()))
    leaked = words & PERSONAL_DATA_WORDS
    if leaked:
        raise PersonalDataError(
            f"{model}.{field_name}: events must not carry personal data "
            f"({', '.join(sorted(leaked))})"
        )
    _check_type(f"{model}.{field_name}", info.annotation, list(info.metadata))


def _check_type(where: str, annotation: Any, metadata: list[Any]) -> None:
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *extra = get_args(annotation)
        _check_type(where, base, metadata + list(extra))
        return
    if origin is Literal:
        return
    if origin in (typing.Union, types.UnionType, list, tuple, set, frozenset):
        for arg in get_args(annotation):
            if arg is not Ellipsis:
                _check_type(where, arg, metadata)
        return
    if origin is dict:
        key, value = get_args(annotation)
        _check_type(f"{where}[key]", key, [])
        _check_type(where, value, [])
        return
    if annotation is str:
        if not _is_code(metadata):
            raise PersonalDataError(
                f"{where}: a plain str could carry free text; use an enum, a Literal or Code"
            )
        return
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, info in annotation.model_fields.items():
            _check_field(f"{where}", name, info)
        return
    if isinstance(annotation, type) and issubclass(
        annotation, (enum.Enum, bool, int, float, date, datetime, UUID)
    ):
        return
    if annotation is type(None):
        return
    raise PersonalDataError(f"{where}: type {annotation!r} is not allowed in an event payload")


def _is_code(metadata: list[Any]) -> bool:
    pattern = None
    max_length = None
    for item in metadata:
        if isinstance(item, StringConstraints):
            pattern = item.pattern or pattern
            max_length = item.max_length or max_length
        elif isinstance(item, MaxLen):
            max_length = item.max_length
        elif getattr(item, "pattern", None):
            pattern = item.pattern
    return pattern is not None and max_length is not None and max_length <= MAX_CODE_LENGTH
