"""Exception classes: one per error kind of the library, under `WorkforceError`."""

from __future__ import annotations

from typing import Optional

__all__ = [
    "WorkforceError",
    "IoError",
    "InvalidDataError",
    "MissingDataError",
    "InvalidArgumentError",
    "ConfigError",
    "InternalError",
]


class WorkforceError(Exception):
    """Base class of every error raised by the library.

    Attributes:
        kind: the library's error kind (``"io"``, ``"invalid_data"``, ``"missing_data"``,
            ``"invalid_argument"``, ``"config"``, ``"internal"``).
        file: the file (or canonical table) concerned, when known.
        row: the 1-based line number in the file (header = line 1), or the 1-based row
            position for tables handed over in memory, when known.
        column: the column name, when known.
        value: the offending value as read, when known.

    Example:
        >>> try:
        ...     workforce.load("no/such/folder")
        ... except workforce.WorkforceError as e:
        ...     print(e.kind, e.file)
    """

    kind: str = "unknown"

    def __init__(
        self,
        message: str,
        *,
        kind: Optional[str] = None,
        file: Optional[str] = None,
        row: Optional[int] = None,
        column: Optional[str] = None,
        value: Optional[str] = None,
    ) -> None:
        super().__init__(message)
        if kind is not None:
            self.kind = kind
        self.message = message
        self.file = file
        self.row = row
        self.column = column
        self.value = value


class IoError(WorkforceError, OSError):
    """A file could not be opened, read or written (also an ``OSError``)."""

    kind = "io"


class InvalidDataError(WorkforceError, ValueError):
    """Input data is malformed: a bad value, a missing required column, a broken reference.
    (Also a ``ValueError``.)"""

    kind = "invalid_data"


class MissingDataError(WorkforceError):
    """A metric needs an optional input (such as case allocations) that is absent."""

    kind = "missing_data"


class InvalidArgumentError(WorkforceError, ValueError):
    """An argument or option is invalid: a bad date, an unknown unit or metric, a bad range.
    (Also a ``ValueError``.)"""

    kind = "invalid_argument"


class ConfigError(WorkforceError):
    """A configuration or mapping file is invalid."""

    kind = "config"


class InternalError(WorkforceError, RuntimeError):
    """An internal invariant failed; please report it. (Also a ``RuntimeError``.)"""

    kind = "internal"
