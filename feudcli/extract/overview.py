"""A corpus at a glance: what `feudcli stats` shows.

Everything is counted from the article records (no file is read again), so
the overview of 100,000 articles costs a loop over their fields.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from feudcli.corpus import Article, LoadWarning

# The fields of the records form, one record per counted thing.
FIELDS = ("section", "key", "script", "count", "detail")


@dataclass
class Overview:
    articles: int = 0
    scripts: Counter = field(default_factory=Counter)
    langs: Counter = field(default_factory=Counter)  # as written; "" for none
    dated: int = 0
    months: Counter = field(default_factory=Counter)  # (YYYY-MM, script) -> articles
    tags: Counter = field(default_factory=Counter)  # folded tag -> articles
    tag_names: dict = field(default_factory=dict)  # folded tag -> as first written
    problems: list[LoadWarning] = field(default_factory=list)

    @property
    def undated(self) -> int:
        return self.articles - self.dated

    def month_range(self) -> list[str]:
        """Every month from the first dated article to the last, gaps
        included (a bar chart shows the quiet months too)."""
        if not self.months:
            return []
        first, last = min(month for month, _ in self.months), max(month for month, _ in self.months)
        year, month = int(first[:4]), int(first[5:7])
        found = []
        while f"{year:04d}-{month:02d}" <= last:
            found.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return found

    def records(self, top_tags: int = 0) -> list[dict]:
        """The overview as records (FIELDS), for pipelines."""
        rows = [{"section": "articles", "key": "all", "count": self.articles}]
        rows += [{"section": "script", "key": script, "count": count} for script, count in self.scripts.most_common()]
        rows += [{"section": "lang", "key": lang, "count": count} for lang, count in self.langs.most_common()]
        rows += [{"section": "dated", "key": "dated", "count": self.dated},
                 {"section": "dated", "key": "undated", "count": self.undated}]
        rows += [{"section": "month", "key": month, "script": script, "count": count}
                 for (month, script), count in sorted(self.months.items())]
        tags = self.tags.most_common(top_tags or None)
        rows += [{"section": "tag", "key": self.tag_names[tag], "count": count} for tag, count in tags]
        rows += [{"section": "problem", "key": warning.path, "count": 1, "detail": warning.message}
                 for warning in self.problems]
        return rows


def overview(articles: Iterable[Article], problems: Iterable[LoadWarning] = ()) -> Overview:
    from feudcli.text.script import fold

    found = Overview(problems=list(problems))
    for article in articles:
        found.articles += 1
        found.scripts[article.script] += 1
        found.langs[article.lang or ""] += 1
        if article.date:
            found.dated += 1
            found.months[(article.date[:7], article.script)] += 1
        for tag in dict.fromkeys(fold(tag) for tag in article.tags):
            found.tags[tag] += 1
        for tag in article.tags:
            found.tag_names.setdefault(fold(tag), tag)
    return found


def buckets(articles: Iterable[Article], by: str) -> list[tuple[str, int]]:
    """How many articles fall in each month, year, script, lang or tag: by
    time in order, every month or year between the first and the last
    included (a quiet month shows as 0), undated last; otherwise most
    first."""
    from feudcli.text.script import fold

    counted: Counter = Counter()
    names: dict[str, str] = {}
    for article in articles:
        if by in ("month", "year"):
            counted[article.date[: 7 if by == "month" else 4] if article.date else "undated"] += 1
        elif by == "script":
            counted[article.script] += 1
        elif by == "lang":
            counted[article.lang or "(none)"] += 1
        else:
            for tag in article.tags:
                names.setdefault(fold(tag), tag)
            for tag in dict.fromkeys(fold(tag) for tag in article.tags):
                counted[names[tag]] += 1
    if by not in ("month", "year"):
        return sorted(counted.items(), key=lambda item: (-item[1], item[0]))  # most first, then by name
    undated = counted.pop("undated", 0)
    found = Overview(months=Counter({(key if by == "month" else f"{key}-01", ""): 1 for key in counted}))
    span = found.month_range()
    if by == "year":
        span = sorted({month[:4] for month in span})
        span = [str(year) for year in range(int(span[0]), int(span[-1]) + 1)] if span else []
    return [(key, counted.get(key, 0)) for key in span] + ([("undated", undated)] if undated else [])
