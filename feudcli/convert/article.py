"""Converting whole articles: front matter edited line by line, body as
Markdown, bytes in the file's own encoding.

The front matter is never re-dumped. Each key to change is edited on its own
lines, and the result is parsed again and checked: the edited key must hold
the converted value and every other key its old value. Only if that check
fails is that one key written afresh (a JSON-style value, valid YAML and
TOML); if even that fails the key is left as it was, with a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from feudcli.convert import langtags
from feudcli.convert.dictionaries import PhraseDictionary, apply_first
from feudcli.convert.markdown import convert_markdown
from feudcli.convert.opencc import NOT_CHINESE, config_for, converter, leaves_alone
from feudcli.text import frontmatter as metadata
from feudcli.text.decode import UndecodableFile, decode_text
from feudcli.text.script import detect_script

# Keys whose values are text written for people, converted like the body.
HUMAN_KEYS = ("title", "summary", "description", "tags", "categories", "lead")
LANG_KEYS = ("lang", "language")
TRANSLATION_KEYS = ("translations",)

_YAML_KEY = re.compile(r"""(?P<key>[A-Za-z_][\w.-]*|"[^"\n]*"|'[^'\n]*')[ \t]*:(?=[ \t\r\n]|$)""")
_TOML_KEY = re.compile(r"""(?P<key>[A-Za-z0-9_-]+|"[^"\n]*"|'[^'\n]*')[ \t]*=""")
# Encodings a converted file is written back in; others fall back to UTF-8.
_KEEP_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "gb18030", "big5hkscs")


@dataclass
class Converted:
    data: bytes  # the file to write: the original bytes when nothing changed
    text: str  # the converted text
    encoding: str
    config: str | None  # the OpenCC config used; None: already in the target script
    script: str  # the detected script of the original body
    changed: bool
    notes: list[str] = field(default_factory=list)
    # Why the front matter could not be read (it is then left as it was).
    front_matter_problems: list[str] = field(default_factory=list)
    # The language of a text that was left as it was ("Japanese"): not Chinese.
    skipped: str | None = None


@dataclass
class _KeyLines:
    key: str
    first: int  # index of the key's line
    stop: int  # index after its last line
    value_at: int  # offset in the key line where the value begins


def _key_ranges(kind: str, lines: list[str]) -> list[_KeyLines]:
    """Top-level keys and the lines their values take."""
    ranges: list[_KeyLines] = []
    pattern = _YAML_KEY if kind == "yaml" else _TOML_KEY
    for index, line in enumerate(lines):
        if kind == "toml" and line.lstrip().startswith("["):
            break  # a [table]: the keys after it are not top-level
        if not line.strip() or line[0] in " \t#" or (kind == "yaml" and line.startswith("-")):
            continue  # a continuation, comment or list item: the value goes on
        if ranges:
            ranges[-1].stop = index
        match = pattern.match(line)
        if match is None:
            ranges.append(_KeyLines("", index, index + 1, len(line)))
            continue
        ranges.append(_KeyLines(match.group("key").strip("\"'"), index, index + 1, match.end()))
    if ranges:
        last = ranges[-1]
        last.stop = len(lines)
        while last.stop > last.first + 1 and lines[last.stop - 1].lstrip().startswith("#"):
            last.stop -= 1  # trailing comments belong to no key
    return [item for item in ranges if item.key]


def _map_strings(value, function):
    if isinstance(value, str):
        return function(value)
    if isinstance(value, list):
        return [_map_strings(item, function) for item in value]
    if isinstance(value, dict):
        return {key: _map_strings(item, function) for key, item in value.items()}
    return value


def _edit_lines(lines: list[str], place: _KeyLines, function: Callable[[str], str]) -> list[str]:
    edited = list(lines)
    for index in range(place.first, place.stop):
        line = lines[index]
        start = place.value_at if index == place.first else 0
        if index != place.first and line.lstrip().startswith("#"):
            continue
        body = line.rstrip("\r\n")
        edited[index] = line[:start] + function(body[start:]) + line[len(body):]
    return edited


def _fresh_value(kind: str, lines: list[str], place: _KeyLines, value) -> list[str] | None:
    import json

    if isinstance(value, dict) and kind == "toml":
        return None
    ending = "\r\n" if lines[place.first].endswith("\r\n") else "\n"
    head = lines[place.first][:place.value_at]
    separator = "" if head.endswith((" ", "\t")) else " "
    text = json.dumps(value, ensure_ascii=False, default=str)
    return lines[:place.first] + [f"{head}{separator}{text}{ending}"] + lines[place.stop:]


def _parses_to(kind: str, lines: list[str], key: str, want, old: dict) -> bool:
    try:
        meta = metadata.parse_front_matter(kind, "".join(lines))
    except metadata.FrontMatterError:
        return False
    if meta.get(key) != want or meta.keys() != old.keys():
        return False
    return all(meta[name] == old[name] for name in old if name != key)


