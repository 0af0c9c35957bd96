"""The pipeline formats (tsv, csv, json, jsonl), in one place for every command.

Records are plain dicts; field order is the order given. Pipe formats keep
the text as it is (json escapes control characters; tsv replaces tabs and
line breaks by spaces so one record stays one line).
"""

from __future__ import annotations

import csv
import json
from typing import IO, Iterable, Sequence

FORMATS = ("table", "tsv", "csv", "json", "jsonl")
PIPE_FORMATS = FORMATS[1:]


def resolve_format(requested: str | None, is_terminal: bool) -> str:
    """The format a command prints: as asked, else a table on a terminal and
    tab-separated text in a pipe."""
    if requested:
        return requested
    return "table" if is_terminal else "tsv"


def cell(value) -> str:
    """One value as a single-line text cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, (list, tuple)):
        return ",".join(cell(item) for item in value)
    text = str(value)
    if "\t" in text or "\n" in text or "\r" in text:
        text = text.replace("\r\n", " ").replace("\t", " ").replace("\n", " ").replace("\r", " ")
    return text


def _json_default(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def json_line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, default=_json_default)


def write_records(
    stream: IO[str],
    records: Iterable[dict],
    fields: Sequence[str],
    fmt: str,
    header: bool = False,
) -> None:
    """Write records in a pipe format. json is one array; jsonl one object a line."""
    if fmt == "jsonl":
        for record in records:
            stream.write(json_line({name: record.get(name) for name in fields}) + "\n")
    elif fmt == "json":
        items = [{name: record.get(name) for name in fields} for record in records]
        stream.write(json.dumps(items, ensure_ascii=False, indent=2, default=_json_default) + "\n")
    elif fmt == "csv":
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(fields)
        for record in records:
            writer.writerow([cell(record.get(name)) for name in fields])
    elif fmt == "tsv":
        if header:
            stream.write("\t".join(fields) + "\n")
        for record in records:
            stream.write("\t".join(cell(record.get(name)) for name in fields) + "\n")
    else:
        raise ValueError(f"not a pipe format: {fmt}")
