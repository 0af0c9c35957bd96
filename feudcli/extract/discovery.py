"""Discovering the people, places and organisations of any corpus.

The alias tables know the names someone wrote down; discovery finds the
others with jieba's part-of-speech tagger (nr person, ns place, nt
organisation) over the FOLDED text, so 馬斯克 and 马斯克, 北京 and 北京 are one
name, while each article shows the name as it spells it.

Two steps, because the tagger is slow and its guesses are noisy:

- per article (`candidates`, cached by the corpus session like every
  per-article result): the names the tagger sees in the title and prose —
  not in code, not in addresses, not in Japanese text, not where a table
  name stands — with how often and in how many sentences;
- over the corpus (`accept`): what stays. A name must look like a name in
  at least two sentences; it is no word of the stop list (words jieba's
  dictionary tags as names but writers use as words: 东西, 明白, 城市);
  a name jieba's dictionary does not know must also look like one (a
  person: a common surname first or a transliteration; a place or an
  organisation: a suffix such as 市, 大学, 公司); and in a corpus of many
  articles a "name" in most of them is a word, not a name. Its kind is
  the one the text writes it as (feudcli.extract.kinds).

The tables stay the authority: a name they know is theirs (their kind,
their spelling), and discovered names are never aliases (search does not
widen them). jieba is imported only when discovery runs.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from feudcli.extract.kinds import ORGANIZATION, PERSON, PLACE, kind_as_written, written_kinds
from feudcli.text.prose import WORK_TITLE
from feudcli.text.script import fold

# Part of the cache stamp of `entities` results: bump when what
# `candidates` returns for an article changes.
DISCOVERY_VERSION = "6"

_KINDS = {"nr": PERSON, "nrfg": PERSON, "nrt": PERSON, "ns": PLACE, "nt": ORGANIZATION}
MIN_SENTENCES = 2  # a name must look like one in at least this many sentences
# In a corpus of at least SPREAD_MIN_ARTICLES, a "name" in more than this
# share of the articles is a word of the site (or of the language).
SPREAD_MAX = 0.6
SPREAD_MIN_ARTICLES = 30
MAX_LENGTH = 12

_HAN_RUN = re.compile("[\u4e00-\u9fff]{2,}")
_KANA = re.compile("[\u3040-\u30ff]")
_HAN = re.compile("[\u4e00-\u9fff]")
_SENTENCE_END = re.compile(r"[。！？!?\n]|[.;；](?=\s)")
# Where a name cannot stand: after an adverb (很长大, 不安静, 太大), before an
# aspect or complement particle (上路了, 卡住着). The tagger's dictionary
# tags words, not their uses; these uses say "a verb or an adjective".
_NOT_AFTER = frozenset("很太不没别挺更最越也都就还再又才刚已会能要想得地")
_NOT_BEFORE = frozenset("了着过得")
# A name follows a function word, punctuation or the start of a sentence.
# After another content character it is a piece of a longer word the
# segmenter split (哈当厄尔|峡湾, 波士顿|马拉松); after 的, a numeral or a
# classifier it is a common noun (陡峭的山坡, 一条石阶); so is a place
# before a localizer (山坡上, 峡湾里; a person goes on: 陈志强上班).
_FUNCTION = frozenset("在去到从回来于是为和与及跟同了也都就还比离往向对给被把让叫说自由至或次趟、经过住飞逛游位")
_LOCALIZER = frozenset("上下里中边旁内外")
_TIME_AFTER_LOCALIZER = frozenset("个周次午半")  # 北京上个月 is not 北京上


@dataclass
class Candidate:
    """One name the tagger saw in one article (JSON: a list, see record)."""

    key: str  # folded
    kind: str
    known: bool  # a word of jieba's dictionary (else guessed by its HMM)
    mentions: int = 0
    sentences: int = 0
    spellings: list[str] = field(default_factory=list)  # as written, first seen first
    # How many mentions are written as a place's (在X, 去X, X机场, in a list
    # of places), a person's (X说, X先生), an organisation's (X的员工, 加入X).
    cues: dict[str, int] = field(default_factory=dict)

    def record(self) -> list:
        return [self.key, self.kind, self.known, self.mentions, self.sentences, self.spellings, self.cues]

    @classmethod
    def of(cls, record: list) -> "Candidate":
        key, kind, known, mentions, sentences, spellings, cues = record
        return cls(key, kind, bool(known), mentions, sentences, list(spellings), dict(cues))


@lru_cache(maxsize=1)
def lexicon() -> dict:
    """The shipped word lists (feudcli/data/discovery.toml)."""
    from pathlib import Path

    from feudcli.text.frontmatter import toml_module

    path = Path(__file__).resolve().parent.parent / "data" / "discovery.toml"
    data = toml_module().loads(path.read_text(encoding="utf-8"))

    def characters(text: str) -> frozenset:
        return frozenset(fold("".join(text.split())))

    return {
        "stop": frozenset(fold(word) for word in data["stop"]["words"].split()),
        "surnames": characters(data["person"]["surnames"]),
        "compound_surnames": tuple(fold(word) for word in data["person"]["compound_surnames"].split()),
        "transliteration": characters(data["person"]["transliteration"]),
        "landscape": characters(data["place"]["landscape"]),
        "place_suffixes": tuple(fold(word) for word in data["place"]["suffixes"].split()),
        "organization_suffixes": tuple(fold(word) for word in data["organization"]["suffixes"].split()),
    }


class _Tagger:
    """jieba, loaded once per process, its dictionary cache kept in
    feudcli's private cache directory (jieba's default is the shared /tmp,
    where anyone could plant the file it unmarshals)."""

    def __init__(self):
        import logging
        import os
        import tempfile

        import jieba
        import jieba.posseg

        jieba.setLogLevel(logging.WARNING)
        from feudcli.store.location import UnsafeCache, cache_home, private_directory

        try:
            directory = str(private_directory(cache_home()))
        except UnsafeCache:
            directory = tempfile.mkdtemp(prefix="feudcli-jieba-")
        jieba.dt.tmp_dir = directory
        jieba.dt.cache_file = "jieba-dictionary.marshal"
        if not os.access(directory, os.W_OK):
            jieba.dt.tmp_dir = tempfile.mkdtemp(prefix="feudcli-jieba-")
        jieba.dt.initialize()
        self.jieba = jieba
        self.posseg = jieba.posseg
        self.tags = jieba.posseg.dt.word_tag_tab
        self.unknown: dict[str, list[tuple[str, str | None]]] = {}
        words = lexicon()
        self.alphabet = frozenset(words["surnames"] | words["transliteration"]
                                  | {suffix[-1] for suffix in words["place_suffixes"] + words["organization_suffixes"]})

    def known(self, word: str) -> bool:
        return word in self.tags

    def common(self, word: str) -> bool:
        """A word of the dictionary that is not a name."""
        tag = self.tags.get(word)
        return tag is not None and tag not in _KINDS

    def names(self, text: str) -> list[tuple[int, str, str, str]]:
        """(offset, word, tag, the word after it) of the words of a run of
        Han characters that are tagged as names. jieba.cut (with its HMM for
        words it does not know) and the dictionary's tags, then posseg on
        each unknown word alone: the names posseg finds over the whole text
        at several times its speed."""
        words = []  # (offset, word, tag)
        offset = 0
        tags, unknown = self.tags, self.unknown
        for word in self.jieba.cut(text):
            tag = tags.get(word)
            if tag is not None or len(word) == 1:
                words.append((offset, word, tag))
            else:
                parts = unknown.get(word)
                if parts is None:
                    # A word with no character a name of any kind needs (a
                    # surname, a transliteration, a suffix) names no one:
                    # half of the unknown words, spared the slow tagger.
                    parts = unknown[word] = ([(part.word, part.flag) for part in self.posseg.cut(word)]
                                             if not self.alphabet.isdisjoint(word) else [(word, None)])
                inner = offset
                for part, flag in parts:
                    words.append((inner, part, flag))
                    inner += len(part)
            offset += len(word)
        return [(offset, word, tag, words[number + 1][1] if number + 1 < len(words) else "")
                for number, (offset, word, tag) in enumerate(words) if tag in _KINDS]


_tagger: _Tagger | None = None


def tagger() -> _Tagger:
    global _tagger
    if _tagger is None:
        _tagger = _Tagger()
    return _tagger


def is_japanese(text: str) -> bool:
    """Kana in more than 5 % of the Han and kana characters: jieba would
    read Japanese kanji as Chinese words."""
    kana = len(_KANA.findall(text))
    return kana > 0.05 * (kana + len(_HAN.findall(text)))


def candidates(text: str, blank: Iterable[tuple[int, int]] = ()) -> list[Candidate]:
    """The names the tagger sees in a text (title and prose, code already
    left out), skipping the [start, end) spans in `blank` (names a table
    knows) and titles of works. Most mentioned first."""
    if not text or is_japanese(text):
        return []
    folded = list(fold(text))  # fold keeps every offset
    for start, end in [*blank, *((m.start(), m.end()) for m in WORK_TITLE.finditer(text))]:
        folded[start:end] = " " * (end - start)
    folded = "".join(folded)
    ends = [match.end() for match in _SENTENCE_END.finditer(folded)]
    transliteration = lexicon()["transliteration"]
    engine = tagger()
    sentence = 0
    names = []  # (start, end, word, kind, sentence)
    for run in _HAN_RUN.finditer(folded):
        while sentence < len(ends) and ends[sentence] <= run.start():
            sentence += 1
        for offset, word, tag, following in engine.names(run.group()):
            kind = _KINDS[tag]
            if not 2 <= len(word) <= MAX_LENGTH:
                continue
            start = run.start() + offset
            end = start + len(word)
            before = folded[start - 1] if start else ""
            after = folded[end] if end < len(folded) else ""
            if before in _NOT_AFTER or after in _NOT_BEFORE:
                continue
            if kind != PERSON and after in _LOCALIZER and folded[end + 1:end + 2] not in _TIME_AFTER_LOCALIZER:
                continue
            if _HAN.match(before) and before not in _FUNCTION:
                continue
            # 文科生, 老师傅: a word and a character, not a surname and a given name.
            if kind == PERSON and len(word) >= 3 and engine.common(word[:2]) \
                    and sum(char not in transliteration for char in word) > 1:
                continue
            # 奥勒|松: a transliteration goes on where the segmenter cut it
            # (a character of one left alone; 马斯克|安排 is a name and a word).
            if following[:1] in transliteration and word[-1] in transliteration \
                    and (len(following) == 1 or not engine.known(following)):
                continue
            names.append((start, end, word, kind, sentence))
    written = written_kinds(folded, [(start, end, word, kind) for start, end, word, kind, _ in names])
    found: dict[str, Candidate] = {}
    seen_in: dict[str, set] = {}
    for number, (start, end, word, kind, sentence) in enumerate(names):
        entry = found.get(word)
        if entry is None:
            entry = found[word] = Candidate(word, kind, engine.known(word))
            seen_in[word] = set()
        entry.mentions += 1
        seen_in[word].add(sentence)
        spelling = text[start:start + len(word)]
        if spelling not in entry.spellings:
            entry.spellings.append(spelling)
        if written[number] is not None:
            entry.cues[written[number]] = entry.cues.get(written[number], 0) + 1
    for word, entry in found.items():
        entry.sentences = len(seen_in[word])
    return sorted(found.values(), key=lambda c: (-c.mentions, c.key))


def _foreign(key: str) -> bool:
    """Whether a name is spelt like a transliteration (斯塔万格, 阿里)."""
    foreign = sum(char in lexicon()["transliteration"] for char in key)
    return len(key) >= 3 and foreign >= len(key) - 1 or len(key) == 2 and foreign == 2


def looks_like_a_name(key: str, kind: str, known: bool) -> bool:
    """Whether a word the tagger calls a name can be one. A word of
    jieba's dictionary carries the dictionary's tag (the stop list corrects
    it); a word it does not know was guessed by its HMM, and must have the
    shape of a name of its kind."""
    words = lexicon()
    if key in words["stop"] or not _HAN.search(key):
        return False
    if kind == PLACE and all(char in words["landscape"] for char in key):
        return False  # 高山, 峡湾, 海岛: the land, not a place's name
    if kind == PERSON:
        # Even in the dictionary, which tags 明白, 博客, 顾客 and 王后 as
        # people: two characters after a surname are mostly a word there.
        if key[0] == key[1]:
            return False  # 谢谢, 哈哈, 妈妈
        if _foreign(key):
            return True
        surname = key[0] in words["surnames"] or key.startswith(words["compound_surnames"])
        return surname and (3 <= len(key) <= 4 or len(key) == 2 and not known)
    if known:
        return True
    if kind == PLACE:
        return len(key) >= 3 and key.endswith(words["place_suffixes"])
    return len(key) >= 3 and key.endswith(words["organization_suffixes"])


@dataclass
class Discovered:
    key: str
    kind: str
    articles: int
    mentions: int
    sentences: int
    name: str  # the spelling written most often


def accept(per_article: Iterable[list[Candidate]], articles: int) -> dict[str, Discovered]:
    """The discovered names of a corpus of `articles` articles, by key: the
    candidates of its articles that pass the filters (see the module's doc)."""
    totals: dict[str, Discovered] = {}
    kinds: dict[str, Counter] = {}
    spellings: dict[str, Counter] = {}
    known: dict[str, bool] = {}
    cues: dict[str, Counter] = {}
    for found in per_article:
        for candidate in found:
            total = totals.get(candidate.key)
            if total is None:
                total = totals[candidate.key] = Discovered(candidate.key, candidate.kind, 0, 0, 0, "")
                kinds[candidate.key], spellings[candidate.key] = Counter(), Counter()
            known[candidate.key] = candidate.known
            total.articles += 1
            total.mentions += candidate.mentions
            total.sentences += candidate.sentences
            kinds[candidate.key][candidate.kind] += candidate.mentions
            for spelling in candidate.spellings:
                spellings[candidate.key][spelling] += 1
            cues.setdefault(candidate.key, Counter()).update(candidate.cues)
    accepted = {}
    for key, total in totals.items():
        if total.sentences < MIN_SENTENCES:
            continue
        if articles >= SPREAD_MIN_ARTICLES and total.articles > SPREAD_MAX * articles:
            continue
        total.kind = kinds[key].most_common(1)[0][0]
        if not looks_like_a_name(key, total.kind, known[key]):
            continue
        total.kind = kind_as_written(total.kind, known[key], _foreign(key), total.mentions, cues[key])
        total.name = spellings[key].most_common(1)[0][0]
        accepted[key] = total
    return accepted
