"""The command line's options and edges, run as the user runs them (the
installed console script in a subprocess): --type, --strict, --quiet, a
reader that goes away (``| head -1``), a full disk (``> /dev/full``),
``module:Class`` from the current directory, and the examples of --help."""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest

import eventbridge_structs as ebs

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "delivery"
SCRIPT = str(Path(sys.executable).parent / "eventbridge-structs")
COMMANDS = ["schema", "codegen", "decode", "validate", "convert"]

#: A module of the user's own, imported from the current directory.
ORDERS = textwrap.dedent(
    """
    import msgspec
    import eventbridge_structs as ebs


    class OrderDetail(msgspec.Struct, frozen=True, rename="kebab"):
        order_id: str
        total_cents: int


    class OrderPlaced(ebs.TypedEvent, frozen=True, tag="Order Placed"):
        detail: OrderDetail


    ebs.register(OrderPlaced, source="com.example.orders")
    """
)


def cli(*args: str, cwd: Path = FIXTURES, stdin: bytes | None = None) -> Any:
    return subprocess.run(
        [SCRIPT, *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def order(n: int, *, total: Any = 1250) -> dict[str, Any]:
    return {
        "version": "0",
        "id": f"order-{n}",
        "detail-type": "Order Placed",
        "source": "com.example.orders",
        "account": "123456789012",
        "time": "2024-03-01T12:00:00Z",
        "region": "us-east-1",
        "resources": [],
        "detail": {"order-id": f"o-{n}", "total-cents": total},
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A directory with the user's module and a file of its events."""
    (tmp_path / "orders.py").write_text(ORDERS)
    lines = [order(1), order(2, total="lots"), order(3)]
    (tmp_path / "orders.ndjson").write_text(
        "".join(json.dumps(e) + "\n" for e in lines)
    )
    return tmp_path


# --- a closed stdout, a full disk ---------------------------------------------------


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A gzip archive far larger than any pipe's buffer."""
    path = tmp_path_factory.mktemp("big") / "big.ndjson.gz"
    data = (FIXTURES / "archive.ndjson").read_bytes() * 4000
    path.write_bytes(gzip.compress(data, compresslevel=1))
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["decode"],
        ["decode", "--jobs", "2"],
        ["validate", "--strict"],  # what validate writes is its reports
    ],
)
def test_closed_stdout_ends_quietly_with_status_0(big: Path, args: list[str]) -> None:
    if args[0] == "validate":
        # Many bad records, so that validate has much to write.
        source = big.with_name("bad.ndjson")
        source.write_bytes(b'{"detail-type": 1}\n' * 200_000)
    else:
        source = big
    proc = subprocess.Popen(
        [SCRIPT, *args, str(source), str(source)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()  # `| head -1`
    proc.stdout.close()
    stderr = proc.stderr.read()
    assert proc.wait(timeout=120) == 0
    assert first.endswith(b"\n")
    if args[0] == "decode":
        assert json.loads(first)["source"] == "aws.ecr"
    else:
        assert first.startswith(f"{source}:1: byte 0: record 1: ".encode())
    # Nothing on stderr: no traceback, no summary, no input blamed.
    assert stderr == b""


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize(
    "args",
    [
        ["decode", "archive.ndjson"],
        ["decode", "--jobs", "2", "--split-size", "1000", "archive.ndjson"],
        ["decode", "--summary", "archive.ndjson"],
        ["validate", "--max-size", "600", "archive.ndjson"],
        ["schema", "ECRImageScanEvent"],
    ],
)
def test_full_disk_is_one_line_and_status_2(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run(
            [SCRIPT, *args],
            stdout=full,
            stderr=subprocess.PIPE,
            cwd=FIXTURES,
            timeout=120,
            check=False,
        )
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "eventbridge-structs: error: cannot write to stdout: No space left on device\n"
    )


# --- --type, --strict, --quiet ------------------------------------------------------


def test_type_module_class_from_the_current_directory(project: Path) -> None:
    done = cli("decode", "--type", "orders:OrderPlaced", "orders.ndjson", cwd=project)
    assert done.returncode == 1
    assert [json.loads(line)["id"] for line in done.stdout.splitlines()] == [
        "order-1",
        "order-3",
    ]
    errors = done.stderr.decode().splitlines()
    second = (
        (project / "orders.ndjson")
        .read_bytes()
        .index(b'{"version": "0", "id": "order-2"')
    )
    assert errors == [
        f"orders.ndjson:2: byte {second}: record 2: $.detail.total-cents: "
        "Expected `int`, got `str`",
        errors[-1],
    ]
    assert errors[-1].startswith("decode: 2 events, 1 failure in ")


def test_type_of_a_registered_class_decodes_everything_into_it() -> None:
    done = cli("validate", "--type", "ECRImageScanEvent", "archive.ndjson")
    assert done.returncode == 1
    lines = done.stdout.decode().splitlines()
    # Every record but the scan fails, on its detail-type.
    assert len(lines) == 7
    assert lines[0] == (
        "archive.ndjson:1: byte 0: record 1: $.detail-type: "
        "Invalid value 'ECR Pull Through Cache Action'"
    )


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "AWSAPICallViaCloudTrailEvent",
            "registered event types are named 'AWSAPICallViaCloudTrailEvent'; "
            "give one as module:Class: ",
        ),
        ("ECRImageScanEvnt", "did you mean ECRImageScanEvent"),
        ("ECRImageScan", "'ECRImageScan' is not an event type"),
        ("nosuchmodule:Thing", "cannot import 'nosuchmodule:Thing'"),
    ],
)
def test_type_errors_are_one_line(name: str, message: str) -> None:
    done = cli("decode", "--type", name, "archive.ndjson")
    assert done.returncode == 2
    assert done.stdout == b""
    lines = done.stderr.decode().splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith("eventbridge-structs decode: error: ")
    assert message in lines[0]


