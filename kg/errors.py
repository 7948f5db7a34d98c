"""Errors raised by kg.

Every error a user can cause derives from :class:`KGError`; the command line
turns these, and only these, into a one-line message and a non-zero exit.
"""

from __future__ import annotations

__all__ = [
    "KGError",
    "InputError",
    "FuzzyDateError",
    "ResolutionError",
    "ValidationError",
    "QueryError",
    "QuerySecurityError",
    "QueryTimeoutError",
    "StoreError",
    "AnalysisError",
    "ExportError",
]


class KGError(Exception):
    """Base class of every error kg raises on purpose."""


class InputError(KGError):
    """A curated input file is malformed or holds a bad value.

    ``location`` says where: ``file:line`` and the field, so the user can fix it.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
    ):
        self.file, self.line, self.field = file, line, field
        where = ""
        if file:
            where = f"{file}:{line}" if line else str(file)
        if field:
            where = f"{where} (field '{field}')" if where else f"field '{field}'"
        self.reason = message
        super().__init__(f"{where}: {message}" if where else message)


class FuzzyDateError(KGError, ValueError):
    """A date expression cannot be read, or names a date that does not exist."""


class ResolutionError(InputError):
    """A reference names no entity, or more than one."""


class ValidationError(KGError):
    """The graph breaks the SHACL shapes; ``violations`` lists each one in plain words."""

    def __init__(self, violations: list[str], problems: list[InputError] | None = None):
        self.violations = violations
        self.problems = problems or []
        super().__init__(f"{len(violations)} violation(s):\n" + "\n".join(violations))


class QueryError(KGError):
    """A SPARQL query is malformed, unknown by name, or misses a parameter."""


class QuerySecurityError(QueryError):
    """A query would reach the network or the file system (SERVICE, LOAD, FROM <file:...>)."""


class QueryTimeoutError(QueryError):
    """A query ran past its deadline (``--timeout``) and was stopped."""


class StoreError(KGError):
    """The store or a build folder is missing or unusable."""


class AnalysisError(KGError):
    """An analysis was asked for something it cannot answer: an unknown source, entity or
    certainty level, or a date window that makes no sense (an end before its start)."""


class ExportError(KGError):
    """An export cannot be written: an unknown entity or query column to draw, an output file
    whose suffix names no format kg writes, or a missing vis-network asset."""
