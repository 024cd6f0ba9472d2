"""botocraft's primary models and EventFactory, from
``eventbridge_structs.compat`` (``compat/_primary.py``, ``_factory.py``):
checked against botocraft 0.36.0 itself (same dumps under every option,
exact ``exclude_unset``, the same ``model_fields_set``, ``str()``, JSON
Schema, factory contract), and the lookups run against a real ECR API
endpoint (moto's server on 127.0.0.1). Also: the compat layer's place (the
package import does not load it; it validates through the core codec only,
so a repeated key reads the same on every path)."""

from __future__ import annotations

import copy
import json
import pickle
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any, ClassVar

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eventbridge_structs as ebs
from eventbridge_structs import compat, ecr

from . import strategies
from .test_compat_api import (
    dump_options,
    lax_rules_differ,
    plain,
    rounds_differently,
    same_dumps,
)

botocraft = pytest.importorskip("botocraft.eventbridge")
botocraft_primary = pytest.importorskip("botocraft.eventbridge.ecr")

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ACCOUNT = "123456789012"
REGION = "us-east-1"
ARN_PREFIX = f"arn:aws:ecr:{REGION}:{ACCOUNT}:repository/"

#: Our primary class -> botocraft's primary class.
PRIMARY = {
    getattr(compat, cls.__name__): getattr(botocraft_primary, cls.__name__)
    for cls in ecr.EVENT_TYPES
}

PRIMARY_TYPES = pytest.mark.parametrize("cls", list(PRIMARY), ids=lambda c: c.__name__)

DIFF = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def example(name: str) -> str:
    return (EXAMPLES / name).read_text()


def examples() -> list[str]:
    return sorted(p.name for p in EXAMPLES.glob("*.json"))


# --- the classes ----------------------------------------------------------------


@PRIMARY_TYPES
def test_primary_classes_are_the_ecr_classes_plus_botocrafts_extras(
    cls: type[Any],
) -> None:
    core = getattr(ecr, cls.__name__)
    assert issubclass(cls, core)
    assert cls.__struct_fields__ == core.__struct_fields__
    assert cls.__struct_config__.tag == core.__struct_config__.tag
    assert compat.primary_class(core) is cls
    key = ("aws.ecr", core.__struct_config__.tag)
    assert compat.EventFactory.event_class_map[key] is cls


@PRIMARY_TYPES
@DIFF
@given(data=st.data())
def test_dumps_equal_botocrafts_primary_models(
    cls: type[Any], data: st.DataObject
) -> None:
    """Any valid document (explicit nulls and defaults included), any
    options: the same dumps as botocraft's primary model, ``exclude_unset``
    included, and the same record of the fields that were set."""
    core = getattr(ecr, cls.__name__)
    doc, expected = data.draw(strategies.documents(core))
    ours = cls.model_validate(doc)
    theirs = PRIMARY[cls].model_validate(doc)
    assert isinstance(ours, cls)
    assert msgspec.structs.asdict(ours) == msgspec.structs.asdict(expected)
    assert ours.model_fields_set == theirs.model_fields_set
    options = data.draw(dump_options(theirs.model_dump()))
    same_dumps(ours, theirs, options, data.draw(st.sampled_from([None, 2])))
    assert str(ours) == str(theirs)
    text = json.dumps(doc)
    from_json = cls.model_validate_json(text)
    assert from_json.model_fields_set == theirs.model_fields_set
    assert from_json.model_dump_json(exclude_unset=True) == theirs.model_dump_json(
        exclude_unset=True
    )


@PRIMARY_TYPES
@DIFF
@given(data=st.data())
def test_keyword_constructor_validates_like_botocrafts(
    cls: type[Any], data: st.DataObject
) -> None:
    """``Cls(**data)``, as botocraft's factory calls it: JSON names, a
    ``session``, validation, and the same errors-or-not as botocraft."""
    core = getattr(ecr, cls.__name__)
    doc, path, value = data.draw(strategies.mistyped_documents(core))
    session = object()
    try:
        ours = cls(**doc, session=session)
    except ebs.DecodeError:
        ours = None
    try:
        theirs = PRIMARY[cls](**doc, session=session)
    except ValueError:
        theirs = None
    if theirs is None:
        assert ours is None or lax_rules_differ(value), (path, value)
    elif ours is not None:
        assert ours.session is session is theirs.session
        assert ours.model_fields_set == theirs.model_fields_set
        mine = ours.model_dump_json(exclude_unset=True)
        ref = theirs.model_dump_json(exclude_unset=True)
        assert mine == ref or rounds_differently(value) or lax_rules_differ(value), (
            path,
            value,
        )


