"""The derived, offline properties of the event classes (``_derived/``)
against botocraft 0.36.0's own properties on the same events.

Every pure property botocraft defines on a primary event class (one whose
source touches no session, client or ``.objects``) must exist on our class
of the same name and give the same value, or raise the same exception, on
the same JSON: AWS's published samples, minimal events built from our
models with edge-case resources and details, and Hypothesis documents.
"""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import json
import subprocess
import sys
from functools import cached_property
from pathlib import Path
from typing import Any

import msgspec
import msgspec.inspect as mi
import pytest

pytest.importorskip("botocraft")
pydantic = pytest.importorskip("pydantic")

from botocraft.eventbridge.factory import EventFactory  # noqa: E402
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import eventbridge_structs as ebs  # noqa: E402
from eventbridge_structs._derived.ecs import SystemResources  # noqa: E402

SAMPLES_DIR = Path(__file__).resolve().parent / "fixtures" / "samples"
MODULES = (
    "acm",
    "codepipeline",
    "ecr",
    "ecs",
    "elasticache",
    "elbv2",
    "elasticsearch",
    "opensearch",
    "ssm",
)
_REMOTE_MARKERS = (".objects", "session", "client")


def _pure_properties(cls: type[Any]) -> list[str]:
    """botocraft's pure properties of primary class ``cls``, in MRO order."""
    names: list[str] = []
    for klass in cls.__mro__:
        if not klass.__module__.startswith("botocraft.eventbridge"):
            continue
        for name, value in vars(klass).items():
            if name in names or name.startswith("_"):
                continue
            if isinstance(value, property):
                func = value.fget
            elif isinstance(value, cached_property):
                func = value.func
            else:
                continue
            source = inspect.getsource(func)
            if not any(marker in source for marker in _REMOTE_MARKERS):
                names.append(name)
    return names


#: (source, detail-type) -> botocraft's primary class.
BOTOCRAFT: dict[tuple[str, str], type[Any]] = dict(EventFactory.event_class_map)
#: (source, detail-type) -> our class.
OURS: dict[tuple[str, str], type[Any]] = ebs.registered()
#: (source, detail-type) -> the pure properties botocraft defines there.
PROPERTIES: dict[tuple[str, str], list[str]] = {
    key: props for key, cls in BOTOCRAFT.items() if (props := _pure_properties(cls))
}

