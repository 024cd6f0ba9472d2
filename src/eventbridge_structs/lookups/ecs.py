# ECS's lookups: the cluster, task, task definition, container instance(s)
# and service(s) an ECS event names, through the Amazon ECS API's
# DescribeClusters, DescribeTasks, DescribeTaskDefinition,
# DescribeContainerInstances and DescribeServices
# (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/), returned as
# typed Structs named after the API's shapes, with the API's camelCase
# names. These are botocraft 0.36.0's ``cluster``, ``task``,
# ``task_definition``, ``container_instance(s)``, ``service(s)``, ``tasks``,
# ``clusters`` and ``task_definitions`` properties, batched: up to 100
# clusters per DescribeClusters, 100 tasks or container instances of one
# cluster per call, 10 services of one cluster per call, and one
# DescribeTaskDefinition per distinct definition.
#
# Which field of which ECS event names what is the table ECS_TARGETS (one
# ECSTargets per event class); the algorithm is _base.ResourceLookups'.
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar, cast

import msgspec

from .. import ecs as ecs_events
from .._envelope import Model
from ._base import (
    E,
    Found,
    LookupFailed,
    Malformed,
    Prop,
    Ref,
    Resolved,
    ResourceBoundEvent,
    ResourceLookups,
    Spec,
    TargetTable,
    resolved_type,
)

__all__ = [
    "ECS_TARGETS",
    "Cluster",
    "Container",
    "ContainerDefinition",
    "ContainerInstance",
    "Deployment",
    "ECSBoundEvent",
    "ECSLookups",
    "ECSResolved",
    "ECSTargets",
    "KeyValuePair",
    "Resource",
    "Service",
    "Tag",
    "Task",
    "TaskDefinition",
]


# --- Result Structs ---------------------------------------------------------------


class Tag(Model, frozen=True, kw_only=True, gc=False):
    """A resource tag.

    See https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Tag.html
    """

    key: str | None = None
    value: str | None = None


class KeyValuePair(Model, frozen=True, kw_only=True, gc=False):
    """A name and value (an attachment's detail, an environment variable).

    See https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_KeyValuePair.html
    """

    name: str | None = None
    value: str | None = None


class Container(Model, frozen=True, kw_only=True, gc=False):
    """A container of a task.

    See https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Container.html
    """

    containerArn: str | None = None
    taskArn: str | None = None
    name: str | None = None
    image: str | None = None
    imageDigest: str | None = None
    runtimeId: str | None = None
    lastStatus: str | None = None
    exitCode: int | None = None
    reason: str | None = None
    healthStatus: str | None = None
    cpu: str | None = None
    memory: str | None = None
    memoryReservation: str | None = None
    networkBindings: list[dict[str, Any]] = msgspec.field(default_factory=list)
    networkInterfaces: list[dict[str, Any]] = msgspec.field(default_factory=list)
    gpuIds: list[str] = msgspec.field(default_factory=list)


class Task(Model, frozen=True, kw_only=True, gc=False):
    """A task, as DescribeTasks returns it.

    See https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Task.html
    """

    taskArn: str
    clusterArn: str | None = None
    taskDefinitionArn: str | None = None
    containerInstanceArn: str | None = None
    lastStatus: str | None = None
    desiredStatus: str | None = None
    launchType: str | None = None
    capacityProviderName: str | None = None
    platformVersion: str | None = None
    platformFamily: str | None = None
    cpu: str | None = None
    memory: str | None = None
    availabilityZone: str | None = None
    group: str | None = None
    startedBy: str | None = None
    connectivity: str | None = None
    healthStatus: str | None = None
    stopCode: str | None = None
    stoppedReason: str | None = None
    version: int | None = None
    enableExecuteCommand: bool | None = None
    createdAt: datetime | None = None
    connectivityAt: datetime | None = None
    pullStartedAt: datetime | None = None
    pullStoppedAt: datetime | None = None
    startedAt: datetime | None = None
    stoppingAt: datetime | None = None
    stoppedAt: datetime | None = None
    executionStoppedAt: datetime | None = None
    containers: list[Container] = msgspec.field(default_factory=list)
    attachments: list[dict[str, Any]] = msgspec.field(default_factory=list)
    attributes: list[dict[str, Any]] = msgspec.field(default_factory=list)
    overrides: dict[str, Any] | None = None
    tags: list[Tag] = msgspec.field(default_factory=list)


