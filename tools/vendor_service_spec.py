"""Vendor the EventBridge schema registry's AWS events from the npm package
``@aws-cdk/aws-service-spec`` (Apache-2.0) into ``specs/aws-service-spec-<v>/``.

The package's ``db.json.gz`` holds, in its ``event`` and
``eventTypeDefinition`` tables, the AWS service events of the EventBridge
schema registry (``aws.events``): each event's ``source``, ``detailType``,
``description`` and a ``rootProperty`` pointing into a graph of type
definitions whose properties have a ``type`` and ``required``. This script
writes each event as the registry exports a schema, OpenAPI 3 with the
``x-amazon-events-source`` / ``x-amazon-events-detail-type`` extensions on
``AWSEvent`` (``<source>/<Name>.json``), plus the package's LICENSE, a
NOTICE and ``index.json``, so that ``make generate`` never needs the
network. Run it with network access to the npm registry::

    python tools/vendor_service_spec.py [--version 0.1.216] [--tarball FILE]
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = "@aws-cdk/aws-service-spec"
VERSION = "0.1.216"

#: The envelope as the registry's exports declare it.
ENVELOPE: dict[str, Any] = {
    "account": {"type": "string"},
    "detail-type": {"type": "string"},
    "id": {"type": "string"},
    "region": {"type": "string"},
    "resources": {"type": "array", "items": {"type": "string"}},
    "source": {"type": "string"},
    "time": {"type": "string", "format": "date-time"},
    "version": {"type": "string"},
}


def _tarball(version: str, given: Path | None) -> bytes:
    if given is not None:
        return given.read_bytes()
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            ["npm", "pack", f"{PACKAGE}@{version}", "--silent"],
            cwd=tmp,
            check=True,
            capture_output=True,
        )
        (path,) = Path(tmp).glob("*.tgz")
        return path.read_bytes()


def _member(tar: tarfile.TarFile, name: str) -> bytes:
    member = tar.extractfile(f"package/{name}")
    assert member is not None, name
    return member.read()


def _schema_name(name: str) -> str:
    """A schema name safe in a JSON pointer and as a Python class name
    (``Calendar-event`` -> ``CalendarEvent``)."""
    parts = re.split(r"[^A-Za-z0-9]+", name)
    out = "".join(p[:1].upper() + p[1:] for p in parts if p)
    return out if out and not out[0].isdigit() else f"T{out}"


class _Converter:
    """One event's type graph as OpenAPI 3 component schemas."""

    def __init__(self, types: dict[str, Any]) -> None:
        self.types = types
        self.schemas: dict[str, Any] = {}
        self.names: dict[str, str] = {}

    def name_of(self, ref: str) -> str:
        name = self.names.get(ref)
        if name is None:
            base = _schema_name(self.types[ref]["name"])
            name, n = base, 2
            while name in self.names.values() or name == "AWSEvent":
                name, n = f"{base}{n}", n + 1
            self.names[ref] = name
            self.schemas[name] = {}  # reserved
            self.schemas[name] = self.object(self.types[ref])
        return name

    def object(self, definition: dict[str, Any]) -> dict[str, Any]:
        properties = {
            key: self.type(prop["type"])
            for key, prop in definition["properties"].items()
        }
        required = [
            key
            for key, prop in definition["properties"].items()
            if prop.get("required")
        ]
        schema: dict[str, Any] = {"type": "object"}
        if required:
            schema["required"] = required
        schema["properties"] = properties
        return schema

    def type(self, t: dict[str, Any]) -> dict[str, Any]:
        kind = t["type"]
        if kind in ("string", "number", "integer", "boolean"):
            return {"type": kind}
        if kind == "json":
            return {"type": "object"}
        if kind == "ref":
            return {
                "$ref": f"#/components/schemas/{self.name_of(t['reference']['$ref'])}"
            }
        if kind == "array":
            return {"type": "array", "items": self.type(t["element"])}
        if kind == "map":
            return {"type": "object", "additionalProperties": self.type(t["element"])}
        if kind == "union":
            return {"anyOf": [self.type(u) for u in t["types"]]}
        raise ValueError(f"unknown type {kind!r}")


def export(event: dict[str, Any], types: dict[str, Any]) -> dict[str, Any]:
    """The registry's OpenAPI 3 export of one event."""
    convert = _Converter(types)
    root = convert.name_of(event["rootProperty"]["$ref"])
    aws_event = {
        "type": "object",
        "required": [
            "detail-type",
            "resources",
            "detail",
            "id",
            "source",
            "time",
            "region",
            "version",
            "account",
        ],
        "x-amazon-events-detail-type": event["detailType"],
        "x-amazon-events-source": [event["source"]],
        "properties": {
            "detail": {"$ref": f"#/components/schemas/{root}"},
            **ENVELOPE,
        },
    }
    if event.get("description"):
        aws_event["description"] = event["description"]
    return {
        "openapi": "3.0.0",
        "info": {"version": "1.0.0", "title": event["name"]},
        "paths": {},
        "components": {"schemas": {"AWSEvent": aws_event, **convert.schemas}},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--version", default=VERSION)
    parser.add_argument("--tarball", type=Path, help="an `npm pack` tarball")
    args = parser.parse_args(argv)
    data = _tarball(args.version, args.tarball)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        manifest = json.loads(_member(tar, "package.json"))
        assert manifest["version"] == args.version, manifest["version"]
        db = json.loads(gzip.decompress(_member(tar, "db.json.gz")))["schema"]
        license_text = _member(tar, "LICENSE")
    types = {t["$id"]: t for t in db["eventTypeDefinition"]["entities"]}
    out = ROOT / "specs" / f"aws-service-spec-{args.version}"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / "LICENSE").write_bytes(license_text)
    (out / "NOTICE").write_text(
        f"The files in this folder are derived from the npm package {PACKAGE}\n"
        f"{args.version} (https://github.com/cdklabs/awscdk-service-spec),\n"
        "Copyright Amazon.com, Inc. or its affiliates, licensed under the Apache\n"
        "License 2.0 (LICENSE). tools/vendor_service_spec.py extracted the\n"
        "EventBridge event definitions of its db.json.gz and wrote each as an\n"
        "OpenAPI 3 schema in the EventBridge schema registry's export format.\n"
    )
    index = []
    seen: dict[tuple[str, str], str] = {}
    for event in sorted(db["event"]["entities"], key=lambda e: e["name"]):
        key = (event["source"], event["detailType"])
        namespace, _, name = event["name"].partition("@")
        if key in seen:
            # A routing key published twice (aws.networkfirewall@X for
            # aws.network-firewall): the schema of the source's own name wins.
            if namespace != event["source"]:
                continue
            index = [row for row in index if row["name"] != seen[key]]
            (out / key[0] / f"{seen[key].partition('@')[2]}.json").unlink()
        seen[key] = event["name"]
        folder = out / event["source"]
        folder.mkdir(exist_ok=True)
        (folder / f"{name}.json").write_text(
            json.dumps(export(event, types), indent=1) + "\n"
        )
        index.append(
            {
                "name": event["name"],
                "source": event["source"],
                "detail_type": event["detailType"],
                "file": f"{event['source']}/{name}.json",
            }
        )
    (out / "index.json").write_text(json.dumps(index, indent=1) + "\n")
    sources = len({row["source"] for row in index})
    print(f"wrote {len(index)} events of {sources} sources to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
