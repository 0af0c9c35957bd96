"""Which entities an article mentions, and how often.

Mentions are counted in the title and in the prose of the body (Markdown
stripped: a name inside a link's address is not a mention), leftmost-longest,
so 山姆·奥尔特曼 is one mention of Sam Altman, not two.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from feudcli.extract.aliases import AliasTable
from feudcli.corpus import Article
from feudcli.text.prose import plain_text


@dataclass
class EntityCount:
    id: str
    entity: str  # canonical name
    kind: str
    mentions: int
    spellings: list[str] = field(default_factory=list)  # as written, first seen first

    def record(self) -> dict:
        return {"id": self.id, "entity": self.entity, "kind": self.kind,
                "mentions": self.mentions, "spellings": self.spellings}


@dataclass
class EntityTotal:
    entity: str
    kind: str
    articles: int
    mentions: int

    def record(self) -> dict:
        return {"entity": self.entity, "kind": self.kind, "articles": self.articles, "mentions": self.mentions}


def article_text(article: Article) -> str:
    return f"{article.title}\n{plain_text(article.body)}"


def count_entities(article: Article, table: AliasTable) -> list[EntityCount]:
    """The article's entities, most mentioned first (ties: by name)."""
    counts: dict[str, EntityCount] = {}
    for mention in table.mentions(article_text(article)):
        entry = counts.get(mention.name)
        if entry is None:
            entity = table.entity(mention.name)
            entry = counts[mention.name] = EntityCount(article.id, mention.name, entity.kind if entity else "", 0)
        entry.mentions += 1
        spelling = " ".join(mention.text.split())
        if spelling not in entry.spellings:
            entry.spellings.append(spelling)
    return sorted(counts.values(), key=lambda c: (-c.mentions, c.entity.casefold()))


def totals(counts: Iterable[EntityCount]) -> list[EntityTotal]:
    """Per entity over many articles: in how many, and how many mentions."""
    merged: dict[str, EntityTotal] = {}
    for count in counts:
        total = merged.setdefault(count.entity, EntityTotal(count.entity, count.kind, 0, 0))
        total.articles += 1
        total.mentions += count.mentions
    return sorted(merged.values(), key=lambda t: (-t.articles, -t.mentions, t.entity.casefold()))
