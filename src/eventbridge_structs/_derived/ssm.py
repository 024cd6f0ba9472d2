# Derived, offline properties of the Systems Manager event classes (mixins
# the generator makes bases of the classes in eventbridge_structs.ssm).
# botocraft 0.36.0's properties (botocraft/eventbridge/ssm.py) are the spec.
"""Derived properties of the Systems Manager events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._common import first_resource, second_resource

if TYPE_CHECKING:
    from ..ssm import (
        CalendarStateChange,
        SSMChangeRequestStatusUpdateDetail,
        SSMConfigurationComplianceStateChangeDetail,
    )

__all__ = [
    "MIXINS",
    "AssociationMixin",
    "AutomationMixin",
    "CalendarStateChangeMixin",
    "ChangeRequestStatusUpdateMixin",
    "ConfigurationComplianceStateChangeMixin",
    "InstanceAssociationMixin",
    "InstanceMixin",
    "MaintenanceWindowMixin",
    "MaintenanceWindowTargetRegistrationMixin",
    "OpsItemMixin",
    "ParameterStoreChangeMixin",
]


class AutomationMixin:
    """Properties of the two Automation events (step and execution status
    changes)."""

    __slots__ = ()

    if TYPE_CHECKING:
        resources: list[str]

    @property
    def automation_execution_arn(self) -> str | None:
        """The Automation execution's ARN: the event's first resource.

        Returns
        -------
        str or None
            ``resources[0]``, or None when ``resources`` is empty.
        """
        return first_resource(self.resources)

    @property
    def automation_definition_arn(self) -> str | None:
        """The Automation definition's ARN: the event's second resource.

        Returns
        -------
        str or None
            ``resources[1]``, or None when ``resources`` has fewer than two
            entries.
        """
        return second_resource(self.resources)


class CalendarStateChangeMixin:
    """Properties of ``SSMCalendarStateChangeEvent``."""

    __slots__ = ()

    if TYPE_CHECKING:
        detail: CalendarStateChange
        resources: list[str]

    @property
    def calendar_arn(self) -> str | None:
        """The change calendar's ARN: the event's first resource.

        Returns
        -------
        str or None
            ``resources[0]``, or None when ``resources`` is empty.
        """
        return first_resource(self.resources)

    @property
    def is_open(self) -> bool:
        """Whether the calendar is now open.

        Returns
        -------
        bool
            True when ``detail.state``, upper-cased, is ``"OPEN"``.
        """
        return self.detail.state.upper() == "OPEN"

    @property
    def is_closed(self) -> bool:
        """Whether the calendar is now closed.

        Returns
        -------
        bool
            True when ``detail.state``, upper-cased, is ``"CLOSED"``.
        """
        return self.detail.state.upper() == "CLOSED"


class OpsItemMixin:
    """Properties of the OpsItem events (create and update)."""

    __slots__ = ()

    if TYPE_CHECKING:
        resources: list[str]

    @property
    def ops_item_arn(self) -> str | None:
        """The OpsItem's ARN: the event's first resource.

        Returns
        -------
        str or None
            ``resources[0]``, or None when ``resources`` is empty.
        """
        return first_resource(self.resources)


class ChangeRequestStatusUpdateMixin(OpsItemMixin):
    """Properties of ``SSMChangeRequestStatusUpdateEvent``."""

    __slots__ = ()

    if TYPE_CHECKING:
        detail: SSMChangeRequestStatusUpdateDetail

    @property
    def runbook_document_arn(self) -> str:
        """The change request's runbook document ARN.

        Returns
        -------
        str
            ``detail.runbook_document_arn`` (JSON ``runbook-document-arn``).
        """
        return self.detail.runbook_document_arn


class ConfigurationComplianceStateChangeMixin:
    """Properties of ``SSMConfigurationComplianceStateChangeEvent``."""

    __slots__ = ()

    if TYPE_CHECKING:
        detail: SSMConfigurationComplianceStateChangeDetail
        resources: list[str]

    @property
    def resource_arn(self) -> str | None:
        """The managed resource's ARN: the event's first resource.

        Returns
        -------
        str or None
            ``resources[0]``, or None when ``resources`` is empty.
        """
        return first_resource(self.resources)

    @property
    def is_compliant(self) -> bool:
        """Whether the resource is compliant.

        Returns
        -------
        bool
            True when ``detail.compliance_status`` (JSON
            ``compliance-status``), lower-cased, is ``"compliant"``.
        """
        return self.detail.compliance_status.lower() == "compliant"


class MaintenanceWindowMixin:
    """Properties of the maintenance window events."""

    __slots__ = ()

    if TYPE_CHECKING:
        resources: list[str]

    @property
    def maintenance_window_arn(self) -> str | None:
        """The maintenance window's ARN: the event's first resource.

        Returns
        -------
        str or None
            ``resources[0]``, or None when ``resources`` is empty.
        """
        return first_resource(self.resources)


class MaintenanceWindowTargetRegistrationMixin(MaintenanceWindowMixin):
    """Properties of
    ``SSMMaintenanceWindowTargetRegistrationNotificationEvent``."""

    __slots__ = ()

    @property
    def window_target_arn(self) -> str | None:
        """The window target's ARN: the event's second resource.

        Returns
        -------
        str or None
            ``resources[1]``, or None when ``resources`` has fewer than two
            entries.
        """
        return second_resource(self.resources)


class ParameterStoreChangeMixin:
    """Properties of ``SSMParameterStoreChangeEvent``."""

    __slots__ = ()

    if TYPE_CHECKING:
        resources: list[str]

    @property
    def parameter_arn(self) -> str | None:
        """The parameter's ARN: the event's first resource.

        Returns
        -------
        str or None
            ``resources[0]``, or None when ``resources`` is empty.
        """
        return first_resource(self.resources)


class InstanceMixin:
    """Properties of the Run Command events (command and invocation status
    changes)."""

    __slots__ = ()

    if TYPE_CHECKING:
        resources: list[str]

    @property
    def instance_arn(self) -> str | None:
        """The managed instance's ARN: the event's first resource.

        Returns
        -------
        str or None
            ``resources[0]``, or None when ``resources`` is empty.
        """
        return first_resource(self.resources)


class AssociationMixin:
    """Properties of ``SSMEC2StateManagerAssociationStateChangeEvent``."""

    __slots__ = ()

    if TYPE_CHECKING:
        resources: list[str]

    @property
    def document_arn(self) -> str | None:
        """The SSM document's ARN: the event's first resource.

        Returns
        -------
        str or None
            ``resources[0]``, or None when ``resources`` is empty.
        """
        return first_resource(self.resources)


class InstanceAssociationMixin(InstanceMixin):
    """Properties of
    ``SSMEC2StateManagerInstanceAssociationStateChangeEvent``."""

    __slots__ = ()

    @property
    def document_arn(self) -> str | None:
        """The SSM document's ARN: the event's second resource.

        Returns
        -------
        str or None
            ``resources[1]``, or None when ``resources`` has fewer than two
            entries.
        """
        return second_resource(self.resources)


#: Generated event class -> the mixin it inherits (read by the generator).
MIXINS: dict[str, str] = {
    "SSMCalendarStateChangeEvent": "CalendarStateChangeMixin",
    "SSMChangeRequestStatusUpdateEvent": "ChangeRequestStatusUpdateMixin",
    "SSMConfigurationComplianceStateChangeEvent": (
        "ConfigurationComplianceStateChangeMixin"
    ),
    "SSMEC2AutomationExecutionStatusChangeNotificationEvent": "AutomationMixin",
    "SSMEC2AutomationStepStatusChangeNotificationEvent": "AutomationMixin",
    "SSMEC2CommandInvocationStatusChangeNotificationEvent": "InstanceMixin",
    "SSMEC2CommandStatusChangeNotificationEvent": "InstanceMixin",
    "SSMEC2StateManagerAssociationStateChangeEvent": "AssociationMixin",
    "SSMEC2StateManagerInstanceAssociationStateChangeEvent": (
        "InstanceAssociationMixin"
    ),
    "SSMMaintenanceWindowExecutionStateChangeNotificationEvent": (
        "MaintenanceWindowMixin"
    ),
    "SSMMaintenanceWindowStateChangeNotificationEvent": "MaintenanceWindowMixin",
    "SSMMaintenanceWindowTargetRegistrationNotificationEvent": (
        "MaintenanceWindowTargetRegistrationMixin"
    ),
    "SSMMaintenanceWindowTaskExecutionStateChangeNotificationEvent": (
        "MaintenanceWindowMixin"
    ),
    "SSMMaintenanceWindowTaskTargetInvocationStateChangeNotificationEvent": (
        "MaintenanceWindowMixin"
    ),
    "SSMOpsItemCreateEvent": "OpsItemMixin",
    "SSMOpsItemUpdateEvent": "OpsItemMixin",
    "SSMParameterStoreChangeEvent": "ParameterStoreChangeMixin",
}