def test_constructor_takes_keywords_only() -> None:
    with pytest.raises(TypeError, match="keyword"):
        compat.ECRImageScanEvent({"detail": {}})


@PRIMARY_TYPES
def test_json_schema_is_botocrafts(cls: type[Any]) -> None:
    assert cls.model_json_schema() == PRIMARY[cls].model_json_schema()


def test_copy_keeps_the_session_and_records_the_update() -> None:
    doc = json.loads(example("pull-through-cache-action.json"))
    session = object()
    ours = compat.ECRPullThroughCacheActionEvent(**doc, session=session)
    theirs = PRIMARY[type(ours)](**doc, session=session)
    for kwargs in ({}, {"update": {"account": "999"}}, {"deep": True}):
        mine = ours.model_copy(**kwargs)  # type: ignore[arg-type]
        ref = theirs.model_copy(**kwargs)
        assert mine.session is session
        assert mine.model_fields_set == ref.model_fields_set
        assert mine.model_dump_json(exclude_unset=True) == ref.model_dump_json(
            exclude_unset=True
        )
    other = object()
    assert ours.model_copy(update={"session": other}).session is other


def test_pickle_and_deepcopy_keep_the_fields_set_not_the_session() -> None:
    doc = json.loads(example("cloudtrail-batch-get-image.json"))
    doc["detail"]["responseElements"] = None  # explicitly set, to its default
    event = compat.ECRAWSAPICallViaCloudTrailEvent(**doc, session=object())
    for clone in (pickle.loads(pickle.dumps(event)), copy.deepcopy(event)):
        assert clone == event and type(clone) is type(event)
        assert clone.session is None
        assert clone.model_dump_json(exclude_unset=True) == event.model_dump_json(
            exclude_unset=True
        )
        assert '"responseElements":null' in clone.model_dump_json(exclude_unset=True)


def test_construct_records_the_names_given() -> None:
    doc = json.loads(example("image-scan.json"))
    ours = compat.ECRImageScanEvent.model_construct(**doc, session=None)
    theirs = PRIMARY[type(ours)].model_construct(**doc, session=None)
    assert ours.model_fields_set == theirs.model_fields_set
    named = compat.ECRImageScanEvent.model_construct({"id"}, **doc)
    assert named.model_fields_set == {"id"}
    assert named.model_dump(exclude_unset=True) == {"id": doc["id"]}


# --- EventFactory -----------------------------------------------------------------


@pytest.mark.parametrize("name", examples())
def test_factory_builds_what_botocrafts_builds(name: str) -> None:
    text = example(name)
    session = object()
    ours = compat.EventFactory(session).new(text)
    theirs = botocraft.EventFactory(session).new(text)  # type: ignore[arg-type]
    if isinstance(theirs, dict):
        assert ours == theirs and ours["session"] is session
        return
    assert type(ours).__name__ == type(theirs).__name__
    assert type(ours).__module__ == "eventbridge_structs.compat"
    assert ours.session is session
    assert ours.model_fields_set == theirs.model_fields_set
    for options in ({}, {"exclude_unset": True}, {"by_alias": True}):
        assert ours.model_dump_json(**options) == theirs.model_dump_json(**options)
        assert plain(ours.model_dump(**options)) == plain(theirs.model_dump(**options))
    assert str(ours) == str(theirs)
    decoded = ebs.decode(text.encode())
    assert msgspec.structs.asdict(ours) == msgspec.structs.asdict(decoded)
    # The same fields (a decoded event also keeps its JSON for ebs.encode).
    assert msgspec.json.encode(ours) == msgspec.json.encode(decoded)


