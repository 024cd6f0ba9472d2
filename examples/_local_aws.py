# Resources and events for the lookups of every service against the local
# moto endpoint (examples/_local_ecr.py's LocalECR serves every AWS API moto
# has): builders that create ECS clusters, task definitions, container
# instances, tasks and services, ACM certificates, CodePipeline pipelines and
# executions, ElastiCache cache clusters and replication groups, ELBv2 load
# balancers and OpenSearch/Elasticsearch domains with boto3, and events that
# name them, shaped like AWS's published samples (the EventBridge user guide's
# and each service's guide's, as in tests/fixtures/samples/). Used by the
# tests, the demo and benchmarks/lookups_bench.py.
#
# Needs boto3 and moto[server].
from __future__ import annotations

import json
import uuid
from typing import Any

__all__ = [
    "ACCOUNT",
    "ECSWorld",
    "acm_event",
    "cache_event",
    "codepipeline_event",
    "create_cache_cluster",
    "create_certificate",
    "create_domain",
    "create_ecs",
    "create_load_balancers",
    "create_pipeline",
    "create_replication_group",
    "deployment_event",
    "ecs_cloudtrail_event",
    "elbv2_event",
    "instance_event",
    "opensearch_event",
    "service_action_event",
    "task_event",
]

#: The account moto gives the credentials of LocalECR.session().
ACCOUNT = "123456789012"
#: An AMI moto knows.
AMI = "ami-12c6146b"


def _envelope(
    source: str,
    detail_type: str,
    detail: dict[str, Any],
    resources: list[str],
    region: str,
    time: str = "2024-03-01T12:00:00Z",
) -> dict[str, Any]:
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": detail_type,
        "source": source,
        "account": ACCOUNT,
        "time": time,
        "region": region,
        "resources": resources,
        "detail": detail,
    }


# --- ECS -------------------------------------------------------------------------


class ECSWorld:
    """What :func:`create_ecs` made: cluster ARNs, task definition ARNs,
    container instance ARN per cluster, task ARNs per cluster, service ARN
    per cluster, and the region."""

    def __init__(self, region: str) -> None:
        self.region = region
        self.clusters: list[str] = []
        self.definitions: list[str] = []
        self.instances: dict[str, str] = {}
        self.tasks: dict[str, list[tuple[str, str]]] = {}  # cluster -> (task, def)
        self.services: dict[str, str] = {}


def create_ecs(
    server: Any,
    *,
    region: str = "us-east-1",
    clusters: int = 1,
    definitions: int = 1,
    tasks_per_cluster: int = 2,
    prefix: str | None = None,
) -> ECSWorld:
    """Create ``clusters`` clusters, each with one EC2 container instance,
    ``tasks_per_cluster`` tasks (run 10 at a time, cycling over
    ``definitions`` task definitions) and one service."""
    prefix = prefix or f"x{uuid.uuid4().hex[:8]}"
    ecs = server.client("ecs", region)
    ec2 = server.client("ec2", region)
    world = ECSWorld(region)
    for d in range(definitions):
        world.definitions.append(
            ecs.register_task_definition(
                family=f"{prefix}-app{d}",
                containerDefinitions=[
                    {"name": "app", "image": f"nginx:1.{d}", "memory": 1, "cpu": 1}
                ],
                tags=[{"key": "team", "value": "web"}],
            )["taskDefinition"]["taskDefinitionArn"]
        )
    for c in range(clusters):
        cluster = ecs.create_cluster(clusterName=f"{prefix}-c{c}")["cluster"]
        arn = cluster["clusterArn"]
        world.clusters.append(arn)
        instance = ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1)
        document = json.dumps(
            {
                "instanceId": instance["Instances"][0]["InstanceId"],
                "region": region,
                "availabilityZone": f"{region}a",
            }
        )
        world.instances[arn] = ecs.register_container_instance(
            cluster=arn, instanceIdentityDocument=document
        )["containerInstance"]["containerInstanceArn"]
        made: list[tuple[str, str]] = []
        n = 0
        while len(made) < tasks_per_cluster:
            definition = world.definitions[n % definitions]
            count = min(10, tasks_per_cluster - len(made))
            for task in ecs.run_task(
                cluster=arn, taskDefinition=definition, count=count, launchType="EC2"
            )["tasks"]:
                made.append((task["taskArn"], definition))
            n += 1
        world.tasks[arn] = made
        world.services[arn] = ecs.create_service(
            cluster=arn,
            serviceName=f"{prefix}-svc{c}",
            taskDefinition=world.definitions[0],
            desiredCount=1,
            launchType="EC2",
        )["service"]["serviceArn"]
    return world