def test_type_and_strict_exclude_each_other() -> None:
    done = cli("decode", "--type", "ECRImageScanEvent", "--strict", "archive.ndjson")
    assert done.returncode == 2
    assert b"not allowed with argument" in done.stderr
    assert b"Traceback" not in done.stderr


def test_strict_makes_an_unregistered_type_a_failure(tmp_path: Path) -> None:
    unknown = order(7) | {"source": "com.example.nobody"}
    (tmp_path / "mixed.ndjson").write_bytes(
        (FIXTURES / "archive.ndjson").read_bytes() + json.dumps(unknown).encode()
    )
    lenient = cli("validate", "mixed.ndjson", cwd=tmp_path)
    assert lenient.returncode == 0 and lenient.stdout == b""
    strict = cli("validate", "--strict", "mixed.ndjson", cwd=tmp_path)
    assert strict.returncode == 1
    assert strict.stdout.decode() == (
        "mixed.ndjson: record 9 (order-7): $: No event type is registered for "
        "source 'com.example.nobody' and detail-type 'Order Placed'\n"
    )
    decoded = cli("decode", "--strict", "mixed.ndjson", cwd=tmp_path)
    assert decoded.returncode == 1
    assert len(decoded.stdout.splitlines()) == 8


def test_quiet_leaves_only_the_failures_on_stderr(tmp_path: Path) -> None:
    clean = cli("decode", "-q", "archive.ndjson")
    assert clean.returncode == 0
    assert clean.stderr == b""
    assert len(clean.stdout.splitlines()) == 8
    (tmp_path / "bad.ndjson").write_bytes(b'{"detail-type": 1}\n')
    bad = cli("decode", "--quiet", "bad.ndjson", cwd=tmp_path)
    assert bad.returncode == 1
    assert bad.stderr.decode() == (
        "bad.ndjson:1: byte 0: record 1: $.detail-type: Expected `str`, got `int`\n"
    )
    summary = cli("decode", "-q", "--summary", "sns.json")
    assert summary.stderr == b"" and b"total" in summary.stdout