class Cluster(Model, frozen=True, kw_only=True, gc=False):
    """A cluster, as DescribeClusters returns it.

    See https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Cluster.html
    """

    clusterArn: str
    clusterName: str | None = None
    status: str | None = None
    registeredContainerInstancesCount: int | None = None
    runningTasksCount: int | None = None
    pendingTasksCount: int | None = None
    activeServicesCount: int | None = None
    capacityProviders: list[str] = msgspec.field(default_factory=list)
    defaultCapacityProviderStrategy: list[dict[str, Any]] = msgspec.field(
        default_factory=list
    )
    settings: list[dict[str, Any]] = msgspec.field(default_factory=list)
    statistics: list[dict[str, Any]] = msgspec.field(default_factory=list)
    configuration: dict[str, Any] | None = None
    attachmentsStatus: str | None = None
    tags: list[Tag] = msgspec.field(default_factory=list)


class ContainerDefinition(Model, frozen=True, kw_only=True, gc=False):
    """A container of a task definition.

    See https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html
    """

    name: str | None = None
    image: str | None = None
    cpu: int | None = None
    memory: int | None = None
    memoryReservation: int | None = None
    essential: bool | None = None
    command: list[str] = msgspec.field(default_factory=list)
    entryPoint: list[str] = msgspec.field(default_factory=list)
    environment: list[KeyValuePair] = msgspec.field(default_factory=list)
    portMappings: list[dict[str, Any]] = msgspec.field(default_factory=list)
    secrets: list[dict[str, Any]] = msgspec.field(default_factory=list)
    logConfiguration: dict[str, Any] | None = None
    healthCheck: dict[str, Any] | None = None


class TaskDefinition(Model, frozen=True, kw_only=True, gc=False):
    """A task definition, as DescribeTaskDefinition returns it, with its tags.

    See https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_TaskDefinition.html
    """

    taskDefinitionArn: str
    family: str | None = None
    revision: int | None = None
    status: str | None = None
    taskRoleArn: str | None = None
    executionRoleArn: str | None = None
    networkMode: str | None = None
    cpu: str | None = None
    memory: str | None = None
    pidMode: str | None = None
    ipcMode: str | None = None
    compatibilities: list[str] = msgspec.field(default_factory=list)
    requiresCompatibilities: list[str] = msgspec.field(default_factory=list)
    containerDefinitions: list[ContainerDefinition] = msgspec.field(
        default_factory=list
    )
    volumes: list[dict[str, Any]] = msgspec.field(default_factory=list)
    placementConstraints: list[dict[str, Any]] = msgspec.field(default_factory=list)
    requiresAttributes: list[dict[str, Any]] = msgspec.field(default_factory=list)
    runtimePlatform: dict[str, Any] | None = None
    registeredAt: datetime | None = None
    deregisteredAt: datetime | None = None
    registeredBy: str | None = None
    tags: list[Tag] = msgspec.field(default_factory=list)


class Resource(Model, frozen=True, kw_only=True, gc=False):
    """A container instance's resource (CPU, MEMORY, PORTS...).

    See https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Resource.html
    """

    name: str | None = None
    type: str | None = None
    doubleValue: float | None = None
    longValue: int | None = None
    integerValue: int | None = None
    stringSetValue: list[str] = msgspec.field(default_factory=list)