def task_event(
    cluster: str,
    task: str,
    definition: str,
    region: str,
    *,
    container_instance: str | None = None,
) -> dict[str, Any]:
    """An "ECS Task State Change" as AWS's sample (a Fargate task when no
    container instance is given, else an EC2 one)."""
    detail: dict[str, Any] = {
        "attachments": [],
        "availabilityZone": f"{region}c",
        "clusterArn": cluster,
        "containers": [
            {
                "containerArn": f"{task.replace(':task/', ':container/')}/app",
                "lastStatus": "RUNNING",
                "name": "app",
                "image": "nginx",
                "taskArn": task,
                "networkInterfaces": [],
                "cpu": "0",
            }
        ],
        "createdAt": "2024-03-01T11:59:34.402Z",
        "launchType": "EC2" if container_instance else "FARGATE",
        "cpu": "256",
        "memory": "512",
        "desiredStatus": "RUNNING",
        "group": "family:app",
        "lastStatus": "RUNNING",
        "overrides": {"containerOverrides": [{"name": "app"}]},
        "connectivity": "CONNECTED",
        "connectivityAt": "2024-03-01T11:59:38.453Z",
        "pullStartedAt": "2024-03-01T11:59:52.766Z",
        "startedAt": "2024-03-01T11:59:58.279Z",
        "pullStoppedAt": "2024-03-01T11:59:55.766Z",
        "updatedAt": "2024-03-01T11:59:58.279Z",
        "taskArn": task,
        "taskDefinitionArn": definition,
        "version": 3,
        "platformVersion": "1.3.0",
    }
    if container_instance:
        detail["containerInstanceArn"] = container_instance
    return _envelope("aws.ecs", "ECS Task State Change", detail, [task], region)


def service_action_event(
    cluster: str,
    services: list[str],
    region: str,
    *,
    tasks: list[str] | None = None,
    instances: list[str] | None = None,
) -> dict[str, Any]:
    """An "ECS Service Action" as AWS's sample (``SERVICE_TASK_PLACEMENT_FAILURE``
    style when tasks and instances are named)."""
    detail: dict[str, Any] = {
        "eventType": "INFO",
        "eventName": "SERVICE_STEADY_STATE",
        "clusterArn": cluster,
        "createdAt": "2024-03-01T12:00:00.695Z",
    }
    if tasks is not None:
        detail["taskArns"] = tasks
    if instances is not None:
        detail["containerInstanceArns"] = instances
    return _envelope("aws.ecs", "ECS Service Action", detail, services, region)


def deployment_event(service: str, region: str) -> dict[str, Any]:
    """An "ECS Deployment State Change" as AWS's sample."""
    detail = {
        "eventType": "INFO",
        "eventName": "SERVICE_DEPLOYMENT_IN_PROGRESS",
        "deploymentId": "ecs-svc/123",
        "updatedAt": "2024-03-01T11:11:11Z",
        "reason": "ECS deployment deploymentId in progress.",
    }
    return _envelope(
        "aws.ecs", "ECS Deployment State Change", detail, [service], region
    )


def instance_event(cluster: str, instance: str, region: str) -> dict[str, Any]:
    """An "ECS Container Instance State Change" as AWS's sample."""
    resources = [
        {"name": "CPU", "type": "INTEGER", "integerValue": 2048},
        {"name": "MEMORY", "type": "INTEGER", "integerValue": 3767},
    ]
    detail = {
        "agentConnected": True,
        "attributes": [{"name": "com.amazonaws.ecs.capability.ecr-auth"}],
        "clusterArn": cluster,
        "containerInstanceArn": instance,
        "ec2InstanceId": "i-f3a8506b",
        "registeredResources": resources,
        "remainingResources": resources,
        "status": "ACTIVE",
        "version": 14801,
        "versionInfo": {"agentHash": "aebcbca", "agentVersion": "1.13.0"},
        "updatedAt": "2024-03-01T12:00:06.091Z",
    }
    return _envelope(
        "aws.ecs", "ECS Container Instance State Change", detail, [instance], region
    )


