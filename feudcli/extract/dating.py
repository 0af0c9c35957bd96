"""Which date references in a sentence date an event of that sentence: a
day word (今天, 昨天) in a quote, a figure of speech (我们的明天) or a
condition dates nothing; of two dates, the one the statement reports wins
and the other is context. And which year a reference without its century
or its year means (19年, 8月28日), and which a review's title names."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from feudcli.extract.dates import ANAPHORIC, DAY, RELATIVE, DateRef
from feudcli.text.prose import WORK_TITLE, blank_addresses, masked
from feudcli.text.script import fold

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
    """text with inline code, paths, addresses and titles of works (《你今天
    FOMO了吗？》, 《1984》) blanked, offsets kept."""
    text = blank_addresses(masked(text))
    if "《" in text:
        text = WORK_TITLE.sub(lambda match: " " * len(match.group()), text)
    return text


_QUOTES = re.compile(r"“[^”]*”|「[^」]*」|『[^』]*』|\"[^\"]*\"|‘[^’]*’")
_BETWEEN_DAY_WORDS = re.compile(r"^[、，,和与及跟或到\s“”「」『』\"'—-]*$")
_FIGURE_BEFORE = re.compile(r"的\s*$")
# 今天的中国, 明天会更好, 明天再说 (put off): a figure of speech, not a day.
_FIGURE_AFTER = re.compile(r"\s*(?:的\s*(?:中国|社会|世界|时代|人们|人类|年轻人|我们|你们|自己|互联网|科技|生活|这个|那个|孩子)"
                           r"|会更好|更美好|会更美好|会更加美好|再说)")
_KANA = re.compile("[\u3040-\u30ff]")
# A day word in a condition (无论你今天用什么), a habit (每天…今天) or an
# example (比如…今天) is any day;
# any date in a condition or a concession (如果你五月份来, 即使是 2000 年建立的)
# is a supposition, not an event.
_ANY_DAY = re.compile(r"无论|不管|如果|假如|要是|每天|每次|每当|天天|比如|例如|譬如")
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
_COMPARED = re.compile(r"(?:比|较|相比|距离|距|不如|不及|胜过)\s*$")
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
    if compared(folded, ref):
        weight -= 4
    if _SUBORDINATE.search(rest):
        weight -= 2
    if ref.kind in (RELATIVE, ANAPHORIC, DAY):
        weight -= 1
    return weight


def compared(folded: str, ref: DateRef) -> bool:
    """Whether a date is what something is compared with (比去年, 不如去年)."""
    return _COMPARED.search(folded[:ref.start]) is not None


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


# ---------------------------------------------------------------- which year

# How far ahead of the article's date a date without a year may lie before
# it is taken to be last year's (news announce what comes in a month or two).
MONTHS_AHEAD = 2


def valid_date(year: int, month: int | None, day: int | None) -> bool:
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= calendar.monthrange(year, month)[1]


def add_months(year: int, month: int, offset: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + offset
    return index // 12, index % 12 + 1


def century(short: int, today: dt.date | None) -> int:
    """19年 -> 2019, 98年 -> 1998: the year ending in those digits nearest
    the article's (17年 in an article of 2016 is next year; an undated
    article's nearest 2000)."""
    near = today.year if today is not None else 2000
    return min((hundreds + short for hundreds in range(near // 100 * 100 - 100, near + 101, 100)),
               key=lambda year: (abs(year - near), year))


_TITLE_YEAR = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})(?![0-9])")
_TITLE_MONTH = re.compile(r"(?<![0-9])((?:19|20)[0-9]{2})\s*年\s*(1[0-2]|0?[1-9])\s*月")
# A review is written after the year it reviews: how far into the next one.
REVIEW_MONTHS = 4


def period_of(title: str, today: dt.date | None) -> tuple[int | None, tuple[int, int] | None]:
    """The year (and month) an article dated `today` is about, when its title
    names it: the year before (a review written in January), the month
    before (a monthly report), or its own year (a review written in
    December, whose 2月份 is not next February). (year, (year, month)) or
    Nones."""
    if today is None:
        return None, None
    folded = fold(title or "")
    month = _TITLE_MONTH.search(folded)
    if month:
        named = (int(month.group(1)), int(month.group(2)))
        if named == add_months(today.year, today.month, -1):
            return named[0], named
    years = set(_TITLE_YEAR.findall(folded))
    if len(years) == 1 and int(next(iter(years))) == today.year - 1 and today.month <= REVIEW_MONTHS:
        return today.year - 1, None
    if years == {str(today.year)}:
        return today.year, None
    return None, None


def year_near(today: dt.date, month: int, day: int | None = None, past: bool = False) -> int:
    """The year of `month` as an article dated `today` means it: news
    announce what comes in a month or two, but what a sentence tells as
    done (8月28日，我开启了大学生活) is not ahead of the article."""
    if past:
        return today.year if (month, day or 1) <= (today.month, today.day) else today.year - 1
    for year in (today.year + 1, today.year, today.year - 1):
        ahead = (year * 12 + month) - (today.year * 12 + today.month)
        if ahead <= MONTHS_AHEAD:
            return year
    return today.year - 1