#: What botocraft 0.36.0 documents, written out (the introspection above must
#: find exactly this, so a change in how it is found cannot shrink the test).
EXPECTED: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        [
            "ACMAWSAPICallViaCloudTrailEvent",
            "ACMCertificateApproachingExpirationEvent",
            "ACMCertificateAvailableEvent",
            "ACMCertificateExpiredEvent",
            "ACMCertificateRenewalActionRequiredEvent",
            "ACMCertificateRevokedByCAEvent",
            "ACMCertificateRevokedEvent",
            "ACMCertificateRotatedEvent",
        ],
        frozenset({"certificate_arn"}),
    ),
    **dict.fromkeys(
        [
            "CodePipelineAWSAPICallViaCloudTrailEvent",
            "CodePipelineActionExecutionStateChangeEvent",
            "CodePipelinePipelineExecutionStateChangeEvent",
            "CodePipelineStageExecutionStateChangeEvent",
        ],
        frozenset({"pipeline_arn"}),
    ),
    "ECSTaskStateChangeEvent": frozenset({"architecture", "is_fargate"}),
    "ECSServiceActionEvent": frozenset({"event_type"}),
    "ECSContainerInstanceStateChangeEvent": frozenset(
        {
            "remainingResources",
            "registeredResources",
        }
    ),
    **dict.fromkeys(
        [
            "ElastiCacheCacheCreatedEvent",
            "ElastiCacheCacheCreationFailedEvent",
            "ElastiCacheCacheDeletedEvent",
            "ElastiCacheCacheLimitApproachingEvent",
            "ElastiCacheCacheUpdateFailedEvent",
            "ElastiCacheCacheUpdatedEvent",
            "ElastiCacheSnapshotCopyFailedEvent",
            "ElastiCacheSnapshotCreatedEvent",
            "ElastiCacheSnapshotCreationFailedEvent",
            "ElastiCacheSnapshotExportFailedEvent",
        ],
        frozenset(
            {
                "source_arn",
                "source_identifier",
                "source_type",
                "message",
                "resource_arn",
            }
        ),
    ),
    "Elbv2AWSAPICallViaCloudTrailEvent": frozenset({"load_balancer_arn"}),
    **dict.fromkeys(
        [
            "ElasticsearchAutoTuneNotificationEvent",
            "ElasticsearchSoftwareUpdateNotificationEvent",
            "OpenSearchAWSAPICallViaCloudTrailEvent",
            "OpenSearchAutoTuneNotificationEvent",
            "OpenSearchClusterStatusNotificationEvent",
            "OpenSearchDomainErrorNotificationEvent",
            "OpenSearchDomainUpdateNotificationEvent",
            "OpenSearchMaintenanceUpdateEvent",
            "OpenSearchNotificationEvent",
            "OpenSearchSoftwareUpdateNotificationEvent",
            "OpenSearchVPCEndpointNotificationEvent",
        ],
        frozenset({"domain_arn", "domain_name"}),
    ),
    **dict.fromkeys(
        [
            "SSMEC2AutomationExecutionStatusChangeNotificationEvent",
            "SSMEC2AutomationStepStatusChangeNotificationEvent",
        ],
        frozenset({"automation_execution_arn", "automation_definition_arn"}),
    ),
    "SSMCalendarStateChangeEvent": frozenset({"calendar_arn", "is_open", "is_closed"}),
    "SSMChangeRequestStatusUpdateEvent": frozenset(
        {"ops_item_arn", "runbook_document_arn"}
    ),
    "SSMConfigurationComplianceStateChangeEvent": frozenset(
        {"resource_arn", "is_compliant"}
    ),
    "SSMMaintenanceWindowTargetRegistrationNotificationEvent": frozenset(
        {
            "maintenance_window_arn",
            "window_target_arn",
        }
    ),
    **dict.fromkeys(
        [
            "SSMMaintenanceWindowExecutionStateChangeNotificationEvent",
            "SSMMaintenanceWindowStateChangeNotificationEvent",
            "SSMMaintenanceWindowTaskExecutionStateChangeNotificationEvent",
            "SSMMaintenanceWindowTaskTargetInvocationStateChangeNotificationEvent",
        ],
        frozenset({"maintenance_window_arn"}),
    ),
    "SSMParameterStoreChangeEvent": frozenset({"parameter_arn"}),
    "SSMOpsItemCreateEvent": frozenset({"ops_item_arn"}),
    "SSMOpsItemUpdateEvent": frozenset({"ops_item_arn"}),
    **dict.fromkeys(
        [
            "SSMEC2CommandInvocationStatusChangeNotificationEvent",
            "SSMEC2CommandStatusChangeNotificationEvent",
        ],
        frozenset({"instance_arn"}),
    ),
    "SSMEC2StateManagerAssociationStateChangeEvent": frozenset({"document_arn"}),
    "SSMEC2StateManagerInstanceAssociationStateChangeEvent": frozenset(
        {
            "instance_arn",
            "document_arn",
        }
    ),
}

KEYS = sorted(PROPERTIES)


def _id(key: tuple[str, str]) -> str:
    return OURS[key].__name__


# -- comparing ---------------------------------------------------------------


def _outcome(event: Any, name: str) -> Any:
    """The value of property ``name`` on ``event`` in comparable form, or
    the type of the exception it raises."""
    try:
        value = getattr(event, name)
    except Exception as exc:
        return ("raises", type(exc))
    if isinstance(value, SystemResources) or type(value).__name__ == (
        "SystemResources"
    ):
        return ("SystemResources", value.cpu, value.memory)
    return value


def _botocraft(document: dict[str, Any]) -> Any:
    """botocraft's primary model of ``document``."""
    return EventFactory().new(json.dumps(document))


def _compare(document: dict[str, Any], *, require: bool = True) -> int:
    """Check every pure property of ``document``'s type on both sides;
    returns the number of properties compared (0 when botocraft rejects the
    event and ``require`` is false)."""
    key = (document["source"], document["detail-type"])
    try:
        theirs = _botocraft(document)
    except pydantic.ValidationError:
        if require:
            raise
        return 0
    assert type(theirs) is BOTOCRAFT[key]
    ours = ebs.decode(json.dumps(document).encode())
    assert type(ours) is OURS[key]
    for name in PROPERTIES.get(key, []):
        assert _outcome(ours, name) == _outcome(theirs, name), (key, name)
    return len(PROPERTIES.get(key, []))