def test_factory_takes_bytes_and_rejects_what_is_not_an_event() -> None:
    factory = compat.EventFactory()
    text = example("image-scan.json")
    assert factory.new(text.encode()).model_dump() == factory.new(text).model_dump()
    for bad, path in (
        ("{", "$"),
        ("[]", "$"),
        ('{"detail-type": "x"}', "$.source"),
        ('{"source": "x"}', "$.detail-type"),
    ):
        with pytest.raises(ebs.DecodeError) as info:
            factory.new(bad)
        assert info.value.path == path
    doc = json.loads(text)
    doc["detail"]["scan-status"] = 5
    with pytest.raises(ebs.DecodeError) as info:
        factory.new(json.dumps(doc))
    assert info.value.path == "$.detail.scan-status"


class OrderDetail(msgspec.Struct, rename="kebab"):
    order_id: str


class OrderPlaced(ebs.TypedEvent, tag="Order Placed"):
    detail: OrderDetail


def test_factory_returns_registered_types_as_primary_classes() -> None:
    doc = json.loads(example("image-scan.json"))
    doc.update({"source": "com.example.orders", "detail-type": "Order Placed"})
    doc["detail"] = {"order-id": "o-1"}
    session = object()
    assert isinstance(compat.EventFactory(session).new(json.dumps(doc)), dict)
    ebs.register(OrderPlaced, source="com.example.orders")
    try:
        event = compat.EventFactory(session).new(json.dumps(doc))
        assert isinstance(event, OrderPlaced)
        assert type(event) is compat.primary_class(OrderPlaced)
        assert type(event).__name__ == "OrderPlaced"
        assert event.session is session and event.detail.order_id == "o-1"
        assert "session" not in event.model_dump()
        assert event.model_fields_set == set(ebs.EventBridgeEvent.__struct_fields__) | {
            "detail_type",
            "session",
        }
        # No lookups for a source compat knows none for.
        assert not hasattr(event, "repository")
        assert compat.OrderPlaced is type(event)
        assert compat.EventFactory.event_class_map[
            ("com.example.orders", "Order Placed")
        ] is type(event)
    finally:
        ebs.unregister("com.example.orders", "Order Placed")


def test_abstract_factory_uses_only_its_map() -> None:
    class Factory(compat.AbstractEventFactory):
        event_class_map: ClassVar[dict[tuple[str, str], type[Any]]] = {
            ("aws.ecr", "ECR Image Scan"): ecr.ECRImageScanEvent
        }

    scan = Factory().new(example("image-scan.json"))
    assert type(scan) is ecr.ECRImageScanEvent  # a plain Struct: no session
    assert isinstance(Factory().new(example("replication-action.json")), dict)


# --- lookups against a real ECR endpoint ------------------------------------------


@pytest.fixture
def factory(moto_server: Any, monkeypatch: pytest.MonkeyPatch) -> compat.EventFactory:
    """A factory whose session talks to the moto server (the endpoint comes
    from the AWS configuration, as in production)."""
    monkeypatch.setenv("AWS_ENDPOINT_URL_ECR", moto_server.endpoint_url)
    return compat.EventFactory(moto_server.session())


@pytest.fixture
def name() -> str:
    return f"compat-{uuid.uuid4().hex[:10]}"


def event_text(detail_type: str, detail: dict[str, Any]) -> str:
    return json.dumps(
        {
            "version": "0",
            "id": str(uuid.uuid4()),
            "detail-type": detail_type,
            "source": "aws.ecr",
            "account": ACCOUNT,
            "time": "2024-03-01T12:00:00Z",
            "region": REGION,
            "resources": [],
            "detail": detail,
        }
    )


def test_repository_and_image_through_the_factorys_session(
    factory: compat.EventFactory, moto_server: Any, local_ecr_module: Any, name: str
) -> None:
    client = moto_server.client("ecr", REGION)
    client.create_repository(repositoryName=name, tags=[{"Key": "team", "Value": "a"}])
    manifest = local_ecr_module.make_manifest("oci", name)
    digest = local_ecr_module.push_image(client, name, manifest, tag="v1")
    detail = {
        "sync-status": "SUCCESS",
        "ecr-repository-prefix": "p",
        "repository-name": name,
        "upstream-registry-url": "public.ecr.aws",
        "image-digest": digest,
        "image-tag": "v1",
    }
    first = factory.new(event_text("ECR Pull Through Cache Action", detail))
    second = factory.new(event_text("ECR Pull Through Cache Action", detail))
    assert isinstance(first, compat.ECRPullThroughCacheActionEvent)
    since = moto_server.mark()

    repo = first.repository
    image = first.image

    assert repo is not None and repo.repository_name == name
    assert repo.tags == {"team": "a"}
    assert image is not None and image.digest == digest
    assert image.manifest() == json.loads(manifest)
    used = moto_server.count(since=since)
    assert used > 0
    # Cached on the event, and shared by the factory's events.
    assert first.repository is repo and first.image is image
    assert second.repository == repo and second.image == image
    assert moto_server.count(since=since) == used
    # Looked up with the factory's session (its credentials).
    assert first._lookups() is factory.lookups


