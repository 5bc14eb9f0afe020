"""`make bench`: run every `bench/bench_*.py` and write `docs/benchmarks.md`.

Each module has `async def run() -> Section` returning a Markdown section with its figures
and the measures it took for the summary table (a plain `str` is a section without any).
`python -m bench NAME ...` runs only the named modules (e.g. `outbox`) and keeps the other
sections, and the other modules' summary rows, of the existing file.
"""

import asyncio
import importlib
import os
import platform
import re
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.summary import Section, earlier_rows, render
from bench.summary import row as summary_row

BENCH_DIR = Path(__file__).parent
OUTPUT = BENCH_DIR.parent / "docs" / "benchmarks.md"
MARK = "<!-- section: {} -->"
SUMMARY = "summary"


def _modules(selected: list[str]) -> list[str]:
    names = sorted(p.stem.removeprefix("bench_") for p in BENCH_DIR.glob("bench_*.py"))
    return [n for n in names if not selected or n in selected]


def _existing_sections() -> dict[str, str]:
    if not OUTPUT.exists():
        return {}
    parts = re.split(r"<!-- section: ([a-z_]+) -->\n", OUTPUT.read_text())
    return {parts[i]: parts[i + 1].rstrip() + "\n" for i in range(1, len(parts) - 1, 2)}


def _header() -> str:
    cpu = platform.processor() or platform.machine()
    return (
        "# Benchmarks\n\n"
        "Written by `make bench` (`python -m bench`). Each section measures one part of the\n"
        "platform beside a bare baseline run on the same machine in the same run, so the\n"
        "ratio means more than the absolute figure.\n\n"
        f"Last run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores, {cpu}.\n\n"
    )


async def main(selected: list[str]) -> None:
    sections = _existing_sections()
    summary_rows = earlier_rows(sections.pop(SUMMARY, ""))
    names = _modules(selected)
    for name in names:
        module = importlib.import_module(f"bench.bench_{name}")
        started = time.perf_counter()
        load = os.getloadavg()[0]
        print(f"bench {name} ... (load average {load:.1f})", flush=True)
        result = await module.run()
        section = result if isinstance(result, Section) else Section(text=result)
        sections[name] = section.text.rstrip() + "\n"
        when = f"{datetime.now(UTC):%Y-%m-%d %H:%M}"
        summary_rows[name] = [
            summary_row(m, module=name, load=load, when=when) for m in section.measures
        ]
        print(f"bench {name} done in {time.perf_counter() - started:.0f}s", flush=True)
    summary = render(summary_rows, order=_modules([]))
    body = f"{MARK.format(SUMMARY)}\n{summary}\n" + "".join(
        f"{MARK.format(name)}\n{text}\n" for name, text in sorted(sections.items())
    )
    OUTPUT.parent.mkdir(exist_ok=True)
    OUTPUT.write_text(_header() + body)
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1:]))
