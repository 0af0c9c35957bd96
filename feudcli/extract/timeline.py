"""A merged chronology of the corpus: dated statements from every article.

Each sentence of an article's prose (feudcli.text.prose) is searched for date
expressions (feudcli.extract.dates), and each one is turned into a calendar date of
year, month or day precision:

- a date with its own year stands as written (2015年, 2024年2月, 2025-02-10);
- a month or day without a year (2月, 当地时间2月10日, 10日) takes its year
  from the context first — a date that opens an earlier sentence of the same
  paragraph, the list item or list introduction above it (a "2025年风波："
  item over items "2月", "8月"), the heading or date label above it — and
  otherwise from the article's date, as news reports mean it (the most
  recent such date, or one at most two months ahead), unless the section
  tells of another time (it last wrote a year far from the article's);
- a relative date (去年3月, 今年1月21日, 前年, 上个月, 昨天) counts from the
  article's date, and 当天, 次日, 同年 from the date mentioned before it; a
  day alone (12号, 26日) takes the month of the context, else the nearest
  month written before it, else the article's date; a two-digit year (19年)
  the century that puts it nearest the article's year.

What needs the article's date is left out of an undated article, and counted.
Headings, list introductions and dates alone on their line (10月份 over a
month's notes, 2019-01-17 over a diary entry) give context; they are not
events. Nor is a block that only links elsewhere, embeds another post (a
tweet) or cites a source.

Rules learnt from blogs:
- a sentence is one statement however many dates it names: it is listed
  under the date of the event it reports (the date that opens it or one of
  its clauses, not one after 比 or inside a "…时" clause), the other dates
  go with it as context;
- a relative day word (今天, 昨天, 当天 …) dates nothing inside quotes, in
  an enumeration of such words (“昨天”、“今天”和“明天”), as a figure of
  speech (我们的明天, 今天的中国, 明天再说) or in an example (比如…今天);
  in a story told day by day (## Day 3, 厦门第二天行程, 第二天 in its prose,
  or a diary of dated entries) it is a day of the story, which the
  article's date does not tell;
- a date only compared with (不如去年, 比去年) reports no event;
- a month without a year told as done (8月28日，我开启了…) is not ahead
  of the article's date;
- an article dated early in a year whose title names the year before (a
  "2019年度总结" of 2020-01-02) means that year by 今年, one titled with its
  own year means that year by a month without one, and a monthly report
  titled with last month means that month by 这个月;
- inline code, file paths, URLs, domain names, titles of works (《1984》)
  and citations ([4] Author, "Title," 2025年11月19日) hold no dates;
- a header of `key: value` lines closed by `---` that the front matter
  parser did not take (Hexo writes them without the opening line) is front
  matter: its `date` is the article's date, the rest is not prose.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from typing import Iterable, Iterator

from feudcli.corpus import Article
from feudcli.extract.aliases import AliasTable
from feudcli.extract.dates import ABSOLUTE, ANAPHORIC, DAY, PARTIAL, RELATIVE, DateRef, find_dates
from feudcli.extract.dating import (
    SIGNATURE, add_months, century, compared, dating_refs, is_day_word, iso, opens_sentence, period_of, prose_only,
    reported, valid_date, weight, year_near,
)
from feudcli.extract.sentences import sentence_spans
from feudcli.text.prose import HEADING, ITEM, PARAGRAPH, Block, blocks, unmarked
from feudcli.text.script import fold

# Part of the cache stamp of `timeline` results: bump when what
# article_timeline returns for an article changes.
EXTRACTOR_VERSION = "6"

_ARTICLE_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_INTRO_END = re.compile(r"[：:]\s*$")
_WORDS = re.compile(r"[^\W_]")  # a letter, a digit or a CJK character
LABEL_LEVEL = 8  # a date label is a heading below every Markdown one
LABEL_MAX = 40  # the longest date written alone (September 10, 2025; 二〇二三年十二月三十一日) and then some
# 了 of a completed action, not of 为了, 除了, 了解, 受不了.
_DONE = re.compile(r"(?<![为除不])了(?![解却])")
# A story told day by day (a travel diary): a heading "Day 3", "D2", "厦门第二天行程",
# "第 1 天，2023.05.23", or 第二天, 第三天 … in its prose.
_DAY_BY_DAY = re.compile(r"^#{1,6}[ \t]*(?:day|d)[ \t]*[0-9]{1,2}\b|^#{1,6}[^\n]*第[ \t]*[一二三四五六七八九十0-9]{1,3}[ \t]*天"
                         r"|第[ \t]*(?:[二三四五六七八九十]|[2-9])[ \t]*天", re.I | re.M)
# A section that tells of a year further than this from the article's does
# not give a date without a year the article's year.
ERA_YEARS = 1
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
    note: str = ""  # early, mid, late, first half, second half, until 2024-03
    context: list[str] = field(default_factory=list)  # the sentence's other dates

    def record(self) -> dict:
        return {"date": self.date, "precision": self.precision, "id": self.id, "text": self.text,
                "entities": self.entities, "relative": self.relative, "note": self.note,
                "context": self.context}


@dataclass
class ArticleTimeline:
    article: Article
    events: list[Event]
    left_out: list[str]  # date phrases that could not be resolved


def _day_of(text: str) -> dt.date | None:
    match = _ARTICLE_DATE.match(text.strip().strip("\"'"))
    if not match:
        return None
    try:
        return dt.date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def article_day(article: Article) -> dt.date | None:
    return _day_of(article.date or "")


_HEADLESS = re.compile(r"\A((?:[ \t]*\n)*(?:(?:[A-Za-z_][\w-]*[ \t]*:[^\n]*|[ \t]+-[^\n]*)\n)+)---[ \t]*(?:\n|\Z)")
_HEADER_DATE = re.compile(r"^date[ \t]*:[ \t]*(.+)$", re.M)


def headless_front_matter(body: str) -> tuple[str, dt.date | None]:
    """(the body without a front matter header that lacks its opening `---`,
    blanked line for line; the header's date)."""
    match = _HEADLESS.match(body)
    if not match or len(re.findall(r"^[A-Za-z_][\w-]*[ \t]*:", match.group(1), re.M)) < 2:
        return body, None
    date = _HEADER_DATE.search(match.group(1))
    return "\n" * match.group().count("\n") + body[match.end():], _day_of(date.group(1)) if date else None


class _Resolver:
    """Turns the references of one article into dates, keeping the context."""

    def __init__(self, today: dt.date | None, title: str = "", day_by_day: bool = False):
        self.today = today
        self.day_by_day = day_by_day
        self.past = False  # whether the sentence tells what was done (了)
        self.year_base, self.month_base = period_of(title, today)
        self.headings: list[tuple[int, Context | None]] = []
        self.items: list[list] = []  # [indent, context] from the outer list level in
        self.intro: Context | None = None
        self.topic: Context | None = None  # set by a date opening a sentence of this block
        self.last: Date | None = None  # the last date resolved in this block
        self.recent: Context | None = None  # the last month written, in this section
        self.era: int | None = None  # the year of the last date with a year written, in this section

    def start_block(self, block: Block) -> None:
        self.topic = self.last = None
        if block.kind == HEADING:
            self.headings = [entry for entry in self.headings if entry[0] < block.level]
            self.headings.append((block.level, None))
            self.items, self.intro, self.recent, self.era = [], None, None, None
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

    def resolve(self, ref: DateRef) -> tuple[Date, bool, str] | None:
        """(date, relative, note) or None when it cannot be resolved."""
        resolved = self._resolve(ref)
        if resolved is None:
            if ref.month is not None:
                self.recent = None  # the month last written is not known: 25日 after it neither
            return None
        date, relative = resolved
        note = ref.part
        if ref.until_month is not None and date[1] is not None:
            note = f"until {date[0]:04d}-{ref.until_month:02d}"
        if date[1] is not None:
            self.recent = (date[0], date[1], relative)
        if ref.kind == ABSOLUTE:
            self.era = date[0]
        return date, relative, note

    def _of_today(self) -> bool:
        """Whether this section tells of the article's own time: not of 1958
        (自2月28日起 after 1958年5月2日 in a history note of 2014)."""
        return self.era is None or abs(self.era - self.today.year) <= ERA_YEARS

    def _resolve(self, ref: DateRef) -> tuple[Date, bool] | None:
        today, context = self.today, self.context()
        if ref.kind == ABSOLUTE:
            if ref.short:
                return (century(ref.year, today), ref.month, ref.day), today is not None
            return (ref.year, ref.month, ref.day), False
        if ref.kind == PARTIAL:
            if context is not None:
                return (context[0], ref.month, ref.day), context[2]
            if self.year_base is not None:
                return (self.year_base, ref.month, ref.day), True
            if today is not None and self._of_today():
                return (year_near(today, ref.month, ref.day, self.past), ref.month, ref.day), True
            return None
        if ref.kind == DAY:
            if context is not None and context[1] is not None:
                return (context[0], context[1], ref.day), context[2]
            if self.recent is not None:
                return (self.recent[0], self.recent[1], ref.day), self.recent[2]
            if today is not None and self._of_today():
                year, month = today.year, today.month
                if ref.day > today.day:
                    year, month = add_months(year, month, -1)
                return (year, month, ref.day), True
            return None
        if ref.kind == RELATIVE:
            if today is None:
                return None
            if ref.unit == "year":
                return ((self.year_base or today.year) + ref.offset, ref.month, ref.day), True
            if ref.unit == "month":
                year, month = self.month_base or (today.year, today.month)
                return (*add_months(year, month, ref.offset), None), True
            if self.day_by_day:
                return None  # 今天 on Day 3 of a trip is that day, not the day it was posted
            moved = today + dt.timedelta(days=ref.offset)
            return (moved.year, moved.month, moved.day), True
        # Anaphoric: 当天 / 次日 from the last day mentioned, 同年 / 同月 from the last date.
        before = self.last or (context[:2] + (None,) if context is not None else None)
        if ref.unit == "day":
            # 当天 with no day before it is some day the reader cannot know
            # (事件发生的当天), not the article's.
            if before is not None and before[2] is not None:
                moved = dt.date(*before) + dt.timedelta(days=ref.offset)
                return (moved.year, moved.month, moved.day), True
            return None
        if before is None:
            return None
        if ref.unit == "year":
            return (before[0], ref.month, ref.day), True
        if before[1] is None:
            return None
        return (before[0], before[1], ref.day), True


def article_timeline(article: Article, table: AliasTable | None = None) -> ArticleTimeline:
    """The dated statements of one article, in the order they are written."""
    body, header_day = headless_front_matter(article.body)
    found = [block for block in blocks(body, mark_code=True) if not block.reference]
    folded_blocks = [fold(prose_only(block.text)) for block in found]  # fold keeps every offset
    # A date alone on its line (10月份; 2019-01-17 over a diary entry) labels
    # what follows: a paragraph as a heading does, an item as a list
    # introduction. Two labels of days make a diary of days.
    labels = [_label(folded) for folded in folded_blocks]
    diary = sum(label is not None and label.day is not None for label in labels) >= 2
    resolver = _Resolver(article_day(article) or header_day, article.title or "",
                         diary or bool(_DAY_BY_DAY.search(body)))
    events: list[Event] = []
    left_out: list[str] = []
    order = 0
    for block, folded_block, label in zip(found, folded_blocks, labels):
        if label is not None and block.kind == PARAGRAPH:
            block = replace(block, kind=HEADING, level=LABEL_LEVEL)
        resolver.start_block(block)
        intro = bool(_INTRO_END.search(block.text)) or label is not None
        statement = block.kind != HEADING and not intro
        for start, end in sentence_spans(block.text):
            sentence, folded = block.text[start:end], folded_block[start:end]
            refs = find_dates(folded)
            if any(ref.kind != ANAPHORIC for ref in refs):
                # 当天 or 第二天 next to a date of its own is part of that date.
                refs = [ref for ref in refs if ref.kind != ANAPHORIC]
            refs = dating_refs(folded, refs)
            resolver.past = _DONE.search(folded) is not None
            dates: list[tuple[Date, bool, str, int, bool]] = []  # date, relative, note, weight, compared
            for ref in refs:
                resolved = resolver.resolve(ref)
                if resolved is None or not valid_date(*resolved[0]):
                    left_out.append(unmarked(sentence[ref.start:ref.end]))
                    continue
                date, relative, note = resolved
                if date not in (entry[0] for entry in dates):
                    dates.append((date, relative, note, weight(folded, ref), compared(folded, ref)))
                resolver.last = date
                # A heading or a list introduction sets the context with
                # any date but a relative day; a paragraph with the date
                # that opens a sentence.
                if resolver.topic is None and (not statement and not is_day_word(ref)
                                               or statement and opens_sentence(folded, ref)):
                    resolver.topic = (date[0], date[1], relative)
            # A sentence whose only date is a comparison (不如去年) reports no event of it.
            if not statement or not dates or SIGNATURE.search(folded) or all(entry[4] for entry in dates):
                continue
            text = unmarked(sentence)
            names = table.names_in(text) if table is not None else []
            best = reported(dates)
            date, relative, note, *_ = dates[best]
            context = [iso(other[0])[0] for number, other in enumerate(dates) if number != best]
            day, precision = iso(date)
            order += 1
            events.append(Event(day, precision, article.id, text, list(names), relative,
                                block.line, order, note, context))
        resolver.end_block(block, intro)
    return ArticleTimeline(article, events, left_out)


def _label(folded: str) -> DateRef | None:
    """The date a block consists of, if it is nothing else."""
    if len(folded) > LABEL_MAX:
        return None  # a paragraph: not searched for dates twice
    refs = find_dates(folded)
    if len(refs) != 1:
        return None
    rest = folded[:refs[0].start] + folded[refs[0].end:]
    return None if _WORDS.search(rest) else refs[0]


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
