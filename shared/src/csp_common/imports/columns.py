"""The columns of a CSV or XLSX import: which cell goes where in the row's JSON body.

By default a kind's columns are its row model's fields, nested models as dotted paths
(`victim.given_name`), list fields as `;`-separated cells. A service may name columns
itself (`dash.1` for `dash.answers.1`). A header naming a column the kind does not have
refuses the whole file before anything is stored: a column no row may hold (a name, a
date of birth) must never reach the database.
"""

import types
import typing
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from csp_common.imports.rows import Issue, storable

Path = tuple[str, ...]
# Blank is ASCII blank only: a line or cell of other characters (a control character, a
# no-break space) goes to the row model, which decides, rather than vanishing here.
BLANK = " \t\r\n"
MAX_COLUMNS = 1000
SHOWN_NAMES = 20


class FileRefused(ValueError):
    """The whole file is refused before a job is made (its header is wrong, it is empty,
    it is not a workbook); `issues` are the reasons, with pointers such as `#/header`."""

    def __init__(self, detail: str, issues: list[Issue], *, kind: str = "validation") -> None:
        super().__init__(detail)
        self.detail = detail
        self.issues = issues
        self.kind = kind


@dataclass(frozen=True)
class Columns:
    """Column name -> path in the row; the columns a header must have; list columns."""

    paths: Mapping[str, Path]
    required: frozenset[str] = frozenset()
    lists: frozenset[str] = frozenset()
    separator: str = ";"

    @classmethod
    def of(cls, model: type[BaseModel]) -> "Columns":
        """The columns of `model`: one a field, nested models flattened with dots."""
        paths: dict[str, Path] = {}
        required: set[str] = set()
        lists: set[str] = set()
        _collect(model, (), True, paths, required, lists)
        return cls(paths=paths, required=frozenset(required), lists=frozenset(lists))

    def check_header(self, cells: list[str]) -> list[str]:
        """The header's column names; `FileRefused` for unknown, missing or repeated ones."""
        names = [_name(cell) for cell in cells]
        while names and names[-1] == "":  # a spreadsheet's trailing empty cells
            names.pop()
        if not names:
            raise FileRefused(
                "The file has no header row: a CSV or XLSX import starts with one.",
                [Issue("#/header", "missing", "no header row")],
            )
        if len(names) > MAX_COLUMNS:
            raise FileRefused(
                f"The header has over {MAX_COLUMNS} columns.",
                [Issue("#/header", "too_many", f"over {MAX_COLUMNS} columns")],
            )
        issues = []
        unknown = [n for n in names if n not in self.paths]
        missing = sorted(self.required - set(names))
        repeated = sorted(n for n, times in Counter(names).items() if n and times > 1)
        if unknown:
            # The names are shown cut short: a header is the caller's text, not ours to repeat.
            shown = ", ".join(
                repr(storable(n, 40)) if n else "(no name)" for n in unknown[:SHOWN_NAMES]
            )
            more = len(unknown) - SHOWN_NAMES
            tail = f" and {more} more" if more > 0 else ""
            issues.append(Issue("#/header", "unknown", f"unknown columns: {shown}{tail}"))
        if missing:
            issues.append(Issue("#/header", "missing", f"missing columns: {', '.join(missing)}"))
        if repeated:
            issues.append(Issue("#/header", "repeated", f"repeated columns: {', '.join(repeated)}"))
        if issues:
            raise FileRefused(
                "The header does not match the import's columns: "
                + "; ".join(i.detail for i in issues),
                issues,
            )
        return names

    def row(self, names: list[str], cells: list[str]) -> dict[str, Any]:
        """The JSON body of a row whose cells line up with the header `names`."""
        data: dict[str, Any] = {}
        for name, cell in zip(names, cells, strict=True):
            value = cell.strip(BLANK)
            if not value:
                continue  # a blank cell is an absent value
            path = self.paths[name]
            target = data
            for part in path[:-1]:
                target = target.setdefault(part, {})
            if name in self.lists:
                items = (v.strip(BLANK) for v in value.split(self.separator))
                target[path[-1]] = [v for v in items if v]
            else:
                target[path[-1]] = value
        return data

    def column_of(self, path: Path) -> str | None:
        """The column holding the field at `path`, or its nearest enclosing one."""
        while path:
            column = self._by_path.get(path)
            if column is not None:
                return column
            path = path[:-1]
        return None

    @cached_property
    def _by_path(self) -> dict[Path, str]:
        return {path: column for column, path in self.paths.items()}


def _name(cell: str) -> str:
    return cell.strip(BLANK).removeprefix("\ufeff").strip(BLANK).lower()


def _collect(
    model: type[BaseModel],
    prefix: Path,
    required: bool,
    paths: dict[str, Path],
    required_columns: set[str],
    lists: set[str],
) -> None:
    for name, field in model.model_fields.items():
        key = field.alias or name
        path = (*prefix, key)
        annotation = _without_none(field.annotation)
        is_required = required and field.is_required()
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            _collect(annotation, path, is_required, paths, required_columns, lists)
            continue
        column = ".".join(path)
        paths[column] = path
        if is_required:
            required_columns.add(column)
        if get_origin(annotation) in (list, tuple, set, frozenset):
            lists.add(column)


def _without_none(annotation: Any) -> Any:
    """`X` of `X | None` (and of `Annotated[X, ...]`)."""
    while get_origin(annotation) is typing.Annotated:
        annotation = get_args(annotation)[0]
    if get_origin(annotation) in (Union, types.UnionType):
        members = [a for a in get_args(annotation) if a is not type(None)]
        if len(members) == 1:
            return _without_none(members[0])
    return annotation
