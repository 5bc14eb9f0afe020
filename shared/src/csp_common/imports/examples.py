"""An import kind's example row as the files a partner's developer would send: one NDJSON
line and a CSV header with one row (an XLSX sheet has the CSV's columns), for the
operation's OpenAPI document.

The CSV row is made from the example's JSON by the kind's columns: a nested field at its
dotted column, a list as `;`-separated cells, a mapping as `key=value` pairs, true and
false in words. Both files are read back through the engine's own readers and row
model when the service builds its routes, and must give the same row: an example the
import would refuse stops the service from starting, so none reaches a document.
"""

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel

from csp_common.imports.columns import Columns, Path
from csp_common.imports.flows import validate
from csp_common.imports.readers import read_csv, read_ndjson
from csp_common.imports.rows import ValidRow


class BadExample(ValueError):
    """An import kind's example its own import would not take."""


def _at(row: Mapping[str, Any], path: Path) -> Any:
    value: Any = row
    for part in path:
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _cell(value: Any, separator: str) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return separator.join(_cell(item, separator) for item in value)
    if isinstance(value, Mapping):
        return separator.join(f"{key}={_cell(item, separator)}" for key, item in value.items())
    return str(value)


def ndjson_example(example: Mapping[str, Any]) -> str:
    return json.dumps(example) + "\n"


def csv_example(example: Mapping[str, Any], columns: Columns) -> str:
    """The header of the columns the example fills (and every required one), and its row."""
    names = [
        name
        for name, path in columns.paths.items()
        if name in columns.required or _at(example, path) is not None
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(names)
    writer.writerow(
        [
            "" if (value := _at(example, columns.paths[name])) is None
            else _cell(value, columns.separator)
            for name in names
        ]
    )  # fmt: skip
    return out.getvalue()


def _read_back(text: str, model: type[BaseModel], columns: Columns, csv_file: bool) -> BaseModel:
    handle = io.BytesIO(text.encode())
    rows = list(read_csv(handle, columns) if csv_file else read_ndjson(handle))
    if len(rows) != 1:
        raise BadExample(f"the example is {len(rows)} rows, not one")
    read = validate(rows[0], model)
    if not isinstance(read, ValidRow):
        raise BadExample(f"the import refuses its example: {read}")
    return read.body


def upload_examples(
    name: str, example: Mapping[str, Any], model: type[BaseModel], columns: Columns
) -> dict[str, str]:
    """Media type -> the example file, checked (`BadExample` names the kind)."""
    files = {
        "text/csv": csv_example(example, columns),
        "application/x-ndjson": ndjson_example(example),
    }
    try:
        from_csv = _read_back(files["text/csv"], model, columns, csv_file=True)
        from_json = _read_back(files["application/x-ndjson"], model, columns, csv_file=False)
    except BadExample as bad:
        raise BadExample(f"import {name!r}: {bad}") from None
    if from_csv != from_json:
        raise BadExample(f"import {name!r}: its CSV example reads as another row than its NDJSON")
    return files
