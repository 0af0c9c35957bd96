"""Which entities an article mentions, and how often.

Mentions are counted in the title and in the prose of the body (Markdown
stripped: a name inside a link's address, in inline code, in a path or a
domain name is not a mention), leftmost-longest, so 山姆·奥尔特曼 is one
mention of Sam Altman, not two. A Latin spelling is a whole word, and a
word is not cut out of a compound written with - + _ . / @ # : the X of
Ctrl+X, X-Frame-Options or x.com is not X the company.

Names the alias tables know come from the tables (source `table` for the
shipped one, `corpus` for the corpus's own file or --aliases); the others
are discovered by feudcli.extract.discovery (source `discovered`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from feudcli.corpus import Article
from feudcli.extract.aliases import AliasTable, Mention
from feudcli.text.prose import plain_text

TABLE, CORPUS, DISCOVERED = "table", "corpus", "discovered"
# Part of the cache stamp of `entities` results: bump when what
# article_entities returns for an article changes.
EXTRACTOR_VERSION = "2"

_LATIN = re.compile("[0-9A-Za-z\u00c0-\u024f]")
_JOINERS = "-+_./@#:\\"


@dataclass
class EntityCount:
    id: str
    entity: str  # canonical name; a discovered one as the article spells it
    kind: str
    mentions: int
    spellings: list[str] = field(default_factory=list)  # as written, first seen first
    source: str = TABLE
    key: str = ""  # what merges counts over articles (a discovered name's folded form)

    def record(self) -> dict:
        return {"id": self.id, "entity": self.entity, "kind": self.kind,
                "mentions": self.mentions, "spellings": self.spellings, "source": self.source}


@dataclass
class EntityTotal:
    entity: str
    kind: str
    articles: int
    mentions: int
    source: str = TABLE

    def record(self) -> dict:
        return {"entity": self.entity, "kind": self.kind, "articles": self.articles, "mentions": self.mentions,
                "source": self.source}


def article_text(article: Article) -> str:
    return f"{article.title}\n{plain_text(article.body, code=False)}"


def _joined(text: str, mention: Mention) -> bool:
    """Whether a Latin mention is part of a longer compound: Ctrl+X,
    X-Frame-Options, x.com, @x, #x."""
    start, end = mention.start, mention.end
    if start and _LATIN.match(text[start]) and text[start - 1] in _JOINERS:
        if start >= 2 and _LATIN.match(text[start - 2]) or text[start - 1] in "@#":
            return True
    if end < len(text) and _LATIN.match(text[end - 1]) and text[end] in _JOINERS:
        if end + 1 < len(text) and _LATIN.match(text[end + 1]):
            return True
    return False


def mentions(text: str, table: AliasTable) -> list[Mention]:
    """The table's mentions in a text, without Latin ones cut out of a compound."""
    return [mention for mention in table.mentions(text) if not _joined(text, mention)]


def source_of(name: str) -> str:
    """table when the shipped table knows the entity, else corpus (the
    corpus's aliases file or --aliases brought it)."""
    from feudcli.extract.alias_files import shipped_table

    return TABLE if shipped_table().entity(name) is not None else CORPUS


def count_entities(article: Article, table: AliasTable, text: str | None = None,
                   found: list[Mention] | None = None) -> list[EntityCount]:
    """The article's entities that the table knows, most mentioned first
    (ties: by name)."""
    text = article_text(article) if text is None else text
    counts: dict[str, EntityCount] = {}
    for mention in mentions(text, table) if found is None else found:
        entry = counts.get(mention.name)
        if entry is None:
            entity = table.entity(mention.name)
            entry = counts[mention.name] = EntityCount(article.id, mention.name, entity.kind if entity else "", 0,
                                                       source=source_of(mention.name))
        entry.mentions += 1
        spelling = " ".join(mention.text.split())
        if spelling not in entry.spellings:
            entry.spellings.append(spelling)
    return sorted(counts.values(), key=lambda c: (-c.mentions, c.entity.casefold()))


def article_entities(article: Article, table: AliasTable, discover: bool = True) -> dict:
    """What `entities` keeps per article (JSON data): the table's counts
    and the discovery's candidates (feudcli.extract.discovery.Candidate records),
    found where no table name stands."""
    text = article_text(article)
    found = mentions(text, table)
    result = {"counts": [count.record() for count in count_entities(article, table, text, found)],
              "found": []}
    if discover:
        from feudcli.extract.discovery import candidates

        result["found"] = [candidate.record() for candidate in
                           candidates(text, [(mention.start, mention.end) for mention in found])]
    return result


def discovered_counts(article_id: str, found: Iterable, accepted: dict) -> list[EntityCount]:
    """The counts of one article's candidates that the corpus accepted
    (feudcli.extract.discovery.accept), each shown as the article spells it."""
    from feudcli.extract.discovery import Candidate

    counts = []
    for record in found:
        candidate = Candidate.of(record)
        chosen = accepted.get(candidate.key)
        if chosen is None:
            continue
        counts.append(EntityCount(article_id, candidate.spellings[0], chosen.kind, candidate.mentions,
                                  list(candidate.spellings), DISCOVERED, candidate.key))
    return counts


def totals(counts: Iterable[EntityCount], names: dict[str, str] | None = None) -> list[EntityTotal]:
    """Per entity over many articles: in how many, and how many mentions.
    A discovered name is merged over its spellings and shown as `names`
    (key -> the spelling written most often) says."""
    merged: dict[str, EntityTotal] = {}
    for count in counts:
        key = count.key or count.entity
        shown = (names or {}).get(count.key, count.entity) if count.key else count.entity
        total = merged.setdefault(key, EntityTotal(shown, count.kind, 0, 0, count.source))
        total.articles += 1
        total.mentions += count.mentions
    return sorted(merged.values(), key=lambda t: (-t.articles, -t.mentions, t.entity.casefold()))


def pair_counts(counts: Iterable[EntityCount]) -> list[dict]:
    """Which entities appear in the same article, and in how many: one
    record per pair (names in order), most articles first."""
    from collections import Counter
    from itertools import combinations

    by_article: dict[str, set[str]] = {}
    for count in counts:
        by_article.setdefault(count.id, set()).add(count.entity)
    together: Counter = Counter()
    for names in by_article.values():
        together.update(combinations(sorted(names, key=str.casefold), 2))
    return [{"entity": first, "other": second, "articles": number}
            for (first, second), number in sorted(together.items(), key=lambda item: (-item[1], item[0]))]
