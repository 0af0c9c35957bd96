"""A merged chronology of the corpus: dated statements from every article.

Each sentence of an article's prose (feudcli.text.prose) is searched for date
expressions (feudcli.extract.dates), and each one is turned into a calendar date of
year, month or day precision:

- a date with its own year stands as written (2015年, 2024年2月, 2025-02-10);
- a month or day without a year (2月, 当地时间2月10日, 10日) takes its year
  from the context first — a date that opens an earlier sentence of the same
  paragraph, the list item or list introduction above it (a "2025年风波："
  item over items "2月", "8月"), the heading above it — and otherwise from
  the article's date, as news reports mean it (the most recent such date, or
  one at most two months ahead);
- a relative date (去年3月, 今年1月21日, 前年, 上个月, 昨天) counts from the
  article's date, and 当天, 次日, 同年 from the date mentioned before it.

What needs the article's date is left out of an undated article, and counted.
Headings and list introductions give context; they are not events.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from feudcli.extract.aliases import AliasTable
from feudcli.corpus import Article
from feudcli.extract.dates import ABSOLUTE, ANAPHORIC, DAY, PARTIAL, RELATIVE, DateRef, find_dates
from feudcli.text.prose import HEADING, ITEM, Block, blocks
from feudcli.text.script import fold

YEAR, MONTH, DAY_PRECISION = "year", "month", "day"
PRECISIONS = (YEAR, MONTH, DAY_PRECISION)
# How far ahead of the article's date a date without a year may lie before
# it is taken to be last year's (news announce what comes in a month or two).
MONTHS_AHEAD = 2

_ARTICLE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_CLOSERS = "”’」』\"')）》】"
_OPENERS = {"“": "”", "「": "」", "『": "』", "（": "）", "(": ")"}
_CJK_STOP = "。！？"
_ABBREVIATION = re.compile(r"(?:\b[A-Z]|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|vs|Inc|Co|Corp|Ltd|No|"
                           r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec))$")
_LEADING = re.compile(r"^[\s(（【\[“「]*(?:在|于|自|从|截至|截止|到了|直到|直至|on|in|by|since)?[\s,，]*"
                      r"(?:当地时间|北京时间|美东时间|美国东部时间)?\s*$")
_INTRO_END = re.compile(r"[：:]\s*$")
MAX_SENTENCE = 400

Date = tuple  # (year, month | None, day | None)
# A context: (year, month | None, relative); relative when it came from the
# article's date, which a date resolved through it then inherits.
Context = tuple


@dataclass
class Event:
    date: str  # ISO prefix at its precision: 2015, 2024-02, 2025-02-10
    precision: str  # year, month or day
    id: str
    text: str  # the sentence, Markdown stripped
    entities: list[str] = field(default_factory=list)
    relative: bool = False  # resolved from a phrase relative to the article's date
    line: int = 0  # where in the article (for a stable order)
    order: int = 0

    def record(self) -> dict:
        return {"date": self.date, "precision": self.precision, "id": self.id, "text": self.text,
                "entities": self.entities, "relative": self.relative}


@dataclass
class ArticleTimeline:
    article: Article
    events: list[Event]
    left_out: list[str]  # date phrases that could not be resolved


_INTERESTING = re.compile(r"[“”「」『』（）()。！？]|[.!?](?=\s+[A-Z\"“(])")


def sentences(text: str) -> list[str]:
    """A paragraph split into sentences: at 。！？ outside quotes and
    brackets (a quoted speech is part of the sentence that quotes it), and at
    . ! ? followed by a capital in Latin text."""
    return [text[start:end] for start, end in sentence_spans(text)]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) of each sentence of text, white space trimmed."""
    found: list[tuple[int, int]] = []
    start = 0
    expected: list[str] = []
    for match in _INTERESTING.finditer(text):
        position = match.start()
        if position < start:
            continue  # inside closers already taken into the last sentence
        char = text[position]
        if char in _OPENERS:
            expected.append(_OPENERS[char])
            continue
        if expected and char == expected[-1]:
            expected.pop()
            if expected or position == 0 or text[position - 1] not in _CJK_STOP:
                continue
        elif char in _CLOSERS:
            continue
        elif char in _CJK_STOP:
            if expected and position - start <= MAX_SENTENCE:
                continue
        elif expected or _ABBREVIATION.search(text, max(start, position - 6), position):
            continue
        end = position + 1
        while end < len(text) and text[end] in _CLOSERS:
            end += 1
        span = _trimmed(text, start, end)
        if span:
            found.append(span)
        start = end
        expected = []
    span = _trimmed(text, start, len(text))
    if span:
        found.append(span)
    return found