# -- building events -----------------------------------------------------------

_TIME = dt.datetime(2024, 5, 17, 8, 30, tzinfo=dt.timezone.utc)


def _minimal(tp: Any) -> Any:
    """A small valid value of type ``tp``: required fields only."""
    info = mi.type_info(tp)
    return _minimal_info(info)


def _minimal_info(info: mi.Type) -> Any:
    if isinstance(info, mi.StructType):
        return info.cls(
            **{f.name: _minimal_info(f.type) for f in info.fields if f.required}
        )
    if isinstance(info, mi.StrType):
        return "x"
    if isinstance(info, mi.BoolType):
        return True
    if isinstance(info, mi.IntType | mi.FloatType):
        return 1
    if isinstance(info, mi.DateTimeType):
        return _TIME
    if isinstance(info, mi.ListType):
        return []
    if isinstance(info, mi.EnumType):
        return next(iter(info.cls))
    if isinstance(info, mi.DictType | mi.AnyType):
        return {}
    if isinstance(info, mi.UnionType):
        return _minimal_info(info.types[0])
    raise NotImplementedError(repr(info))


def _document(key: tuple[str, str], **changes: Any) -> dict[str, Any]:
    """The JSON document of a minimal valid event of ``key``'s class, with
    envelope members ``changes`` (``detail`` merged into the detail)."""
    cls = OURS[key]
    info = mi.type_info(cls)
    assert isinstance(info, mi.StructType)
    fields = {f.name: _minimal_info(f.type) for f in info.fields if f.required}
    fields.update(
        account="123456789012",
        id="7bf73129-1428-4cd3-a780-95db273d1602",
        region="us-east-1",
        resources=[],
        source=key[0],
        version="0",
    )
    document: dict[str, Any] = msgspec.to_builtins(cls(**fields))
    detail_changes = changes.pop("detail", {})
    document.update(changes)
    document["detail"].update(detail_changes)
    return document


#: ``resources`` lists that exercise first/second resource and ARN parsing:
#: empty lists, empty strings, other partitions, ARNs without ``/``.
RESOURCES: list[list[str]] = [
    [],
    [""],
    ["arn:aws:acm:us-east-1:123456789012:certificate/1234-abcd"],
    [
        "arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:123456789012:"
        "loadbalancer/app/my-lb/50dc6c495c0c9188",
        "arn:aws-us-gov:elasticloadbalancing:us-gov-west-1:123456789012:"
        "targetgroup/tg/73e2d6bc24d8a067",
    ],
    [
        "arn:aws-cn:es:cn-north-1:123456789012:domain/my-domain",
        "arn:aws-cn:ssm:cn-north-1:123456789012:document/AWS-RunShellScript",
        "third",
    ],
    ["arn:aws:ssm:us-east-1:123456789012:parameter/a/b/c", ""],
    ["arn:aws:codepipeline:us-west-2:123456789012:my-pipeline"],
    ["arn:aws:es:us-east-1:123456789012:domain/trailing/"],
    ["no-slash-at-all"],
    ["arn:aws:ec2:eu-west-1:123456789012:instance/i-0123:loadbalancer/x"],
    ["arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/x/1"],
    ["arn:aws-iso:elasticloadbalancing:us-iso-east-1:1:loadbalancer/net/n/1"],
    [
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:"
        "listener/app/my-loadbalancer/50dc6c495c0c9188/f2f7dc8efc522ab2"
    ],
    ["arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/My-LB/Ab12"],
    ["arn:aws:elasticloadbalancing:us-east-1:1:LoadBalancer/app/x/1"],
]


# -- the property table ------------------------------------------------------


def test_botocraft_documents_the_expected_properties() -> None:
    found = {
        BOTOCRAFT[key].__name__: frozenset(props) for key, props in PROPERTIES.items()
    }
    assert found == EXPECTED


def test_no_other_class_has_pure_properties() -> None:
    bare = {BOTOCRAFT[k].__name__ for k in BOTOCRAFT if k not in PROPERTIES}
    assert "ElastiCacheAWSAPICallViaCloudTrailEvent" in bare
    assert all(name.startswith(("ECR", "ECS", "ElastiCache")) for name in bare), bare


