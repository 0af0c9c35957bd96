"""Date expressions in one sentence of Chinese or English text.

`find_dates` runs on FOLDED text (feudcli.text.script.fold: Simplified, half-width,
lower-case Latin), so 當天 and 当天, ２０２５年 and 2025年 are one pattern.
It only recognises; turning a reference into a calendar date needs the
article's date and the context around the sentence (feudcli.extract.timeline).

Kinds of reference:
  absolute   a year of its own: 2015年, 2024年2月, 2025-02-10, Feb 10, 2025
  partial    a month or day without a year: 2月, 2月10日, February 10
  relative   counted from the article's date: 去年3月, 今年1月21日, 前年, 上个月, 昨天
  anaphoric  counted from the date mentioned before: 当天, 次日, 同年
  day        a bare day of the month, as news reports write it: 10日, 12号

Informal forms as blogs write them: a two-digit year (19年3月底, 08年) is
`short` (its century is chosen by feudcli.extract.timeline from the article's date);
a part of a month or year (3月初, 月中, 年底, 下半年) is a `part` (early, mid,
late, first half, second half); a range of months (1~3月) starts at its first
month and keeps the last as `until_month`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ABSOLUTE, PARTIAL, RELATIVE, ANAPHORIC, DAY = "absolute", "partial", "relative", "anaphoric", "day"

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_YEAR = "[〇零一二三四五六七八九]{4}"
_CN_MONTH = "十[一二]?|[一二三四五六七八九]"
_CN_DAY = "三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_YEAR = rf"(?P<y>(?<![0-9.])[12][0-9]{{3}}|{_CN_YEAR})"
_MONTH = rf"(?P<m>(?<![0-9.])(?:1[0-2]|0?[1-9])|{_CN_MONTH})"
_DAY = rf"(?P<d>(?:3[01]|[12][0-9]|0?[1-9])|{_CN_DAY})"
# 年 in 2000年来 (for 2000 years), 2020年代 (a decade), 2015年级 (a class).
_NOT_A_YEAR = "(?!来(?:[的，,。、]|$)|[间代级])"
# 月中 is mid-month only where nothing follows it (3月中有… is "in March there is").
_MONTH_PART = r"(?P<mpart>上旬|中下旬|中旬|下旬|初|底|末|中(?=[，,。；;、\s)）]|$))"
_YEAR_PART = r"年?(?P<ypart>初(?![步次级始衷心中めて])|底|末|上半年|下半年)"
_MONTH_DAY = rf"\s*{_MONTH}\s*月份?(?:\s*{_DAY}\s*[日号]|{_MONTH_PART})?"
_RANGE = r"\s*(?:~|～|-|–|—|到|至)\s*"
_SHORT_YEAR = r"(?<![0-9.:/\-])(?P<yy>[0-9]{2})\s*年"

_CHINESE = [
    (ABSOLUTE, re.compile(rf"{_YEAR}\s*年{_NOT_A_YEAR}(?:{_MONTH_DAY}|{_YEAR_PART})?")),
    (ABSOLUTE, re.compile(rf"{_YEAR}\s*年\s*(?P<m>1[0-2]|0?[1-9]){_RANGE}(?P<m2>1[0-2]|0?[1-9])\s*月")),
    # Two digits are a year before a month (19年3月), with a leading zero
    # (08年) or before a part of the year (19年底); else 20年 is twenty years.
    (ABSOLUTE, re.compile(rf"{_SHORT_YEAR}(?:{_MONTH_DAY}|{_YEAR_PART})")),
    (ABSOLUTE, re.compile(r"(?<![0-9.:/\-])(?P<yy>0[0-9])\s*年(?![来间代级多前后内里])")),
    # …and when it opens a sentence or clause before a comma (98年，我出生了).
    (ABSOLUTE, re.compile(r"(?:^|(?<=[，,。；;：:\s]))(?P<yy>[0-9]{2})\s*年(?=[，,])")),
    (PARTIAL, re.compile(rf"(?<![0-9个几数每上下本这那当同年])(?P<m>1[0-2]|0?[1-9])\s*月份?(?:\s*{_DAY}\s*[日号]|{_MONTH_PART})?")),
    (PARTIAL, re.compile(rf"(?<![0-9个几数每上下本这那当同年.])(?P<m>1[0-2]|0?[1-9]){_RANGE}(?P<m2>1[0-2]|0?[1-9])\s*月")),
    # A month in Chinese numerals needs a day or 份 to be a date (三月 alone
    # too often is not).
    (PARTIAL, re.compile(rf"(?<![个几数每上下本这那当同正腊])(?P<m>{_CN_MONTH})\s*月(?:份|\s*{_DAY}\s*[日号])")),
    (RELATIVE, re.compile(rf"(?P<rel>大前年|前年|去年|上年|今年|本年|明年)(?:{_MONTH_DAY}|{_YEAR_PART})?")),
    (RELATIVE, re.compile(r"(?P<rel>上个?月|本月|这个月|下个?月)(?![球亮光])(?P<mpart>初|中旬|底|末)?")),
    # 到今天 / 至今日 is "to this day", not a day.
    (RELATIVE, re.compile(r"(?P<rel>大前天|昨天|昨日|昨晚|昨夜|明天|明晚|明早)"
                          r"|(?<![之以提目眼事此向空从])(?P<rel2>前天|前晚)"
                          r"|(?<![至到])(?P<rel3>今天|今日|今晚|今早|今晨)")),
    (ANAPHORIC, re.compile(r"(?P<ana>当天|当日|同日|同一天|次日|翌日|第二天|隔天)")),
    (ANAPHORIC, re.compile(r"(?P<ana>同年|同月)(?![龄级纪份])(?:\s*(?P<m>1[0-2]|0?[1-9])\s*月(?:\s*(?P<d>3[01]|[12][0-9]|0?[1-9])\s*[日号])?)?")),
    # Not 3日内 (within three days), 2日目 / 3日間 / 3日で / 2泊3日 (Japanese: the
    # second day, for three days).
    (DAY, re.compile(r"(?<![0-9月年至到~\-—、和与及第每数几期为前泊])(?P<d>3[01]|[12][0-9]|0?[1-9])\s*日"
                     r"(?![内前后间起来以左目間で])")),
    # 12号 is a day unless it numbers a thing: not 13号线, 3号楼, 5号电池.
    (DAY, re.compile(r"(?<![0-9月年至到~\-—、和与及第每数几期为前型编])(?P<d>3[01]|[12][0-9]|0?[1-9])\s*号"
                     r"(?![0-9A-Za-z线楼店门位机球字床房车口院馆码卡桌座台道街路巷弄厅仓库箱包柜格档键版型站厂坑舱"
                     r"艇栋幢层室区段电文选种人])")),
]

_MONTH_NAMES = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_EN_NAMES = "|".join(sorted(_MONTH_NAMES, key=len, reverse=True))
_EN_MONTH = rf"(?<![a-z])(?P<mon>{_EN_NAMES})(?![a-z])\.?"
# "may" is a month only next to a year (it may 5 …).
_EN_MONTH_NOT_MAY = rf"(?<![a-z])(?P<mon>(?!may(?![a-z]))(?:{_EN_NAMES}))(?![a-z])\.?"
_EN_DAY = r"(?P<d>3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
_EN_YEAR = r"(?P<y>[12][0-9]{3})(?![0-9])"

_ENGLISH = [
    (ABSOLUTE, re.compile(rf"{_EN_MONTH}\s+{_EN_DAY},?\s+{_EN_YEAR}")),
    (ABSOLUTE, re.compile(rf"(?<![0-9]){_EN_DAY}\s+(?:of\s+)?{_EN_MONTH},?\s+{_EN_YEAR}")),
    (ABSOLUTE, re.compile(rf"{_EN_MONTH},?\s+{_EN_YEAR}")),
    (PARTIAL, re.compile(rf"{_EN_MONTH_NOT_MAY}\s+{_EN_DAY}")),
    (PARTIAL, re.compile(rf"(?<![0-9]){_EN_DAY}\s+(?:of\s+)?{_EN_MONTH_NOT_MAY}")),
    (ABSOLUTE, re.compile(r"(?<![a-z])(?:in|since|by|from|until|till|through|during|of|before|after|early|late|mid-?)"
                          r"\s+(?P<y>(?:1[89]|20)[0-9]{2})(?![0-9]|\s*年|[-/.][0-9])")),
    # ISO and its cousins: 2025-02-10, 2025/2/10, 2025.02.10; 2025-02.
    (ABSOLUTE, re.compile(r"(?<![0-9])(?P<y>[12][0-9]{3})([-/.])(?P<m>1[0-2]|0?[1-9])\2(?P<d>3[01]|[12][0-9]|0?[1-9])(?![0-9])")),
    (ABSOLUTE, re.compile(r"(?<![0-9/.-])(?P<y>[12][0-9]{3})-(?P<m>0[1-9]|1[0-2])(?![0-9/.-])")),
]

_RELATIVE_YEARS = {"大前年": -3, "前年": -2, "去年": -1, "上年": -1, "今年": 0, "本年": 0, "明年": 1}
_RELATIVE_MONTHS = {"上月": -1, "上个月": -1, "本月": 0, "这个月": 0, "下月": 1, "下个月": 1}
_RELATIVE_DAYS = {"大前天": -3, "前天": -2, "前晚": -2, "昨天": -1, "昨日": -1, "昨晚": -1, "昨夜": -1,
                  "今天": 0, "今日": 0, "今晚": 0, "今早": 0, "今晨": 0, "明天": 1, "明晚": 1, "明早": 1}
_PARTS = {"初": "early", "上旬": "early", "中": "mid", "中旬": "mid", "中下旬": "late", "下旬": "late",
          "底": "late", "末": "late", "上半年": "first half", "下半年": "second half"}
_ANAPHORIC_DAYS = {"当天": 0, "当日": 0, "同日": 0, "同一天": 0, "次日": 1, "翌日": 1, "第二天": 1, "隔天": 1}


@dataclass(frozen=True)
class DateRef:
    start: int
    end: int
    kind: str  # absolute, partial, relative, anaphoric, day
    year: int | None = None
    month: int | None = None
    day: int | None = None
    offset: int = 0  # relative/anaphoric: years, months or days to move
    unit: str = ""  # what `offset` counts: year, month, day ("" for none)
    part: str = ""  # early, mid, late, first half, second half
    until_month: int | None = None  # a range of months: its last month
    short: bool = False  # a two-digit year (19年): `year` is 0-99


def _cn_number(text: str) -> int:
    """二〇二五 -> 2025, 十二 -> 12, 二十一 -> 21, 21 -> 21."""
    if text.isdigit():
        return int(text)
    if "十" not in text:
        return int("".join(str(_CN_DIGITS[char]) for char in text))
    tens, _, ones = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


def _group(match: re.Match, name: str) -> str | None:
    return match.groupdict().get(name)


def _number(match: re.Match, name: str) -> int | None:
    value = _group(match, name)
    return _cn_number(value) if value else None


def _ref(kind: str, match: re.Match) -> DateRef | None:
    start, end = match.span()
    month = _number(match, "m")
    day = _number(match, "d")
    mon = _group(match, "mon")
    if mon:
        month = _MONTH_NAMES[mon.rstrip(".")]
    part = _PARTS.get(_group(match, "mpart") or _group(match, "ypart") or "", "")
    until = _number(match, "m2")
    if until is not None and (month is None or until <= month):
        return None  # 3-1月 is no range
    if kind == ABSOLUTE:
        short = _group(match, "yy")
        if short is not None:
            return DateRef(start, end, kind, int(short), month, day, part=part, short=True)
        return DateRef(start, end, kind, _number(match, "y"), month, day, part=part, until_month=until)
    if kind == PARTIAL:
        return DateRef(start, end, kind, None, month, day, part=part, until_month=until)
    if kind == DAY:
        return DateRef(start, end, kind, None, None, day)
    if kind == RELATIVE:
        word = _group(match, "rel") or _group(match, "rel2") or _group(match, "rel3")
        if word in _RELATIVE_YEARS:
            return DateRef(start, end, kind, None, month, day, _RELATIVE_YEARS[word], "year", part)
        if word in _RELATIVE_MONTHS:
            return DateRef(start, end, kind, None, None, None, _RELATIVE_MONTHS[word], "month", part)
        return DateRef(start, end, kind, None, None, None, _RELATIVE_DAYS[word], "day")
    word = _group(match, "ana")
    if word in _ANAPHORIC_DAYS:
        return DateRef(start, end, kind, None, None, None, _ANAPHORIC_DAYS[word], "day")
    return DateRef(start, end, kind, None, month, day, 0, "year" if word == "同年" else "month")


def _valid(ref: DateRef) -> bool:
    if ref.month is not None and not 1 <= ref.month <= 12:
        return False
    if ref.day is not None and not 1 <= ref.day <= 31:
        return False
    return ref.year is None or ref.short or 1000 <= ref.year <= 2999


# A pattern can only match where one of these is in the text; testing for
# them first spares most sentences most of the patterns.
_NEEDS = {ABSOLUTE: "年", PARTIAL: "月", DAY: "日号", RELATIVE: "年月天日晚早晨夜", ANAPHORIC: "天日年月"}
_DIGIT = re.compile("[0-9]")  # every English pattern has one
_CHINESE_BY_ANCHOR = {
    anchor: [(kind, pattern) for kind, pattern in _CHINESE if anchor in _NEEDS[kind]] for anchor in "年月日天号晚早晨夜"
}


def _patterns_for(folded: str) -> list:
    chosen: list = []
    for anchor, patterns in _CHINESE_BY_ANCHOR.items():
        if anchor in folded:
            chosen += [entry for entry in patterns if entry not in chosen]
    if _DIGIT.search(folded):
        chosen += _ENGLISH
    return chosen


def find_dates(folded: str) -> list[DateRef]:
    """The date references of a folded sentence, in order, never overlapping
    (the longest wins where two patterns start at the same place)."""
    patterns = _patterns_for(folded)
    if not patterns:
        return []
    found: list[DateRef] = []
    for kind, pattern in patterns:
        for match in pattern.finditer(folded):
            ref = _ref(kind, match)
            if ref is not None and _valid(ref):
                found.append(ref)
    found.sort(key=lambda ref: (ref.start, -(ref.end - ref.start)))
    kept: list[DateRef] = []
    for ref in found:
        if kept and ref.start < kept[-1].end:
            continue
        kept.append(ref)
    return kept
