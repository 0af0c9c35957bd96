"""The library works without the CLI: the README's Python example runs and
prints what the README shows, and neither it nor any library module brings
in Typer or rich (issue 13)."""

from __future__ import annotations

import ast

from cli_helpers import REPO, readme_python_example, run_library_code

LIBRARY = REPO / "feudcli"


def test_the_readme_python_example_runs_without_typer_or_rich(tmp_path):
    code, printed = readme_python_example()
    done = run_library_code(code, tmp_path)
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