@pytest.mark.parametrize("key", KEYS, ids=_id)
def test_our_class_defines_each_property(key: tuple[str, str]) -> None:
    cls = OURS[key]
    assert cls.__name__ == BOTOCRAFT[key].__name__
    for name in PROPERTIES[key]:
        attr = inspect.getattr_static(cls, name)
        assert isinstance(attr, property), (cls.__name__, name)
        assert attr.__doc__, (cls.__name__, name)
        assert "Returns\n" in inspect.cleandoc(attr.__doc__), (cls.__name__, name)


@pytest.mark.parametrize("key", sorted(OURS), ids=_id)
def test_no_remote_or_extra_properties(key: tuple[str, str]) -> None:
    """Only botocraft's pure properties come from the mixins: nothing that
    would call AWS, no methods."""
    cls = OURS[key]
    added: set[str] = set()
    for klass in cls.__mro__:
        if klass.__module__.startswith("eventbridge_structs._derived"):
            added |= {n for n in vars(klass) if not n.startswith("__")}
    assert added == set(PROPERTIES.get(key, [])), cls.__name__


# -- no __dict__ ---------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(OURS), ids=_id)
def test_event_instances_hold_only_their_kept_json(key: tuple[str, str]) -> None:
    """The derived properties add no state: an event's instance dict holds
    only the JSON it was decoded from (the lossless round trip), and a built
    event's none."""
    cls = OURS[key]
    data = json.dumps(_document(key)).encode()
    event = ebs.decode(data)
    assert type(event) is cls
    assert vars(event) == {"_json": data}
    assert vars(msgspec.structs.replace(event)) == {}
    for klass in cls.__mro__:
        if not klass.__module__.startswith("eventbridge_structs._derived"):
            continue
        assert vars(klass).get("__slots__") == (), klass


def test_system_resources_is_a_small_frozen_struct() -> None:
    value = SystemResources(cpu=1.0, memory=2.0)
    assert (value.cpu, value.memory) == (1.0, 2.0)
    assert SystemResources() == SystemResources(cpu=None, memory=None)
    assert not hasattr(value, "__dict__")
    with pytest.raises(AttributeError):
        value.cpu = 3.0  # type: ignore[misc]


def test_importing_the_modules_stays_light() -> None:
    code = (
        "import sys\n"
        + "".join(f"import eventbridge_structs.{m}\n" for m in MODULES)
        + "heavy = [m for m in ('botocraft', 'boto3', 'botocore', 'pydantic')"
        " if m in sys.modules]\nprint(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


# -- AWS's samples -------------------------------------------------------------

SAMPLE_FILES = sorted(SAMPLES_DIR.glob("*/*.json"))


@pytest.mark.parametrize(
    "path", SAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.stem}"
)
def test_samples(path: Path) -> None:
    document = json.loads(path.read_bytes())["event"]
    key = (document["source"], document["detail-type"])
    if key not in PROPERTIES:
        pytest.skip("no derived properties on this type")
    try:
        _botocraft(document)
    except pydantic.ValidationError:
        pytest.skip("botocraft's documented model rejects this sample")
    assert _compare(document) == len(PROPERTIES[key])


def test_samples_cover_most_typed_services() -> None:
    compared = set()
    for path in SAMPLE_FILES:
        document = json.loads(path.read_bytes())["event"]
        key = (document["source"], document["detail-type"])
        if key in PROPERTIES and _compare(document, require=False):
            compared.add(key)
    assert len(compared) >= 20, sorted(compared)


# -- built events: every class, edge-case resources ------------------------------


@pytest.mark.parametrize("resources", RESOURCES, ids=range(len(RESOURCES)))
@pytest.mark.parametrize("key", KEYS, ids=_id)
def test_resources_edge_cases(key: tuple[str, str], resources: list[str]) -> None:
    assert _compare(_document(key, resources=resources)) == len(PROPERTIES[key])


@pytest.mark.parametrize(
    "region", ["us-east-1", "us-gov-west-1", "cn-north-1", "eu-central-1"]
)
@pytest.mark.parametrize("key", KEYS, ids=_id)
def test_regions_and_accounts(key: tuple[str, str], region: str) -> None:
    """No property builds an ARN from the envelope: other regions and
    accounts change nothing but what the resources say."""
    document = _document(
        key,
        region=region,
        account="000000000000",
        resources=[f"arn:aws:svc:{region}:000000000000:thing/name"],
    )
    _compare(document)


