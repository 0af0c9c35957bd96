"""Which date references in a sentence date an event of that sentence: a
day word (今天, 昨天) in a quote, a figure of speech (我们的明天) or a
condition dates nothing; of two dates, the one the statement reports wins
and the other is context."""

from __future__ import annotations

import re

from feudcli.extract.dates import ANAPHORIC, DAY, RELATIVE, DateRef
from feudcli.text.prose import blank_addresses, masked

Date = tuple  # (year, month | None, day | None)
YEAR, MONTH, DAY_PRECISION = "year", "month", "day"
LEADING = re.compile(r"^[\s(（【\[“「]*(?:在|于|自|从|截至|截止|到了|直到|直至|on|in|by|since)?[\s,，]*"
                     r"(?:当地时间|北京时间|美东时间|美国东部时间)?\s*$")


def iso(date: Date) -> tuple[str, str]:
    year, month, day = date
    if month is None:
        return f"{year:04d}", YEAR
    if day is None:
        return f"{year:04d}-{month:02d}", MONTH
    return f"{year:04d}-{month:02d}-{day:02d}", DAY_PRECISION


def opens_sentence(folded: str, ref: DateRef) -> bool:
    return LEADING.match(folded[:ref.start]) is not None


def prose_only(text: str) -> str:
    """text with inline code, paths and addresses blanked, offsets kept."""
    return blank_addresses(masked(text))


_QUOTES = re.compile(r"“[^”]*”|「[^」]*」|『[^』]*』|\"[^\"]*\"|‘[^’]*’")
_BETWEEN_DAY_WORDS = re.compile(r"^[、，,和与及跟或到\s“”「」『』\"'—-]*$")
_FIGURE_BEFORE = re.compile(r"的\s*$")
_FIGURE_AFTER = re.compile(r"\s*(?:的\s*(?:中国|社会|世界|时代|人们|人类|年轻人|我们|你们|自己|互联网|科技|生活|这个|那个|孩子)"
                           r"|会更好|更美好|会更美好|会更加美好)")
_KANA = re.compile("[\u3040-\u30ff]")
# A day word in a condition (无论你今天用什么) or a habit (每天…今天) is any day;
# any date in a condition or a concession (如果你五月份来, 即使是 2000 年建立的)
# is a supposition, not an event.
_ANY_DAY = re.compile(r"无论|不管|如果|假如|要是|每天|每次|每当|天天")
_SUPPOSED = re.compile(r"如果|假如|假设|要是|倘若|即使|即便|哪怕|无论|不管")
# An embedded tweet's signature line: "— name (@handle) March 12, 2022".
SIGNATURE = re.compile(r"\(@[A-Za-z0-9_]{1,15}\)")


def is_day_word(ref: DateRef) -> bool:
    return ref.kind in (RELATIVE, ANAPHORIC) and ref.unit == "day"


def dating_refs(folded: str, refs: list[DateRef]) -> list[DateRef]:
    """The references that date something in this sentence: not a relative
    day word inside quotes, in an enumeration of such words or as a figure
    of speech; not a bare day in Japanese (3日 is three days there)."""
    quotes = [match.span() for match in _QUOTES.finditer(folded)]
    words = [ref for ref in refs if is_day_word(ref)]
    listed = set()
    for first, second in zip(words, words[1:]):
        if _BETWEEN_DAY_WORDS.match(folded[first.end:second.start]):
            listed.update((first, second))
    japanese = _KANA.search(folded) is not None
    kept = []
    for ref in refs:
        clause = _CLAUSE_START.search(folded, 0, ref.start)
        clause_start = clause.start() + 1 if clause else 0
        if _SUPPOSED.search(folded, clause_start, ref.start):
            continue
        if is_day_word(ref):
            if ref in listed or any(start <= ref.start and ref.end <= end for start, end in quotes):
                continue
            if _FIGURE_BEFORE.search(folded, 0, ref.start) or _FIGURE_AFTER.match(folded, ref.end):
                continue
            if _ANY_DAY.search(folded, clause_start, ref.start):
                continue
        if ref.kind == DAY and japanese:
            continue
        kept.append(ref)
    return kept


_CLAUSE_END = re.compile(r"[，,；;：:、。！？!?]")
_CLAUSE_START = re.compile(r"[，,；;：:。！？!?][^，,；;：:。！？!?]*$")
_CLAUSE_OPEN = re.compile(r"(?:^|[，,；;：:])[\s(（【\[“「]*(?:在|于|自|从|截至|到了|直到|直至|on|in|by|since)?\s*"
                          r"(?:当地时间|北京时间)?\s*$")
_COMPARED = re.compile(r"(?:比|较|相比|距离|距)\s*$")
_SUBORDINATE = re.compile(r"时(?![间代候刻])|的时候|之后|以后|之前|以前")


def weight(folded: str, ref: DateRef) -> int:
    """How likely a date is the one its sentence reports the event of."""
    before = folded[:ref.start]
    clause_end = _CLAUSE_END.search(folded, ref.end)
    rest = folded[ref.end:clause_end.start() if clause_end else len(folded)]
    weight = 0
    if LEADING.match(before):
        weight += 4
    elif _CLAUSE_OPEN.search(before):
        weight += 2
    if _COMPARED.search(before):
        weight -= 4
    if _SUBORDINATE.search(rest):
        weight -= 2
    if ref.kind in (RELATIVE, ANAPHORIC, DAY):
        weight -= 1
    return weight


def reported(dates: list[tuple]) -> int:
    """Which of a sentence's (date, relative, note, weight) it reports: the
    heaviest, the first of equals, unless a later one of equal weight says
    the same more precisely (这个月 8 号)."""
    best = max(range(len(dates)), key=lambda number: (dates[number][3], -number))
    shown = iso(dates[best][0])[0]
    for number, entry in enumerate(dates):
        more = iso(entry[0])[0]
        if entry[3] == dates[best][3] and len(more) > len(shown) and more.startswith(shown):
            return number
    return best
