# The inputs of the catalogue cases: events of botocraft's 64 types, and of
# every built-in event type (the schema registry's too), shuffled into
# streams. Each type's event is AWS's own
# published sample where one decodes (tests/fixtures/samples, sources noted
# there), else one built deterministically from the type's Struct (every
# optional field filled, so nothing is skipped). "AWS API Call via
# CloudTrail" comes from every source that has it (seven), each with a
# CloudTrail record shaped like the ECR example in examples/.
from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import msgspec
import msgspec.inspect as mi

__all__ = ["catalogue_events"]

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "fixtures" / "samples"
_TIME = dt.datetime(2024, 3, 1, 12, 0, 0, tzinfo=dt.timezone.utc)


def _value(info: mi.Type, rng: random.Random, depth: int = 0) -> Any:
    """A deterministic, valid value of the type ``info`` describes."""
    while isinstance(info, mi.Metadata):
        info = info.type
    if isinstance(info, mi.UnionType):
        others = [t for t in info.types if not isinstance(t, mi.NoneType)]
        return _value(others[0], rng, depth) if others else None
    if isinstance(info, mi.StrType):
        return f"value-{rng.randrange(10_000)}"
    if isinstance(info, mi.BoolType):
        return rng.random() < 0.5
    if isinstance(info, mi.IntType):
        return rng.randrange(1000)
    if isinstance(info, mi.FloatType):
        return rng.randrange(1000) / 4
    if isinstance(info, mi.DateTimeType):
        return _TIME + dt.timedelta(seconds=rng.randrange(86400 * 30))
    if isinstance(info, mi.EnumType):
        return rng.choice(list(info.cls))
    if isinstance(info, mi.ListType):
        return [_value(info.item_type, rng, depth + 1) for _ in range(2)]
    if isinstance(info, mi.DictType):
        return {f"key{i}": _value(info.value_type, rng, depth + 1) for i in range(2)}
    if isinstance(info, mi.AnyType):
        return {"key": "value", "n": rng.randrange(100)}
    if isinstance(info, mi.StructType):
        return info.cls(**{f.name: _value(f.type, rng, depth + 1) for f in info.fields})
    if isinstance(info, mi.NoneType):
        return None
    raise TypeError(f"no value for {info!r}")


def _built(cls: type[Any], source: str, rng: random.Random) -> dict[str, Any]:
    info = mi.type_info(cls)
    assert isinstance(info, mi.StructType)
    fields = {f.name: _value(f.type, rng) for f in info.fields}
    fields.update(source=source, account="123456789012", region="us-east-1")
    fields["version"] = "0"
    doc: dict[str, Any] = msgspec.to_builtins(cls(**fields))
    return doc


def _cloudtrail(source: str, template: dict[str, Any]) -> dict[str, Any]:
    service = source.removeprefix("aws.")
    doc = json.loads(json.dumps(template))
    doc["source"] = source
    doc["detail"]["eventSource"] = f"{service}.amazonaws.com"
    return doc


def catalogue_events(
    copies: int, seed: int = 20240301, *, every: bool = False
) -> list[bytes]:
    """``copies`` events of each of botocraft's 64 types (with ``every``,
    of every built-in type), shuffled, as JSON bytes."""
    import eventbridge_structs as ebs

    botocraft = {
        (source, detail_type)
        for source, detail_type, *_ in json.loads(
            (ROOT / "specs" / "botocraft-0.36.0" / "catalogue.json").read_text()
        )
    }

    rng = random.Random(seed)
    samples: dict[tuple[str, str], dict[str, Any]] = {}
    for path in sorted(SAMPLES.glob("*/*.json")):
        event = json.loads(path.read_bytes())["event"]
        try:
            decoded = ebs.decode(json.dumps(event))
        except ebs.DecodeError:
            continue
        if not isinstance(decoded, ebs.GenericEvent):
            samples.setdefault((event["source"], event["detail-type"]), event)
    template = json.loads(
        (ROOT / "examples" / "cloudtrail-batch-get-image.json").read_bytes()
    )
    stream: list[dict[str, Any]] = []
    for (source, detail_type), cls in ebs.registered().items():
        if not every and (source, detail_type) not in botocraft:
            continue
        for _ in range(copies):
            if detail_type == "AWS API Call via CloudTrail":
                stream.append(_cloudtrail(source, template))
            elif (source, detail_type) in samples:
                stream.append(samples[(source, detail_type)])
            else:
                stream.append(_built(cls, source, rng))
    rng.shuffle(stream)
    return [json.dumps(doc, separators=(",", ":")).encode() for doc in stream]
