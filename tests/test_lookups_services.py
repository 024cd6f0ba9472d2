"""Lookups of every service (issue 13) against a real endpoint: moto's server
on 127.0.0.1 (tests/conftest.py), populated with boto3 (ECS clusters, task
definitions, container instances, tasks and services, an ACM certificate, a
CodePipeline pipeline and execution, an ElastiCache cache cluster and
replication group, ELBv2 load balancers, OpenSearch and Elasticsearch
domains), and events shaped like AWS's samples naming them
(examples/_local_aws.py). Request counts are read at the server.

moto 5 has every operation these lookups call, but its
DescribeLoadBalancers skips an ARN it does not know, where AWS fails the
whole call with ``LoadBalancerNotFound``: that answer is served by a
loopback endpoint below, checked against botocore's service model."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import botocore.session
import msgspec
import pytest

import eventbridge_structs as ebs
from eventbridge_structs import compat
from eventbridge_structs.lookups import (
    ACM_TARGETS,
    ECS_TARGETS,
    ACMLookups,
    CacheCluster,
    CertificateDetail,
    Cluster,
    ContainerInstance,
    DomainStatus,
    ElasticsearchDomainStatus,
    ELBv2Lookups,
    EventLookups,
    LoadBalancer,
    LookupFailed,
    Lookups,
    PipelineDeclaration,
    PipelineExecution,
    ReplicationGroup,
    ResourceLookupFailed,
    Service,
    Task,
    TaskDefinition,
)

REGION = "us-east-1"


@pytest.fixture(scope="module")
def world(moto_server: Any, local_aws_module: Any) -> Any:
    """Two clusters, 3 task definitions, 4 tasks per cluster, a container
    instance and a service per cluster."""
    return local_aws_module.create_ecs(
        moto_server, clusters=2, definitions=3, tasks_per_cluster=4
    )


@pytest.fixture
def lookups(moto_server: Any) -> Lookups:
    return Lookups(moto_server.session(), endpoint_url=moto_server.endpoint_url)


def ev(doc: dict[str, Any]) -> Any:
    return ebs.convert(doc)


# --- ECS ------------------------------------------------------------------------


def test_task_state_change_binds_cluster_task_definition_and_instance(
    moto_server: Any, local_aws_module: Any, world: Any, lookups: Lookups
) -> None:
    cluster = world.clusters[0]
    task, definition = world.tasks[cluster][0]
    instance = world.instances[cluster]
    event = ev(
        local_aws_module.task_event(
            cluster, task, definition, REGION, container_instance=instance
        )
    )
    since = moto_server.mark()
    view = lookups.bind(event)
    assert view.detail.taskArn == task  # the event reads through
    assert isinstance(view.cluster, Cluster) and view.cluster.clusterArn == cluster
    assert isinstance(view.task, Task) and view.task.taskArn == task
    assert view.task.taskDefinitionArn == definition
    assert isinstance(view.task_definition, TaskDefinition)
    assert view.task_definition.taskDefinitionArn == definition
    assert view.task_definition.containerDefinitions[0].name == "app"
    assert {(t.key, t.value) for t in view.task_definition.tags} == {("team", "web")}
    assert isinstance(view.container_instance, ContainerInstance)
    assert view.container_instance.containerInstanceArn == instance
    assert view.cluster is view.cluster  # once per view
    assert moto_server.operations(since) == [
        "DescribeClusters",
        "DescribeTasks",
        "DescribeTaskDefinition",
        "DescribeContainerInstances",
    ]
    # Cached across views.
    since = moto_server.mark()
    again = lookups.bind(event)
    assert again.task == view.task and again.cluster == view.cluster
    assert moto_server.count(since=since) == 0
    with pytest.raises(TypeError, match="no 'service'"):
        view.service  # noqa: B018
    with pytest.raises(AttributeError):
        view.detail = None  # read-only


def test_fargate_task_has_no_container_instance(
    moto_server: Any, local_aws_module: Any, world: Any, lookups: Lookups
) -> None:
    cluster = world.clusters[0]
    task, definition = world.tasks[cluster][1]
    event = ev(local_aws_module.task_event(cluster, task, definition, REGION))
    since = moto_server.mark()
    assert lookups.bind(event).container_instance is None
    assert moto_server.count(since=since) == 0


def test_missing_resources_are_none_and_cached(
    moto_server: Any, local_aws_module: Any, world: Any, lookups: Lookups
) -> None:
    cluster = world.clusters[0]
    gone = cluster.replace(":cluster/", ":task/") + "/0000deadbeef"
    event = ev(
        local_aws_module.task_event(
            cluster.replace(world.clusters[0].rsplit("/", 1)[1], "no-such-cluster"),
            gone,
            world.definitions[0].replace(":1", ":99"),
            REGION,
        )
    )
    view = lookups.bind(event)
    assert view.cluster is None and view.task is None
    assert view.task_definition is None
    since = moto_server.mark()
    assert lookups.bind(event).task is None
    assert moto_server.count(since=since) == 0


def test_service_action_tasks_instances_and_services(
    moto_server: Any, local_aws_module: Any, world: Any, lookups: Lookups
) -> None:
    cluster = world.clusters[1]
    tasks = [t for t, _ in world.tasks[cluster]]
    missing = tasks[0].rsplit("/", 1)[0] + "/ffffffffffff"
    event = ev(
        local_aws_module.service_action_event(
            cluster,
            [world.services[cluster]],
            REGION,
            tasks=[*tasks, missing],
            instances=[world.instances[cluster]],
        )
    )
    since = moto_server.mark()
    view = lookups.bind(event)
    assert [t.taskArn for t in view.tasks] == tasks  # the missing one dropped
    assert [c.containerInstanceArn for c in view.container_instances] == [
        world.instances[cluster]
    ]
    assert [s.serviceArn for s in view.services] == [world.services[cluster]]
    assert isinstance(view.services[0], Service)
    assert view.cluster.clusterArn == cluster
    assert moto_server.count("DescribeTasks", since=since) == 1


def test_deployment_and_container_instance_events(
    moto_server: Any, local_aws_module: Any, world: Any, lookups: Lookups
) -> None:
    cluster = world.clusters[0]
    deployment = lookups.bind(
        ev(local_aws_module.deployment_event(world.services[cluster], REGION))
    )
    assert deployment.service.serviceArn == world.services[cluster]
    assert deployment.cluster.clusterArn == cluster
    instance = lookups.bind(
        ev(local_aws_module.instance_event(cluster, world.instances[cluster], REGION))
    )
    assert instance.container_instance.containerInstanceArn == world.instances[cluster]
    assert instance.cluster.clusterArn == cluster


def test_cloudtrail_run_task_names_clusters_definitions_tasks_instances(
    moto_server: Any, local_aws_module: Any, world: Any, lookups: Lookups
) -> None:
    rows = [
        {
            "taskArn": task,
            "clusterArn": cluster,
            "taskDefinitionArn": definition,
            "containerInstanceArn": world.instances[cluster],
        }
        for cluster in world.clusters
        for task, definition in world.tasks[cluster][:2]
    ]
    view = lookups.bind(ev(local_aws_module.ecs_cloudtrail_event(rows, REGION)))
    assert [c.clusterArn for c in view.clusters] == world.clusters
    assert [t.taskArn for t in view.tasks] == [r["taskArn"] for r in rows]
    assert {d.taskDefinitionArn for d in view.task_definitions} == {
        r["taskDefinitionArn"] for r in rows
    }
    assert len(view.container_instances) == 2


def test_resolve_batches_ecs_to_the_api_limits(
    moto_server: Any, local_aws_module: Any
) -> None:
    """The issue's target: 1,000 task state changes naming 1,000 distinct
    tasks (200 in each of 5 clusters) and 10 task definitions take exactly 1
    DescribeClusters, 10 DescribeTasks and 10 DescribeTaskDefinition."""
    region = "us-west-2"
    big = local_aws_module.create_ecs(
        moto_server, region=region, clusters=5, definitions=10, tasks_per_cluster=200
    )
    events = [
        ev(local_aws_module.task_event(cluster, task, definition, region))
        for cluster in big.clusters
        for task, definition in big.tasks[cluster]
    ]
    assert len(events) == 1000 and len({e.detail.taskArn for e in events}) == 1000
    lookups = Lookups(moto_server.session(), endpoint_url=moto_server.endpoint_url)
    since = moto_server.mark()
    results = lookups.resolve(events)
    counts = {
        op: moto_server.count(op, since=since)
        for op in ("DescribeClusters", "DescribeTasks", "DescribeTaskDefinition")
    }
    assert counts == {
        "DescribeClusters": 1,
        "DescribeTasks": 10,
        "DescribeTaskDefinition": 10,
    }
    assert moto_server.count(since=since) == 21
    assert all(isinstance(r, EventLookups) and r.error is None for r in results)
    assert all(r.values["task"].taskArn == r.event.detail.taskArn for r in results)
    assert all(
        r.values["task_definition"].taskDefinitionArn
        == r.event.detail.taskDefinitionArn
        for r in results
    )
    assert set(results[0].values) == {
        "cluster",
        "task",
        "task_definition",
        "container_instance",
    }
    since = moto_server.mark()
    lookups.resolve(events)
    assert moto_server.count(since=since) == 0  # all cached


def test_failures_name_operation_resource_region_and_account(
    moto_server: Any, local_aws_module: Any, world: Any, lookups: Lookups
) -> None:
    region = "ap-south-1"
    cluster = world.clusters[0].replace(REGION, region)
    task = world.tasks[world.clusters[0]][0][0].replace(REGION, region)
    event = ev(local_aws_module.task_event(cluster, task, world.definitions[0], region))
    view = lookups.bind(event)
    with moto_server.failing(region, "AccessDeniedException"):
        with pytest.raises(LookupFailed) as info:
            view.task  # noqa: B018
        failed = info.value
        assert isinstance(failed, ResourceLookupFailed)
        assert failed.operation == "DescribeTasks" and failed.region == region
        assert failed.account == local_aws_module.ACCOUNT
        assert failed.code == "AccessDeniedException"
        assert task in str(failed) and region in str(failed)
        assert local_aws_module.ACCOUNT in str(failed) and "DescribeTasks" in str(
            failed
        )
        rows = lookups.resolve([event], errors="return")
        assert isinstance(rows[0].error, LookupFailed)
    # Not cached: asked again once the endpoint answers.
    assert lookups.bind(event).task is None  # (the task is in another region)


# --- ACM ------------------------------------------------------------------------


def test_acm_certificate_with_tags_once_per_arn(
    moto_server: Any, local_aws_module: Any, lookups: Lookups
) -> None:
    arn = local_aws_module.create_certificate(moto_server)
    events = [ev(local_aws_module.acm_event(arn, REGION)) for _ in range(5)]
    since = moto_server.mark()
    rows = lookups.resolve(events)
    certificate = rows[0].values["certificate"]
    assert isinstance(certificate, CertificateDetail)
    assert certificate.CertificateArn == arn and certificate.tags == {"team": "web"}
    assert moto_server.count("DescribeCertificate", since=since) == 1
    assert moto_server.count("ListTagsForCertificate", since=since) == 1
    assert lookups.bind(events[0]).certificate == certificate
    gone = ev(local_aws_module.acm_event(arn[:-4] + "0000", REGION))
    assert lookups.bind(gone).certificate is None
    untagged = ACMLookups(
        moto_server.session(),
        endpoint_url=moto_server.endpoint_url,
        certificate_tags=False,
    )
    since = moto_server.mark()
    assert untagged.bind(events[0]).certificate.Tags is None  # type: ignore[attr-defined]
    assert moto_server.operations(since) == ["DescribeCertificate"]


# --- CodePipeline ---------------------------------------------------------------


def test_codepipeline_pipeline_and_execution(
    moto_server: Any, local_aws_module: Any, lookups: Lookups
) -> None:
    name, execution = local_aws_module.create_pipeline(moto_server)
    events = [
        ev(local_aws_module.codepipeline_event(name, execution, REGION))
        for _ in range(3)
    ]
    since = moto_server.mark()
    rows = lookups.resolve(events)
    pipeline = rows[0].values["pipeline"]
    assert isinstance(pipeline, PipelineDeclaration)
    assert pipeline.name == name and [s.name for s in pipeline.stages] == [
        "Source",
        "Build",
    ]
    assert pipeline.metadata is not None
    assert pipeline.metadata.pipelineArn and pipeline.metadata.pipelineArn.endswith(
        name
    )
    run = rows[0].values["pipeline_execution"]
    assert isinstance(run, PipelineExecution) and run.pipelineExecutionId == execution
    assert moto_server.count("GetPipeline", since=since) == 1
    assert moto_server.count("GetPipelineExecution", since=since) == 1
    gone = lookups.bind(
        ev(
            local_aws_module.codepipeline_event(
                name, "00000000-0000-0000-0000-000000000000", REGION
            )
        )
    )
    assert gone.pipeline_execution is None and gone.pipeline == pipeline


# --- ElastiCache ----------------------------------------------------------------


def test_elasticache_cache_cluster_and_replication_group(
    moto_server: Any, local_aws_module: Any, lookups: Lookups
) -> None:
    cluster = local_aws_module.create_cache_cluster(moto_server)
    group = local_aws_module.create_replication_group(moto_server)
    on_cluster = ev(local_aws_module.cache_event(cluster, "cache-cluster", REGION))
    on_group = ev(local_aws_module.cache_event(group, "replication-group", REGION))
    since = moto_server.mark()
    rows = lookups.resolve([on_cluster, on_group, on_cluster])
    assert isinstance(rows[0].values["cache_cluster"], CacheCluster)
    assert rows[0].values["cache_cluster"].CacheClusterId == cluster
    assert rows[0].values["replication_group"] is None
    assert isinstance(rows[1].values["replication_group"], ReplicationGroup)
    assert rows[1].values["replication_group"].ReplicationGroupId == group
    assert moto_server.count("DescribeCacheClusters", since=since) == 1
    assert moto_server.count("DescribeReplicationGroups", since=since) == 1
    gone = ev(local_aws_module.cache_event("no-such-cc", "cache-cluster", REGION))
    assert lookups.bind(gone).cache_cluster is None


# --- ELBv2 ----------------------------------------------------------------------


def test_elbv2_load_balancers_20_per_call(
    moto_server: Any, local_aws_module: Any, lookups: Lookups
) -> None:
    arns = local_aws_module.create_load_balancers(moto_server, 25)
    events = [ev(local_aws_module.elbv2_event(arn, REGION)) for arn in arns * 2]
    since = moto_server.mark()
    rows = lookups.resolve(events)
    assert [r.values["load_balancer"].LoadBalancerArn for r in rows] == arns * 2
    assert isinstance(rows[0].values["load_balancer"], LoadBalancer)
    assert moto_server.count("DescribeLoadBalancers", since=since) == 2


class _ELBv2Endpoint:
    """A loopback ELBv2 endpoint answering DescribeLoadBalancers as AWS does
    (moto instead skips unknown ARNs): ``LoadBalancerNotFound`` for the
    whole call when one ARN is unknown, else the load balancers, in the
    query protocol's XML."""

    def __init__(self, known: list[str]) -> None:
        self.known = known
        self.calls: list[list[str]] = []

    def answer(self, arns: list[str]) -> tuple[int, str]:
        self.calls.append(arns)
        ns = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"
        if any(arn not in self.known for arn in arns):
            return 400, (
                f'<ErrorResponse xmlns="{ns}"><Error><Type>Sender</Type>'
                "<Code>LoadBalancerNotFound</Code>"
                "<Message>One or more load balancers not found</Message>"
                "</Error><RequestId>r</RequestId></ErrorResponse>"
            )
        members = "".join(
            f"<member><LoadBalancerArn>{arn}</LoadBalancerArn>"
            f"<LoadBalancerName>{arn.split('/')[-2]}</LoadBalancerName>"
            "<Type>application</Type><State><Code>active</Code></State>"
            "<CreatedTime>2024-03-01T12:00:00.000Z</CreatedTime></member>"
            for arn in arns
        )
        return 200, (
            f'<DescribeLoadBalancersResponse xmlns="{ns}">'
            "<DescribeLoadBalancersResult><LoadBalancers>"
            f"{members}</LoadBalancers></DescribeLoadBalancersResult>"
            "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
            "</DescribeLoadBalancersResponse>"
        )