def ecs_cloudtrail_event(tasks: list[dict[str, Any]], region: str) -> dict[str, Any]:
    """An "AWS API Call via CloudTrail" of ECS RunTask whose
    ``responseElements.tasks`` are ``tasks`` (each with ``taskArn``,
    ``clusterArn``, ``taskDefinitionArn``, ``containerInstanceArn``)."""
    detail = {
        "eventVersion": "1.08",
        "eventTime": "2024-03-01T12:00:04Z",
        "eventSource": "ecs.amazonaws.com",
        "eventName": "RunTask",
        "awsRegion": region,
        "requestParameters": {"count": len(tasks)},
        "responseElements": {"tasks": tasks, "failures": []},
        "eventType": "AwsApiCall",
    }
    return _envelope("aws.ecs", "AWS API Call via CloudTrail", detail, [], region)


# --- ACM, CodePipeline, ElastiCache, ELBv2, OpenSearch ------------------------------


def create_certificate(server: Any, region: str = "us-east-1") -> str:
    """A requested certificate, tagged; its ARN."""
    acm = server.client("acm", region)
    return str(
        acm.request_certificate(
            DomainName=f"{uuid.uuid4().hex[:8]}.example.com",
            Tags=[{"Key": "team", "Value": "web"}],
        )["CertificateArn"]
    )


def acm_event(arn: str, region: str) -> dict[str, Any]:
    """An "ACM Certificate Approaching Expiration" as AWS's sample."""
    detail = {"DaysToExpiry": 31, "CommonName": "My Awesome Service"}
    return _envelope(
        "aws.acm", "ACM Certificate Approaching Expiration", detail, [arn], region
    )


def create_pipeline(server: Any, region: str = "us-east-1") -> tuple[str, str]:
    """A two-stage pipeline and one started execution: (name, execution id)."""
    name = f"p-{uuid.uuid4().hex[:8]}"
    role = server.client("iam", region).create_role(
        RoleName=name,
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": {"Service": "codepipeline.amazonaws.com"},
                        "Action": "sts:AssumeRole",
                    }
                ],
            }
        ),
    )["Role"]["Arn"]
    source = {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"}
    build = {
        "category": "Build",
        "owner": "AWS",
        "provider": "CodeBuild",
        "version": "1",
    }
    client = server.client("codepipeline", region)
    client.create_pipeline(
        pipeline={
            "name": name,
            "roleArn": role,
            "artifactStore": {"type": "S3", "location": "artifacts-bucket"},
            "stages": [
                {
                    "name": "Source",
                    "actions": [
                        {
                            "name": "Source",
                            "actionTypeId": source,
                            "outputArtifacts": [{"name": "src"}],
                            "configuration": {
                                "S3Bucket": "artifacts-bucket",
                                "S3ObjectKey": "src.zip",
                            },
                        }
                    ],
                },
                {
                    "name": "Build",
                    "actions": [
                        {
                            "name": "Build",
                            "actionTypeId": build,
                            "inputArtifacts": [{"name": "src"}],
                            "configuration": {"ProjectName": "build"},
                        }
                    ],
                },
            ],
        }
    )
    execution = client.start_pipeline_execution(name=name)["pipelineExecutionId"]
    return name, str(execution)


def codepipeline_event(pipeline: str, execution: str, region: str) -> dict[str, Any]:
    """A "CodePipeline Pipeline Execution State Change" as AWS's sample."""
    detail = {
        "pipeline": pipeline,
        "execution-id": execution,
        "execution-trigger": {
            "trigger-type": "StartPipelineExecution",
            "trigger-detail": f"arn:aws:sts::{ACCOUNT}:assumed-role/Admin/my-user",
        },
        "state": "STARTED",
        "version": 1,
    }
    arn = f"arn:aws:codepipeline:{region}:{ACCOUNT}:{pipeline}"
    return _envelope(
        "aws.codepipeline",
        "CodePipeline Pipeline Execution State Change",
        detail,
        [arn],
        region,
    )


def create_cache_cluster(server: Any, region: str = "us-east-1") -> str:
    """A one-node Redis cache cluster; its id."""
    ident = f"cc-{uuid.uuid4().hex[:8]}"
    server.client("elasticache", region).create_cache_cluster(
        CacheClusterId=ident,
        Engine="redis",
        CacheNodeType="cache.t3.micro",
        NumCacheNodes=1,
    )
    return ident


def create_replication_group(server: Any, region: str = "us-east-1") -> str:
    """A Redis replication group; its id."""
    ident = f"rg-{uuid.uuid4().hex[:8]}"
    server.client("elasticache", region).create_replication_group(
        ReplicationGroupId=ident,
        ReplicationGroupDescription="lookups",
        Engine="redis",
        CacheNodeType="cache.t3.micro",
    )
    return ident


def cache_event(ident: str, source_type: str, region: str) -> dict[str, Any]:
    """An ElastiCache "Cache Updated" notification naming ``ident`` of
    ``source_type`` (``cache-cluster`` or ``replication-group``), as the
    ElastiCache user guide shows it."""
    kind = "replicationgroup" if source_type == "replication-group" else "cluster"
    arn = f"arn:aws:elasticache:{region}:{ACCOUNT}:{kind}:{ident}"
    detail = {
        "SourceArn": arn,
        "SourceIdentifier": ident,
        "SourceType": source_type,
        "Message": "Cache cluster updated",
        "EventCategories": ["configuration change"],
        "EventID": "ElastiCache:CacheClusterUpdated",
    }
    return _envelope("aws.elasticache", "Cache Updated", detail, [arn], region)


def create_load_balancers(
    server: Any, count: int, region: str = "us-east-1"
) -> list[str]:
    """``count`` application load balancers in a new VPC; their ARNs."""
    ec2 = server.client("ec2", region)
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{n}.0/24", AvailabilityZone=zone)[
            "Subnet"
        ]["SubnetId"]
        for n, zone in enumerate((f"{region}a", f"{region}b"))
    ]
    elbv2 = server.client("elbv2", region)
    prefix = uuid.uuid4().hex[:6]
    return [
        elbv2.create_load_balancer(Name=f"lb-{prefix}-{n}", Subnets=subnets)[
            "LoadBalancers"
        ][0]["LoadBalancerArn"]
        for n in range(count)
    ]


