"""A user's own phrase dictionaries, in OpenCC's text format, applied before
a config's own: for the names a corpus spells its own way.

The format is OpenCC's: one entry a line, `phrase<TAB>conversion`, where
the conversion may list several candidates separated by spaces (OpenCC
takes the first); blank lines and lines starting with `#` are skipped.

How they apply: the text is scanned from the left and, at each position,
the longest phrase of the user's dictionaries that starts there wins over
anything the config would do; its conversion is written exactly as given
and no later step of the config touches it. The text between such phrases
is converted by the config as usual. With several dictionaries, the first
that holds a phrase decides its conversion.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable, Sequence

from feudcli.errors import FeudcliError


class DictionaryError(FeudcliError):
    """A dictionary file that cannot be read or has a bad line."""


@dataclass(frozen=True, eq=False)
class PhraseDictionary:
    """Phrase -> conversion, merged from one or more files. Equal (and
    hashed) by content, so worker processes share one compiled matcher."""
    entries: tuple[tuple[str, str], ...]
    names: tuple[str, ...] = ()
    digest: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.digest:
            text = "\n".join(f"{key}\t{value}" for key, value in self.entries)
            object.__setattr__(self, "digest", hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest())

    def __hash__(self) -> int:
        return hash(self.digest)

    def __eq__(self, other) -> bool:
        return isinstance(other, PhraseDictionary) and other.digest == self.digest

    def __len__(self) -> int:
        return len(self.entries)

    @classmethod
    def of(cls, entries: dict[str, str] | Iterable[tuple[str, str]]) -> "PhraseDictionary":
        """From phrases in Python; the first of a repeated phrase wins."""
        merged: dict[str, str] = {}
        for key, value in (entries.items() if isinstance(entries, dict) else entries):
            if not key:
                raise DictionaryError("a dictionary phrase cannot be empty")
            merged.setdefault(key, value)
        return cls(tuple(merged.items()))


def parse_dictionary(text: str, name: str = "<dictionary>") -> dict[str, str]:
    """One file's entries; DictionaryError names the line of a bad one."""
    entries: dict[str, str] = {}
    where: dict[str, int] = {}
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, tab, values = line.partition("\t")
        if not tab:
            hint = " (it has spaces; OpenCC's format needs a tab)" if " " in line.strip() else ""
            raise DictionaryError(f"{name}, line {number}: no tab between the phrase and its conversion{hint}; "
                                  "each line must be phrase<TAB>conversion")
        key, candidates = key.strip(), values.split()
        if not key:
            raise DictionaryError(f"{name}, line {number}: the phrase before the tab is empty")
        if not candidates:
            raise DictionaryError(f"{name}, line {number}: no conversion after the tab for {key!r}")
        if key in entries and entries[key] != candidates[0]:
            raise DictionaryError(f"{name}, line {number}: {key!r} is already converted to "
                                  f"{entries[key]!r} on line {where[key]}; keep one of the two")
        entries.setdefault(key, candidates[0])
        where.setdefault(key, number)
    return entries


def read_dictionaries(paths: Sequence[str | Path]) -> PhraseDictionary:
    """The files merged in order (the first to hold a phrase decides)."""
    merged: dict[str, str] = {}
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise DictionaryError(f"{path}: cannot read the dictionary ({error.strerror or error})") from None
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            number = data[:error.start].count(b"\n") + 1
            raise DictionaryError(f"{path}, line {number}: not UTF-8 (OpenCC's dictionaries are UTF-8)") from None
        for key, value in parse_dictionary(text, str(path)).items():
            merged.setdefault(key, value)
    return PhraseDictionary(tuple(merged.items()), tuple(str(path) for path in paths))


@lru_cache(maxsize=8)
def _matcher(dictionary: PhraseDictionary):
    """(a regex finding where a phrase may start, phrase -> conversion, longest length)."""
    table = dict(dictionary.entries)
    firsts = sorted({key[0] for key in table})
    starts = re.compile("[" + "".join(re.escape(char) for char in firsts) + "]") if firsts else None
    return starts, table, max((len(key) for key in table), default=0)


def split_phrases(text: str, dictionary: PhraseDictionary) -> list[tuple[str, str | None]]:
    """text as pieces: (phrase, its conversion) where a dictionary phrase
    matches (leftmost, then longest), (other text, None) between them."""
    starts, table, longest = _matcher(dictionary)
    if starts is None:
        return [(text, None)] if text else []
    pieces: list[tuple[str, str | None]] = []
    pending = position = 0
    while True:
        found = starts.search(text, position)
        if found is None:
            break
        at = found.start()
        for length in range(min(longest, len(text) - at), 0, -1):
            value = table.get(text[at:at + length])
            if value is not None:
                if pending < at:
                    pieces.append((text[pending:at], None))
                pieces.append((text[at:at + length], value))
                pending = position = at + length
                break
        else:
            position = at + 1
    if pending < len(text):
        pieces.append((text[pending:], None))
    return pieces


def apply_first(dictionary: PhraseDictionary | None, convert: Callable[[str], str]) -> Callable[[str], str]:
    """convert, with the dictionary's phrases taken before it (and kept as given)."""
    if not dictionary:
        return convert

    def converted(text: str) -> str:
        return "".join(convert(piece) if value is None else value
                       for piece, value in split_phrases(text, dictionary))

    return converted
