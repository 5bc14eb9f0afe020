"""The summary table at the top of docs/benchmarks.md: one row per measure of the
performance aims, each with its baseline from the same run and the machine's load.

A bench module's `run()` returns a `Section`: its Markdown and the measures it took.
Rows of modules not run this time are kept from the file, each marked with its module.
"""

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Measure:
    name: str
    figure: str
    baseline: str
    ratio: str
    aim: str


@dataclass(frozen=True)
class Section:
    text: str
    measures: list[Measure] = field(default_factory=list)


HEADER = (
    "## Summary: the performance aims\n\n"
    "Each figure beside its baseline from the same run (the bare counterpart on the same\n"
    "machine at the same moment); `load` is the machine's 1-minute load average when that\n"
    "bench started (2 cores, shared with other work).\n\n"
    "| measure | figure | baseline (same run) | ratio | aim | load | run |\n"
    "|---|---:|---:|---:|---|---:|---|\n"
)
_ROW = re.compile(r"^\|.*<!-- from: ([a-z_]+) --> \|$", re.MULTILINE)


def row(measure: Measure, *, module: str, load: float, when: str) -> str:
    return (
        f"| {measure.name} | {measure.figure} | {measure.baseline} | {measure.ratio} "
        f"| {measure.aim} | {load:.1f} | {when} <!-- from: {module} --> |"
    )


def earlier_rows(summary_text: str) -> dict[str, list[str]]:
    """The rows of an existing summary, by the module that measured them."""
    rows: dict[str, list[str]] = {}
    for match in _ROW.finditer(summary_text):
        rows.setdefault(match.group(1), []).append(match.group(0))
    return rows


def render(rows: dict[str, list[str]], order: list[str]) -> str:
    lines = [line for name in order for line in rows.get(name, [])]
    return HEADER + "\n".join(lines) + "\n"