class ContainerInstance(Model, frozen=True, kw_only=True, gc=False):
    """A container instance, as DescribeContainerInstances returns it.

    See https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerInstance.html
    """

    containerInstanceArn: str
    ec2InstanceId: str | None = None
    capacityProviderName: str | None = None
    version: int | None = None
    versionInfo: dict[str, Any] | None = None
    status: str | None = None
    statusReason: str | None = None
    agentConnected: bool | None = None
    agentUpdateStatus: str | None = None
    runningTasksCount: int | None = None
    pendingTasksCount: int | None = None
    registeredAt: datetime | None = None
    remainingResources: list[Resource] = msgspec.field(default_factory=list)
    registeredResources: list[Resource] = msgspec.field(default_factory=list)
    attributes: list[dict[str, Any]] = msgspec.field(default_factory=list)
    attachments: list[dict[str, Any]] = msgspec.field(default_factory=list)
    tags: list[Tag] = msgspec.field(default_factory=list)


class Deployment(Model, frozen=True, kw_only=True, gc=False):
    """A deployment of a service.

    See https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Deployment.html
    """

    id: str | None = None
    status: str | None = None
    taskDefinition: str | None = None
    desiredCount: int | None = None
    pendingCount: int | None = None
    runningCount: int | None = None
    failedTasks: int | None = None
    createdAt: datetime | None = None
    updatedAt: datetime | None = None
    launchType: str | None = None
    rolloutState: str | None = None
    rolloutStateReason: str | None = None


class Service(Model, frozen=True, kw_only=True, gc=False):
    """A service, as DescribeServices returns it.

    See https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_Service.html
    """

    serviceArn: str
    serviceName: str | None = None
    clusterArn: str | None = None
    status: str | None = None
    taskDefinition: str | None = None
    desiredCount: int | None = None
    runningCount: int | None = None
    pendingCount: int | None = None
    launchType: str | None = None
    platformVersion: str | None = None
    schedulingStrategy: str | None = None
    roleArn: str | None = None
    createdAt: datetime | None = None
    createdBy: str | None = None
    enableExecuteCommand: bool | None = None
    deployments: list[Deployment] = msgspec.field(default_factory=list)
    loadBalancers: list[dict[str, Any]] = msgspec.field(default_factory=list)
    serviceRegistries: list[dict[str, Any]] = msgspec.field(default_factory=list)
    events: list[dict[str, Any]] = msgspec.field(default_factory=list)
    deploymentConfiguration: dict[str, Any] | None = None
    networkConfiguration: dict[str, Any] | None = None
    tags: list[Tag] = msgspec.field(default_factory=list)


# --- What each event class names: the table -----------------------------------------


@dataclass(frozen=True)
class ECSTargets:
    """Which fields of an event class name its ECS resources.

    Each field is a :data:`~eventbridge_structs.lookups.Spec` (a dotted
    attribute path or a function of the event), named after the property it
    serves; ``None`` means the class has no such property. A cluster or task
    definition is read as its ARN or name; a task, container instance or
    service as a ``(cluster, id)`` pair; a plural property as a list.

    Attributes
    ----------
    cluster, clusters : Spec, optional
    task, tasks : Spec, optional
    task_definition, task_definitions : Spec, optional
    container_instance, container_instances : Spec, optional
    service, services : Spec, optional
    region : Spec
        The region of names that are not ARNs (ARNs carry their own).
    account : Spec
        Their account.
    """

    cluster: Spec | None = None
    task: Spec | None = None
    task_definition: Spec | None = None
    container_instance: Spec | None = None
    service: Spec | None = None
    clusters: Spec | None = None
    tasks: Spec | None = None
    task_definitions: Spec | None = None
    container_instances: Spec | None = None
    services: Spec | None = None
    region: Spec = "region"
    account: Spec = "account"


def _in_cluster(id_path: str) -> Callable[[Any], Any]:
    """``(detail.clusterArn, <id_path>)``: one resource of the cluster."""
    names = id_path.split(".")

    def read(event: Any) -> Any:
        value = event
        for name in names:
            value = getattr(value, name, None)
        return (event.detail.clusterArn, value)

    read.__qualname__ = f"(detail.clusterArn, {id_path})"
    return read


