"""Helpers for driving the CLI in tests: a corpus written in tmp_path and a
CliRunner call that returns stdout, stderr and the exit code."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from feudcli.cli import app

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SIMPLIFIED_SEED = "000_d5cc3b91e6a1d0ed"
TRADITIONAL_SEED = "001_eb04c7fb14437574"


def write_corpus(root: Path, files: dict[str, str | bytes]) -> Path:
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def run(*args: str, corpus: Path | None = None, env: dict | None = None, input: str | None = None):
    argv = (["--corpus", str(corpus)] if corpus is not None else []) + list(args)
    environment = {"COLUMNS": "200", "FEUDCLI_TO": None, "FEUDCLI_CORPUS": None, "NO_COLOR": None}
    environment.update(env or {})
    return CliRunner().invoke(app, argv, env=environment, input=input)


def lines(result) -> list[str]:
    return result.stdout.splitlines()


def ids(result) -> list[str]:
    return [line.split("\t")[0] for line in result.stdout.splitlines()]


def records(result) -> list[dict]:
    return [json.loads(line) for line in result.stdout.splitlines()]


def run_library_code(code: str, tmp_path: Path):
    """Run Python code as a library user would (no CLI) in a fresh process,
    and check it brought in neither Typer, rich nor Click."""
    import subprocess
    import sys

    probe = code + "\nimport sys\nassert not any(m.split('.')[0] in ('typer', 'rich', 'click') for m in sys.modules)\n"
    return subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8",
                          cwd=tmp_path, env={"PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(tmp_path),
                                             "PATH": "/usr/bin:/bin"}, timeout=120)



def readme_python_example(start: str = "", end: str | None = None) -> tuple[str, str]:
    """The first ```python block of the README (or of its part from the
    heading `start` to the heading `end`) and the ```text block that shows
    what it prints."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(start):readme.index(end) if end else len(readme)]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL).group(1)
    printed = re.search(r"```text\n(.*?)```", section.split(code, 1)[1], re.DOTALL).group(1)
    return code, printed
