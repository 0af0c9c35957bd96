"""The pipeline formats (tsv, csv, json, jsonl), in one place for every command.

Records are plain dicts; field order is the order given. Pipe formats keep
the text as it is (json escapes control characters; tsv replaces tabs and
line breaks by spaces so one record stays one line).
"""

from __future__ import annotations

import csv
import json
import re
from typing import IO, Callable, Iterable, Sequence

# Written in pieces: one write larger than a pipe holds is cut short when
# the reader leaves (`| head`), and Python's buffered writer then drops the
# rest without an error; the next piece raises BrokenPipeError as it should.
PIECE = 8192


class Stdout:
    """Standard output under one rule: a terminal gets text made visible
    (safe_text.visible: escape sequences shown, not acted on), a pipe or a
    file gets it as it is."""

    def __init__(self, stream, visible_text: bool):
        self.stream = stream
        self.visible_text = visible_text

    def write(self, text: str) -> None:
        if self.visible_text:
            from feudcli.text.safe import visible

            text = visible(text)
        for start in range(0, len(text), PIECE):
            self.stream.write(text[start:start + PIECE])

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def write_bytes(self, data: bytes) -> None:
        """A file's bytes: as they are, or on a terminal read as UTF-8 and
        made visible."""
        if self.visible_text:
            self.write(data.decode("utf-8", "surrogateescape"))
            return
        self.stream.flush()
        for start in range(0, len(data), PIECE):
            self.stream.buffer.write(data[start:start + PIECE])

    def flush(self) -> None:
        self.stream.flush()


def stdout(stream=None, visible_text: bool | None = None) -> Stdout:
    """sys.stdout (or stream) as a Stdout; visible_text defaults to whether
    it is a terminal."""
    import sys

    stream = stream if stream is not None else sys.stdout
    if visible_text is None:
        try:
            visible_text = stream.isatty()
        except (AttributeError, ValueError):
            visible_text = False
    return Stdout(stream, visible_text)


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
        # Four significant digits: bm25 scores of terms in half a small
        # corpus are tiny (SQLite keeps their idf at 1e-6), not zero.
        return f"{value:.4g}"
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


# json.dumps escapes C0 controls only; a terminal also acts on C1 controls
# (U+009B is CSI) and reorders text at bidi overrides. Escaped, they stay
# the same JSON value.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _dumps(value, **options) -> str:
    text = json.dumps(value, ensure_ascii=False, default=_json_default, **options)
    return _UNSAFE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def json_line(record: dict) -> str:
    return _dumps(record)


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
        stream.write(_dumps(items, indent=2) + "\n")
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


def emit(state, records: Sequence[dict], fields: Sequence[str], fmt: str | None, *, header: bool = False,
         json_fields: Sequence[str] | None = None, csv_fields: Sequence[str] | None = None,
         table: Callable | None = None) -> None:
    """Every command's records, the one way: the format as asked, else a
    table on a terminal (through the pager) and tsv in a pipe. `fields` are
    tsv's (and the table's); json/jsonl and csv may carry more; `table(console,
    records)` draws the table when the generic one does not fit."""
    chosen = resolve_format(fmt, state.stdout_is_terminal)
    if chosen == "table":
        with state.reading() as console:
            if table is not None:
                table(console, records)
            else:
                from feudcli.render import records_table

                console.print(records_table(records, fields))
        return
    chosen_fields = {"json": json_fields, "jsonl": json_fields, "csv": csv_fields}.get(chosen) or fields
    write_records(stdout(), records, chosen_fields, chosen, header=header)
