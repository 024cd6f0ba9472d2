"""The package's layout: no module-level import cycle, and no module
imports another module's private names (issue 11; the layers themselves are
import-linter's contract in pyproject.toml, run by ``make lint``). What
modules share lives under a name without a leading underscore, in the
module that owns it (for the delivery paths, the shared helpers are in
``_payload.py``). Private modules themselves (``_codec``,
``_payload``) are fine to import from; their underscored names are not."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "eventbridge_structs"


def _submodules(package: Path) -> set[str]:
    return {p.stem for p in package.glob("*.py")} | {
        p.name for p in package.iterdir() if (p / "__init__.py").is_file()
    }


def private_imports(root: Path = PACKAGE) -> list[tuple[str, str, str]]:
    """Every ``from .X import _name`` (or ``from eventbridge_structs.X
    import _name``) in the package, at any depth of the code, as (file
    relative to the package, module, name). ``from . import _module`` of a
    submodule is not one."""
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        here = path.parent
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            module = node.module or ""
            if node.level == 0:
                top, _, rest = module.partition(".")
                if top != root.name:
                    continue
                base, module = root, rest
            else:
                base = here
                for _ in range(node.level - 1):
                    base = base.parent
            for alias in node.names:
                name = alias.name
                if not name.startswith("_") or name.startswith("__"):
                    continue
                if not module and name in _submodules(base):
                    continue  # a module, not a name in one
                found.append((rel.as_posix(), module or ".", name))
    return found


def test_no_module_imports_another_modules_private_names() -> None:
    found = private_imports()
    assert found == [], (
        "import the shared name without a leading underscore (move a helper "
        f"two modules share into the module they both build on): {found}"
    )


def test_the_check_sees_private_imports(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    (package / "__init__.py").write_text("from . import _a\n")
    (package / "_a.py").write_text("from ._b import _x, y\n")
    (package / "_b.py").write_text(
        "def f():\n    from pkg._a import _z\n    from . import _nope\n"
    )
    (package / "sub" / "__init__.py").write_text("")
    (package / "sub" / "m.py").write_text(
        "from .. import _a\nfrom .._b import __all__, _w\nfrom ._c import ok\n"
    )
    assert sorted(private_imports(package)) == [
        ("_a.py", "_b", "_x"),
        ("_b.py", ".", "_nope"),
        ("_b.py", "_a", "_z"),
        ("sub/m.py", "_b", "_w"),
    ]


def _module_name(path: Path, root: Path = PACKAGE) -> str:
    parts = [root.name, *path.relative_to(root).with_suffix("").parts]
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _top_level_imports(tree: ast.Module, name: str, is_package: bool) -> set[str]:
    """The package modules a module imports as it is imported: statements at
    its top level (and in top-level ``if``/``try``), not in functions, and
    not under ``if TYPE_CHECKING``."""
    package = name if is_package else name.rpartition(".")[0]
    found: set[str] = set()
    stack: list[ast.stmt] = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If):
            if "TYPE_CHECKING" not in ast.unparse(node.test):
                stack += node.body + node.orelse
        elif isinstance(node, ast.Try):
            stack += node.body + node.orelse + node.finalbody
            for handler in node.handlers:
                stack += handler.body
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            module = node.module or ""
            target = (f"{base}.{module}" if module else base) if node.level else module
            found.add(target)
            found |= {f"{target}.{alias.name}" for alias in node.names}
    return found


def import_graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    """Module -> the package modules it imports at module level (a package's
    ``__init__`` is the package's name)."""
    paths = {_module_name(p, root): p for p in root.rglob("*.py")}
    graph = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = _top_level_imports(tree, name, path.name == "__init__.py")
        # A module's own packages are imported before it runs: no edge.
        graph[name] = {
            m
            for m in imported
            if m in paths and m != name and not name.startswith(m + ".")
        }
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles of ``graph`` (one per strongly connected part)."""
    found = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                found.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return found


def test_no_module_level_import_cycle() -> None:
    graph = import_graph()
    assert "eventbridge_structs._codec" in graph["eventbridge_structs"]
    assert cycles(graph) == []


def test_the_cycle_check_finds_a_cycle(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import x\n")
    (pkg / "b.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from . import c\n"
        "def f():\n    from . import c\nfrom . import a\n"
    )
    (pkg / "c.py").write_text("from pkg import b\n")
    graph = import_graph(pkg)
    assert graph["pkg.b"] == {"pkg.a"}
    assert cycles(graph) == [["pkg.a", "pkg.b", "pkg.a"]]
