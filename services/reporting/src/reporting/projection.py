"""From events to facts: each event type has one projector, registered with `@projects`.

A projector is a pure function of the event (and of the settings that map codes to
the measures reported): it returns the facts the event contributes. Adding a topic
(`csp.dhr`, `csp.svd-fund`) is adding models and projectors: the consumer subscribes
to the topic of every registered event type.
"""

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import TypeVar

from csp_common import clock
from csp_common.events import EventPayload, ReceivedEvent, Topic
from reporting.read_models import Fact
from reporting.settings import ReportingSettings


class Projecting:
    """What a projector gets besides the payload."""

    __slots__ = ("event", "event_time", "settings")

    def __init__(self, event: ReceivedEvent, settings: ReportingSettings) -> None:
        self.event = event
        self.settings = settings
        self.event_time: datetime = clock.as_utc(event.time)

    def local(self, moment: datetime) -> datetime:
        """A timestamp in the partnership's time zone (decides its day and hour)."""
        return clock.as_utc(moment).astimezone(self.settings.zone)


Projector = Callable[[EventPayload, Projecting], Iterable[Fact]]

_PROJECTORS: dict[type[EventPayload], Projector] = {}
_IGNORED: set[type[EventPayload]] = set()


P = TypeVar("P", bound=EventPayload)
TypedProjector = Callable[[P, Projecting], Iterable[Fact]]


def projects(payload_type: type[P]) -> Callable[[TypedProjector[P]], TypedProjector[P]]:
    """Register the decorated function as the projector of `payload_type`."""

    def register(function: TypedProjector[P]) -> TypedProjector[P]:
        if payload_type in _PROJECTORS:
            raise ValueError(f"{payload_type.__name__} already has a projector")
        _PROJECTORS[payload_type] = function  # type: ignore[assignment]
        return function

    return register


def ignore(*payload_types: type[EventPayload]) -> None:
    """Event types reporting reads but builds nothing from (said so, not forgotten)."""
    _IGNORED.update(payload_types)


def topics() -> tuple[Topic, ...]:
    """Every topic with an event type reporting projects or deliberately ignores."""
    seen: dict[str, Topic] = {}
    for payload_type in (*_PROJECTORS, *_IGNORED):
        seen.setdefault(payload_type.topic.name, payload_type.topic)
    return tuple(sorted(seen.values(), key=lambda t: t.name))


def projected_types() -> set[type[EventPayload]]:
    return set(_PROJECTORS)


def project(events: Iterable[ReceivedEvent], settings: ReportingSettings) -> Iterator[Fact]:
    """The facts of a batch of events, in order. Unknown types contribute nothing."""
    for event in events:
        projector = _PROJECTORS.get(type(event.payload))
        if projector is not None:
            yield from projector(event.payload, Projecting(event, settings))
