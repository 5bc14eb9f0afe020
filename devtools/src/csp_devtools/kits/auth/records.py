"""Records made through a service's API by following its OpenAPI links: for an operation
with path parameters, the calls that create what they name, made by the owner."""

from dataclasses import dataclass

import httpx

from csp_devtools.kits.auth.operations import (
    Operation,
    Request,
    Unresolved,
    evaluate,
    example_request,
    links_to,
)


@dataclass(frozen=True)
class Principal:
    agency: str
    scopes: tuple[str, ...]
    area: str | None = None


class NoRecord(AssertionError):
    """No link into an operation gave it a record to name."""


class Records:
    """A source operation's first answer is kept: an example makes one record (a second
    meeting on the same day is refused). `fresh` makes new records where the example
    can be sent again, for an operation that changes what it is sent (closing a case
    must not close the case other tests read)."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        owner_headers: dict[str, str],
        bodies: dict[str, object],
    ) -> None:
        self.client = client
        self.owner_headers = owner_headers
        self.bodies = bodies
        self._made: dict[Operation, tuple[Request, httpx.Response]] = {}

    def made(self) -> list[tuple[Request, httpx.Response]]:
        """The records made so far: each source operation's request and first answer."""
        return list(self._made.values())

    async def request_for(
        self, operation: Operation, *, fresh: bool = False, via: tuple[Operation, ...] = ()
    ) -> Request:
        """A request for `operation` whose path parameters name records that exist: the
        first link into it whose source (made the same way) answers with them."""
        request = example_request(operation, self.bodies)
        problems: list[str] = []
        for link in links_to(operation):
            if link.source in (*via, operation):
                continue
            try:
                source = await self.request_for(link.source, fresh=fresh, via=(*via, operation))
            except NoRecord as exc:
                problems.append(str(exc))
                continue
            source, response = await self._make(link.source, source, fresh=fresh)
            if not response.is_success:
                problems.append(
                    f"{link.source.label} answered {response.status_code}: {response.text[:300]}"
                )
                continue
            try:
                values = evaluate(link.parameters, source, response)
                body = evaluate(link.request_body, source, response)
            except Unresolved as exc:
                problems.append(f"{link.source.label} gave no {exc}")
                continue
            return request.with_link_values(values, body)
        if operation.parameters("path"):
            raise NoRecord(
                f"{operation.id}: no OpenAPI link gives it a record to name "
                f"({'; '.join(problems) or 'no link leads to it'})"
            )
        return request

    async def _make(
        self, operation: Operation, request: Request, *, fresh: bool
    ) -> tuple[Request, httpx.Response]:
        if fresh or operation not in self._made:
            response = await request.send(self.client, self.owner_headers)
            if not response.is_success:
                return self._made.get(operation, (request, response))
            self._made.setdefault(operation, (request, response))
            return request, response
        return self._made[operation]
