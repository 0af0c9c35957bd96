"""Matches as lines of the original file, for line output (`search
--vimgrep`, `--line-number`, `-C/-A/-B`): what an editor or fzf jumps to.

Matches are found as for snippets (feudcli.search.snippets: in the
searchable text, mapped back to exact offsets of the original), then placed
in the file as it is on disk: line numbers count every line from the first
(front matter included), columns count characters (code points) from 1.
A match in the title is placed on the front matter line that writes the
title, when the title is written there as it reads; a title taken from the
first heading is placed there by the body's own match.

Only the files of the hits printed are read, each once.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from dataclasses import dataclass
from pathlib import Path

from feudcli.search.matchers import EVERYWHERE
from feudcli.search.query import Query
from feudcli.search.snippets import match_spans


@dataclass
class FileText:
    text: str  # the whole file, decoded, line breaks as "\n"
    body_start: int  # where the body begins (after the front matter)
    title_start: int | None = None  # where the title is written in the front matter

    def __post_init__(self) -> None:
        starts = [0]
        find = self.text.find
        at = find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = find("\n", at + 1)
        self.line_starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column) of an offset, both from 1, the column in characters."""
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    @property
    def line_count(self) -> int:
        return len(self.line_starts)

    def line(self, number: int) -> str:
        """Line `number` (from 1) without its line break."""
        start = self.line_starts[number - 1]
        end = self.line_starts[number] - 1 if number < len(self.line_starts) else len(self.text)
        return self.text[start:end].rstrip("\r")


def read_file_text(root: Path, relpath: str, title: str | None = None) -> FileText | None:
    """The text of an article's file as feudcli reads it (same decoding, same
    split of the front matter: the body's offsets match the article's), or
    None when it cannot be read now."""
    from feudcli.corpus import read_regular_file
    from feudcli.text import frontmatter as metadata
    from feudcli.text.decode import UndecodableFile, decode_text

    try:
        text, _, _ = decode_text(read_regular_file(os.path.join(root, relpath)))
    except (OSError, UndecodableFile):
        return None
    text = text.replace("\r\n", "\n")
    try:
        _, raw, raw_start, body_start = metadata.split_front_matter(text)
    except metadata.FrontMatterError:
        raw, raw_start, body_start = "", 0, 0
    return FileText(text, body_start, _title_in(raw, raw_start, title))


def _title_in(raw: str, raw_start: int, title: str | None) -> int | None:
    """Where the front matter writes the title as it reads: on a line that
    begins with `title` (YAML `title:`, TOML `title =`), else anywhere."""
    if not title or not raw:
        return None
    position = 0
    for line in raw.splitlines(keepends=True):
        if line.lstrip().lower().startswith("title"):
            found = line.find(title)
            if found >= 0:
                return raw_start + position + found
        position += len(line)
    found = raw.find(title)
    return raw_start + found if found >= 0 else None


def file_matches(file: FileText, title: str, query: Query, where: str = "all",
                 found_in: frozenset[str] = EVERYWHERE, case=None) -> list[tuple[int, int]]:
    """[start, end) offsets in the file of the query's matches, in order."""
    spans: set[tuple[int, int]] = set()
    if where in ("all", "body"):
        body = file.text[file.body_start:]
        spans.update((file.body_start + start, file.body_start + end)
                     for start, end in match_spans(body, query, found_in, True, case))
    if where in ("all", "title") and file.title_start is not None:
        spans.update((file.title_start + start, file.title_start + end)
                     for start, end in match_spans(title, query, found_in, False, case))
    elif where == "title" and title:
        # A title taken from the first heading: its matches are the heading's.
        heading = file.text.find(title, file.body_start)
        if heading >= 0:
            spans.update((heading + start, heading + end)
                         for start, end in match_spans(title, query, found_in, False, case))
    return sorted(spans)


@dataclass
class Match:
    line: int
    column: int
    end_line: int


def matches(file: FileText, spans: list[tuple[int, int]]) -> list[Match]:
    found = []
    for start, end in spans:
        line, column = file.position(start)
        found.append(Match(line, column, file.position(max(start, end - 1))[0]))
    return found


@dataclass
class Line:
    number: int
    text: str
    matched: bool
    column: int | None = None  # of the first match that begins on it


def context_groups(file: FileText, found: list[Match], before: int, after: int) -> list[list[Line]]:
    """The matching lines with `before` and `after` lines of context, in
    groups of consecutive lines (ripgrep prints `--` between groups). A
    match that runs over a line break makes each of its lines a matching
    line."""
    matched: dict[int, int | None] = {}
    for match in found:
        matched.setdefault(match.line, match.column)
        for number in range(match.line + 1, match.end_line + 1):
            matched.setdefault(number, None)
    wanted: set[int] = set()
    for number in matched:
        wanted.update(range(max(1, number - before), min(file.line_count, number + after) + 1))
    groups: list[list[Line]] = []
    previous = None
    for number in sorted(wanted):
        if previous is None or number != previous + 1:
            groups.append([])
        groups[-1].append(Line(number, file.line(number), number in matched, matched.get(number)))
        previous = number
    return groups
