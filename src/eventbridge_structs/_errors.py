# The one exception bad input raises, and the translation of msgspec's
# errors into it. Paths follow msgspec's JSONPath-like notation
# (``$.detail.sync-status``, ``$[3].time``), with a missing required field
# reported at the field's own path.
from __future__ import annotations

import msgspec

__all__ = ["DecodeError"]

_AT = " - at `"
_MISSING = "Object missing required field `"


class DecodeError(ValueError):
    """Raised for every kind of bad input: invalid JSON, a wrong type, a
    missing required field, a bad datetime, an unregistered event type in
    strict mode.

    Parameters
    ----------
    reason : str
        What is wrong, without the location.
    path : str
        The JSON path of the offending value, ``$`` for the whole document.
    line : int, optional
        The 1-based line of the record, for line-oriented input.

    Attributes
    ----------
    reason : str
    path : str
    line : int or None
    """

    def __init__(self, reason: str, path: str = "$", *, line: int | None = None):
        self.reason = reason
        self.path = path
        self.line = line
        where = f" (line {line})" if line is not None else ""
        super().__init__(f"{reason} - at `{path}`{where}")

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild, (self.reason, self.path, self.line))

    def relocated(self, prefix: str, *, line: int | None = None) -> DecodeError:
        """Return this error with its path moved under ``prefix``.

        Parameters
        ----------
        prefix : str
            A path such as ``$[3]``; ``$.time`` becomes ``$[3].time``.
        line : int, optional
            The line to record, if any.
        """
        err = DecodeError(self.reason, prefix + self.path[1:], line=line)
        err.__cause__ = self.__cause__
        return err


def _rebuild(reason: str, path: str, line: int | None) -> DecodeError:
    return DecodeError(reason, path, line=line)


def from_msgspec(exc: Exception) -> DecodeError:
    """Translate a msgspec (or recursion) error into a :class:`DecodeError`."""
    if isinstance(exc, RecursionError):
        err = DecodeError("Input is nested too deeply")
    elif isinstance(exc, UnicodeError):
        # A string msgspec had to read holds invalid UTF-8 (bytes input, with
        # msgspec < 0.23), or str input holds a lone surrogate; msgspec gives
        # no location. Worded as msgspec >= 0.23 words its own error.
        reason = getattr(exc, "reason", exc)
        err = DecodeError(f"Invalid UTF-8 encoded string ({reason})")
    else:
        message = str(exc)
        reason, sep, rest = message.partition(_AT)
        path = rest[:-1] if sep and rest.endswith("`") else "$"
        if reason.startswith(_MISSING) and reason.endswith("`"):
            path = f"{path}.{reason[len(_MISSING) : -1]}"
        err = DecodeError(reason, path)
    err.__cause__ = exc
    return err


#: The exceptions that msgspec raises for bad input.
MSGSPEC_ERRORS = (
    msgspec.ValidationError,
    msgspec.DecodeError,
    RecursionError,
    UnicodeError,
)
