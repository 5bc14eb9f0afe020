"""An import kind's example in its OpenAPI document: a CSV file and an NDJSON line made
from one row, each of which the import itself takes as that row; an example the import
would refuse stops the routes from being built."""

import dataclasses
from typing import Any

import pytest

from csp_common.imports import Columns, Imports
from csp_common.imports.examples import BadExample, csv_example, upload_examples


async def test_the_documents_example_files_import_as_one_row(demo: Any) -> None:
    document = (await demo.client.get("/openapi.json")).json()
    content = document["paths"]["/v1/imports/things"]["post"]["requestBody"]["content"]
    csv_file, ndjson_file = content[demo.CSV]["example"], content[demo.NDJSON]["example"]
    assert csv_file.splitlines() == [
        "source_reference,name,size,made_on,tags,owner.given_name,owner.area",
        "EXAMPLE-0001,Ann,7,2024-01-31,red;blue,Bo,york",
    ]
    job, errors = await demo.run(csv_file.encode(), demo.CSV)
    assert (job["rows_imported"], job["rows_failed"], errors) == (1, 0, [])
    stored = (await demo.stored("EXAMPLE-0001"))["EXAMPLE-0001"]
    assert (stored["size"], stored["tags"], stored["owner_area"]) == (7, ["red", "blue"], "york")
    # the NDJSON line is the same row: skipped as already imported
    job, errors = await demo.run(ndjson_file.encode(), demo.NDJSON)
    assert (job["rows_skipped"], job["rows_failed"], errors) == (1, 0, [])


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"size": 5000}, "refuses its example"),
        ({"colour": "red"}, "refuses its example"),
        ({"tags": ["a;b"]}, "another row"),
    ],
)
def test_an_example_the_import_would_not_take_is_refused(
    demo: Any, change: dict[str, Any], why: str
) -> None:
    example = {**demo.kind.example, **change}
    with pytest.raises(BadExample, match=why):
        upload_examples("things", example, demo.thing, demo.kind.layout)
    kind = dataclasses.replace(demo.kind, example=example)
    imports = Imports(tables=demo.tables, kinds=[kind], scope=demo.SCOPE)
    with pytest.raises(BadExample):
        imports.router()


def test_a_required_column_is_in_the_header_even_when_the_example_leaves_it_empty() -> None:
    columns = Columns(paths={"a": ("a",), "b": ("b",), "c": ("c",)}, required=frozenset({"b"}))
    assert csv_example({"a": True, "c": {"x": 1, "y": [2, 3]}}, columns).splitlines() == [
        "a,b,c",
        "true,,x=1;y=2;3",
    ]
