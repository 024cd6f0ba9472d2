"""The decode and validate commands, run as the user runs them: a
subprocess of the installed console script ``eventbridge-structs``."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import eventbridge_structs as ebs
from eventbridge_structs._streams import Progress, Stats
from eventbridge_structs.delivery import unwrap

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "delivery"
EXAMPLES = ROOT / "examples"
ARCHIVES = ["archive-concatenated", "archive.ndjson", "archive-array.json"]
PAYLOADS = [
    "sqs.json",
    "sqs-fifo.json",
    "sqs-sns.json",
    "sqs-sns-raw.json",
    "sns.json",
    "kinesis.json",
    "firehose.json",
]
SUMMARY = re.compile(
    r"^(decode|validate): ([\d,]+) events?, ([\d,]+) failures? in \d+\.\d\d s "
    r"\([\d,]+ events/s\)$"
)
#: The console script ``pip install`` put next to this interpreter.
SCRIPT = str(Path(sys.executable).parent / "eventbridge-structs")


def cli(*args: str, stdin: bytes | None = None, cwd: Path = FIXTURES) -> Any:
    return subprocess.run(
        [SCRIPT, *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def summary_of(stderr: bytes) -> tuple[str, int, int]:
    last = stderr.decode().rstrip("\n").split("\n")[-1]
    match = SUMMARY.match(last)
    assert match, last
    events, failures = (int(match[i].replace(",", "")) for i in (2, 3))
    # Counts in correct English: "1 event", "2 events", "0 failures".
    assert (" event," in last) == (events == 1), last
    assert (" failure in" in last) == (failures == 1), last
    return match[1], events, failures


def archive_events() -> list[Any]:
    return [
        ebs.decode(line)
        for line in (FIXTURES / "archive.ndjson").read_bytes().splitlines()
    ]


def payload_events(name: str) -> list[Any]:
    return unwrap((FIXTURES / name).read_bytes()).events


# --- decode -----------------------------------------------------------------------


@pytest.mark.parametrize("name", ARCHIVES)
def test_decode_archive_writes_normalized_ndjson(name: str) -> None:
    result = cli("decode", name)
    assert result.returncode == 0, result.stderr
    expected = archive_events()
    assert result.stdout == b"".join(ebs.encode(e) + b"\n" for e in expected)
    assert summary_of(result.stderr) == ("decode", 8, 0)
    first = json.loads(result.stdout.split(b"\n")[0])
    assert first["detail-type"] == "ECR Pull Through Cache Action"
    assert first["time"] == "2023-02-28T02:36:48Z"


def test_decode_lambda_payloads_and_many_files() -> None:
    result = cli("decode", *PAYLOADS, "archive-concatenated")
    assert result.returncode == 0, result.stderr
    expected = [e for name in PAYLOADS for e in payload_events(name)] + archive_events()
    lines = result.stdout.splitlines()
    assert [ebs.decode(line) for line in lines] == expected
    assert summary_of(result.stderr) == ("decode", len(expected), 0)


def test_decode_stdin_gzip_and_round_trip(tmp_path: Path) -> None:
    data = gzip.compress((FIXTURES / "archive-concatenated").read_bytes())
    first = cli("decode", "-", stdin=data)
    assert first.returncode == 0, first.stderr
    assert [ebs.decode(line) for line in first.stdout.splitlines()] == archive_events()
    # Its own output decodes to the same bytes.
    again = cli("decode", "-", stdin=first.stdout)
    assert again.stdout == first.stdout
    path = tmp_path / "events.ndjson.gz"
    path.write_bytes(gzip.compress(first.stdout))
    assert cli("decode", str(path)).stdout == first.stdout


def test_decode_summary_table() -> None:
    result = cli(
        "decode", "--summary", "archive-concatenated", "kinesis.json", "sqs.json"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.decode() == (
        "count  source   detail-type\n"
        "    3  aws.ecr  ECR Image Action\n"
        "    3  aws.ecr  ECR Pull Through Cache Action\n"
        "    2  aws.ecr  AWS API Call via CloudTrail\n"
        "    2  aws.ecr  ECR Image Scan\n"
        "    2  aws.ecr  ECR Replication Action\n"
        "    2  aws.s3   Object Created\n"
        "    1  aws.ecr  ECR Referrer Action\n"
        "    1  aws.ecr  ECR Scan Resource Change\n"
        "   16  total\n"
    )
    assert summary_of(result.stderr) == ("decode", 16, 0)


def _poisoned_archive(tmp_path: Path) -> tuple[Path, bytes]:
    lines = (FIXTURES / "archive.ndjson").read_bytes().splitlines(keepends=True)
    bad = json.loads(lines[2])
    bad["detail"]["scan-status"] = 3
    lines[2] = json.dumps(bad).encode() + b"\n"
    lines.insert(5, b'{"version": "0", "id": \n')
    data = b"".join(lines)
    path = tmp_path / "ecr-events.ndjson"
    path.write_bytes(data)
    return path, data


def test_decode_reports_bad_records_and_keeps_the_rest(tmp_path: Path) -> None:
    path, data = _poisoned_archive(tmp_path)
    result = cli("decode", path.name, cwd=tmp_path)
    assert result.returncode == 1
    expected = archive_events()
    del expected[2]
    assert [ebs.decode(line) for line in result.stdout.splitlines()] == expected
    errors = result.stderr.decode().splitlines()
    offset = data.index(b'{"version": "0", "id": \n')
    assert errors[:2] == [
        f"{path.name}:3: byte {data.index(data.splitlines()[2])}: record 3: "
        "$.detail.scan-status: Expected `str`, got `int`",
        f"{path.name}:6: byte {offset}: record 6: $: Input data was truncated",
    ]
    assert summary_of(result.stderr) == ("decode", 7, 2)


# --- validate ---------------------------------------------------------------------


def test_validate_clean_inputs() -> None:
    result = cli("validate", *ARCHIVES, *PAYLOADS)
    assert result.returncode == 0, result.stdout
    assert result.stdout == b""
    assert summary_of(result.stderr) == ("validate", 3 * 8 + 21, 0)


def test_validate_reports_every_bad_record(tmp_path: Path) -> None:
    path, _ = _poisoned_archive(tmp_path)
    sqs = json.loads((FIXTURES / "sqs.json").read_text())
    body = json.loads(sqs["Records"][1]["body"])
    del body["detail"]["result"]
    sqs["Records"][1]["body"] = json.dumps(body)
    sqs["Records"][3]["body"] = "<html>"
    payload = tmp_path / "sqs-event.json"
    payload.write_text(json.dumps(sqs, indent=2))
    gz = tmp_path / "firehose-1.gz"
    gz.write_bytes(
        gzip.compress(
            b'{"version":"0"}' + (FIXTURES / "archive-concatenated").read_bytes()
        )
    )
    result = cli("validate", path.name, payload.name, gz.name, cwd=tmp_path)
    assert result.returncode == 1
    ids = [r["messageId"] for r in sqs["Records"]]
    data = path.read_bytes()
    scan = data.index(b'"ECR Image Scan"')
    scan = data.rindex(b"\n", 0, scan) + 1
    cut = data.index(b'{"version": "0", "id": \n')
    assert result.stdout.decode().splitlines() == [
        f"{path.name}:3: byte {scan}: "
        "record 3: $.detail.scan-status: Expected `str`, got `int`",
        f"{path.name}:6: byte {cut}: record 6: $: Input data was truncated",
        f"{payload.name}:1: byte 0: record 2 ({ids[1]}): "
        "$.Records[1].body.detail.result: Object missing required field `result`",
        f"{payload.name}:1: byte 0: record 4 ({ids[3]}): "
        "$.Records[3].body: JSON is malformed: invalid character (byte 0)",
        f"{gz.name}:1: byte 0: record 1: $.detail: "
        "Object missing required field `detail`",
    ]
    assert summary_of(result.stderr) == ("validate", 7 + 2 + 8, 5)


def test_validate_size_limit() -> None:
    result = cli("validate", "--max-size", "600", "archive.ndjson")
    assert result.returncode == 1
    lines = result.stdout.decode().splitlines()
    assert lines
    assert all("more than the limit of 600 bytes" in line for line in lines)
    _, events, failures = summary_of(result.stderr)
    assert failures == len(lines) and events + failures == 8


def test_validate_stdin() -> None:
    result = cli("validate", "-", stdin=b'{"detail-type": "x"}\n')
    assert result.returncode == 1
    assert result.stdout.decode().startswith("<stdin>:1: byte 0: record 1: $")


# --- errors, pipes, terminals ----------------------------------------------------


def test_unreadable_files_exit_2_after_reading_the_others() -> None:
    result = cli("validate", "missing.json", "sqs.json")
    assert result.returncode == 2
    assert (
        "cannot read missing.json: No such file or directory" in result.stderr.decode()
    )
    assert summary_of(result.stderr) == ("validate", 4, 0)


def test_usage_errors() -> None:
    assert cli("decode").returncode == 2
    assert cli("validate", "--max-size", "lots", "x").returncode == 2
    help_text = cli("--help").stdout.decode()
    assert "decode" in help_text and "validate" in help_text


def test_no_progress_bar_when_stderr_is_not_a_terminal() -> None:
    result = cli("decode", "archive.ndjson")
    assert b"\r" not in result.stderr and b"\x1b" not in result.stderr


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_short_input_on_a_terminal_shows_only_the_summary() -> None:
    leader, follower = os.openpty()
    try:
        result = subprocess.run(
            [SCRIPT, "decode", "archive.ndjson"],
            stdout=subprocess.PIPE,
            stderr=follower,
            cwd=FIXTURES,
            timeout=60,
            check=False,
        )
        os.close(follower)
        follower = -1
        seen = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if follower != -1:
            os.close(follower)
        os.close(leader)
    assert result.returncode == 0
    text = seen.decode().replace("\r\n", "\n")
    assert "\x1b[K" not in text
    assert summary_of(text.encode()) == ("decode", 8, 0)


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_bar_draws_after_a_delay_and_clears(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    now = [0.0]
    stream = FakeTerminal()
    stats = Stats()
    progress = Progress(stream, stats, delay=0.5, interval=0.1, clock=lambda: now[0])
    progress.start("events.gz", 1000)
    progress.advance(100)
    assert stream.getvalue() == ""  # a short input never shows it
    now[0] = 0.6
    stats.events, stats.failures = 1234, 2
    progress.advance(400)
    drawn = stream.getvalue()
    assert drawn.startswith(
        "\revents.gz [##########----------]  50%  1,234 events  2 failures"
    )
    assert drawn.endswith("events/s\x1b[K")
    now[0] = 0.65
    progress.advance(100)
    assert stream.getvalue() == drawn  # not again within the interval
    now[0] = 0.8
    progress.advance(100)
    assert "70%" in stream.getvalue()[len(drawn) :]
    progress.clear()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_progress_without_a_size_and_off_a_terminal() -> None:
    now = [10.0]
    stream = FakeTerminal()
    progress = Progress(stream, Stats(), delay=0.0, clock=lambda: now[0])
    progress.start("<stdin>", None)
    progress.advance(2_500_000)
    assert "<stdin> 2.5 MB  0 events" in stream.getvalue()
    plain = io.StringIO()
    progress = Progress(plain, Stats(), delay=0.0, clock=lambda: now[0])
    progress.start("x", 10)
    progress.advance(10)
    progress.clear()
    assert plain.getvalue() == ""


@pytest.mark.parametrize(
    "command", [[SCRIPT], [sys.executable, "-m", "eventbridge_structs"]]
)
def test_version(command: list[str]) -> None:
    done = subprocess.run(
        [*command, "--version"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert done.stdout.strip() == f"eventbridge-structs {ebs.__version__}"