@pytest.fixture
def elbv2_endpoint() -> Iterator[tuple[str, _ELBv2Endpoint]]:
    arn = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/lb{}/{}"
    endpoint = _ELBv2Endpoint([arn.format(n, f"{n:016x}") for n in range(30)])

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = parse_qs(self.rfile.read(length).decode())
            assert form["Action"] == ["DescribeLoadBalancers"]
            arns = [v[0] for k, v in sorted(form.items()) if k.startswith("LoadBal")]
            status, body = endpoint.answer(arns)
            data = body.encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/xml")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", endpoint
    finally:
        server.shutdown()
        server.server_close()


def test_elbv2_one_missing_arn_fails_the_call_and_is_asked_again_in_halves(
    moto_server: Any, local_aws_module: Any, elbv2_endpoint: Any
) -> None:
    url, endpoint = elbv2_endpoint
    # The answers parse with botocore's model of the operation.
    model = botocore.session.get_session().get_service_model("elbv2")
    shape = model.operation_model("DescribeLoadBalancers").output_shape
    assert {"LoadBalancers", "NextMarker"} <= set(shape.members)
    assert "LoadBalancerNotFoundException" in {
        s.name for s in model.operation_model("DescribeLoadBalancers").error_shapes
    }
    missing = endpoint.known[0].replace("lb0/", "gone/")
    arns = [*endpoint.known[:7], missing]
    lookups = ELBv2Lookups(moto_server.session(), endpoint_url=url)
    rows = lookups.resolve(ev(local_aws_module.elbv2_event(a, REGION)) for a in arns)
    values = [r.load_balancer for r in rows]
    assert [v.LoadBalancerArn for v in values[:7]] == endpoint.known[:7]
    assert values[7] is None
    assert all(v.State.Code == "active" for v in values[:7])
    # 8 ARNs: the call fails, then halves of 4, 2 and 1 narrow the missing one.
    assert endpoint.calls[0] == arns and len(endpoint.calls) == 7


