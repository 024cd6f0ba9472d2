"""``decode``/``validate --jobs N``: the same bytes on stdout and stderr, and
the same status, as with one job, whatever the inputs (an NDJSON file split
into many byte ranges with bad records across their edges, gzip archives,
Lambda payloads, stdin, a missing file), run as the user runs them (the
installed console script in a subprocess)."""

from __future__ import annotations

import gzip
import json
import random
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "delivery"
SCRIPT = str(Path(sys.executable).parent / "eventbridge-structs")

#: Bad records of every kind the reader tells apart: cut short (running
#: into the next line), broken strings, arrays, scalars, objects
#: concatenated on one line, wrong types, an unregistered type, a Lambda
#: payload with a bad record, invalid UTF-8, a record over two lines.
_SQS = json.loads((FIXTURES / "sqs.json").read_text())
_SQS["Records"][2]["body"] = "<html>"
_UNREGISTERED = json.loads((FIXTURES / "archive.ndjson").read_bytes().splitlines()[0])
_UNREGISTERED["source"] = "com.example.nobody"
BAD = [
    b'{"version": "0", "id": ',
    b'{"a": [',
    b'{"a": "x',
    b'{"a": {"b": [1, {"c": ',
    b"[1, 2]",
    b"3",
    b"{}",
    b'{"a":1}{"b":2}',
    b"}",
    b'  {"detail-type": 3}  \r',
    b'{"x": "}{\\"y"}',
    b"\xff\xfe",
    b'{"a":1} trailing',
    b'{\n"a": 1\n}',
    json.dumps(_SQS).encode(),
    json.dumps(_UNREGISTERED).encode(),
]


def run(*args: str, stdin: bytes | None = None, cwd: Path = FIXTURES) -> Any:
    return subprocess.run(
        [SCRIPT, *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=300,
        check=False,
    )


def poisoned(path: Path, n: int, seed: int) -> tuple[bytes, list[int]]:
    """Write ``n`` lines of good events with about one in eight bad; return
    the content and the 1-based lines of the bad ones."""
    good = (FIXTURES / "archive.ndjson").read_bytes().splitlines()
    rng = random.Random(seed)
    lines, bad = [], []
    for number in range(1, n + 1):
        if rng.random() < 0.125:
            lines.append(rng.choice(BAD))
            bad.append(number)
        else:
            lines.append(rng.choice(good))
    data = b"\n".join(lines) + b"\n"
    path.write_bytes(data)
    return data, bad


def same(one: Any, many: Any) -> None:
    assert many.returncode == one.returncode
    assert many.stdout == one.stdout
    assert many.stderr == one.stderr


@pytest.mark.parametrize(
    "command",
    [["decode"], ["validate"], ["validate", "--strict"], ["decode", "--summary"]],
)
@pytest.mark.parametrize("split", ["700", "4096"])
def test_many_byte_ranges_give_the_bytes_of_one_job(
    tmp_path: Path, command: list[str], split: str
) -> None:
    path = tmp_path / "events.ndjson"
    data, _ = poisoned(path, 600, seed=int(split))
    one = run(*command, "-q", str(path))
    assert one.returncode == 1
    many = run(*command, "-q", "--jobs", "2", "--split-size", split, str(path))
    same(one, many)
    # There were many pieces, and every failure was reported.
    assert len(data) // int(split) > 50
    reports = one.stdout if command[0] == "validate" else one.stderr
    assert reports.count(b"\n") >= 60


def test_failures_carry_the_lines_of_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "events.ndjson"
    good = (FIXTURES / "archive.ndjson").read_bytes().splitlines()
    lines = [good[i % len(good)] for i in range(400)]
    bad_lines = [3, 150, 151, 299, 400]
    for number in bad_lines:
        lines[number - 1] = b'{"detail-type": 3}'
    data = b"\n".join(lines) + b"\n"
    path.write_bytes(data)
    done = run("validate", "-q", "--jobs", "2", "--split-size", "2000", str(path))
    assert done.returncode == 1
    offsets = []
    at = 0
    for line in lines:
        offsets.append(at)
        at += len(line) + 1
    assert done.stdout.decode().splitlines() == [
        f"{path}:{n}: byte {offsets[n - 1]}: record {n}: $.detail-type: "
        "Expected `str`, got `int`"
        for n in bad_lines
    ]


def test_a_file_split_by_default(tmp_path: Path) -> None:
    # Over 8 MB: split with the defaults (two jobs, ranges of 1 MiB or more).
    path = tmp_path / "big.ndjson"
    poisoned(path, 15_000, seed=3)
    assert path.stat().st_size > 8 * 1_048_576
    one = run("validate", "-q", str(path))
    same(one, run("validate", "-q", "-j", "2", str(path)))
    one = run("decode", "-q", str(path))
    same(one, run("decode", "-q", "-j", "2", str(path)))


def test_every_kind_of_input_in_order(tmp_path: Path) -> None:
    first, _ = poisoned(tmp_path / "first.ndjson", 300, seed=1)
    poisoned(tmp_path / "last.ndjson", 300, seed=2)
    (tmp_path / "archive.gz").write_bytes(
        gzip.compress((FIXTURES / "archive-concatenated").read_bytes() * 50)
    )
    for name in ("sqs.json", "kinesis.json", "archive-array.json"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    inputs = [
        "first.ndjson",
        "archive.gz",
        "sqs.json",
        "missing.ndjson",
        "-",
        "kinesis.json",
        "archive-array.json",
        "last.ndjson",
    ]
    for command in (["decode"], ["validate"], ["decode", "--summary"]):
        one = run(*command, "-q", *inputs, stdin=first, cwd=tmp_path)
        assert one.returncode == 2
        assert b"cannot read missing.ndjson: No such file or directory" in one.stderr
        many = run(
            *command,
            "-q",
            "-j",
            "2",
            "--split-size",
            "3000",
            *inputs,
            stdin=first,
            cwd=tmp_path,
        )
        same(one, many)


def test_three_jobs_and_the_summary_line(tmp_path: Path) -> None:
    path = tmp_path / "events.ndjson"
    poisoned(path, 500, seed=9)
    one = run("decode", str(path))
    many = run("decode", "-j", "3", "--split-size", "5000", str(path))
    assert many.stdout == one.stdout
    *reports, summary = many.stderr.decode().splitlines()
    assert reports == one.stderr.decode().splitlines()[:-1]
    assert summary.startswith("decode: ")
    assert (
        summary.split(" in ")[0]
        == one.stderr.decode().splitlines()[-1].split(" in ")[0]
    )


@pytest.mark.parametrize("value", ["0", "-1", "two"])
def test_jobs_must_be_a_positive_whole_number(value: str) -> None:
    done = run("decode", "--jobs", value, "archive.ndjson")
    assert done.returncode == 2
    assert b"argument -j/--jobs: " in done.stderr
    assert b"Traceback" not in done.stderr
