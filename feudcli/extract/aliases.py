"""Entity aliases and regional vocabulary: one name finds every spelling.

An entity (a person, a company, …) has a canonical name and spellings in
several scripts, regions and languages. Everything is compared through the
search fold (feudcli.text.script.fold), so one spelling per script is enough:
马斯克 in the table also finds 馬斯克. Separator dots in names (· ・ •) are
interchangeable and may be a space or nothing. Latin spellings only match as
whole words (Altman, not the altman in Altmann); Latin spellings of one or
two letters (X, US) must also have their case.

The tables themselves are read by feudcli.extract.alias_files. Regional vocabulary
(软件 / 軟體, 视频 / 影片) comes from OpenCC's regional phrase tables (see
regional_map). No rich, no Typer.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from feudcli.text.script import fold

REGIONAL = "regional"
REGIONAL_TABLES = ("TWPhrases.txt", "TWPhrasesRev.txt", "HKPhrases.txt", "HKPhrasesRev.txt")
# Tables whose keys (rather than values) are Mainland words, written by
# OpenCC in Traditional characters: shown folded, as Mainland writers do.
_MAINLAND_KEYS = ("TWPhrases.txt", "HKPhrases.txt")

SEPARATORS = " \t\n\u00b7\u30fb\uff65\u2022\u2027\u2219\u22c5"
_SEPARATOR_RUN = re.compile(f"[{SEPARATORS}]+")
_SEPARATOR_PATTERN = f"[\\s{SEPARATORS.strip()}]{{0,3}}"
_LATIN = "0-9A-Za-z_\u00c0-\u024f"
_LATIN_CHAR = re.compile(f"[{_LATIN}]")
_NOT_AFTER_LATIN = f"(?<![{_LATIN}])"
_NOT_BEFORE_LATIN = f"(?![{_LATIN}])"
# Latin spellings this short must also match their case: X is Twitter's
# new name, the x of "3 x 4" is not.
EXACT_CASE_MAX = 2


def _is_latin(char: str) -> bool:
    return bool(char) and _LATIN_CHAR.match(char) is not None


def key(text: str) -> str:
    """What two spellings must share to be the same spelling."""
    return _SEPARATOR_RUN.sub("", fold(text.strip()))


def _shape(text: str) -> str:
    """Folded, with each run of separators as one '·' (for containment)."""
    return _SEPARATOR_RUN.sub("·", fold(text.strip())).strip("·")


HANS, HANT = "hans", "hant"
SCRIPT_NAMES = {HANS: "Simplified", HANT: "Traditional"}


@dataclass(frozen=True)
class Spelling:
    text: str  # as written in the table or the query
    whole_word: bool  # Latin at an edge: no Latin letter or digit may touch it
    exact_case: bool = False
    # A regional word means the same only in text of its region: "hant" for
    # Taiwan/Hong Kong vocabulary, "hans" for the Mainland's; None: anywhere.
    script: str | None = None

    @classmethod
    def of(cls, text: str, script: str | None = None) -> "Spelling":
        text = text.strip()
        letters = _SEPARATOR_RUN.sub("", text)
        whole = _is_latin(letters[:1]) or _is_latin(letters[-1:])
        exact = whole and len(letters) <= EXACT_CASE_MAX and all(_is_latin(c) for c in letters)
        return cls(text, whole, exact, script)

    def pattern(self) -> str:
        """A regular expression for this spelling in folded text."""
        parts = [re.escape(part) for part in _SEPARATOR_RUN.split(fold(self.text)) if part]
        body = _SEPARATOR_PATTERN.join(parts)
        letters = key(self.text)
        if _is_latin(letters[:1]):
            body = _NOT_AFTER_LATIN + body
        if _is_latin(letters[-1:]):
            body = body + _NOT_BEFORE_LATIN
        return body

    def regex(self) -> re.Pattern:
        return _compiled(self.pattern())

    def matches_case(self, original: str) -> bool:
        if not self.exact_case:
            return True
        return _SEPARATOR_RUN.sub("", unicodedata.normalize("NFKC", original)) == key_case(self.text)


def key_case(text: str) -> str:
    return _SEPARATOR_RUN.sub("", unicodedata.normalize("NFKC", text.strip()))


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern:
    return re.compile(pattern)


@dataclass
class Entity:
    name: str
    kind: str = ""
    spellings: list[str] = field(default_factory=list)  # the name first

    def add(self, spelling: str) -> None:
        if spelling.strip() and key(spelling) not in {key(s) for s in self.spellings}:
            self.spellings.append(spelling.strip())


@dataclass(frozen=True)
class Expansion:
    """A query term widened to every spelling of what it names."""

    term: str
    name: str  # the entity's canonical name, or "regional"
    kind: str  # the entity's kind, or "regional"
    spellings: tuple[Spelling, ...]  # the term's own first; none contains another

    def describe(self) -> str:
        return f"{self.term} → " + " OR ".join(spelling.text for spelling in self.spellings)

    def where(self) -> str:
        """Where the regional spellings are searched ('' when everywhere)."""
        parts = []
        for script in (HANT, HANS):
            texts = [spelling.text for spelling in self.spellings if spelling.script == script]
            if texts:
                parts.append(f"{', '.join(texts)} only in {SCRIPT_NAMES[script]} articles")
        return "; ".join(parts)


@dataclass(frozen=True)
class Mention:
    start: int  # offsets in the text given to AliasTable.mentions
    end: int
    name: str  # canonical name
    text: str  # the spelling as it stands in the text


def minimal_spellings(term: str, spellings: Iterable[str],
                      scripts: dict[str, str | None] | None = None) -> tuple[Spelling, ...]:
    """The term first, then the other spellings, without two that fold the
    same and without one that contains another it could add no match to
    (one searched everywhere, or in the same script). `scripts`: key of a
    spelling -> where it is searched (the term itself: everywhere)."""
    scripts = dict(scripts or {})
    scripts[key(term)] = None
    spellings = [text.strip() for text in spellings]
    same = next((text for text in spellings if key(text) == key(term)), None)
    if same is not None and Spelling.of(same).exact_case:
        term = same  # X, not the x the user typed: its case is what matches
    unique: list[str] = []
    seen: set[str] = set()
    for text in [term, *spellings]:
        if text.strip() and key(text) not in seen:
            seen.add(key(text))
            unique.append(text.strip())
    shapes = {text: _shape(text) for text in unique}
    where = {text: scripts.get(key(text)) for text in unique}
    kept = [text for text in unique
            if not any(other != text and where[other] in (None, where[text])
                       and _contains(shapes[text], shapes[other], Spelling.of(other))
                       for other in unique)]
    if unique[0] not in kept:
        # The user's own term stays visible even when a shorter spelling covers it.
        kept.insert(0, unique[0])
    return tuple(Spelling.of(text, where[text]) for text in kept)


def _contains(outer: str, inner: str, inner_spelling: Spelling) -> bool:
    """Whether every match of `outer` also contains a match of `inner`."""
    if len(inner) >= len(outer):
        return False
    position = outer.find(inner)
    while position >= 0:
        before = outer[position - 1] if position else ""
        after = outer[position + len(inner)] if position + len(inner) < len(outer) else ""
        if not inner_spelling.whole_word or not (_is_latin(before) or _is_latin(after)):
            return not inner_spelling.exact_case
        position = outer.find(inner, position + 1)
    return False


_SEP = object()  # a trie unit: a run of separators


def trie_pattern(texts: Iterable[str]) -> str:
    """One regular expression for many spellings in folded text, shaped as
    a trie: every branch begins with a literal character, so the engine
    skips most positions at once, and a longer spelling is tried before a
    shorter one it extends (山姆·奥尔特曼 before 山姆). Latin edges get the
    whole-word checks of Spelling.pattern."""
    root: dict = {}
    for text in texts:
        node = root
        for number, part in enumerate(p for p in _SEPARATOR_RUN.split(fold(text.strip())) if p):
            if number:
                node = node.setdefault(_SEP, {})
            for char in part:
                node = node.setdefault(char, {})
        node[None] = True  # a spelling ends here

    def branch(node: dict, last, at_root: bool) -> str:
        options = []
        for unit in sorted((u for u in node if u is not None), key=lambda u: (u is _SEP, str(u))):
            if unit is _SEP:
                piece = _SEPARATOR_PATTERN
            else:
                piece = re.escape(unit)
                if at_root and _is_latin(unit):
                    # Checked after the first character so that every branch
                    # still starts with a literal.
                    piece += f"(?<![{_LATIN}].)"
            options.append(piece + branch(node[unit], unit, False))
        if None in node:
            options.append(_NOT_BEFORE_LATIN if last is not _SEP and _is_latin(last or "") else "")
        if len(options) == 1:
            return options[0]
        return "(?:" + "|".join(options) + ")"

    return branch(root, None, True) if root else "(?!)"


class AliasTable:
    def __init__(self, entities: Iterable[Entity] = (), sources: Iterable[str] = ()):
        self.entities: list[Entity] = []
        self.sources = list(sources)
        self._owner: dict[str, Entity] = {}  # key of a spelling -> entity
        self._regex: re.Pattern | None = None
        for entity in entities:
            self.merge(entity.name, entity.spellings, entity.kind)

    def merge(self, name: str, spellings: Iterable[str] = (), kind: str = "") -> Entity:
        """Add an entity, or spellings to the entity the name already names;
        a spelling another entity had moves to this one (later files win)."""
        self._regex = None
        entity = self._owner.get(key(name))
        if entity is None:
            entity = Entity(name.strip(), kind)
            self.entities.append(entity)
        elif kind:
            entity.kind = kind
        for spelling in [name, *spellings]:
            previous = self._owner.get(key(spelling))
            if previous is not None and previous is not entity:
                previous.spellings = [s for s in previous.spellings if key(s) != key(spelling)]
            entity.add(spelling)
            self._owner[key(spelling)] = entity
        return entity

    def fingerprint(self) -> str:
        """Changes whenever an entity, kind or spelling does (cached results
        that name entities are stamped with it)."""
        import hashlib

        described = repr([(entity.name, entity.kind, entity.spellings) for entity in self.entities])
        return hashlib.sha256(described.encode("utf-8", "surrogateescape")).hexdigest()[:16]

    def entity(self, term: str) -> Entity | None:
        """The entity a name or any of its spellings names."""
        return self._owner.get(key(term)) if term.strip() else None

    def expand(self, term: str) -> Expansion | None:
        """Every spelling of the entity (or regional word) the term names;
        None when there is nothing to add to the term itself."""
        entity = self.entity(term)
        if entity is not None:
            spellings = minimal_spellings(term, entity.spellings)
            name, kind = entity.name, entity.kind
        else:
            forms = regional_map().get(key(term))
            if forms:
                forms = _read_as_written(term, forms)
            if not forms:
                return None
            spellings = minimal_spellings(term, [form for form, _ in forms],
                                          {key(form): script for form, script in forms})
            name = kind = REGIONAL
        if len(spellings) < 2:
            return None
        return Expansion(term.strip(), name, kind, spellings)

    def _matcher(self) -> re.Pattern | None:
        if self._regex is None:
            spellings = [Spelling.of(text) for entity in self.entities for text in entity.spellings]
            if not spellings:
                return None
            self._regex = re.compile(trie_pattern(spelling.text for spelling in spellings))
            self._spelling = {key(s.text): s for s in spellings}
        return self._regex

    def mentions(self, text: str, folded: str | None = None) -> list[Mention]:
        """Every mention of an entity in text, leftmost-longest, in order
        (`folded`: fold(text), when the caller has it already)."""
        regex = self._matcher()
        if regex is None or not text:
            return []
        found = []
        for match in regex.finditer(fold(text) if folded is None else folded):
            start, end = match.span()
            original = text[start:end]
            matched = _SEPARATOR_RUN.sub("", match.group())  # already folded
            spelling = self._spelling.get(matched)
            entity = self._owner.get(matched)
            if spelling is None or entity is None or not spelling.matches_case(original):
                continue
            found.append(Mention(start, end, entity.name, original))
        return found

    def names_in(self, text: str, folded: str | None = None) -> list[str]:
        """Canonical names mentioned in text, in order of first mention."""
        return list(dict.fromkeys(mention.name for mention in self.mentions(text, folded)))


_BOTH = "both"


def _read_as_written(term: str, forms):
    """The counterparts of the word the term is, read in the script it is
    written in: 资料 in Simplified characters is the Mainland word
    (materials), not Taiwan's 資料 (data), so it gains no 数据; 資料 in
    Traditional characters does. A term neither script tells apart (程序)
    keeps both readings."""
    from feudcli.text.script import detect_script

    written = detect_script(term)
    if written == HANS:
        return tuple(form for form in forms if form[1] != HANS)
    if written == HANT:
        return tuple(form for form in forms if form[1] != HANT)
    return forms


@lru_cache(maxsize=None)
def regional_map() -> dict[str, tuple[tuple[str, str | None], ...]]:
    """key of a word -> its regional counterparts, each with the script of
    the text it means the same in ("hant": Taiwan/Hong Kong vocabulary,
    "hans": the Mainland's, None: a word of both), from OpenCC's Taiwan and
    Hong Kong phrase tables, both directions, one step (no chains). Single
    characters are left out: 宏 is not always 巨集."""
    from feudcli.text import opencc_data as opencc_tables

    links: dict[str, dict[str, list]] = {}

    def link(a: str, b: str, script_of_b: str) -> None:
        if key(a) != key(b):
            entry = links.setdefault(key(a), {}).setdefault(key(b), [b, script_of_b])
            if entry[1] != script_of_b:
                entry[1] = _BOTH
    for name in REGIONAL_TABLES:
        mainland_keys = name in _MAINLAND_KEYS
        word_script, value_script = (HANS, HANT) if mainland_keys else (HANT, HANS)
        for word, values in opencc_tables.read_dictionary(name).items():
            if len(key(word)) < 2:
                continue
            shown_word = fold(word) if mainland_keys else word
            for value in values:
                if len(key(value)) < 2:
                    continue
                shown_value = value if mainland_keys else fold(value)
                link(word, shown_value, value_script)
                link(value, shown_word, word_script)
    return {word: tuple((form, None if script == _BOTH else script) for form, script in forms.values())
            for word, forms in links.items()}