# --- OpenSearch / Elasticsearch ----------------------------------------------------


def test_opensearch_domains_five_per_call_and_legacy_api(
    moto_server: Any, local_aws_module: Any, lookups: Lookups
) -> None:
    names = [local_aws_module.create_domain(moto_server) for _ in range(7)]
    legacy = local_aws_module.create_domain(moto_server, legacy=True)
    events = [ev(local_aws_module.opensearch_event(n, REGION)) for n in names]
    events.append(ev(local_aws_module.opensearch_event(legacy, REGION, legacy=True)))
    events.append(ev(local_aws_module.opensearch_event("d-missing1", REGION)))
    since = moto_server.mark()
    rows = lookups.resolve(events)
    domains = [r.values["domain"] for r in rows]
    assert all(isinstance(d, DomainStatus) for d in domains[:7])
    assert [d.DomainName for d in domains[:7]] == names
    assert isinstance(domains[7], ElasticsearchDomainStatus)
    assert domains[7].DomainName == legacy and domains[8] is None
    assert moto_server.count("DescribeDomains", since=since) == 2  # 8 names, 5 a call
    assert moto_server.count("DescribeElasticsearchDomains", since=since) == 1


# --- The entry point, the tables, the shapes, compat --------------------------------


def test_lookups_rejects_unknown_options_and_events_without_lookups(
    local_aws_module: Any,
) -> None:
    with pytest.raises(TypeError, match="unknown client options"):
        Lookups(endpoint=1)
    ssm = ebs.decode(
        json.dumps(
            json.load(
                open("tests/fixtures/samples/ssm/parameter-store-change.json")  # noqa: SIM115
            )["event"]
        )
    )
    lookups = Lookups()
    with pytest.raises(TypeError, match="names no AWS resource"):
        lookups.bind(ssm)
    assert lookups.resolve([ssm]) == [EventLookups(ssm, {}, None)]
    assert lookups.properties(type(ssm)) == ()