# -- ECS ---------------------------------------------------------------------

TASK = ("aws.ecs", "ECS Task State Change")
ACTION = ("aws.ecs", "ECS Service Action")
INSTANCE = ("aws.ecs", "ECS Container Instance State Change")


@pytest.mark.parametrize(
    "attributes",
    [
        None,
        [],
        [{"name": "ecs.architecture", "value": "arm64"}],
        [{"name": "ecs.architecture"}],
        [{"name": "ecs.architecture", "value": None}],
        [{"name": "ecs.architecture", "value": ""}],
        [{"value": "arm64"}],
        [{"name": "ECS.ARCHITECTURE", "value": "arm64"}],
        [
            {"name": "ecs.cpu-architecture", "value": "arm64"},
            {"name": "ecs.architecture", "value": "x86_64"},
            {"name": "ecs.architecture", "value": "arm64"},
        ],
    ],
)
@pytest.mark.parametrize(
    "launch_type", [None, "FARGATE", "fargate", "EC2", "EXTERNAL", ""]
)
def test_ecs_task(attributes: list[Any] | None, launch_type: str | None) -> None:
    detail: dict[str, Any] = {}
    if attributes is not None:
        detail["attributes"] = attributes
    if launch_type is not None:
        detail["launchType"] = launch_type
    document = _document(TASK, detail=detail)
    if attributes is None:
        del document["detail"]["attributes"]
    assert _compare(document) == 2


@pytest.mark.parametrize("event_type", ["INFO", "WARN", "ERROR", "", "info"])
def test_ecs_service_action(event_type: str) -> None:
    assert _compare(_document(ACTION, detail={"eventType": event_type})) == 1


def _resource(name: str, value: Any = 1024, **more: Any) -> dict[str, Any]:
    return {"name": name, "type": "INTEGER", "integerValue": value, **more}


