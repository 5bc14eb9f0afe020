"""Finding published counts of people or cases that are small, or that a complement gives.

What counts people is read from the figures themselves: in JSON, the `x-figure-kind` of
the OpenAPI schema beside each value; in a page or a document, the note under each table
(which the caller recognises), and in prose, a number followed by a word for people or
cases. A *complement* is a total less the parts shown of it: the same figure's breakdown
(`by_area`, `by_hour`, a table's rows against its "All"), or a period's figure less the
figures of the periods it is made of.
"""

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

Path = tuple[str, ...]

KIND_KEY = "x-figure-kind"
"""Where a figure's schema says what it counts (reporting's `figures`)."""
PEOPLE = "people"

PEOPLE_WORDS = (
    r"referrals?|cases?|crimes?|victims?|incidents?|people|persons?|children|nominations?|"
    r"interventions?|applications?|actions?|routes?|participants?|perpetrators?|subjects?|"
    r"offences?|breach(?:es)?"
)
PROSE = re.compile(
    rf"(?<![\w.,%£/:-])(\d[\d,]*)(?![\w.,%/:-])(?!\s+to\s+\d)\s+(?:[A-Za-z+'-]+\s+){{0,3}}?"
    rf"(?:{PEOPLE_WORDS})\b",
)
WHOLE = re.compile(r"^\d{1,3}(?:,\d{3})*$")


@dataclass
class Findings:
    threshold: int
    leaks: list[str] = field(default_factory=list)
    people_seen: int = 0
    suppressed_seen: int = 0

    def small(self, value: object) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and 0 < value < self.threshold

    def count(self, where: str, value: object) -> None:
        self.people_seen += 1
        if value == "suppressed":
            self.suppressed_seen += 1
        elif self.small(value):
            self.leaks.append(f"{where}: {value} people or cases")

    def complement(self, where: str, total: object, parts: Sequence[object]) -> None:
        if not isinstance(total, int) or not parts:
            return
        rest = total - sum(p for p in parts if isinstance(p, int))
        if self.small(rest):
            self.leaks.append(f"{where}: {total} less its parts shown leaves {rest}")

    def prose(self, where: str, text: str) -> None:
        for match in PROSE.finditer(" ".join(text.split())):
            value = int(match.group(1).replace(",", ""))
            if self.small(value):
                self.leaks.append(f"{where}: {match.group(0)!r}")


# ---- JSON, read with its OpenAPI schema ---------------------------------------------