def elbv2_event(arn: str, region: str) -> dict[str, Any]:
    """An "AWS API Call via CloudTrail" of ModifyLoadBalancerAttributes."""
    detail = {
        "eventVersion": "1.08",
        "eventTime": "2024-03-01T12:00:04Z",
        "eventSource": "elasticloadbalancing.amazonaws.com",
        "eventName": "ModifyLoadBalancerAttributes",
        "awsRegion": region,
        "requestParameters": {"loadBalancerArn": arn},
        "responseElements": None,
        "eventType": "AwsApiCall",
    }
    return _envelope(
        "aws.elasticloadbalancing", "AWS API Call via CloudTrail", detail, [arn], region
    )


def create_domain(
    server: Any, region: str = "us-east-1", *, legacy: bool = False
) -> str:
    """An OpenSearch (or, with ``legacy``, an Elasticsearch) domain; its name."""
    name = f"d-{uuid.uuid4().hex[:8]}"
    if legacy:
        server.client("es", region).create_elasticsearch_domain(DomainName=name)
    else:
        server.client("opensearch", region).create_domain(DomainName=name)
    return name


def opensearch_event(
    domain: str, region: str, *, legacy: bool = False
) -> dict[str, Any]:
    """An Auto-Tune notification naming ``domain``, as AWS's sample (the
    Amazon ES one with ``legacy``)."""
    detail = {
        "event": "Auto-Tune Event",
        "severity": "Informational",
        "status": "Started",
        "scheduleTime": "2024-03-01T12:00:00Z",
        "startTime": "2024-03-01T12:00:00Z",
        "description": "Auto-Tune is applying new settings to your domain.",
    }
    detail_type = (
        "Amazon ES Auto-Tune Notification"
        if legacy
        else "Amazon OpenSearch Service Auto-Tune Notification"
    )
    arn = f"arn:aws:es:{region}:{ACCOUNT}:domain/{domain}"
    return _envelope("aws.es", detail_type, detail, [arn], region)
