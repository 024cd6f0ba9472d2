"""Write README.pypi.md, the package description (pyproject's ``readme``).

A package index shows the description without the repository's files, so
README.md's relative links (``SECURITY.md``, ``schema/``, the benchmark
chart, ``#anchors``) would break there. README.pypi.md is README.md with
every relative link outside code blocks made absolute against one setting:
the ``Source`` project URL of pyproject.toml, in the GitHub layout
(``<Source>/blob/main/<path>``; images ``?raw=true``, anchors of this file
``README.md#anchor``).

    python tools/pypi_readme.py           # write README.pypi.md
    python tools/pypi_readme.py --check   # exit 1 when it is stale

README.md stays the one to edit; tests/test_packaging.py fails when
README.pypi.md is stale or holds a relative link.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
PYPI_README = ROOT / "README.pypi.md"

HEAD = (
    "<!-- Generated from README.md by tools/pypi_readme.py, with absolute "
    "links: edit README.md. -->\n"
)

#: A markdown link or image ``[text](target "title")``, or an HTML
#: ``href``/``src`` attribute.
LINK = re.compile(
    r"(?P<image>!?)\[(?P<text>[^\]]*)\]\((?P<target>[^)\s]+)(?P<title>\s[^)]*)?\)"
    r'|(?P<attr>href|src)="(?P<html>[^"]+)"'
)
#: A fenced code block (its text is code, not links).
FENCE = re.compile(r"^```.*?^```[ \t]*$", re.DOTALL | re.MULTILINE)


def is_absolute(target: str) -> bool:
    """A URL with a scheme (``https:``, ``mailto:``) or a network path."""
    return re.match(r"[a-zA-Z][a-zA-Z0-9+.-]*:|//", target) is not None


def source_url() -> str:
    """The one setting: ``Source`` in pyproject.toml's ``[project.urls]``."""
    text = (ROOT / "pyproject.toml").read_text()
    section = re.search(r"^\[project\.urls\]\n(.*?)(?:^\[|\Z)", text, re.M | re.S)
    found = section and re.search(r'^Source = "([^"]+)"', section.group(1), re.M)
    if not found:
        raise SystemExit("pyproject.toml's [project.urls] has no Source")
    return found.group(1).rstrip("/")


def absolute(target: str, source: str, *, image: bool) -> str:
    if is_absolute(target):
        return target
    base = f"{source}/blob/main/"
    if target.startswith("#"):
        return f"{base}README.md{target}"
    url = base + target.removeprefix("./")
    return f"{url}?raw=true" if image else url


def links(text: str) -> list[str]:
    """Every link target of markdown ``text`` outside code blocks."""
    found = []
    for part in FENCE.split(text):
        for m in LINK.finditer(part):
            found.append(m.group("html") or m.group("target"))
    return found


def description(text: str, source: str) -> str:
    """``text`` (README.md) with every relative link made absolute."""

    def link(m: re.Match[str]) -> str:
        if m.group("attr"):
            url = absolute(m.group("html"), source, image=m.group("attr") == "src")
            return f'{m.group("attr")}="{url}"'
        url = absolute(m.group("target"), source, image=bool(m.group("image")))
        title = m.group("title") or ""
        return f"{m.group('image')}[{m.group('text')}]({url}{title})"

    out, end = [HEAD], 0
    for fence in FENCE.finditer(text):
        out.append(LINK.sub(link, text[end : fence.start()]))
        out.append(fence.group(0))
        end = fence.end()
    out.append(LINK.sub(link, text[end:]))
    return "".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report staleness")
    args = parser.parse_args(argv)
    fresh = description(README.read_text(), source_url())
    current = PYPI_README.read_text() if PYPI_README.exists() else ""
    if fresh == current:
        return 0
    if args.check:
        print("README.pypi.md is stale: run `python tools/pypi_readme.py`")
        return 1
    PYPI_README.write_text(fresh)
    print("wrote README.pypi.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