def test_missing_repository_and_no_digest_are_none(
    factory: compat.EventFactory, name: str
) -> None:
    event = factory.new(
        event_text(
            "ECR Image Action",
            {"action-type": "DELETE", "repository-name": name, "result": "SUCCESS"},
        )
    )
    assert isinstance(event, compat.ECRImageActionEvent)
    assert event.repository is None
    assert event.image is None


def test_repositories_and_images_of_the_documented_models(
    factory: compat.EventFactory, moto_server: Any, local_ecr_module: Any, name: str
) -> None:
    client = moto_server.client("ecr", REGION)
    client.create_repository(repositoryName=name)
    digest = local_ecr_module.push_image(
        client, name, local_ecr_module.make_manifest("docker", name), tag="t"
    )
    change = factory.new(
        event_text(
            "ECR Scan Resource Change",
            {
                "action-type": "SCAN_FREQUENCY_CHANGE",
                "repositories": [
                    {
                        "repository-name": repo,
                        "repository-arn": f"{ARN_PREFIX}{repo}",
                        "scan-frequency": "SCAN_ON_PUSH",
                        "previous-scan-frequency": "MANUAL",
                    }
                    for repo in (name, f"{name}-gone")
                ],
                "resource-type": "REPOSITORY",
                "scan-type": "BASIC",
            },
        )
    )
    assert isinstance(change, compat.ECRScanResourceChangeEvent)
    found = change.repositories
    assert [r.repository_name if r else None for r in found] == [name, None]
    assert change.repositories is found
    trail = factory.new(
        event_text(
            "AWS API Call via CloudTrail",
            {
                "eventVersion": "1.08",
                "eventTime": "2024-03-01T12:00:04Z",
                "eventSource": "ecr.amazonaws.com",
                "eventName": "BatchGetImage",
                "awsRegion": REGION,
                "requestParameters": {
                    "repositoryName": name,
                    "imageIds": [{"imageTag": "t"}],
                },
            },
        )
    )
    assert isinstance(trail, compat.ECRAWSAPICallViaCloudTrailEvent)
    assert [image.digest for image in trail.images] == [digest]


