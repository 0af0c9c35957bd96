"""Write a varied synthetic corpus of N Chinese articles (about 4 KB each)
for the benchmarks.

    python benchmarks/generate.py DIR --count 10000 [--seed 1] [--sources DIR ...]

Every generated article takes its paragraphs from 1-3 randomly chosen
*source* articles, so that most words occur in a minority of the documents
(as in a real collection) and a search has common and rare terms to find.
The default sources ship with the repository: 30 MDN Web Docs pages written
separately in Simplified and Traditional Chinese (benchmarks/sources/mdn,
origin and licence in its SOURCE.md) and the bundled seeds/.

- Sources: every .md/.markdown/.txt file under the --sources directories
  (YAML front matter is stripped; its title and tags are reused).
- Script: each source is classified Simplified or Traditional by counting
  characters of a small built-in table of Simplified/Traditional pairs. An
  article is Simplified (45 %), Traditional (45 %) or mixed (10 %, sources
  of both scripts); so both scripts always occur if the sources have both.
- Front matter: YAML with title, lang (zh-CN, zh-TW, zh-Hant ... as written
  by people), tags (a list) and a date (2019-2025, sometimes with a time);
  15 % of the articles have no date, 3 % no front matter at all.
- Layout: nested folders, 1-3 levels, a few hundred files per folder.

Deterministic: the same sources, count and seed give byte-identical files
(article i uses its own random generator seeded from (seed, i)). A hidden
marker file (.feudcli-benchmark.json, which feudcli skips) records the
parameters and whether the corpus was written to the end; a second call with
the same parameters returns at once, an interrupted one starts again.
Standard library only; 100,000 articles (about 440 MB) take about 15 s.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import sys
import time
from pathlib import Path

GENERATOR_VERSION = 2  # 1 was the seed-recombining generator
MARKER = ".feudcli-benchmark.json"
SUFFIXES = (".md", ".markdown", ".txt")
HERE = Path(__file__).resolve().parent
DEFAULT_SOURCES = (HERE / "sources" / "mdn" / "zh-cn", HERE / "sources" / "mdn" / "zh-tw", HERE.parent / "seeds")

# Common characters that differ between the scripts: (Simplified, Traditional).
PAIRS = ("们們 这這 个個 来來 说說 时時 为為 会會 与與 对對 还還 后後 发發 开開 关關 "
         "机機 网網 页頁 体體 档檔 电電 脑腦 资資 讯訊 应應 务務 样樣 种種 过過 现現 "
         "实實 经經 动動 问問 题題 长長 见見 点點 学學 从從 请請 没沒 数數 据據 "
         "络絡 绍紹 术術 码碼 库庫 编編 写寫 设設 计計 认認 识識 让讓 间間 该該 "
         "尔爾 马馬 斯斯 克克 与與 诉訴 讼訟 软軟 微微 国國 兰蘭 语語 言言 义義")
SIMPLIFIED = frozenset(pair[0] for pair in PAIRS.split() if pair[0] != pair[1])
TRADITIONAL = frozenset(pair[1] for pair in PAIRS.split() if pair[0] != pair[1])

LANGS = {
    "hans": ["zh-CN", "zh-CN", "zh-CN", "zh-Hans", "zh-SG", ["zh-CN"]],
    "hant": ["zh-TW", "zh-TW", "zh-TW", "zh-Hant", "zh-HK", ["zh-TW"]],
    "mixed": ["zh", "zh-CN", "zh-TW", ["zh-CN", "zh-TW"]],
}
EXTRA_TAGS = {
    "hans": ["技术", "网络", "教程", "前端", "新闻", "评论", "参考", "入门", "科技", "翻译"],
    "hant": ["技術", "網路", "教學", "前端", "新聞", "評論", "參考", "入門", "科技", "翻譯"],
}
EXTRA_TAGS["mixed"] = EXTRA_TAGS["hans"] + EXTRA_TAGS["hant"]
TOP_FOLDERS = ["news", "blog", "archive", "docs", "wire", "collected", "notes", "mirror"]

FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n---[ \t]*(?:\n|\Z)", re.S)
TITLE_LINE = re.compile(r"^title:[ \t]*(.+?)[ \t]*$", re.M)
TAG_ITEMS = re.compile(r"^tags:[ \t]*\n((?:[ \t]+-[ \t]*.+\n?)+)", re.M)
TAG_INLINE = re.compile(r"^tags:[ \t]*\[(.*)\][ \t]*$", re.M)
PARAGRAPH_SPLIT = re.compile(r"\n[ \t]*\n+")


class Source:
    def __init__(self, name: str, title: str, tags: list[str], paragraphs: list[str], script: str):
        self.name = name
        self.title = title
        self.tags = tags
        self.paragraphs = paragraphs
        self.script = script


def classify(text: str) -> str:
    simplified = sum(1 for char in text if char in SIMPLIFIED)
    traditional = sum(1 for char in text if char in TRADITIONAL)
    return "hant" if traditional > simplified else "hans"


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return value


def read_source(path: Path, name: str) -> Source | None:
    try:
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
    except (OSError, UnicodeDecodeError):
        return None
    title, tags = "", []
    front = FRONT_MATTER.match(text)
    if front:
        header, text = front.group(1), text[front.end():]
        found = TITLE_LINE.search(header)
        if found:
            title = _unquote(found.group(1))
        items = TAG_ITEMS.search(header)
        if items:
            tags = [_unquote(line.strip()[1:]) for line in items.group(1).splitlines() if line.strip()]
        else:
            inline = TAG_INLINE.search(header)
            if inline:
                tags = [_unquote(part) for part in inline.group(1).split(",") if part.strip()]
    paragraphs = [p.strip("\n") for p in PARAGRAPH_SPLIT.split(text) if p.strip()]
    if not paragraphs:
        return None
    if not title:
        title = re.sub(r"^[#\s]+", "", paragraphs[0].splitlines()[0])[:60] or path.stem
    tags = [tag for tag in tags if tag and len(tag) <= 40 and "\n" not in tag]
    return Source(name, title, tags, paragraphs, classify(text))


def load_sources(directories: list[Path]) -> list[Source]:
    """Every source article, in a fixed order: the directories as given,
    the files of each sorted. Names are relative to the directory's parent,
    so the fingerprint does not depend on where the repository lies."""
    sources = []
    for directory in directories:
        directory = Path(directory)
        paths = [directory] if directory.is_file() else sorted(
            p for p in directory.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
        for path in paths:
            source = read_source(path, path.relative_to(directory.parent).as_posix())
            if source is not None:
                sources.append(source)
    return sources


def fingerprint(sources: list[Source]) -> str:
    digest = hashlib.sha256()
    for source in sources:
        digest.update(source.name.encode() + b"\0" + "\n\n".join(source.paragraphs).encode() + b"\0")
    return digest.hexdigest()[:16]


def yaml_text(value) -> str:
    """A YAML scalar: JSON strings are valid YAML double-quoted scalars."""
    return json.dumps(value, ensure_ascii=False)


def relpath_for(index: int, rng: random.Random) -> str:
    top = TOP_FOLDERS[index % len(TOP_FOLDERS)]
    depth = 1 + (index // len(TOP_FOLDERS)) % 3
    parts = [top]
    bucket = index // 400  # a few hundred files per leaf folder
    if depth >= 2:
        parts.append(f"{2019 + bucket % 7}")
    if depth >= 3:
        parts.append(f"part{bucket % 13:02d}")
    return "/".join(parts) + f"/article-{index:06d}" + (".md" if rng.random() < 0.9 else ".txt")


def make_article(index: int, seed: int, by_script: dict[str, list[Source]]) -> tuple[str, str]:
    digest = hashlib.sha256(f"{seed}:{index}".encode()).digest()
    rng = random.Random(int.from_bytes(digest[:8], "big"))
    roll = rng.random()
    if not by_script["hans"] or not by_script["hant"]:
        script = "hans" if by_script["hans"] else "hant"
    else:
        script = "hans" if roll < 0.45 else "hant" if roll < 0.90 else "mixed"
    if script == "mixed":
        chosen = [rng.choice(by_script["hans"]), rng.choice(by_script["hant"])]
        if rng.random() < 0.5:
            chosen.append(rng.choice(by_script["hans"] + by_script["hant"]))
    else:
        chosen = [rng.choice(by_script[script]) for _ in range(rng.choice((1, 1, 2, 2, 3)))]
    target = rng.randint(2500, 5600)  # UTF-8 bytes of body
    paragraphs: list[str] = []
    size = 0
    attempts = 0
    while size < target and attempts < 200:
        attempts += 1
        source = rng.choice(chosen)
        start = rng.randrange(len(source.paragraphs))
        run = rng.randint(1, 4)
        for paragraph in source.paragraphs[start:start + run]:
            paragraphs.append(paragraph)
            size += len(paragraph.encode()) + 2
            if size >= target:
                break
    body = "\n\n".join(paragraphs) + "\n"

    title = chosen[0].title
    if rng.random() < 0.5:
        title = f"{title}（{index}）" if script != "hant" or rng.random() < 0.5 else f"{title} #{index}"
    lines = []
    if rng.random() >= 0.03:
        lines.append("---")
        lines.append(f"title: {yaml_text(title)}")
        if rng.random() >= 0.15:
            day = rng.randrange(7 * 365)
            year, rest = 2019 + day // 365, day % 365
            month, dom = 1 + rest // 31 % 12, 1 + rest % 28
            date = f"{year:04d}-{month:02d}-{dom:02d}"
            if rng.random() < 0.3:
                date += f" {rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
            lines.append(f"date: {yaml_text(date)}")
        lang = rng.choice(LANGS[script])
        if isinstance(lang, list):
            lines.append("lang:")
            lines.extend(f"  - {yaml_text(item)}" for item in lang)
        else:
            lines.append(f"lang: {yaml_text(lang)}")
        tags = []
        for source in chosen:
            tags.extend(source.tags[:2])
        tags.extend(rng.sample(EXTRA_TAGS[script], rng.randint(0, 2)))
        tags = list(dict.fromkeys(tags))
        if tags:
            lines.append("tags:")
            lines.extend(f"  - {yaml_text(tag)}" for tag in tags)
        lines.append("---")
        lines.append("")
    else:
        lines.append(f"# {title}")
        lines.append("")
    return relpath_for(index, rng), "\n".join(lines) + body


def read_marker(directory: Path) -> dict | None:
    try:
        return json.loads((directory / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def generate(directory: Path, count: int, seed: int = 1, sources: list[Path] | None = None,
             force: bool = False, log=print) -> bool:
    """Write the corpus into directory; False when it was already there."""
    directory = Path(directory)
    loaded = load_sources([Path(s) for s in (sources or DEFAULT_SOURCES)])
    if not loaded:
        raise SystemExit("generate: no source articles found")
    by_script: dict[str, list[Source]] = {"hans": [], "hant": []}
    for source in loaded:
        by_script[source.script].append(source)
    params = {"generator": GENERATOR_VERSION, "count": count, "seed": seed, "sources": fingerprint(loaded)}
    marker = read_marker(directory)
    if marker and marker.get("complete") and marker.get("params") == params:
        return False
    if directory.exists() and any(directory.iterdir()):
        if marker is None and not force:
            raise SystemExit(f"generate: {directory} is not empty and holds no generated corpus; "
                             "choose another directory or pass --force")
        shutil.rmtree(directory)  # an older or unfinished generated corpus, or --force
    directory.mkdir(parents=True, exist_ok=True)
    (directory / MARKER).write_text(json.dumps({"params": params, "complete": False}), encoding="utf-8")

    started = time.perf_counter()
    made_dirs: set[str] = set()
    total = 0
    for index in range(count):
        relpath, text = make_article(index, seed, by_script)
        folder = relpath.rpartition("/")[0]
        if folder not in made_dirs:
            os.makedirs(directory / folder, exist_ok=True)
            made_dirs.add(folder)
        data = text.encode()
        total += len(data)
        with open(directory / relpath, "wb") as handle:
            handle.write(data)
    elapsed = time.perf_counter() - started
    (directory / MARKER).write_text(json.dumps(
        {"params": params, "complete": True, "bytes": total, "folders": len(made_dirs),
         "sources": {"hans": len(by_script["hans"]), "hant": len(by_script["hant"])},
         "seconds": round(elapsed, 1)}, indent=1), encoding="utf-8")
    log(f"generate: {count} articles, {total / 1e6:.1f} MB, {len(made_dirs)} folders, "
        f"{len(by_script['hans'])} Simplified + {len(by_script['hant'])} Traditional sources, "
        f"in {directory} ({elapsed:.1f} s)")
    return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a varied synthetic benchmark corpus.")
    parser.add_argument("directory", type=Path, metavar="DIR")
    parser.add_argument("--count", type=int, default=10_000, help="articles to write (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--sources", type=Path, nargs="+", metavar="DIR",
                        help="source articles (default: benchmarks/sources/mdn/zh-cn, zh-tw and seeds/)")
    parser.add_argument("--force", action="store_true", help="empty a non-empty DIR first")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    if not generate(args.directory, args.count, args.seed, args.sources, args.force,
                    log=lambda message: print(message, file=sys.stderr)):
        print(f"generate: {args.directory} already holds this corpus; nothing to do", file=sys.stderr)


if __name__ == "__main__":
    main()
