"""What the fuzz tests share: the documents, how many examples, and a tally of calls
and server errors per operation (a section of the Markdown file `CSP_FUZZ_REPORT`
names, when it is set: `make reliability` writes docs/reliability.md)."""

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import schemathesis

from csp_devtools.testing.platform import installed_services

EXAMPLES = int(os.environ.get("CSP_FUZZ_EXAMPLES", "10"))
LONG = EXAMPLES >= 1000
"""The long run explores at random (its seed is printed on failure); the short one is
the same every time."""

DOCUMENTS = {service.name: service.openapi() for service in installed_services()}
SCHEMAS = {name: schemathesis.openapi.from_dict(document) for name, document in DOCUMENTS.items()}


def fuzz_settings(**overrides: Any) -> hypothesis.settings:
    values: dict[str, Any] = {
        "max_examples": EXAMPLES,
        "deadline": None,
        "suppress_health_check": list(hypothesis.HealthCheck),
        "derandomize": not LONG,
        "database": None,
    }
    return hypothesis.settings(**{**values, **overrides})


@schemathesis.serializer("application/x-ndjson", "text/csv")
def _as_text(context: Any, value: Any) -> bytes:
    """Import files: an example is already text; anything else is sent as its JSON."""
    return value.encode() if isinstance(value, str) else json.dumps(value, default=str).encode()


@dataclass
class Tally:
    """Calls and 5xx answers per operation; each distinct 5xx with a curl line to repeat it."""

    service: str
    mode: str
    calls: Counter[str] = field(default_factory=Counter)
    server_errors: dict[tuple[str, int, str], str] = field(default_factory=dict)

    def record(self, case: Any, response: Any) -> None:
        label = f"{case.method.upper()} {case.path}"
        self.calls[label] += 1
        if response.status_code >= 500:
            key = (label, response.status_code, response.text[:200])
            self.server_errors.setdefault(
                key, case.as_curl_command(headers=dict(response.request.headers))
            )

    def failures(self) -> str:
        return "\n\n".join(
            f"{label} answered {status}: {body}\n  {curl}"
            for (label, status, body), curl in sorted(self.server_errors.items())
        )

    def summary(self) -> str:
        fewest = min(self.calls.items(), key=lambda item: item[1], default=("-", 0))
        return (
            f"| {self.service} | {self.mode} | {len(self.calls)} | {sum(self.calls.values()):,} "
            f"| {fewest[1]:,} (`{fewest[0]}`) | {len(self.server_errors)} |"
        )


def report(tallies: list[Tally]) -> str:
    lines = [
        "## Fuzzing",
        "",
        f"schemathesis, {EXAMPLES:,} examples per operation (`stateless`: each operation "
        f"alone) and {EXAMPLES:,} call sequences per service that follow the OpenAPI links "
        "(`stateful`), with a token that has every scope; `5xx` counts distinct server "
        "errors (operation, status, body). `tests/fuzz`.",
        "",
        "| service | mode | operations called | calls | fewest calls of one operation | 5xx |",
        "|---|---|---:|---:|---|---:|",
        *(tally.summary() for tally in tallies),
    ]
    for tally in tallies:
        if tally.server_errors:
            lines += ["", f"Server errors of {tally.service} ({tally.mode}):", "", "```"]
            lines += [tally.failures(), "```"]
    return "\n".join(lines) + "\n"