def test_counts_are_in_correct_english(tmp_path: Path) -> None:
    one = (FIXTURES / "archive.ndjson").read_bytes().splitlines()[0]
    (tmp_path / "two.ndjson").write_bytes(one + b"\n" + b"{}\n")
    done = cli("decode", "two.ndjson", cwd=tmp_path)
    assert (
        done.stderr.decode()
        .splitlines()[-1]
        .startswith("decode: 1 event, 1 failure in ")
    )
    (tmp_path / "none.ndjson").write_bytes(b"")
    done = cli("validate", "none.ndjson", cwd=tmp_path)
    assert done.stderr.decode().startswith("validate: 0 events, 0 failures in ")


# --- module:Class for schema and codegen --------------------------------------------


def test_schema_imports_module_class_from_the_current_directory(
    project: Path,
) -> None:
    done = cli("schema", "orders:OrderPlaced", cwd=project)
    assert done.returncode == 0, done.stderr
    schema = json.loads(done.stdout)
    assert schema["title"] == "OrderPlaced"
    assert "total-cents" in json.dumps(schema)
    out = project / "schemas"
    written = cli("schema", "-q", "--out", str(out), "orders:OrderPlaced", cwd=project)
    assert written.returncode == 0 and written.stderr == b""
    assert (out / "OrderPlaced.json").is_file()


def test_codegen_imports_module_class_from_the_current_directory(
    project: Path,
) -> None:
    done = cli("codegen", "orders:OrderPlaced", "-o", "generated.py", cwd=project)
    assert done.returncode == 0, done.stderr
    assert done.stderr.decode() == "wrote generated.py\n"
    source = (project / "generated.py").read_text()
    assert "Order Placed" in source and "com.example.orders" in source
    # The generated module is importable and decodes the events.
    check = subprocess.run(
        [
            sys.executable,
            "-c",
            "import generated, eventbridge_structs as ebs, sys; "
            "print(type(ebs.decode(sys.stdin.buffer.read())).__module__)",
        ],
        input=json.dumps(order(1)).encode(),
        capture_output=True,
        cwd=project,
        check=False,
    )
    assert check.stdout.decode().strip() == "generated", check.stderr
    missing = cli("codegen", "orders:Nope", cwd=project)
    assert missing.returncode == 2
    assert len(missing.stderr.decode().splitlines()) == 1


def test_a_module_of_the_current_directory_without_the_cwd_is_not_found(
    project: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # The same name from elsewhere: the current directory is what counts.
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    done = cli("schema", "orders:OrderPlaced", cwd=elsewhere)
    assert done.returncode == 2
    assert b"cannot import 'orders:OrderPlaced'" in done.stderr


# --- --help ---------------------------------------------------------------------------


@pytest.mark.parametrize("command", COMMANDS)
def test_each_subcommand_help_has_an_example(command: str) -> None:
    done = cli(command, "--help")
    assert done.returncode == 0
    text = done.stdout.decode()
    examples = text[text.index("\nexamples:\n") :]
    assert f"  eventbridge-structs {command} " in examples
    # Wrapped to the terminal's width (argparse wraps the usage itself).
    assert max(len(line) for line in examples.splitlines()) <= 80
    description = text[text.index("\n\n") : text.index("\npositional arguments:")]
    assert max(len(line) for line in description.splitlines()) <= 80


def test_the_decode_help_says_what_a_closed_pipe_does() -> None:
    text = cli("decode", "--help").stdout.decode()
    assert "| head" in text and "status 0" in " ".join(text.split())


def test_ebs_version_matches_the_script() -> None:
    assert cli("--version").stdout.decode().strip() == (
        f"eventbridge-structs {ebs.__version__}"
    )
