"""Figures written into a Markdown document section by section.

Each run (the chaos harness, the sustained load, the fuzzing) replaces only its own
section, marked `<!-- section: NAME -->`, and keeps the others, hand-written ones too,
where they were; a new section goes at the end.
"""

import re
from pathlib import Path

MARK = "<!-- section: {} -->"
_SPLIT = re.compile(r"<!-- section: ([a-z_]+) -->\n")


def read_sections(path: Path) -> tuple[str, dict[str, str]]:
    """The text before the first section, and each section's text by name."""
    if not path.exists():
        return "", {}
    parts = _SPLIT.split(path.read_text())
    sections = {parts[i]: parts[i + 1].rstrip() + "\n" for i in range(1, len(parts) - 1, 2)}
    return parts[0], sections


def write_section(path: Path, name: str, text: str, *, header: str) -> None:
    """Replace (or add) section `name`; the document starts with `header`."""
    _, sections = read_sections(path)
    sections[name] = text.rstrip() + "\n"
    body = "".join(f"{MARK.format(n)}\n{t}\n" for n, t in sections.items())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header.rstrip() + "\n\n" + body)


RELIABILITY_HEADER = """# Reliability

What happens to referrals when processes die, and how the platform holds up under
steady traffic. `make reliability` runs each part and rewrites its section with the
figures of that run on this project's machine (2 cores, shared with other work).
"""
