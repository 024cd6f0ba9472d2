# Derived, offline properties of the ECS event classes (mixins the generator
# makes bases of the classes in eventbridge_structs.ecs), and the
# SystemResources value they return. botocraft 0.36.0's properties
# (botocraft/eventbridge/ecs.py) are the spec.
"""Derived properties of the ECS events."""

from __future__ import annotations

from typing import TYPE_CHECKING

import msgspec

if TYPE_CHECKING:
    from ..ecs import (
        ECSContainerInstanceStateChange,
        ECSServiceAction,
        ECSTaskStateChange,
        ResourceDetails,
    )

__all__ = [
    "MIXINS",
    "ECSContainerInstanceStateChangeMixin",
    "ECSServiceActionMixin",
    "ECSTaskStateChangeMixin",
    "SystemResources",
]


class SystemResources(msgspec.Struct, frozen=True, gc=False):
    """The CPU and memory of a container instance (botocraft's
    ``SystemResources`` dataclass, with its fields).

    Attributes
    ----------
    cpu : float or None
        The CPU units.
    memory : float or None
        The memory, in MiB.
    """

    cpu: float | None = None
    memory: float | None = None


def _system_resources(resources: list[ResourceDetails]) -> SystemResources:
    """The ``CPU`` and ``MEMORY`` entries' ``integerValue`` of ``resources``.

    As botocraft's loop: the last entry of each name wins, and a list without
    a ``CPU`` or a ``MEMORY`` entry raises :exc:`UnboundLocalError`.
    """
    for resource in resources:
        if resource.name == "CPU":
            cpu = resource.integerValue
        elif resource.name == "MEMORY":
            memory = resource.integerValue
    return SystemResources(cpu=cpu, memory=memory)


class ECSTaskStateChangeMixin:
    """Properties of ``ECSTaskStateChangeEvent``."""

    __slots__ = ()

    if TYPE_CHECKING:
        detail: ECSTaskStateChange

    @property
    def architecture(self) -> str | None:
        """The task's CPU architecture, from its ``ecs.architecture`` attribute.

        Returns
        -------
        str or None
            The ``value`` of the first attribute named ``ecs.architecture``
            (None when that attribute has no value); ``"x86_64"`` when no
            attribute has that name.
        """
        for attribute in self.detail.attributes:
            if attribute.name == "ecs.architecture":
                return attribute.value
        return "x86_64"

    @property
    def is_fargate(self) -> bool:
        """Whether the task runs on Fargate.

        Returns
        -------
        bool
            True when ``detail.launchType`` is ``"FARGATE"`` (exactly).
        """
        return self.detail.launchType == "FARGATE"


class ECSServiceActionMixin:
    """Properties of ``ECSServiceActionEvent``."""

    __slots__ = ()

    if TYPE_CHECKING:
        detail: ECSServiceAction

    @property
    def event_type(self) -> str:
        """The action's event type (``INFO``, ``WARN`` or ``ERROR``).

        Returns
        -------
        str
            ``detail.eventType``.
        """
        return self.detail.eventType


class ECSContainerInstanceStateChangeMixin:
    """Properties of ``ECSContainerInstanceStateChangeEvent`` (botocraft's
    camelCase names)."""

    __slots__ = ()

    if TYPE_CHECKING:
        detail: ECSContainerInstanceStateChange

    @property
    def remainingResources(self) -> SystemResources:
        """The CPU and memory still free on the container instance.

        Returns
        -------
        SystemResources
            The ``integerValue`` of the ``CPU`` and ``MEMORY`` entries of
            ``detail.remainingResources`` (the last of each name).

        Raises
        ------
        UnboundLocalError
            When there is no ``CPU`` or no ``MEMORY`` entry, as botocraft's
            property raises.
        """
        return _system_resources(self.detail.remainingResources)

    @property
    def registeredResources(self) -> SystemResources:
        """The CPU and memory the container instance registered with.

        Returns
        -------
        SystemResources
            The ``integerValue`` of the ``CPU`` and ``MEMORY`` entries of
            ``detail.registeredResources`` (the last of each name).

        Raises
        ------
        UnboundLocalError
            When there is no ``CPU`` or no ``MEMORY`` entry, as botocraft's
            property raises.
        """
        return _system_resources(self.detail.registeredResources)


#: Generated event class -> the mixin it inherits (read by the generator).
MIXINS: dict[str, str] = {
    "ECSContainerInstanceStateChangeEvent": "ECSContainerInstanceStateChangeMixin",
    "ECSServiceActionEvent": "ECSServiceActionMixin",
    "ECSTaskStateChangeEvent": "ECSTaskStateChangeMixin",
}