def article_day(article: Article) -> dt.date | None:
    match = _ARTICLE_DATE.match(article.date or "")
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _valid(year: int, month: int | None, day: int | None) -> bool:
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= calendar.monthrange(year, month)[1]


def _add_months(year: int, month: int, offset: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + offset
    return index // 12, index % 12 + 1


def _year_near(today: dt.date, month: int) -> int:
    """The year of `month` as a report dated `today` means it."""
    for year in (today.year + 1, today.year, today.year - 1):
        ahead = (year * 12 + month) - (today.year * 12 + today.month)
        if ahead <= MONTHS_AHEAD:
            return year
    return today.year - 1


class _Resolver:
    """Turns the references of one article into dates, keeping the context."""

    def __init__(self, today: dt.date | None):
        self.today = today
        self.headings: list[tuple[int, Context | None]] = []
        self.items: list[list] = []  # [indent, context] from the outer list level in
        self.intro: Context | None = None
        self.topic: Context | None = None  # set by a date opening a sentence of this block
        self.last: Date | None = None  # the last date resolved in this block

    def start_block(self, block: Block) -> None:
        self.topic = self.last = None
        if block.kind == HEADING:
            self.headings = [entry for entry in self.headings if entry[0] < block.level]
            self.headings.append((block.level, None))
            self.items, self.intro = [], None
        elif block.kind == ITEM:
            self.items = [entry for entry in self.items if entry[0] <= block.level]
            if not self.items or self.items[-1][0] < block.level:
                self.items.append([block.level, None])
        else:
            self.items, self.intro = [], None

    def end_block(self, block: Block, intro: bool) -> None:
        context = self.topic
        if context is None:
            return
        if block.kind == HEADING:
            self.headings[-1] = (block.level, context)
        elif block.kind == ITEM:
            self.items[-1][1] = context
        elif intro:
            self.intro = context

    def context(self) -> Context | None:
        if self.topic is not None:
            return self.topic
        for _, context in reversed(self.items):
            if context is not None:
                return context
        if self.intro is not None:
            return self.intro
        for _, context in reversed(self.headings):
            if context is not None:
                return context
        return None

    def resolve(self, ref: DateRef) -> tuple[Date, bool] | None:
        """(date, relative) or None when it cannot be resolved."""
        today, context = self.today, self.context()
        if ref.kind == ABSOLUTE:
            return (ref.year, ref.month, ref.day), False
        if ref.kind == PARTIAL:
            if context is not None:
                return (context[0], ref.month, ref.day), context[2]
            if today is not None:
                return (_year_near(today, ref.month), ref.month, ref.day), True
            return None
        if ref.kind == DAY:
            if context is not None and context[1] is not None:
                return (context[0], context[1], ref.day), context[2]
            if today is not None:
                year, month = today.year, today.month
                if ref.day > today.day:
                    year, month = _add_months(year, month, -1)
                return (year, month, ref.day), True
            return None
        if ref.kind == RELATIVE:
            if today is None:
                return None
            if ref.unit == "year":
                return (today.year + ref.offset, ref.month, ref.day), True
            if ref.unit == "month":
                return (*_add_months(today.year, today.month, ref.offset), None), True
            moved = today + dt.timedelta(days=ref.offset)
            return (moved.year, moved.month, moved.day), True
        # Anaphoric: 当天 / 次日 from the last day mentioned, 同年 / 同月 from the last date.
        before = self.last or (context[:2] + (None,) if context is not None else None)
        if ref.unit == "day":
            if before is not None and before[2] is not None:
                moved = dt.date(*before) + dt.timedelta(days=ref.offset)
                return (moved.year, moved.month, moved.day), True
            if ref.offset == 0 and today is not None and before is None:
                return (today.year, today.month, today.day), True
            return None
        if before is None:
            return None
        if ref.unit == "year":
            return (before[0], ref.month, ref.day), True
        if before[1] is None:
            return None
        return (before[0], before[1], ref.day), True


def iso(date: Date) -> tuple[str, str]:
    year, month, day = date
    if month is None:
        return f"{year:04d}", YEAR
    if day is None:
        return f"{year:04d}-{month:02d}", MONTH
    return f"{year:04d}-{month:02d}-{day:02d}", DAY_PRECISION


def _opens_sentence(folded: str, ref: DateRef) -> bool:
    return _LEADING.match(folded[:ref.start]) is not None


def article_timeline(article: Article, table: AliasTable | None = None) -> ArticleTimeline:
    """The dated statements of one article, in the order they are written."""
    resolver = _Resolver(article_day(article))
    events: list[Event] = []
    left_out: list[str] = []
    order = 0
    for block in blocks(article.body):
        resolver.start_block(block)
        intro = bool(_INTRO_END.search(block.text))
        statement = block.kind != HEADING and not intro
        folded_block = fold(block.text)  # fold keeps every offset
        for start, end in sentence_spans(block.text):
            sentence, folded = block.text[start:end], folded_block[start:end]
            refs = find_dates(folded)
            if any(ref.kind != ANAPHORIC for ref in refs):
                # 当天 or 第二天 next to a date of its own is part of that date.
                refs = [ref for ref in refs if ref.kind != ANAPHORIC]
            dates: list[tuple[Date, bool]] = []
            for ref in refs:
                resolved = resolver.resolve(ref)
                if resolved is None or not _valid(*resolved[0]):
                    left_out.append(sentence[ref.start:ref.end])
                    continue
                if resolved[0] not in (date for date, _ in dates):
                    dates.append(resolved)
                resolver.last = resolved[0]
                # A heading or a list introduction sets the context with
                # any date; a paragraph with the date that opens a sentence.
                if resolver.topic is None and (not statement or _opens_sentence(folded, ref)):
                    resolver.topic = (resolved[0][0], resolved[0][1], resolved[1])
            if not statement or not dates:
                continue
            names = table.names_in(sentence, folded) if table is not None else []
            for date, relative in dates:
                text, precision = iso(date)
                order += 1
                events.append(Event(text, precision, article.id, sentence, list(names), relative,
                                    block.line, order))
        resolver.end_block(block, intro)
    return ArticleTimeline(article, events, left_out)


def overlaps(date: str, since: str | None, until: str | None) -> bool:
    """Whether a date of any precision overlaps [since, until] (YYYY[-MM[-DD]])."""
    if since:
        size = min(len(date), len(since))
        if date[:size] < since[:size]:
            return False
    if until:
        size = min(len(date), len(until))
        if date[:size] > until[:size]:
            return False
    return True


def merge(timelines: Iterable[ArticleTimeline]) -> list[Event]:
    """All events, by date (a year before its months, a month before its
    days), then article id, then place in the article."""
    events = [event for timeline in timelines for event in timeline.events]
    return sorted(events, key=lambda e: (e.date, e.id, e.order))


def group_by_date(events: Iterable[Event]) -> Iterator[tuple[str, list[Event]]]:
    """Consecutive events of one date together (events sorted by date)."""
    group: list[Event] = []
    for event in events:
        if group and event.date != group[0].date:
            yield group[0].date, group
            group = []
        group.append(event)
    if group:
        yield group[0].date, group