def test_tables_cover_botocraft_properties() -> None:
    lookups = Lookups()
    expected = {
        "ECSTaskStateChangeEvent": (
            "cluster",
            "task",
            "task_definition",
            "container_instance",
        ),
        "ECSServiceActionEvent": (
            "cluster",
            "tasks",
            "container_instances",
            "services",
        ),
        "ECSContainerInstanceStateChangeEvent": ("cluster", "container_instance"),
        "ECSServiceDeploymentStateChangeEvent": ("cluster", "service"),
        "ECSAWSAPICallViaCloudTrailEvent": (
            "clusters",
            "tasks",
            "task_definitions",
            "container_instances",
        ),
        "ACMCertificateAvailableEvent": ("certificate",),
        "CodePipelinePipelineExecutionStateChangeEvent": (
            "pipeline",
            "pipeline_execution",
        ),
        "CodePipelineAWSAPICallViaCloudTrailEvent": ("pipeline",),
        "ElastiCacheCacheCreatedEvent": ("cache_cluster", "replication_group"),
        "Elbv2AWSAPICallViaCloudTrailEvent": ("load_balancer",),
        "OpenSearchClusterStatusNotificationEvent": ("domain",),
        "ElasticsearchAutoTuneNotificationEvent": ("domain",),
        "ECRImageActionEvent": ("repository", "image"),
    }
    by_name = {cls.__name__: cls for cls in ebs.registered().values()}
    for name, properties in expected.items():
        assert set(lookups.properties(by_name[name])) == set(properties), name
        primary = compat.primary_class(by_name[name])
        assert all(hasattr(primary, p) for p in properties), name
    assert len(ECS_TARGETS) == 5 and len(ACM_TARGETS) == 8


