"""The package's layout: no module imports another module's private names
(issue 11). What modules share lives under a name without a leading
underscore, in the module that owns it (for the delivery paths, the shared
helpers are in ``_payload.py``). Private modules themselves (``_codec``,
``_payload``) are fine to import from; their underscored names are not."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "eventbridge_structs"

# Imports of private names that other work in progress removes (issue 11,
# items 1 to 7); (importing file, module imported from, name). Nothing may
# be added here.
PENDING: set[tuple[str, str, str]] = set()


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
    found = [hit for hit in private_imports() if hit not in PENDING]
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