def _resolve(schema: Mapping[str, Any], components: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def people_counts(
    value: Any, schema: Mapping[str, Any], components: Mapping[str, Any], path: Path = ()
) -> Iterator[tuple[Path, Any]]:
    """Every value the schema says counts people or cases, with its path."""
    schema = _resolve(schema, components)
    if KIND_KEY in schema:
        if schema[KIND_KEY] == PEOPLE and value is not None:
            yield path, value
        return
    branches = schema.get("anyOf") or schema.get("oneOf")
    if branches:
        discriminator = schema.get("discriminator")
        if discriminator and isinstance(value, dict):
            chosen = discriminator["mapping"][value[discriminator["propertyName"]]]
            yield from people_counts(value, {"$ref": chosen}, components, path)
            return
        for branch in branches:
            branch = _resolve(branch, components)
            if _fits(value, branch):
                yield from people_counts(value, branch, components, path)
                return
        return
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties")
        for key, item in value.items():
            sub = properties.get(key, extra if isinstance(extra, dict) else None)
            if sub is not None:
                yield from people_counts(item, sub, components, (*path, key))
    elif isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            yield from people_counts(item, schema["items"], components, (*path, str(index)))


def _fits(value: Any, schema: Mapping[str, Any]) -> bool:
    kind = schema.get("type")
    if value is None:
        return kind == "null"
    if KIND_KEY in schema or "anyOf" in schema or "oneOf" in schema:
        return True
    if isinstance(value, dict):
        return kind == "object" or "properties" in schema
    if isinstance(value, list):
        return kind == "array"
    return kind != "null"


def first_fields(schema: Mapping[str, Any], components: Mapping[str, Any]) -> list[str]:
    """The properties of an object schema, in order (its first people count is the total
    a `by_*` breakdown of plain counts splits)."""
    return list(_resolve(schema, components).get("properties", {}))


def check_json(
    findings: Findings,
    where: str,
    body: Any,
    schema: Mapping[str, Any],
    components: Mapping[str, Any],
) -> dict[Path, Any]:
    """Checks one answer; returns its people counts by path (for the periods' check)."""
    counts = dict(people_counts(body, schema, components))
    for path, value in counts.items():
        findings.count(f"{where} {'.'.join(path)}", value)
    _breakdowns(findings, where, body, counts)
    return counts


def _node(body: Any, path: Path) -> Any:
    for key in path:
        body = body[int(key)] if isinstance(body, list) else body[key]
    return body


def _breakdowns(findings: Findings, where: str, body: Any, counts: Mapping[Path, Any]) -> None:
    """A total against the parts of a breakdown beside it: `cases` and
    `by_area.*.cases`, `crimes` and `by_hour.*`."""
    for path, total in counts.items():
        for split in range(len(path)):
            node_path, suffix = path[:split], path[split:]
            node = _node(body, node_path)
            if not isinstance(node, dict) or node.get("multi_valued"):
                continue
            for name, mapping in node.items():
                if not (name.startswith("by_") or name == "groups") or not isinstance(
                    mapping, dict
                ):
                    continue
                parts = [counts.get((*node_path, name, key, *suffix)) for key in mapping]
                if parts and all((*node_path, name, key, *suffix) in counts for key in mapping):
                    findings.complement(f"{where} {'.'.join(path)} against {name}", total, parts)
                if split == len(path) - 1 and _first_count(node, node_path, counts) == path:
                    plain = [
                        counts.get((*node_path, name, key))
                        if (*node_path, name, key) in counts
                        else counts.get((*node_path, name, key, "count"))
                        for key in mapping
                    ]
                    if plain and all(p is not None for p in plain):
                        findings.complement(
                            f"{where} {'.'.join(path)} against {name}", total, plain
                        )


def _first_count(node: dict, node_path: Path, counts: Mapping[Path, Any]) -> Path | None:
    for key in node:
        if (*node_path, key) in counts:
            return (*node_path, key)
    return None


def check_periods(
    findings: Findings,
    where: str,
    by_period: Mapping[str, dict[Path, Any]],
    made_of: Mapping[str, Iterable[str]],
) -> None:
    """A period's figures against those of the periods it is made of (a quarter and its
    months, a financial year and its quarters)."""
    for whole, parts in made_of.items():
        parts = list(parts)
        if whole not in by_period or not all(p in by_period for p in parts):
            continue
        for path, total in by_period[whole].items():
            if all(path in by_period[p] for p in parts):
                findings.complement(
                    f"{where} {'.'.join(path)} {whole} against {', '.join(parts)}",
                    total,
                    [by_period[p][path] for p in parts],
                )


# ---- pages and documents: tables with their note, and prose ------------------------


def _number(text: str) -> int | str | None:
    text = text.strip()
    if text == "suppressed":
        return text
    return int(text.replace(",", "")) if WHOLE.match(text) else None


def check_table(findings: Findings, where: str, rows: Sequence[Sequence[str]]) -> None:
    """A table of people's counts (its header row first, each row's first cell a label):
    no small count, and no "All" row that its other rows leave a small count of."""
    body = [row for row in rows[1:] if row]
    for row in body:
        for text in row[1:]:
            value = _number(text)
            if value is not None:
                findings.count(f"{where} row {row[0]!r}", value)
    totals = [row for row in body if row[0].strip().lower() in {"all", "total"}]
    parts = [row for row in body if row not in totals]
    for total in totals:
        for column in range(1, len(total)):
            values = [_number(row[column]) if column < len(row) else None for row in parts]
            if all(v is not None for v in values):
                findings.complement(
                    f"{where} column {column}",
                    _number(total[column]),
                    values,
                )