def edit_front_matter(kind: str, raw: str, meta: dict, convert: Callable[[str], str] | None,
                      target: str | None, notes: list[str]) -> str:
    """raw with human text converted and lang tags set to target; every
    line that needs no change stays as it was."""
    lines = raw.splitlines(keepends=True)
    own_tags = {tag.lower() for key in LANG_KEYS for tag in _tags(meta.get(key))}
    current = dict(meta)  # what the lines parse to so far
    for place in _key_ranges(kind, lines):
        key, old = place.key, meta.get(place.key)
        if key not in meta:
            continue
        function: Callable[[str], str] | None = None
        if key in HUMAN_KEYS and convert is not None:
            function = convert
        elif key in LANG_KEYS and target is not None:
            def function(text: str) -> str:
                return langtags.TAG_TOKEN.sub(lambda match: langtags.retag(match.group(0), target), text)
        elif key in TRANSLATION_KEYS and target is not None:
            present = {tag.lower() for tag in _tags(old)}

            def function(text: str) -> str:
                def one(match: re.Match) -> str:
                    tag = match.group(0)
                    new = langtags.retag(tag, target)
                    if tag.lower() not in own_tags or new.lower() in present:
                        return tag
                    return new
                return langtags.TAG_TOKEN.sub(one, text)
        if function is None:
            continue
        want = _map_strings(old, function)
        if want == old:
            continue
        edited = _edit_lines(lines, place, function)
        if _parses_to(kind, edited, key, want, current):
            lines, current[key] = edited, want
            continue
        fresh = _fresh_value(kind, lines, place, want)
        if fresh is not None and _parses_to(kind, fresh, key, want, current):
            lines, current[key] = fresh, want
            notes.append(f"front matter key {key!r} was rewritten as a JSON-style value to convert it")
            continue
        notes.append(f"front matter key {key!r} could not be converted safely; left as it was")
    return "".join(lines)


def _tags(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def choose_config(body: str, meta: dict, target: str | None, config: str | None,
                  source: str | None = None) -> tuple[str | None, str]:
    """(OpenCC config or None for the identity, detected script); source
    (hans, hant, tw, hk) stands for a lang the front matter does not give."""
    script = detect_script(body)
    if leaves_alone(script, config):
        return None, script  # even a forced Chinese config would garble it
    if config:
        return config, script
    return config_for(script, target, metadata.lang_of(meta), source), script


# Bytes that are not UTF-8, as surrogateescape holds them: one character each.
_UNDECODED = re.compile("[\udc80-\udcff]")


def _encode(text: str, encoding: str, notes: list[str]) -> tuple[bytes, str]:
    if encoding in _KEEP_ENCODINGS:
        try:
            prefix = b"\xef\xbb\xbf" if encoding == "utf-8-sig" else b""
            if encoding == "utf-8":
                # Damaged UTF-8 gets its undecodable bytes back exactly.
                return text.encode("utf-8", "surrogateescape"), encoding
            return prefix + text.encode("utf-8" if encoding == "utf-8-sig" else encoding), encoding
        except UnicodeEncodeError:
            pass
    notes.append(f"written as UTF-8: {encoding} cannot hold the converted text")
    return text.encode("utf-8"), "utf-8"


def original_text(data: bytes) -> str:
    """The text convert_document converts: decoded, with bytes of a UTF-8
    file that are not UTF-8 held as surrogates (surrogateescape)."""
    text, _encoding, bad_bytes = decode_text(data)
    return data.decode("utf-8", "surrogateescape") if bad_bytes else text


def convert_document(data: bytes, target: str | None = None, config: str | None = None,
                     source: str | None = None, dictionary: PhraseDictionary | None = None) -> Converted:
    """An article file's bytes converted to target (hans, hant, tw, hk), or
    with a given OpenCC config. `source` is the user's --from (the region or
    script when the front matter has no lang); `dictionary` holds phrases
    converted before the config's own. Raises UndecodableFile and UnknownConfig.

    Bytes of a UTF-8 file that are not UTF-8 are carried through unchanged
    (never written back as U+FFFD); a front matter that holds some is left
    as it is."""
    text, encoding, bad_bytes = decode_text(data)
    readable = text
    if bad_bytes:
        text = data.decode("utf-8", "surrogateescape")
        # The same text with U+FFFD for each such byte: same length, so the
        # offsets found in it hold in `text`; it is what the parsers see.
        readable = _UNDECODED.sub("\ufffd", text)
    notes: list[str] = []
    front = metadata.read_front_matter(readable)
    kind, raw, raw_start, body_start = None, "", 0, 0
    if front.kind is not None:
        kind, raw, raw_start, body_start = metadata.split_front_matter(readable)
        raw = text[raw_start:raw_start + len(raw)]
    body = text[body_start:]
    name, script = choose_config(body, front.meta, target, config, source)
    if name is None:
        return Converted(data, text, encoding, None, script, False, notes, skipped=NOT_CHINESE.get(script))
    convert = apply_first(dictionary, converter(name))
    lang_target = langtags.CONFIG_TARGET.get(name)
    new_raw = raw
    if kind is not None and raw and _UNDECODED.search(raw):
        notes.append("front matter holds bytes that are not UTF-8; left as it was")
    elif kind is not None and raw and not front.problems:
        new_raw = edit_front_matter(kind, raw, front.meta, convert, lang_target, notes)
    new_text = text[:raw_start] + new_raw + text[raw_start + len(raw):body_start] + convert_markdown(body, convert)
    if new_text == text:
        return Converted(data, text, encoding, name, script, False, notes, front.problems)
    if bad_bytes and _UNDECODED.findall(new_text) != _UNDECODED.findall(text):
        raise UndecodableFile(f"{bad_bytes} byte(s) are not valid UTF-8 and converting would change them; "
                              "not converted")
    new_data, new_encoding = _encode(new_text, encoding, notes)
    return Converted(new_data, new_text, new_encoding, name, script, True, notes, front.problems)


def convert_job_safe(job: tuple) -> tuple[Converted | None, str | None]:
    """convert_document for a worker process: one picklable argument, and a
    file that cannot be read comes back as (None, why) rather than ending
    the whole run."""
    from feudcli.text.decode import UndecodableFile

    try:
        return convert_document(*job), None
    except UndecodableFile as error:
        return None, str(error)
