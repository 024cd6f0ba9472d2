"""The generator: the committed event modules are its output, and schemas
it cannot express are refused with the schema path."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from eventbridge_structs._codegen import CodegenError, EventSpec, ModuleSpec, render

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs" / "botocraft-0.36.0"


def _spec(module: str, cls: str) -> EventSpec:
    entry = json.loads((SPECS / module / f"{cls}.json").read_text())
    return EventSpec(
        source=entry["source"],
        detail_type=entry["detail_type"],
        class_name=entry["class"],
        primary=entry["primary"],
        raw=entry["raw"],
        names=entry["names"],
        factories=entry["factories"],
    )


def _module(*events: EventSpec) -> ModuleSpec:
    return ModuleSpec("mod", "Test events.", "a test", "nowhere", list(events))


def test_generated_modules_are_fresh() -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
    result = subprocess.run(
        [sys.executable, "tools/generate.py", "--check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, (
        "generated modules are stale; run `make generate`:\n" + result.stdout
    )


def test_generated_text_is_valid_python_that_registers_its_events() -> None:
    text = render(_module(_spec("ecr", "ECRImageActionEvent")))
    code = compile(text, "mod.py", "exec")
    assert "register_module(SOURCE, EVENT_TYPES)" in text
    assert "class ECRImageAction(" in text
    assert code.co_filename == "mod.py"


def _broken(change: Any) -> EventSpec:
    spec = _spec("ecr", "ECRImageActionEvent")
    spec.primary = copy.deepcopy(spec.primary)
    spec.raw = copy.deepcopy(spec.raw)
    change(spec.primary)
    change(spec.raw)
    return spec


@pytest.mark.parametrize(
    ("change", "path", "reason"),
    [
        (
            lambda s: s["properties"].__setitem__("detail", {"$ref": "#/$defs/Nope"}),
            "ECRImageActionEvent.properties.detail",
            "unresolvable $ref",
        ),
        (
            lambda s: s["$defs"]["ECRImageAction"]["properties"]["result"].__setitem__(
                "pattern", "^A"
            ),
            "ECRImageActionEvent.$defs.ECRImageAction.properties.result",
            "unsupported keywords ['pattern']",
        ),
        (
            lambda s: s["$defs"]["ECRImageAction"]["properties"]["result"].__setitem__(
                "type", "tuple"
            ),
            "ECRImageActionEvent.$defs.ECRImageAction.properties.result",
            "unsupported type 'tuple'",
        ),
    ],
)
def test_bad_schemas_name_the_schema_path(change: Any, path: str, reason: str) -> None:
    with pytest.raises(CodegenError) as info:
        render(_module(_broken(change)))
    assert str(info.value).startswith(path + ":")
    assert reason in str(info.value)


def test_two_shapes_of_one_name_are_qualified_by_their_event() -> None:
    text = render(
        _module(
            _spec("ssm", "SSMParameterStoreChangeEvent"),
            _spec("ssm", "SSMOpsItemCreateEvent"),
        )
    )
    assert "class SSMParameterStoreChangeDetail(" in text
    assert "class SSMOpsItemCreateDetail(" in text
    assert 'title="Detail"' in text


def test_one_module_holds_one_source() -> None:
    with pytest.raises(CodegenError, match="several sources"):
        render(
            _module(
                _spec("ecr", "ECRImageActionEvent"),
                _spec("ecs", "ECSTaskStateChangeEvent"),
            )
        )