@pytest.mark.parametrize(
    "resources",
    [
        [_resource("CPU", 2048), _resource("MEMORY", 3767)],
        [_resource("MEMORY", 3767), _resource("CPU", 2048)],
        [
            _resource("CPU", 2048),
            _resource("MEMORY", 3767),
            {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22"]},
            {"name": "PORTS_UDP", "type": "STRINGSET", "stringSetValue": []},
        ],
        [_resource("CPU", 1), _resource("CPU", 2), _resource("MEMORY", 3)],
        [_resource("CPU", None), _resource("MEMORY", 0)],
        [_resource("CPU", 1.5), _resource("MEMORY", 1e12)],
        [{"name": "CPU", "type": "INTEGER"}, {"name": "MEMORY", "type": "LONG"}],
        [
            {"name": "CPU", "type": "DOUBLE", "doubleValue": 1.0},
            _resource("MEMORY", 5),
        ],
        # no CPU / no MEMORY / nothing: botocraft raises UnboundLocalError
        [_resource("MEMORY", 3767)],
        [_resource("CPU", 2048)],
        [],
        [_resource("cpu", 1), _resource("memory", 2)],
        [_resource("CPU", 1), _resource("memory", 2)],
        [_resource("cpu", 1), _resource("MEMORY", 2)],
        [_resource("CPU ", 1), _resource("MEMORY", 2)],
    ],
)
def test_ecs_container_instance(resources: list[dict[str, Any]]) -> None:
    document = _document(
        INSTANCE,
        detail={"registeredResources": resources, "remainingResources": resources},
    )
    assert _compare(document) == 2
    swapped = _document(
        INSTANCE,
        detail={
            "registeredResources": [_resource("CPU"), _resource("MEMORY")],
            "remainingResources": resources,
        },
    )
    assert _compare(swapped) == 2


def test_ecs_missing_resources_raise_as_botocraft_does() -> None:
    document = _document(INSTANCE, detail={"remainingResources": []})
    event = ebs.decode(json.dumps(document).encode())
    with pytest.raises(UnboundLocalError):
        _ = event.remainingResources
    with pytest.raises(UnboundLocalError):
        _ = event.registeredResources


def test_ecs_sample_values() -> None:
    """The documented container instance sample, by value."""
    path = SAMPLES_DIR / "ecs" / "ecs-container-instance-state-change.json"
    event = ebs.decode(json.dumps(json.loads(path.read_bytes())["event"]).encode())
    assert event.remainingResources == SystemResources(cpu=1988, memory=767)
    assert event.registeredResources == SystemResources(cpu=2048, memory=3767)


# -- ElastiCache -------------------------------------------------------------


ELASTICACHE = [k for k in KEYS if k[0] == "aws.elasticache"]


@pytest.mark.parametrize("key", ELASTICACHE, ids=_id)
@pytest.mark.parametrize(
    "detail",
    [
        {
            "SourceArn": "arn:aws:elasticache:us-east-1:123456789012:cluster:c-001",
            "SourceIdentifier": "c-001",
            "SourceType": "cache-cluster",
            "Message": "Cache cluster created",
        },
        {
            "SourceArn": "arn:aws-cn:elasticache:cn-north-1:1:replicationgroup:rg",
            "SourceIdentifier": "rg",
            "SourceType": "replication-group",
            "Message": "",
        },
        {"SourceArn": "", "SourceIdentifier": "", "SourceType": "", "Message": "é"},
    ],
)
def test_elasticache(key: tuple[str, str], detail: dict[str, str]) -> None:
    for resources in ([], [detail["SourceArn"]], ["a", "b"]):
        document = _document(key, detail=detail, resources=resources)
        assert _compare(document) == 5


# -- SSM -----------------------------------------------------------------------

CALENDAR = ("aws.ssm", "Calendar State Change")
COMPLIANCE = ("aws.ssm", "Configuration Compliance State Change")
CHANGE_REQUEST = ("aws.ssm", "Change Request Status Update")


@pytest.mark.parametrize(
    "state", ["OPEN", "CLOSED", "open", "Closed", "", "OPENED", "\u017f", "straße"]
)
def test_ssm_calendar(state: str) -> None:
    assert _compare(_document(CALENDAR, detail={"state": state})) == 3


@pytest.mark.parametrize(
    "status", ["COMPLIANT", "NON_COMPLIANT", "compliant", "Compliant", "", "İ"]
)
def test_ssm_compliance(status: str) -> None:
    assert _compare(_document(COMPLIANCE, detail={"compliance-status": status})) == 2


def test_ssm_change_request() -> None:
    arn = "arn:aws-us-gov:ssm:us-gov-east-1::document/AWS-HelloWorld"
    document = _document(CHANGE_REQUEST, detail={"runbook-document-arn": arn})
    assert _compare(document) == 2
    assert ebs.decode(json.dumps(document).encode()).runbook_document_arn == arn


# -- Hypothesis: any valid document of each type -------------------------------


def _text() -> st.SearchStrategy[str]:
    return st.text(max_size=12) | st.sampled_from(
        [
            "arn:aws:elasticloadbalancing:us-east-1:1:loadbalancer/app/a/1",
            "arn:aws:es:us-east-1:1:domain/d",
            "a/b/",
            "",
        ]
    )


@pytest.mark.parametrize("key", KEYS, ids=_id)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_hypothesis_documents(key: tuple[str, str], data: st.DataObject) -> None:
    document = _document(
        key, resources=data.draw(st.lists(_text(), max_size=3), label="resources")
    )
    detail_info = mi.type_info(_detail_type(key))
    assert isinstance(detail_info, mi.StructType)
    for field in detail_info.fields:
        if isinstance(field.type, mi.StrType) and data.draw(st.booleans()):
            document["detail"][field.encode_name] = data.draw(_text())
    assert _compare(document) == len(PROPERTIES[key])


def _detail_type(key: tuple[str, str]) -> Any:
    hints = msgspec.inspect.type_info(OURS[key])
    assert isinstance(hints, mi.StructType)
    (detail,) = [f for f in hints.fields if f.name == "detail"]
    assert isinstance(detail.type, mi.StructType)
    return detail.type.cls


def test_every_module_is_fresh_with_its_mixins() -> None:
    """Each generated class inherits the mixin its ``MIXINS`` table names."""
    for module in MODULES:
        derived = f"eventbridge_structs._derived.{module}"
        try:
            table = importlib.import_module(derived).MIXINS
        except ModuleNotFoundError:
            continue
        generated = importlib.import_module(f"eventbridge_structs.{module}")
        for class_name, mixin in table.items():
            bases = getattr(generated, class_name).__bases__
            assert bases[0].__name__ == mixin, (module, class_name)
