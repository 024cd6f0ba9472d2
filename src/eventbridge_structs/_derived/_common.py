# Helpers shared by the _derived mixins: botocraft 0.36.0's
# ``first_resource`` / ``second_resource`` (botocraft/eventbridge/common.py),
# which are the spec.
"""Resource helpers shared by the derived properties."""

from __future__ import annotations

__all__ = ["first_resource", "second_resource"]


def first_resource(resources: list[str]) -> str | None:
    """The first resource ARN of an event, as botocraft reads it.

    Parameters
    ----------
    resources : list of str
        The event's ``resources``.

    Returns
    -------
    str or None
        ``resources[0]``, or None when the list is empty.
    """
    if len(resources) < 1:
        return None
    return resources[0]


def second_resource(resources: list[str]) -> str | None:
    """The second resource ARN of an event, as botocraft reads it.

    Parameters
    ----------
    resources : list of str
        The event's ``resources``.

    Returns
    -------
    str or None
        ``resources[1]``, or None when the list has fewer than two entries.
    """
    if len(resources) < 2:
        return None
    return resources[1]