def _each_in_cluster(list_path: str) -> Callable[[Any], Any]:
    """``[(detail.clusterArn, id) for id in <list_path>]``."""
    name = list_path.rsplit(".", 1)[-1]

    def read(event: Any) -> Any:
        return [(event.detail.clusterArn, i) for i in getattr(event.detail, name) or ()]

    read.__qualname__ = f"[(detail.clusterArn, id) for id in {list_path}]"
    return read


def _service_resources(event: Any) -> list[tuple[str, str]]:
    """A service action's services: its ``resources`` that are service ARNs,
    in the event's cluster."""
    return [
        (event.detail.clusterArn, arn) for arn in event.resources if ":service/" in arn
    ]


def _deployment_service(event: Any) -> tuple[str, str] | None:
    """A deployment state change's service: ``resources[0]``
    (``arn:aws:ecs:<region>:<account>:service/<cluster>/<name>``), in its
    cluster."""
    arn = event.resources[0] if event.resources else None
    if not isinstance(arn, str) or ":service/" not in arn:
        return None
    parts = arn.split(":service/", 1)[1].split("/")
    cluster = parts[0] if len(parts) == 2 else None
    return (cluster, arn) if cluster else None


def _deployment_cluster(event: Any) -> str | None:
    found = _deployment_service(event)
    if found is None:
        return None
    prefix = event.resources[0].split(":service/", 1)[0]
    return f"{prefix}:cluster/{found[0]}"


def _response_tasks(event: Any) -> list[dict[str, Any]]:
    """A CloudTrail call's ``responseElements.tasks`` (RunTask, StartTask,
    StopTask...), as botocraft reads them."""
    elements = event.detail.responseElements
    tasks = elements.get("tasks") if isinstance(elements, dict) else None
    if not isinstance(tasks, list):
        return []
    return [task for task in tasks if isinstance(task, dict)]


def _each_task(field: str, in_cluster: bool) -> Callable[[Any], Any]:
    def read(event: Any) -> Any:
        tasks = _response_tasks(event)
        if in_cluster:
            return [
                (task.get("clusterArn"), task.get(field))
                for task in tasks
                if task.get("clusterArn") and task.get(field)
            ]
        return [task.get(field) for task in tasks if task.get(field)]

    read.__qualname__ = f"responseElements.tasks[].{field}"
    return read


#: Which fields of each ECS event class name its resources (botocraft
#: 0.36.0's properties). Subclasses inherit their parent's entry.
ECS_TARGETS: TargetTable[ECSTargets] = TargetTable(
    "ECS",
    {
        ecs_events.ECSTaskStateChangeEvent: ECSTargets(
            cluster="detail.clusterArn",
            task=_in_cluster("detail.taskArn"),
            task_definition="detail.taskDefinitionArn",
            container_instance=_in_cluster("detail.containerInstanceArn"),
        ),
        ecs_events.ECSServiceActionEvent: ECSTargets(
            cluster="detail.clusterArn",
            tasks=_each_in_cluster("detail.taskArns"),
            container_instances=_each_in_cluster("detail.containerInstanceArns"),
            services=_service_resources,
        ),
        ecs_events.ECSContainerInstanceStateChangeEvent: ECSTargets(
            cluster="detail.clusterArn",
            container_instance=_in_cluster("detail.containerInstanceArn"),
        ),
        ecs_events.ECSServiceDeploymentStateChangeEvent: ECSTargets(
            cluster=_deployment_cluster,
            service=_deployment_service,
        ),
        ecs_events.ECSAWSAPICallViaCloudTrailEvent: ECSTargets(
            clusters=_each_task("clusterArn", in_cluster=False),
            task_definitions=_each_task("taskDefinitionArn", in_cluster=False),
            tasks=_each_task("taskArn", in_cluster=True),
            container_instances=_each_task("containerInstanceArn", in_cluster=True),
        ),
    },
)


# --- Rows and views -----------------------------------------------------------------