@pytest.mark.parametrize(
    ("service", "shape", "struct"),
    [
        ("ecs", "Task", Task),
        ("ecs", "Cluster", Cluster),
        ("ecs", "TaskDefinition", TaskDefinition),
        ("ecs", "ContainerInstance", ContainerInstance),
        ("ecs", "Service", Service),
        ("acm", "CertificateDetail", CertificateDetail),
        ("codepipeline", "PipelineDeclaration", PipelineDeclaration),
        ("codepipeline", "PipelineExecution", PipelineExecution),
        ("elasticache", "CacheCluster", CacheCluster),
        ("elasticache", "ReplicationGroup", ReplicationGroup),
        ("elbv2", "LoadBalancer", LoadBalancer),
        ("opensearch", "DomainStatus", DomainStatus),
        ("es", "ElasticsearchDomainStatus", ElasticsearchDomainStatus),
    ],
)
def test_result_structs_use_the_api_shapes_names(
    service: str, shape: str, struct: type[Any]
) -> None:
    """Every field is a member of botocore's shape, with its name as AWS
    writes it (the extras: the tags and metadata read by another call)."""
    members = botocore.session.get_session().get_service_model(service)
    model = members.shape_for(shape).members
    extra = {"Tags", "metadata"} if shape != "TaskDefinition" else {"tags"}
    for field in msgspec.structs.fields(struct):
        assert field.encode_name in model or field.encode_name in extra, field.name


def test_compat_properties_go_through_the_lookups(
    moto_server: Any,
    local_aws_module: Any,
    world: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_server.endpoint_url)
    factory = compat.EventFactory(moto_server.session())
    cluster = world.clusters[0]
    task, definition = world.tasks[cluster][0]
    event = factory.new(
        json.dumps(local_aws_module.task_event(cluster, task, definition, REGION))
    )
    since = moto_server.mark()
    assert event.task.taskArn == task
    assert event.task_definition.taskDefinitionArn == definition
    assert event.cluster.clusterArn == cluster
    assert event.task is event.task
    other = factory.new(
        json.dumps(local_aws_module.task_event(cluster, task, definition, REGION))
    )
    assert other.task == event.task  # one Lookups per factory: cached
    assert moto_server.count(since=since) == 3
