"""`search -g/--glob`: which article files a search reads, by path, as
ripgrep's globs choose files.

A glob is matched against the path relative to the corpus root, with `/`
separators, and against each folder above the file (so `!drafts` leaves
out everything under drafts/, and `zh` takes everything under zh/):

- a glob without `/` matches a file or folder name at any depth
  (`*.md`, `2025-*`); a glob with `/` matches from the corpus root
  (`zh/*.md`, `/notes.md`);
- `*` is any run of characters but `/`, `?` one character but `/`,
  `[abc]`/`[!abc]` one of (or none of) a set, `**` any number of folders
  (`news/**/*.md`); a backslash takes the next character as it is;
- `!` in front excludes. With one or more including globs, a file must
  match one of them; when several globs match a path, the one given last
  decides (as in ripgrep). Matching is case-sensitive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from feudcli.errors import FeudcliError


class GlobError(FeudcliError):
    pass


def _translate(glob: str) -> str:
    parts, position, length = [], 0, len(glob)
    while position < length:
        char = glob[position]
        if char == "*":
            if glob.startswith("**", position):
                position += 2
                if glob.startswith("/", position):  # **/ : any folders, or none
                    parts.append("(?:[^/]*/)*")
                    position += 1
                else:
                    parts.append(".*")
                continue
            parts.append("[^/]*")
        elif char == "?":
            parts.append("[^/]")
        elif char == "[":
            end = position + 1
            if end < length and glob[end] in "!^":
                end += 1
            if end < length and glob[end] == "]":
                end += 1
            while end < length and glob[end] != "]":
                end += 1
            if end >= length:
                raise GlobError(f"the glob {glob!r} opens a [ set it never closes")
            inside = glob[position + 1:end]
            negated = inside[:1] in ("!", "^")
            inside = inside[1:] if negated else inside
            body = "".join("\\" + item if item in "\\^]" else item for item in inside)
            parts.append(f"[{'^/' if negated else ''}{body}]" if negated else f"[{body}]")
            position = end
        elif char == "\\" and position + 1 < length:
            position += 1
            parts.append(re.escape(glob[position]))
        else:
            parts.append(re.escape(char))
        position += 1
    return "".join(parts)


@dataclass(frozen=True)
class Glob:
    text: str
    exclude: bool
    regex: re.Pattern

    @classmethod
    def parse(cls, text: str) -> "Glob":
        exclude = text.startswith("!")
        pattern = text[1:] if exclude else text
        if not pattern.strip("/"):
            raise GlobError(f"the glob {text!r} names no file; write e.g. '*.md' or '!drafts'")
        anchored = "/" in pattern.rstrip("/")
        pattern = pattern.strip("/") if anchored else pattern.rstrip("/")
        prefix = "" if anchored else "(?:.*/)?"
        return cls(text, exclude, re.compile(f"{prefix}{_translate(pattern)}", re.DOTALL))

    def matches(self, relpath: str) -> bool:
        """Whether the glob matches the path or a folder above it."""
        if self.regex.fullmatch(relpath):
            return True
        position = relpath.find("/")
        while position >= 0:
            if self.regex.fullmatch(relpath[:position]):
                return True
            position = relpath.find("/", position + 1)
        return False


class Globs:
    """The globs of one command line (see the module docstring)."""

    def __init__(self, texts: Sequence[str]):
        self.globs = [Glob.parse(text) for text in texts]
        self.includes = any(not glob.exclude for glob in self.globs)

    def __bool__(self) -> bool:
        return bool(self.globs)

    def allows(self, relpath: str) -> bool:
        for glob in reversed(self.globs):
            if glob.matches(relpath):
                return not glob.exclude
        return not self.includes

    def select(self, items: Iterable, path=lambda item: item.path) -> list:
        return [item for item in items if self.allows(path(item))]
