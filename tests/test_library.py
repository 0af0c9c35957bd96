"""The library works without the CLI: the README's Python example runs and
prints what the README shows, and neither it nor any library module brings
in Typer or rich (issue 13)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys

from cli_helpers import REPO

LIBRARY = REPO / "feudcli"


def readme_example() -> tuple[str, str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    code = re.search(r"```python\n(.*?)```", readme, re.DOTALL).group(1)
    after = readme.split(code, 1)[1]
    printed = re.search(r"```text\n(.*?)```", after, re.DOTALL).group(1)
    return code, printed


def test_the_readme_python_example_runs_without_typer_or_rich(tmp_path):
    code, printed = readme_example()
    probe = code + "\nimport sys\nassert not any(m.split('.')[0] in ('typer', 'rich', 'click') for m in sys.modules)\n"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, encoding="utf-8",
                          cwd=tmp_path, env={"PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(tmp_path),
                                             "PATH": "/usr/bin:/bin"}, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == printed


def test_no_library_module_imports_typer_or_rich():
    offenders = []
    for path in LIBRARY.rglob("*.py"):
        relative = path.relative_to(LIBRARY).as_posix()
        if relative.startswith(("cli/", "render/")) or relative == "__main__.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            offenders += [f"{relative}: {name}" for name in names if name.split(".")[0] in ("typer", "rich")]
    assert offenders == []
