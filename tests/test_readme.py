"""The README's generated sections (the supported types, the documented
models' strictness) are what ``make readme`` writes from the code."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_generated_sections_are_fresh() -> None:
    result = subprocess.run(
        [sys.executable, "tools/readme.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_built_in_type_is_listed() -> None:
    from eventbridge_structs._catalogue import CATALOGUE

    readme = (ROOT / "README.md").read_text()
    for (source, detail_type), (module, name) in CATALOGUE.items():
        where = f"`eventbridge_structs.{module}`"
        row = f"| `{source}` | {detail_type} | `{name}` | {where} |"
        assert row in readme
