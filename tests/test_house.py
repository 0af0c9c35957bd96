"""The structure a newcomer relies on (issue 14), checked from the code
itself: no import cycle, the library free of Typer and rich, no module
past 400 lines, at most 8 modules at the top of the package, one root for
the library's errors, and a README module map that matches the tree."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from cli_helpers import REPO

PACKAGE = REPO / "feudcli"
MAX_LINES = 400
MAX_TOP_MODULES = 8


def modules() -> dict[str, Path]:
    """module name -> file, for every module of the package."""
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports(path: Path, name: str, known: set[str]) -> set[str]:
    """The package's modules this module imports, anywhere in it."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            # `from package import module` needs the module; a parent
            # package is initialised by any import below it, in any design.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        found.update(target for target in targets if target in known and target != name)
    return found


def graph() -> dict[str, set[str]]:
    found = modules()
    return {name: imports(path, name, set(found)) for name, path in found.items()}


def test_no_import_cycle():
    edges = graph()
    # The package face (feudcli/__init__.py) hands names on lazily; an
    # import of it is an import of its version string only.
    for name in edges:
        edges[name].discard("feudcli")
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(name: str, path: list[str]) -> bool:
        state[name] = 1
        for target in sorted(edges[name]):
            if state.get(target) == 1:
                cycle.extend(path + [name, target])
                return True
            if target not in state and visit(target, path + [name]):
                return True
        state[name] = 2
        return False

    assert not any(visit(name, []) for name in sorted(edges) if name not in state), " -> ".join(cycle)


def test_the_library_never_imports_typer_or_rich():
    offenders = []
    for name, path in modules().items():
        if name.startswith(("feudcli.cli", "feudcli.render")) or name == "feudcli.__main__":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            found = [alias.name for alias in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else [])
            offenders += [f"{name}: {module}" for module in found if module.split(".")[0] in ("typer", "rich", "click")]
    assert offenders == []


def test_no_module_is_longer_than_400_lines():
    long = {name: lines for name, path in modules().items()
            if (lines := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert long == {}


def test_at_most_eight_modules_at_the_top():
    top = sorted(path.name for path in PACKAGE.glob("*.py"))
    assert len(top) <= MAX_TOP_MODULES, top


def test_one_root_for_the_library_errors():
    from feudcli.errors import FeudcliError

    strays = []
    for name, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ClassDef):
                continue
            bases = {getattr(base, "id", getattr(base, "attr", "")) for base in node.bases}
            if any(base.endswith(("Error", "Exception")) or base in ("Exception", "ValueError") for base in bases) \
                    or node.name.endswith(("Error", "Timeout")):
                module = __import__(name, fromlist=[node.name])
                cls = getattr(module, node.name)
                if isinstance(cls, type) and issubclass(cls, BaseException) and not issubclass(cls, FeudcliError):
                    strays.append(f"{name}.{node.name}")
    assert strays == []


def test_the_readme_module_map_matches_the_tree():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The module map", 1)[1].split("\n## ", 1)[0]
    mapped = set(re.findall(r"`([\w/]+\.py)`", section))
    # A package's __init__.py that only says what the package is for is
    # no module of its own; one with code is.
    actual = {path.relative_to(PACKAGE).as_posix() for path in PACKAGE.rglob("*.py")
              if path.name != "__init__.py" or len(path.read_text(encoding="utf-8").splitlines()) > 10}
    assert mapped == actual, (sorted(actual - mapped), sorted(mapped - actual))
