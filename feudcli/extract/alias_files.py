"""Alias tables from files: the one shipped in feudcli/data/aliases.toml,
a corpus's own aliases.yaml / aliases.yml / aliases.toml at its root, and a
file given with --aliases, merged in that order (later entries win).

Two forms, in YAML or TOML: `entities`, a list of {name, aliases, kind},
and `aliases`, a mapping name -> spellings (see README, Aliases).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from feudcli.errors import FeudcliError
from feudcli.extract.aliases import AliasTable

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "aliases.toml"
CORPUS_FILES = ("aliases.yaml", "aliases.yml", "aliases.toml")


class AliasFileError(FeudcliError):
    """An alias file that cannot be read or has the wrong shape."""


def read_alias_file(path: Path) -> dict:
    """The raw mapping in an aliases.yaml / .yml / .toml file."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise AliasFileError(f"cannot read aliases file {path}: {error.strerror or error}") from None
    except UnicodeDecodeError:
        raise AliasFileError(f"aliases file {path} is not UTF-8 text") from None
    from feudcli.text.frontmatter import toml_module, yaml_problem

    if path.suffix.lower() == ".toml":
        tomllib = toml_module()
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise AliasFileError(f"aliases file {path} is not valid TOML: {error}") from None
    else:
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            raise AliasFileError(f"aliases file {path} is not valid YAML{yaml_problem(error)}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise AliasFileError(f"aliases file {path} must be a mapping with 'entities' and/or 'aliases'")
    return data


def _strings(value, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, (str, int)) for item in value):
        raise AliasFileError(f"{where} must be a list of spellings")
    return [str(item) for item in value if str(item).strip()]


def entries_of(data: dict, source: str) -> list[tuple[str, list[str], str]]:
    """(name, spellings, kind) entries of a parsed alias file, in order."""
    entries = []
    for top in data:
        if top not in ("entities", "aliases"):
            raise AliasFileError(f"{source}: unknown key {top!r}; use 'entities' (a list) or 'aliases' (a mapping)")
    listed = data.get("entities") or []
    if not isinstance(listed, list):
        raise AliasFileError(f"{source}: 'entities' must be a list of entries with name and aliases")
    for number, entry in enumerate(listed, 1):
        where = f"{source}: entities entry {number}"
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise AliasFileError(f"{where} needs a name (a string)")
        unknown = set(entry) - {"name", "aliases", "kind"}
        if unknown:
            raise AliasFileError(f"{where} has unknown field(s) {', '.join(sorted(unknown))}; use name, aliases, kind")
        kind = entry.get("kind") or ""
        if not isinstance(kind, str):
            raise AliasFileError(f"{where}: kind must be a string")
        entries.append((entry["name"], _strings(entry.get("aliases", []), f"{where}: aliases"), kind))
    mapping = data.get("aliases") or {}
    if not isinstance(mapping, dict):
        raise AliasFileError(f"{source}: 'aliases' must map a name to its spellings")
    for name, spellings in mapping.items():
        entries.append((str(name), _strings(spellings, f"{source}: aliases of {name!r}"), ""))
    return entries


# Bump when entries_of changes what it returns.
ENTRIES_VERSION = 1


def _entries(path: Path) -> list:
    """entries_of(read_alias_file(path)), kept in the cache directory by
    the file's size and mtime: parsing TOML or YAML (and importing the
    parser) costs more than a search's own work on a small corpus."""
    import hashlib

    from feudcli.store.location import load_marshalled, save_marshalled

    try:
        info = path.stat()
    except OSError as error:
        raise AliasFileError(f"cannot read aliases file {path}: {error.strerror or error}") from None
    stamp = (ENTRIES_VERSION, str(path.resolve()), info.st_size, info.st_mtime_ns)
    name = f"aliases-{hashlib.sha256(stamp[1].encode('utf-8', 'surrogateescape')).hexdigest()[:16]}.marshal"
    saved = load_marshalled(name)
    if isinstance(saved, tuple) and len(saved) == 2 and saved[0] == stamp:
        return saved[1]
    entries = entries_of(read_alias_file(path), str(path))
    save_marshalled(name, (stamp, entries))
    return entries


def corpus_alias_files(root: Path | None) -> list[Path]:
    if root is None:
        return []
    found = []
    for name in CORPUS_FILES:
        try:
            present = (root / name).is_file()
        except OSError:
            present = True  # there but cannot be looked at: reading it says why
        if present:
            found.append(root / name)
    return found


def load_alias_table(
    corpus_root: Path | None = None,
    extra: Path | str | None = None,
    shipped: bool = True,
) -> tuple[AliasTable, list[str]]:
    """The shipped table merged with the corpus's alias files and `extra`
    (in that order: later entries win). A bad corpus file is a warning and
    is skipped; a bad `extra` file raises AliasFileError."""
    table = AliasTable()
    warnings: list[str] = []
    files: list[tuple[Path, bool]] = []
    if shipped:
        files.append((SHIPPED, True))
    files += [(path, False) for path in corpus_alias_files(corpus_root)]
    if extra is not None:
        files.append((Path(extra).expanduser(), True))
    for path, must_work in files:
        try:
            try:
                exists = path.is_file()
            except OSError:
                exists = True  # reading it says what is wrong
            if not exists:
                raise AliasFileError(f"aliases file {path} does not exist")
            entries = _entries(path)
        except AliasFileError as error:
            if must_work:
                raise
            warnings.append(f"{error}; skipped")
            continue
        for name, spellings, kind in entries:
            table.merge(name, spellings, kind)
        table.sources.append(str(path))
    return table, warnings


@lru_cache(maxsize=1)
def shipped_table() -> AliasTable:
    return load_alias_table()[0]
