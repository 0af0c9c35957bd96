"""Selecting and ordering articles: the filters `list`, `search` and
`convert --all` share."""

from __future__ import annotations

import re
from dataclasses import dataclass

from feudcli.corpus import Article

from feudcli.errors import FeudcliError
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class FilterError(FeudcliError):
    pass


def check_partial_date(value: str | None, option: str) -> str | None:
    """YYYY, YYYY-MM or YYYY-MM-DD, as given on the command line."""
    if value is None:
        return None
    value = value.strip()
    if not _PARTIAL_DATE.match(value) or not _on_the_calendar(value):
        raise FilterError(f"{option} {value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD "
                          "(a year from 0001, a month 01-12, a day that month has)")
    return value


def _on_the_calendar(value: str) -> bool:
    """2025-13, 2025-02-30 and 0000 match the shape but name no day, so a
    filter with them would silently select nothing."""
    import datetime as dt

    parts = [int(part) for part in value.split("-")]
    year, month, day = parts[0], (parts[1:2] or [1])[0], (parts[2:3] or [1])[0]
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def lang_matches(wanted: str, lang: str | None) -> bool:
    if not lang:
        return False
    wanted = wanted.lower()
    for value in lang.lower().replace(",", " ").split():
        if value == wanted or value.startswith(wanted + "-") or value.replace("_", "-") == wanted:
            return True
    return False


@dataclass(frozen=True)
class ArticleFilter:
    script: str | None = None
    lang: str | None = None
    tag: str | None = None
    since: str | None = None
    until: str | None = None

    def __post_init__(self) -> None:
        check_partial_date(self.since, "--since")
        check_partial_date(self.until, "--until")

    def matches(self, article: Article) -> bool:
        if self.script and article.script != self.script:
            return False
        if self.lang and not lang_matches(self.lang, article.lang):
            return False
        if self.tag:
            from feudcli.text.script import fold  # its tables load only when a tag is asked for

            wanted = fold(self.tag)
            if not any(fold(tag) == wanted for tag in article.tags):
                return False
        if self.since or self.until:
            if not article.date:
                return False
            if self.since and article.date[: len(self.since)] < self.since:
                return False
            if self.until and article.date[: len(self.until)] > self.until:
                return False
        return True

    def apply(self, articles: list[Article]) -> list[Article]:
        return [article for article in articles if self.matches(article)]


def sort_articles(articles: list[Article], key: str = "date", reverse: bool = False) -> list[Article]:
    """Sorted by key; undated articles always come last when sorting by date."""
    if key == "date":
        dated = sorted((a for a in articles if a.date), key=lambda a: (a.date, a.id), reverse=reverse)
        return dated + sorted((a for a in articles if not a.date), key=lambda a: a.id)
    if key == "chars":
        return sorted(articles, key=lambda a: (a.chars, a.id), reverse=reverse)
    if key == "title":
        return sorted(articles, key=lambda a: (a.title, a.id), reverse=reverse)
    return sorted(articles, key=lambda a: a.id, reverse=reverse)
