"""The README's examples are real: every `$ feudcli …` line in a ```console
block that runs on the bundled corpus (no --corpus) is run and must print
exactly what the README shows, stdout and stderr together as a terminal
shows them (blocks meant as illustrations use ```sh or ```text instead)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from cli_helpers import REPO

BLOCK = re.compile(r"```console\n(.*?)```", re.DOTALL)


def examples() -> list[tuple[str, str]]:
    found = []
    for block in BLOCK.findall((REPO / "README.md").read_text(encoding="utf-8")):
        command, output = None, []
        for line in block.splitlines():
            if line.startswith("$ "):
                if command is not None:
                    found.append((command, "\n".join(output)))
                command, output = line[2:], []
            else:
                output.append(line)
        if command is not None:
            found.append((command, "\n".join(output)))
    return [(command, output) for command, output in found
            if command.startswith("feudcli ") and "--corpus" not in command]


@pytest.mark.parametrize("command, expected", examples(), ids=[c for c, _ in examples()])
def test_readme_example(command, expected, tmp_path):
    # The installed console script if there is one, else the module.
    scripts = Path(sys.executable).parent
    env = dict(os.environ, PATH=f"{scripts}{os.pathsep}{os.environ.get('PATH', '')}",
               XDG_CACHE_HOME=str(tmp_path), COLUMNS="100")
    for name in ("FEUDCLI_CORPUS", "FEUDCLI_TO", "FEUDCLI_ALIASES", "NO_COLOR"):
        env.pop(name, None)
    if not (scripts / "feudcli").exists():
        command = command.replace("feudcli ", f"{sys.executable} -m feudcli ")
        env["PYTHONPATH"] = str(REPO)
    done = subprocess.run(["bash", "-c", f"{{ {command} ; }} 2>&1"], capture_output=True, text=True,
                          encoding="utf-8", cwd=tmp_path, env=env, timeout=120)
    assert done.stdout.rstrip("\n") == expected.rstrip("\n")


def test_readme_has_examples():
    assert len(examples()) >= 5