_PROPERTIES: dict[str, Prop] = {
    "cluster": Prop("cluster"),
    "task": Prop("task"),
    "task_definition": Prop("task_definition"),
    "container_instance": Prop("container_instance"),
    "service": Prop("service"),
    "clusters": Prop("cluster", plural=True),
    "tasks": Prop("task", plural=True),
    "task_definitions": Prop("task_definition", plural=True),
    "container_instances": Prop("container_instance", plural=True),
    "services": Prop("service", plural=True),
}

ECSResolved: type[Resolved] = resolved_type(
    "ECSResolved",
    tuple(_PROPERTIES),
    "One event's row from :meth:`ECSLookups.resolve`: the event, one field "
    "per ECS property (``None`` when its class does not declare it), and "
    "the error.",
)


class ECSBoundEvent(ResourceBoundEvent[E]):
    """A read-only view of an event bound to an :class:`ECSLookups`: the
    event's attributes read through; its ECS properties are looked up once
    per view (a property its class does not declare raises ``TypeError``)."""

    __slots__ = ()

    @property
    def cluster(self) -> Cluster | None:
        """The cluster the event names (DescribeClusters)."""
        return cast("Cluster | None", self._lookup("cluster"))

    @property
    def task(self) -> Task | None:
        """The task the event names (DescribeTasks)."""
        return cast("Task | None", self._lookup("task"))

    @property
    def task_definition(self) -> TaskDefinition | None:
        """The task definition the event names (DescribeTaskDefinition)."""
        return cast("TaskDefinition | None", self._lookup("task_definition"))

    @property
    def container_instance(self) -> ContainerInstance | None:
        """The container instance the event names (DescribeContainerInstances);
        ``None`` when it names none (a Fargate task)."""
        return cast("ContainerInstance | None", self._lookup("container_instance"))

    @property
    def service(self) -> Service | None:
        """The service the event names (DescribeServices)."""
        return cast("Service | None", self._lookup("service"))

    @property
    def clusters(self) -> list[Cluster]:
        """The clusters the event names, those that exist."""
        return cast("list[Cluster]", self._lookup("clusters"))

    @property
    def tasks(self) -> list[Task]:
        """The tasks the event names, those that exist."""
        return cast("list[Task]", self._lookup("tasks"))

    @property
    def task_definitions(self) -> list[TaskDefinition]:
        """The task definitions the event names, those that exist."""
        return cast("list[TaskDefinition]", self._lookup("task_definitions"))

    @property
    def container_instances(self) -> list[ContainerInstance]:
        """The container instances the event names, those that exist."""
        return cast("list[ContainerInstance]", self._lookup("container_instances"))

    @property
    def services(self) -> list[Service]:
        """The services the event names, those that exist."""
        return cast("list[Service]", self._lookup("services"))


# --- The lookups ------------------------------------------------------------------

#: Kind -> (operation, batch size, request's parameter, response's list, its
#: ARN field, its name field, the Struct).
_KINDS: dict[str, tuple[str, int, str, str, str, str, type[Model]]] = {
    "cluster": (
        "DescribeClusters",
        100,
        "clusters",
        "clusters",
        "clusterArn",
        "clusterName",
        Cluster,
    ),
    "task": ("DescribeTasks", 100, "tasks", "tasks", "taskArn", "", Task),
    "container_instance": (
        "DescribeContainerInstances",
        100,
        "containerInstances",
        "containerInstances",
        "containerInstanceArn",
        "",
        ContainerInstance,
    ),
    "service": (
        "DescribeServices",
        10,
        "services",
        "services",
        "serviceArn",
        "serviceName",
        Service,
    ),
}


def _tail(value: str) -> str:
    """The last ``/`` segment: an ARN's id or name."""
    return value.rsplit("/", 1)[-1]


