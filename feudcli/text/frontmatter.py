"""Front matter: split it off exactly, parse it safely, derive article fields.

The split keeps offsets (convert edits the front matter in place), so it is
done here with line-exact regular expressions rather than by re-dumping.

Front matter is untrusted input: YAML is read with a safe loader (no Python
objects), impossible dates stay text, and a mapping that YAML aliases blow
up ("billion laughs") or nest without end is refused. Problems are returned
as short phrases without semicolons; the corpus joins one file's problems
into a single warning line.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from feudcli.errors import FeudcliError

FENCES = {"---": "yaml", "+++": "toml"}
_OPENING = re.compile(r"\A(---|\+\+\+)[ \t]*\r?\n")
_CLOSING = {
    "yaml": re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE),
    "toml": re.compile(r"^\+\+\+[ \t]*(?:\r?\n|\Z)", re.MULTILINE),
}
# The closing #s are stripped in Python: a lazy group followed by
# `[ \t#]*$` backtracks quadratically on a long line of "# # # …".
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(\S.*)$", re.MULTILINE)
_TRAILING_LINK = re.compile(r"^\[([^\]\n]*)\]\((\S+?)\)\s*\Z")
_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_DATE_TEXT = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)

SOURCE_KEYS = ("source", "url", "link")
TAG_KEYS = ("tags", "categories")
# Far more values than any real front matter holds, far fewer than an
# alias bomb expands to.
MAX_META_NODES = 100_000


@dataclass
class FrontMatter:
    kind: str | None  # "yaml", "toml" or None
    text: str  # the raw front matter between the fences
    body_start: int  # offset in the file text where the body begins
    meta: dict
    problems: list[str]


class FrontMatterError(FeudcliError):
    pass


def split_front_matter(text: str) -> tuple[str | None, str, int, int]:
    """(kind, raw front matter, start of raw text, start of body).

    A file without front matter is (None, "", 0, 0). An opening fence with no
    closing fence raises FrontMatterError."""
    opening = _OPENING.match(text)
    if not opening:
        return None, "", 0, 0
    kind = FENCES[opening.group(1)]
    closing = _CLOSING[kind].search(text, opening.end())
    if closing is None:
        raise FrontMatterError(f"front matter opened with {opening.group(1)} is never closed")
    return kind, text[opening.end():closing.start()], opening.end(), closing.end()


@lru_cache(maxsize=1)
def _yaml_loader():
    """The C safe loader if there is one, with timestamps that YAML's regular
    expression accepts but the calendar refuses (2025-13-45) kept as text."""
    import yaml
    from yaml.constructor import SafeConstructor

    class FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
        pass

    def timestamp(loader, node):
        try:
            return SafeConstructor.construct_yaml_timestamp(loader, node)
        except (ValueError, OverflowError):
            return loader.construct_scalar(node)

    FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", timestamp)
    return FrontMatterLoader


def _one_line(text: str, limit: int = 100) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def yaml_problem(error, first_line: int = 1) -> str:
    """A YAML error as ' (line N): what', N counted from first_line, for a
    one-line message (front matter and alias files say it alike)."""
    mark = getattr(error, "problem_mark", None)
    where = f" (line {mark.line + first_line})" if mark is not None else ""
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return f"{where}: {_one_line(problem)}"


def toml_module():
    """tomllib, or tomli on Python 3.10."""
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib
    return tomllib


def _load_yaml(raw: str):
    import yaml
    from frontmatter import YAMLHandler

    try:
        return YAMLHandler().load(raw, Loader=_yaml_loader())
    except yaml.YAMLError as error:
        # Line 1 is the opening fence.
        raise FrontMatterError(f"front matter is not valid YAML{yaml_problem(error, 2)}") from None
    except RecursionError:
        raise FrontMatterError("front matter nests too deeply to read") from None
    except Exception as error:  # a constructor's ValueError, TypeError…
        raise FrontMatterError(f"front matter is not valid YAML: {_one_line(error)}") from None


def _load_toml(raw: str):
    try:
        return toml_module().loads(raw)
    except RecursionError:
        raise FrontMatterError("front matter nests too deeply to read") from None
    except Exception as error:  # TOMLDecodeError, or ValueError for a huge number
        raise FrontMatterError(f"front matter is not valid TOML: {_one_line(error)}") from None


def _key(key) -> str:
    if isinstance(key, str):
        return key
    if key is None or isinstance(key, bool):
        return {None: "null", True: "true", False: "false"}[key]
    return text_value(key) or ""


def _plain(value, budget: list[int]):
    """A copy with text keys and list containers, expanded at most
    MAX_META_NODES values deep and wide (aliases and recursion included)."""
    budget[0] -= 1
    if budget[0] < 0:
        raise FrontMatterError("front matter is too large once its YAML aliases are expanded")
    if isinstance(value, dict):
        return {_key(key): _plain(item, budget) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return [_plain(item, budget) for item in items]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)  # JSON has no NaN or Infinity
    if isinstance(value, (bytes, bytearray)):  # YAML !!binary
        return bytes(value).decode("utf-8", errors="replace")
    return value


def parse_front_matter(kind: str, raw: str) -> dict:
    """The front matter as a mapping with text keys; never constructs
    arbitrary objects. Raises FrontMatterError."""
    if not raw.strip():
        return {}
    value = _load_yaml(raw) if kind == "yaml" else _load_toml(raw)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FrontMatterError(f"front matter is {kind_of(value)}, not a mapping of keys to values")
    try:
        return _plain(value, [MAX_META_NODES])
    except RecursionError:
        raise FrontMatterError("front matter nests too deeply to read") from None


def kind_of(value) -> str:
    """A value's kind in words a front matter writer knows."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, (dt.date, dt.time)):
        return "a date" if not isinstance(value, dt.time) else "a time"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, str):
        return "text"
    return f"a {type(value).__name__}"


