"""Write a synthetic corpus of N articles for the benchmarks.

    python benchmarks/generate.py DIR --count 10000 [--seed 1]

The articles are recombined from the sentences of a seed corpus (default: the
repository's seeds/), so their text, sizes and mix of scripts look like real
articles while every document differs. Each article is written in one script:
a Simplified article draws on the Simplified seeds and on the Traditional
seeds converted once with OpenCC (t2s), and the other way round, so both
scripts have the whole vocabulary and converting 100,000 files is never needed.

A share of the articles (--absent-share) is built only from sentences without
the --absent terms, so that the benchmark query matches part of the corpus,
as it would in a real one, and a scan has to read non-matching files whole.

Deterministic: the same parameters and seeds give the same files. A marker
file (.feudcli-benchmark.json, hidden so feudcli skips it) records them; a
second call with the same parameters returns at once.
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

GENERATOR_VERSION = 1
MARKER = ".feudcli-benchmark.json"
REPO = Path(__file__).resolve().parent.parent
DEFAULT_ABSENT = "马斯克,馬斯克"

SENTENCE = re.compile(r"[^。！？!?]*[。！？!?]+[”」』）)\"]*|[^。！？!?]+$")
MARKUP = re.compile(r"^[#>\-*\s]+|\*\*|[#*]+$")
LANGS = {
    "hans": ["zh-CN", "zh-CN", "zh-hans", ["zh-CN"], "zh-SG"],
    "hant": ["zh-TW", "zh-TW", "hant", ["zh-HK"], "zh-Hant"],
}
TAGS = {
    "hans": ["人工智能", "OpenAI", "科技", "xAI", "诉讼", "硅谷", "特斯拉", "微软", "评论", "新闻"],
    "hant": ["人工智慧", "OpenAI", "科技", "xAI", "訴訟", "矽谷", "特斯拉", "微軟", "評論", "新聞"],
}
FOLDERS = ["news", "news/tech", "archive/2024", "blog/posts", "wire/ai", "collected/tw", "collected/cn"]


class Pools:
    """Sentences, headings and other blocks of each script, from the seeds."""

    def __init__(self) -> None:
        self.sentences: dict[str, list[str]] = {"hans": [], "hant": []}
        self.headings: dict[str, list[str]] = {"hans": [], "hant": []}
        self.blocks: dict[str, list[str]] = {"hans": [], "hant": []}  # images, links, lists

    def add(self, script: str, body: str) -> None:
        for block in re.split(r"\n\s*\n", body):
            block = block.strip()
            if not block:
                continue
            first, _, rest = block.partition("\n")
            if first.startswith("#") or (first.startswith("**") and first.endswith("**")):
                if "](" not in first:  # a bold image or link is no heading
                    self.headings[script].append(MARKUP.sub("", first).strip())
                if rest.strip():
                    self.blocks[script].append(rest.strip())
            elif block.startswith(("!", "[", "-", "|", "*", ">")) or "\n" in block:
                self.blocks[script].append(block)
            else:
                self.sentences[script].extend(s.strip() for s in SENTENCE.findall(block) if s.strip())

    def without(self, terms: list[str]) -> "Pools":
        """The same pools, keeping only what mentions none of the terms."""
        kept = Pools()
        for name in ("sentences", "headings", "blocks"):
            for script, items in getattr(self, name).items():
                getattr(kept, name)[script] = [s for s in items if not any(t in s for t in terms)]
        return kept


def load_pools(seeds: Path) -> tuple[Pools, float, bool]:
    """Pools for both scripts, the mean body size of the seeds in bytes, and
    whether OpenCC conversion was available to fill the other script."""
    sys.path.insert(0, str(REPO))
    from feudcli.corpus import load_corpus

    corpus = load_corpus(seeds)
    if not corpus.articles:
        raise SystemExit(f"generate: no articles in {seeds}")
    pools = Pools()
    try:
        from feudcli.convert.opencc import converter
        convert = {"hans": converter("t2s"), "hant": converter("s2t")}
    except Exception:  # the corpus is still usable, with a smaller vocabulary per script
        convert = None
    for article in corpus.articles:
        script = article.script if article.script in ("hans", "hant") else "hans"
        pools.add(script, article.body)
        if convert is not None:
            other = "hant" if script == "hans" else "hans"
            pools.add(other, convert[other](article.body))
    mean_size = sum(len(a.body.encode("utf-8")) for a in corpus.articles) / len(corpus.articles)
    return pools, mean_size, convert is not None


def seeds_digest(seeds: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in seeds.rglob("*") if p.is_file()):
        digest.update(path.relative_to(seeds).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def make_title(rng: random.Random, pools: Pools, script: str) -> str:
    headings, sentences = pools.headings[script], pools.sentences[script]
    source = rng.choice(headings if headings and rng.random() < 0.2 else sentences)
    clauses = [c.strip("“”「」《》 ") for c in re.split(r"[，,：:；;。！？]", source)]
    clauses = [c for c in clauses if len(c) >= 4] or clauses
    title = rng.choice(clauses)[:rng.randint(12, 30)]
    if len(title) < 8:  # too short to tell articles apart: add a second clause
        extra = max(re.split(r"[，,：:；;。！？]", rng.choice(sentences)), key=len).strip("“”「」《》 ")
        title = f"{title}：{extra[:20]}" if title else extra[:24]
    return title


def make_date(rng: random.Random) -> tuple[str | None, tuple[int, int, int] | None]:
    if rng.random() < 0.15:
        return None, None  # undated, like the Traditional seed
    year, month, day = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
    style = rng.random()
    if style < 0.5:
        text = f'"{year}-{month:02d}-{day:02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"'
    elif style < 0.8:
        text = f"{year}-{month:02d}-{day:02d}"
    else:
        text = f"{year}-{month:02d}-{day:02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00+08:00"
    return text, (year, month, day)


def make_body(rng: random.Random, pools: Pools, script: str, target: int) -> str:
    sentences, headings, blocks = pools.sentences[script], pools.headings[script], pools.blocks[script]
    parts: list[str] = []
    size = 0
    while size < target:
        roll = rng.random()
        if roll < 0.1 and headings:
            heading = rng.choice(headings)
            part = f"**{heading}**" if rng.random() < 0.5 else f"{rng.choice(('##', '###'))} {heading}"
        elif roll < 0.14 and blocks:
            part = rng.choice(blocks)
        else:
            part = "".join(rng.choice(sentences) for _ in range(rng.randint(1, 5)))
        parts.append(part)
        size += len(part.encode("utf-8")) + 2
    return "\n\n".join(parts) + "\n"


def relpath_for(rng: random.Random, index: int, ymd: tuple[int, int, int] | None) -> str:
    token = f"{rng.getrandbits(64):016x}"
    style = rng.random()
    if style < 0.4:
        return f"{index:06d}_{token}.txt"  # flat, named like the seeds
    if style < 0.65 and ymd:
        year, month, day = ymd
        return f"{year}/{month:02d}/{year}-{month:02d}-{day:02d}-{token[:8]}.md"
    if style < 0.9:
        return f"{rng.choice(FOLDERS)}/{token[:12]}.md"
    return f"misc/{index % 97:02d}/{index:06d}.markdown"


def article_text(rng: random.Random, index: int, pools: Pools, mean_size: float) -> tuple[str, str]:
    script = "hans" if rng.random() < 0.55 else "hant"
    title = make_title(rng, pools, script)
    date, ymd = make_date(rng)
    lines = ["---", f"title: {json.dumps(title, ensure_ascii=False)}"]
    if date:
        lines.append(f"date: {date}")
    lang = rng.choice(LANGS[script])
    lines.append(f"lang: {json.dumps(lang, ensure_ascii=False)}" if isinstance(lang, str)
                 else "lang:\n" + "".join(f'  - "{item}"\n' for item in lang).rstrip("\n"))
    tags = rng.sample(TAGS[script], rng.randint(1, 4))
    lines.append("tags:\n" + "\n".join(f'  - "{tag}"' for tag in tags))
    lines.append("---")
    target = int(min(max(rng.gauss(mean_size, mean_size * 0.3), mean_size * 0.3), mean_size * 3))
    body = make_body(rng, pools, script, target)
    return relpath_for(rng, index, ymd), "\n".join(lines) + "\n\n" + body


def read_marker(directory: Path) -> dict | None:
    try:
        return json.loads((directory / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def generate(directory: Path, count: int, seed: int = 1, seeds: Path | None = None,
             absent: str = DEFAULT_ABSENT, absent_share: float = 0.4, force: bool = False,
             log=print) -> bool:
    """Write the corpus into directory; False when it was already there."""
    seeds = Path(seeds or REPO / "seeds")
    params = {"generator": GENERATOR_VERSION, "count": count, "seed": seed,
              "absent": absent, "absent_share": absent_share, "seeds": seeds_digest(seeds)}
    marker = read_marker(directory)
    if marker and marker.get("complete") and marker.get("params") == params:
        return False
    if directory.exists() and any(directory.iterdir()):
        if marker is None and not force:
            raise SystemExit(f"generate: {directory} is not empty and holds no generated corpus; "
                             "choose another directory or pass --force")
        shutil.rmtree(directory)  # an older generated corpus, or --force
    directory.mkdir(parents=True, exist_ok=True)
    (directory / MARKER).write_text(json.dumps({"params": params, "complete": False}), encoding="utf-8")

    started = time.perf_counter()
    pools, mean_size, converted = load_pools(seeds)
    terms = [t for t in absent.split(",") if t]
    quiet = pools.without(terms)
    if terms and not all(quiet.sentences.values()):
        log(f"generate: every seed sentence of some script mentions {absent}; all articles may mention it")
        quiet = pools
    rng = random.Random(seed)
    made: set[Path] = set()
    written: set[Path] = set()
    total = 0
    for index in range(count):
        use = quiet if terms and rng.random() < absent_share else pools
        relpath, text = article_text(rng, index, use, mean_size)
        path = directory / relpath
        if path in written:  # a clash of random names: keep both articles
            path = path.with_name(f"{path.stem}-{index}{path.suffix}")
        written.add(path)
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        data = text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
    elapsed = time.perf_counter() - started
    (directory / MARKER).write_text(json.dumps(
        {"params": params, "complete": True, "converted_pools": converted, "bytes": total,
         "seconds": round(elapsed, 1)}, indent=1), encoding="utf-8")
    log(f"generate: {count} articles, {total / 1e6:.1f} MB, in {directory} ({elapsed:.1f} s)")
    return True


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Write a synthetic benchmark corpus from the seeds.")
    parser.add_argument("directory", type=Path)
    parser.add_argument("--count", type=int, default=10_000, help="articles to write (default 10000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--seeds", type=Path, default=REPO / "seeds", help="seed corpus (default: seeds/)")
    parser.add_argument("--absent", default=DEFAULT_ABSENT,
                        help="comma-separated terms some articles never mention (default: %(default)s)")
    parser.add_argument("--absent-share", type=float, default=0.4,
                        help="share of articles without those terms (default 0.4)")
    parser.add_argument("--force", action="store_true", help="empty a non-empty DIR first")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    if not generate(args.directory, args.count, args.seed, args.seeds, args.absent,
                    args.absent_share, args.force):
        print(f"generate: {args.directory} already holds this corpus; nothing to do")


if __name__ == "__main__":
    main()