def test_events_without_a_factory_use_their_own_session(
    moto_server: Any, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL_ECR", moto_server.endpoint_url)
    moto_server.client("ecr", REGION).create_repository(repositoryName=name)
    doc = json.loads(
        event_text(
            "ECR Replication Action",
            {
                "action-type": "REPLICATE",
                "image-digest": "sha256:" + "0" * 64,
                "image-tag": "x",
                "repository-name": name,
                "result": "SUCCESS",
                "source-account": ACCOUNT,
                "source-region": "us-west-2",
            },
        )
    )
    event = compat.ECRReplicationActionEvent(**doc, session=moto_server.session())
    repo = event.repository
    assert repo is not None and repo.repository_name == name
    assert event.image is None  # no such image


# --- the layer --------------------------------------------------------------------


def test_the_package_import_loads_no_compat() -> None:
    code = (
        "import sys, eventbridge_structs;"
        "print(sorted(m for m in sys.modules"
        " if m.startswith('eventbridge_structs.compat')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_every_registered_type_has_a_primary_class_by_name() -> None:
    """Made generically from the core classes: each registered class's
    primary class is ``compat.<name>``, with the lookups of its detail."""
    for (_, detail_type), core in ebs.registered().items():
        if core.__module__.startswith("eventbridge_structs.aws."):
            # The schema registry's types: not botocraft's, decoded by ebs.decode.
            assert core.__name__ not in dir(compat) or any(
                c.__name__ == core.__name__ and c is not core
                for c in ebs.registered().values()
            )
            continue
        cls = getattr(compat, core.__name__)
        assert cls is compat.primary_class(core)
        assert issubclass(cls, core) and cls.__struct_config__.tag == detail_type
        assert cls.__module__ == "eventbridge_structs.compat"
        assert core.__name__ in dir(compat)
    lookups = {
        cls.__name__: sorted(
            n
            for n in ("repository", "image", "repositories", "images")
            if hasattr(cls, n)
        )
        for cls in PRIMARY
    }
    assert lookups == {
        # botocraft's has .images only; the call names one repository too.
        "ECRAWSAPICallViaCloudTrailEvent": ["images", "repository"],
        "ECRImageActionEvent": ["image", "repository"],
        "ECRImageScanEvent": ["image", "repository"],
        "ECRPullThroughCacheActionEvent": ["image", "repository"],
        "ECRReferrerActionEvent": ["image", "repository"],
        "ECRReplicationActionEvent": ["image", "repository"],
        "ECRScanResourceChangeEvent": ["repositories"],
    }
    with pytest.raises(AttributeError):
        compat.NoSuchEvent  # noqa: B018
    with pytest.raises(TypeError):
        compat.primary_class(ecr.ECRImageAction)


def image_action(result: str) -> bytes:
    """An "ECR Image Action" event whose detail repeats ``result``: first
    ``5``, then ``result`` (a JSON value)."""
    doc = json.loads(example("image-scan.json"))
    doc["detail-type"] = "ECR Image Action"
    doc["detail"] = {
        "action-type": "PUSH",
        "repository-name": "r",
        "image-digest": "sha256:" + "0" * 64,
    }
    text = json.dumps(doc)
    assert text.endswith('"}}')
    return (text[:-2] + f', "result": 5, "result": {result}}}}}').encode()


def test_a_repeated_key_reads_the_same_on_every_path() -> None:
    """The last occurrence wins everywhere: ``decode``, ``convert`` of the
    parsed JSON, and every compat path, which all go through the core."""
    raw = image_action('"SUCCESS"')
    core = ebs.decode(raw)
    assert type(core) is ecr.ECRImageActionEvent
    assert core.detail.result == "SUCCESS"
    assert ebs.convert(json.loads(raw)) == core
    assert ebs.decode(raw, type=ecr.ECRImageActionEvent) == core
    cls = compat.ECRImageActionEvent
    for ours in (
        cls.model_validate_json(raw),
        cls.model_validate_json(raw.decode()),
        cls.model_validate(json.loads(raw)),
        compat.EventFactory().new(raw),
    ):
        assert type(ours) is cls
        assert msgspec.structs.asdict(ours) == msgspec.structs.asdict(core)
        assert ours.model_dump(exclude_unset=True)["detail"]["result"] == "SUCCESS"
    assert compat.model_validate_json(ecr.ECRImageActionEvent, raw) == core
    assert compat.model_validate_json(ebs.EventBridgeEvent, raw) == core


def test_a_repeated_key_whose_last_value_is_bad_fails_the_same_way() -> None:
    bad = image_action("7")
    with pytest.raises(ebs.DecodeError) as core:
        ebs.decode(bad)
    assert core.value.path == "$.detail.result"
    for call in (
        lambda: compat.ECRImageActionEvent.model_validate_json(bad),
        lambda: compat.ECRImageActionEvent.model_validate(json.loads(bad)),
        lambda: compat.EventFactory().new(bad),
        lambda: compat.model_validate_json(ebs.EventBridgeEvent, bad),
    ):
        with pytest.raises(ebs.DecodeError) as ours:
            call()
        assert (ours.value.reason, ours.value.path) == (
            core.value.reason,
            core.value.path,
        )


def test_compat_functions_dump_core_details() -> None:
    """What ``event.detail.model_dump()`` was: ``compat.model_dump(detail)``,
    the same as botocraft's detail dump."""
    text = example("image-scan.json")
    detail = ebs.decode(text.encode()).detail
    ref = botocraft.EventFactory().new(text).detail  # type: ignore[union-attr]
    for options in ({}, {"by_alias": True}, {"mode": "json", "exclude_none": True}):
        assert plain(compat.model_dump(detail, **options)) == plain(
            ref.model_dump(**options)
        )
    assert compat.model_dump_json(detail) == ref.model_dump_json()
    assert compat.pydantic_str(detail) == str(ref)