def read_front_matter(text: str) -> FrontMatter:
    """Split and parse; problems are reported, never raised."""
    problems: list[str] = []
    try:
        kind, raw, _, body_start = split_front_matter(text)
    except FrontMatterError as error:
        return FrontMatter(None, "", 0, {}, [f"{error}, so the whole file is read as text"])
    meta: dict = {}
    if kind is not None:
        try:
            meta = parse_front_matter(kind, raw)
        except FrontMatterError as error:
            problems.append(f"{error}, so it is ignored")
    return FrontMatter(kind, raw, body_start, meta, problems)


def text_value(value) -> str | None:
    """A front matter value shown as text: lists joined, None stays None."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        parts = [text_value(item) for item in value]
        return ", ".join(part for part in parts if part)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def title_of(meta: dict, body: str, fallback: str, problems: list[str]) -> str:
    value = meta.get("title")
    if value is not None and not isinstance(value, str):
        problems.append(f"title is {kind_of(value)}, not text, shown as text")
    title = text_value(value)
    if title and title.strip():
        return title.strip()
    heading = _HEADING.search(body)
    if heading:
        return heading.group(1).rstrip(" \t#") or heading.group(1).strip()
    return fallback


def iso_date(value) -> str | None:
    """A front matter or file-name date as ISO 8601, or None if not a date."""
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None).isoformat(timespec="seconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str):
        return None
    match = _DATE_TEXT.match(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, _ = match.groups()
    try:
        date = dt.date(int(year), int(month), int(day))
        if hour is None:
            return date.isoformat()
        moment = dt.datetime(date.year, date.month, date.day, int(hour), int(minute), int(second or 0))
    except ValueError:
        return None
    return moment.isoformat(timespec="seconds")


def date_of(meta: dict, file_name: str, problems: list[str]) -> str | None:
    value = meta.get("date")
    if value is not None and value != "":
        date = iso_date(value)
        if date:
            return date
        problems.append(f"date {_one_line(repr(value), 60)} is not a date, ignored")
    prefix = _DATE_PREFIX.match(file_name)
    return iso_date(prefix.group(0)) if prefix else None


def tags_of(meta: dict, problems: list[str]) -> list[str]:
    tags: list[str] = []
    for key in TAG_KEYS:
        value = meta.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, str):
            problems.append(f"{key} is text, not a list, split at commas")
            values = [part.strip() for part in value.split(",")]
        elif isinstance(value, (list, tuple)):
            values = [text_value(item) or "" for item in value]
        else:
            problems.append(f"{key} is {kind_of(value)}, not a list, read as one {key[:-1]}")
            values = [text_value(value) or ""]
        for tag in values:
            if tag and tag not in tags:
                tags.append(tag)
    return tags


def source_of(meta: dict, body: str) -> str | None:
    for key in SOURCE_KEYS:
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    last_line = body.rstrip().rpartition("\n")[2].strip()
    link = _TRAILING_LINK.match(last_line)
    return link.group(2) if link else None


def lang_of(meta: dict) -> str | None:
    return text_value(meta.get("lang", meta.get("language")))