class ECSLookups(ResourceLookups[ECSTargets, Resolved]):
    """Look up the ECS clusters, tasks, task definitions, container
    instances and services events name, batched and cached.

    What each event class names is its entry in :attr:`targets`
    (:data:`ECS_TARGETS`). The region and account of a resource are its
    ARN's (else the event's). Not found is ``None`` (or, for a plural
    property, a shorter list); any other failure raises
    :class:`~eventbridge_structs.lookups.LookupFailed`.

    Parameters
    ----------
    session : boto3.Session, optional
    **options
        As :class:`~eventbridge_structs.lookups.ServiceLookups`:
        ``endpoint_url``, ``retry_mode``, ``max_attempts``, ``config``,
        ``cache_size``.

    Examples
    --------
    >>> view = ECSLookups(boto3.Session()).bind(task_state_change)
    >>> view.task.lastStatus, view.task_definition.family
    """

    service = "ecs"
    targets = ECS_TARGETS
    not_found = frozenset({"ClusterNotFoundException"})
    properties = _PROPERTIES
    parent_kinds: ClassVar[dict[str, str]] = {
        "task": "cluster",
        "container_instance": "cluster",
        "service": "cluster",
    }
    resolved_type = ECSResolved
    bound_type = ECSBoundEvent

    def _ref(self, kind: str, raw: Any, event: Any, targets: ECSTargets) -> Ref | None:
        ref = super()._ref(kind, raw, event, targets)
        if ref is None or not ref.parent:
            return ref
        # One cluster, however the event writes it: batches go by its name.
        return Ref(ref.region, ref.account, _tail(ref.parent), ref.id)

    def _fetch(self, kind: str, group: tuple[str, str, str], ids: list[str]) -> Found:
        if kind == "task_definition":
            return self._task_definitions(group, ids)
        operation, size, param, field, arn_field, name_field, shape = _KINDS[kind]
        cluster = group[2]

        def params(chunk: list[str]) -> dict[str, Any]:
            request: dict[str, Any] = {param: chunk}
            if cluster:
                request["cluster"] = cluster
            return request

        def parse(response: Any, chunk: list[str]) -> Found:
            items = response.get(field)
            if not isinstance(items, list):
                raise Malformed(field)
            index: dict[str, Any] = {}
            for item in items:
                arn = item.get(arn_field)
                for key in (arn, _tail(arn or ""), item.get(name_field)):
                    if key:
                        index.setdefault(key, item)
            failures: dict[str, dict[str, Any]] = {}
            for failure in response.get("failures") or ():
                arn = failure.get("arn") or ""
                failures.setdefault(arn, failure)
                failures.setdefault(_tail(arn), failure)
            found: Found = {}
            for ident in chunk:
                item = index.get(ident) or index.get(_tail(ident))
                if item is not None:
                    found[ident] = msgspec.convert(item, shape)
                    continue
                failure = failures.get(ident) or failures.get(_tail(ident))
                reason = (failure or {}).get("reason") or "MISSING"
                if reason != "MISSING":
                    ref = Ref(*group, ident)
                    detail = (failure or {}).get("detail") or reason
                    found[ident] = self.failed(operation, kind, ref, reason, detail)
            return found

        return self.batched(
            operation,
            kind,
            group,
            ids,
            size=size,
            params=params,
            parse=parse,
            split=frozenset({"InvalidParameterException"}),
        )

    def _task_definitions(self, group: tuple[str, str, str], ids: list[str]) -> Found:
        """One DescribeTaskDefinition (with its tags) per definition."""

        def parse(response: Any, chunk: list[str]) -> Found:
            item = response.get("taskDefinition")
            if not isinstance(item, dict):
                raise Malformed("taskDefinition")
            fields = {**item, "tags": response.get("tags") or []}
            return {chunk[0]: msgspec.convert(fields, TaskDefinition)}

        found = self.batched(
            "DescribeTaskDefinition",
            "task_definition",
            group,
            ids,
            size=1,
            params=lambda chunk: {"taskDefinition": chunk[0], "include": ["TAGS"]},
            parse=parse,
        )
        for ident, value in found.items():
            # ECS answers a definition that does not exist with a generic
            # ClientException.
            if (
                isinstance(value, LookupFailed)
                and value.code == "ClientException"
                and "Unable to describe task definition" in value.reason
            ):
                found[ident] = None
        return found
