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


def _prose(text: str) -> str:
    """``text`` without its generated sections, code blocks and tables."""
    import re

    text = re.sub(r"<!-- begin (\S+) -->.*?<!-- end \1 -->", "", text, flags=re.S)
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return "\n".join(line for line in text.splitlines() if not line.startswith("|"))


def test_benchmark_prose_quotes_no_figure_by_hand() -> None:
    """Every benchmark figure of the README is generated from the results
    files (``tools/readme.py``): the prose of the benchmark section and of
    the delivery paths' measurements quotes none."""
    import re

    readme = (ROOT / "README.md").read_text()
    start = readme.index("## Benchmarks\n")
    end = readme.index("\n## ", start + 1)
    delivery = readme.index("## Delivery paths")
    delivery_end = readme.index("\n## ", delivery + 1)
    measured = readme.index("### Measured", delivery)
    assert measured < delivery_end
    prose = _prose(readme[start:end]) + _prose(readme[measured:delivery_end])
    figure = re.compile(
        r"\d[\d,.]*\s*(?:x\b|%|[µnm]s\b|events/s|MB\b|KiB\b|MiB\b)|\b\d[\d,.]* events\b"
    )
    assert figure.findall(prose) == []
