"""Every ```python block of README.md passes ``mypy --strict``, and every
self-contained one runs, so that the examples cannot rot.

Each block is a module of its own. An HTML comment right before a block
(invisible on the rendered page) may say:

- ``<!-- given: ... -->``: Python lines (imports, annotated names) that the
  block assumes, such as the ``event`` a Lambda handler receives; they are
  prepended for the type check, and such a block is not run.
- ``<!-- no-run: REASON -->``: type-checked, not run (it needs AWS or a
  cluster).
- ``<!-- no-typecheck: REASON -->``: neither; for shell-like fragments only.

The blocks that run do so as scripts (``__main__``) in a fresh directory
holding the input files the recipes read (``INPUTS``), with a timeout.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the test environment runs 3.11
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DELIVERY = ROOT / "tests" / "fixtures" / "delivery"

#: The files the runnable examples read, as a user would have them.
INPUTS = {
    # An SQS batch as Lambda passes it to a handler.
    "sqs-event.json": lambda: (DELIVERY / "sqs.json").read_bytes(),
    # EventBridge events one per line, as an archive or a log holds them.
    "events.ndjson": lambda: (DELIVERY / "archive.ndjson").read_bytes(),
    # A Firehose-to-S3 object: events back to back, gzip-compressed.
    "firehose-archive.gz": lambda: gzip.compress(
        (DELIVERY / "archive-concatenated").read_bytes()
    ),
}

#: Modules of engines the examples mention but the test environment lacks;
#: the lines using them are still checked, with their values as Any.
ABSENT_ENGINES = ["ray", "ray.*", "pyspark", "pyspark.*"]

_COMMENT = r"<!--(?:(?!-->).)*-->"
_BLOCK = re.compile(
    rf"^((?:{_COMMENT}\n)*)```python\n(.*?)^```[ \t]*$", re.DOTALL | re.MULTILINE
)
_MARK = re.compile(r"<!--\s*([a-z-]+)\s*:?(.*?)-->", re.DOTALL)
_KNOWN = {"given", "no-run", "no-typecheck"}


@dataclass(frozen=True)
class Example:
    line: int  # the README line of the block's first code line
    code: str
    marks: dict[str, str]

    @property
    def name(self) -> str:
        return f"readme_L{self.line:04d}"

    @property
    def given(self) -> str:
        return textwrap.dedent(self.marks.get("given", "")).strip("\n")

    @property
    def runs(self) -> bool:
        return not self.marks.keys() & {"given", "no-run", "no-typecheck"}


def examples(text: str) -> list[Example]:
    found = []
    for match in _BLOCK.finditer(text):
        line = text.count("\n", 0, match.start(2)) + 1
        marks = {m.group(1): m.group(2) for m in _MARK.finditer(match.group(1))}
        found.append(Example(line, match.group(2), marks))
    return found


EXAMPLES = examples(README.read_text())


def test_the_blocks_are_found() -> None:
    """Every ```python fence is one example (none is missed by the parser)."""
    fences = re.findall(r"^```python$", README.read_text(), re.MULTILINE)
    assert len(EXAMPLES) == len(fences) > 10


def test_every_mark_is_known_and_every_skip_says_why() -> None:
    for example in EXAMPLES:
        assert example.marks.keys() <= _KNOWN, (example.line, example.marks)
        for mark in ("no-run", "no-typecheck"):
            if mark in example.marks:
                assert example.marks[mark].strip(), (example.line, mark)


def _mypy_config(where: Path) -> Path:
    """mypy --strict with the project's overrides for untyped extras."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    untyped = list(ABSENT_ENGINES)
    for override in project["tool"]["mypy"].get("overrides", []):
        if override.get("ignore_missing_imports"):
            untyped += override["module"]
    config = where / "mypy.ini"
    config.write_text(
        "[mypy]\nstrict = True\nwarn_unreachable = True\n"
        # distributed is typed but its Client() is not annotated.
        "untyped_calls_exclude = distributed\n"
        f"[mypy-{','.join(untyped)}]\nignore_missing_imports = True\n"
    )
    return config


def test_the_examples_pass_mypy_strict(tmp_path: Path) -> None:
    checked = [e for e in EXAMPLES if "no-typecheck" not in e.marks]
    offsets: dict[str, tuple[int, int]] = {}
    for example in checked:
        given = example.given
        prelude = f"{given}\n" if given else ""
        (tmp_path / f"{example.name}.py").write_text(prelude + example.code)
        offsets[example.name] = (example.line, prelude.count("\n"))
    mypy = Path(sys.executable).with_name("mypy")
    done = subprocess.run(
        [
            str(mypy),
            "--config-file",
            str(_mypy_config(tmp_path)),
            "--cache-dir",
            str(ROOT / ".mypy_cache" / "readme-examples"),
            "--no-error-summary",
            "--show-error-codes",
            *sorted(f"{name}.py" for name in offsets),
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=900,
    )

    def where(found: re.Match[str]) -> str:
        first, hidden = offsets[found.group(1)]
        at = int(found.group(2)) - hidden
        if at < 1:
            return f"README.md:{first - 1} (given, line {int(found.group(2))}):"
        return f"README.md:{first + at - 1}:"

    report = re.sub(r"^(readme_L\d+)\.py:(\d+):", where, done.stdout, flags=re.M)
    assert done.returncode == 0, report + done.stderr


def _id(example: Example) -> str:
    return f"README.md:{example.line}"


@pytest.mark.parametrize("example", [e for e in EXAMPLES if e.runs], ids=_id)
def test_the_self_contained_examples_run(example: Example, tmp_path: Path) -> None:
    for name, content in INPUTS.items():
        (tmp_path / name).write_bytes(content())
    script = tmp_path / "example.py"
    script.write_text(example.code)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    done = subprocess.run(
        [sys.executable, str(script)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert done.returncode == 0, f"README.md:{example.line}:\n{done.stderr}"
