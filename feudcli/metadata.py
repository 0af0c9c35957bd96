"""Front matter: split it off exactly, parse it safely, derive article fields.

The split keeps offsets (convert edits the front matter in place), so it is
done here with line-exact regular expressions rather than by re-dumping.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

FENCES = {"---": "yaml", "+++": "toml"}
_OPENING = re.compile(r"\A(---|\+\+\+)[ \t]*\r?\n")
_CLOSING = {
    "yaml": re.compile(r"^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.MULTILINE),
    "toml": re.compile(r"^\+\+\+[ \t]*(?:\r?\n|\Z)", re.MULTILINE),
}
_HEADING = re.compile(r"^[ \t]{0,3}#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_TRAILING_LINK = re.compile(r"^\[([^\]\n]*)\]\((\S+?)\)\s*\Z")
_DATE_PREFIX = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_DATE_TEXT = re.compile(
    r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?$"
)

SOURCE_KEYS = ("source", "url", "link")
TAG_KEYS = ("tags", "categories")


@dataclass
class FrontMatter:
    kind: str | None  # "yaml", "toml" or None
    text: str  # the raw front matter between the fences
    body_start: int  # offset in the file text where the body begins
    meta: dict
    problems: list[str]


class FrontMatterError(ValueError):
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


def parse_front_matter(kind: str, raw: str) -> dict:
    """The front matter as a mapping; never constructs arbitrary objects."""
    if not raw.strip():
        return {}
    if kind == "yaml":
        import yaml
        from frontmatter import YAMLHandler

        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            value = YAMLHandler().load(raw, Loader=loader)
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark is not None else ""
            problem = getattr(error, "problem", None) or str(error).splitlines()[0]
            raise FrontMatterError(f"front matter is not valid YAML{where}: {problem}") from None
    else:
        try:
            import tomllib
        except ModuleNotFoundError:  # Python 3.10
            import tomli as tomllib
        try:
            value = tomllib.loads(raw)
        except tomllib.TOMLDecodeError as error:
            raise FrontMatterError(f"front matter is not valid TOML: {error}") from None
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise FrontMatterError(
            f"front matter is a {type(value).__name__}, not a mapping of keys to values"
        )
    return value


def read_front_matter(text: str) -> FrontMatter:
    """Split and parse; problems are reported, never raised."""
    problems: list[str] = []
    try:
        kind, raw, _, body_start = split_front_matter(text)
    except FrontMatterError as error:
        return FrontMatter(None, "", 0, {}, [f"{error}; read the whole file as the body"])
    meta: dict = {}
    if kind is not None:
        try:
            meta = parse_front_matter(kind, raw)
        except FrontMatterError as error:
            problems.append(f"{error}; front matter ignored")
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
        problems.append(f"title is a {type(value).__name__}, not text; shown as text")
    title = text_value(value)
    if title and title.strip():
        return title.strip()
    heading = _HEADING.search(body)
    if heading:
        return heading.group(1).strip()
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
        problems.append(f"date {value!r} is not a date; ignored")
    prefix = _DATE_PREFIX.match(file_name)
    return iso_date(prefix.group(0)) if prefix else None


def tags_of(meta: dict, problems: list[str]) -> list[str]:
    tags: list[str] = []
    for key in TAG_KEYS:
        value = meta.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, str):
            values = [part.strip() for part in value.split(",")]
        elif isinstance(value, (list, tuple)):
            values = [text_value(item) or "" for item in value]
        else:
            problems.append(f"{key} is a {type(value).__name__}, not a list; read as one {key[:-1]}")
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
