"""A corpus: a directory of article files, read into Article records.

No rich, no Typer: usable from Python and cheap to import.
"""

from __future__ import annotations

import difflib
import errno
import os
import stat
from dataclasses import asdict, dataclass, field
from pathlib import Path

from feudcli.errors import FeudcliError

# metadata, decode and script are imported where a file is parsed: a run
# served from the cache parses none, and start-up is a feature.

ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")
CORPUS_ENV = "FEUDCLI_CORPUS"
# Larger files are not articles (a disk image, a log): skipped unread.
MAX_ARTICLE_BYTES = 512 * 1024 * 1024
# An id typed on the command line longer than this is not looked up fuzzily.
MAX_ID_QUERY = 1000


@dataclass
class Article:
    id: str
    path: str  # relative to the corpus root, with / separators
    title: str
    date: str | None  # ISO 8601: 2025-02-12 or 2025-02-12T10:56:09
    lang: str | None  # as written in the front matter (lists joined)
    script: str  # detected: hans, hant, mixed, none, ja, ko
    tags: list[str]
    source: str | None
    chars: int
    encoding: str
    meta: dict = field(repr=False)
    body: str = field(repr=False)
    front_matter_kind: str | None = None

    # Fields every pipeline format carries; body and meta only in `show`.
    RECORD_FIELDS = ("id", "path", "title", "date", "script", "lang", "tags", "source", "chars")

    def record(self) -> dict:
        record = {name: getattr(self, name) for name in self.RECORD_FIELDS}
        record["path"] = printable_name(self.path)
        return record

    def to_dict(self) -> dict:
        # `path` opens the file; what is printed must be valid text.
        record = asdict(self)
        record["path"] = printable_name(self.path)
        return record


@dataclass
class LoadWarning:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class CorpusError(FeudcliError):
    """A user-facing problem with the corpus or an id (exit status 2)."""


def bundled_corpus_dir() -> Path:
    packaged = Path(__file__).resolve().parent / "seeds"
    if packaged.is_dir():
        return packaged
    # Editable install or checkout: the seeds sit beside the package.
    return Path(__file__).resolve().parent.parent / "seeds"


def corpus_dir(option: str | os.PathLike | None) -> Path:
    chosen = option or os.environ.get(CORPUS_ENV) or None
    if chosen is None:
        return bundled_corpus_dir()
    path = Path(chosen).expanduser()
    try:
        path.stat()
    except PermissionError:
        raise CorpusError(f"corpus directory {path} cannot be reached (permission denied on a directory "
                          "above it); check its permissions or pass another --corpus DIR") from None
    except OSError:
        pass
    if not path.exists():
        raise CorpusError(f"corpus directory {path} does not exist; pass --corpus DIR or set {CORPUS_ENV}")
    if not path.is_dir():
        raise CorpusError(f"corpus {path} is not a directory; pass --corpus DIR or set {CORPUS_ENV}")
    if not os.access(path, os.R_OK | os.X_OK):
        raise CorpusError(f"corpus directory {path} cannot be read (permission denied); "
                          "check its permissions or pass another --corpus DIR")
    return path


def id_for(relpath: str) -> str:
    stem, dot, suffix = relpath.rpartition(".")
    return stem if dot and f".{suffix.lower()}" in ARTICLE_SUFFIXES else relpath


def printable_name(relpath: str) -> str:
    """A path as text that can be printed and typed: bytes of a file name
    that are not UTF-8 (held as surrogates by os.fsdecode) become \\xNN."""
    try:
        relpath.encode("utf-8")
        return relpath
    except UnicodeEncodeError:
        return os.fsencode(relpath).decode("utf-8", errors="backslashreplace")


def parse_article(relpath: str, data: bytes) -> tuple[Article, list[str]]:
    """An Article from a file's bytes, and the problems met reading it.
    Raises UndecodableFile when there is no text to read."""
    from feudcli.text import frontmatter as metadata
    from feudcli.text.decode import decode_text
    from feudcli.text.script import count_letters, detect_script

    text, encoding, bad_bytes = decode_text(data)
    text = text.replace("\r\n", "\n")
    problems: list[str] = []
    if bad_bytes:
        problems.append(f"{bad_bytes} byte(s) are not valid UTF-8, shown as \ufffd")
    if not text.strip():
        problems.append("file is empty" if not data else "file holds no text")
    front = metadata.read_front_matter(text)
    problems.extend(front.problems)
    body = text[front.body_start:]
    if front.kind is not None and text.strip() and not body.strip():
        problems.append("file has front matter but no text after it")
    meta = front.meta
    file_name = relpath.rpartition("/")[2]
    article = Article(
        id=id_for(printable_name(relpath)),
        path=relpath,
        title=metadata.title_of(meta, body, file_name.rpartition(".")[0] or file_name, problems),
        date=metadata.date_of(meta, file_name, problems),
        lang=metadata.lang_of(meta),
        script=detect_script(body),
        tags=metadata.tags_of(meta, problems),
        source=metadata.source_of(meta, body),
        chars=count_letters(body),
        encoding=encoding,
        meta=meta,
        body=body,
        front_matter_kind=front.kind,
    )
    return article, problems


def read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file. A FIFO or device named like an article
    would block or never end, so only regular files are opened."""
    info = os.stat(path)
    if not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise OSError(errno.EINVAL, kind)
    if info.st_size > MAX_ARTICLE_BYTES:
        raise OSError(errno.EFBIG, f"larger than {MAX_ARTICLE_BYTES // 2**20} MB")
    with open(path, "rb") as handle:
        return handle.read()


def read_article(root: Path, relpath: str) -> tuple[Article | None, list[str]]:
    path = root / relpath
    try:
        data = read_regular_file(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            reason = "it is a symbolic link that loops"
        elif error.errno == errno.ENOENT and os.path.islink(path):
            reason = "it is a symbolic link to nothing"
        else:
            reason = error.strerror or str(error)
        return None, [f"cannot be read ({reason}), skipped"]
    from feudcli.text.decode import UndecodableFile

    try:
        return parse_article(relpath, data)
    except UndecodableFile as error:
        return None, [f"{error}, skipped"]


def resolve_id(query: str, by_id: dict[str, Article], articles: list[Article], root: Path) -> Article:
    """An article by id, unique id prefix, unique id suffix, or unique
    file-name prefix in a folder; CorpusError names the candidates or the
    closest ids."""
    exact = by_id.get(query)
    if exact is not None:
        return exact
    candidates = [
        article for article in articles
        if query and len(query) <= MAX_ID_QUERY and (
            article.id.startswith(query)
            or article.id.endswith(query)
            or article.id.rpartition("/")[2].startswith(query)
        )
    ]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        names = ", ".join(article.id for article in candidates[:10])
        more = f" and {len(candidates) - 10} more" if len(candidates) > 10 else ""
        raise CorpusError(f"id {query!r} is ambiguous: it matches {names}{more}; give more of the id")
    close = difflib.get_close_matches(query, list(by_id), n=3, cutoff=0.4) if len(query) <= MAX_ID_QUERY else []
    hint = f"; closest: {', '.join(close)}" if close else "; `feudcli list` shows the ids"
    shown = repr(query) if len(query) <= 80 else repr(query[:60]) + f"… ({len(query)} characters)"
    raise CorpusError(f"no article with id {shown} in {root}{hint}")
