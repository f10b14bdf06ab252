"""Error classes, each with its documented exit code and a message key from the catalogue.

Services and rules raise these; only the CLI turns them into text and an exit status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any


class ExitCode(IntEnum):
    """Exit statuses of every kuangqu command (documented in the README)."""

    OK = 0
    INVALID = 1  # invalid input or data; nothing was written
    USAGE = 2  # wrong options (Typer/Click's own code)
    NOT_FOUND = 3
    CONFLICT = 4  # conflict or refused state transition
    DATABASE = 5  # locked, needs upgrade, not a kuangqu database, corrupt, read-only


@dataclass
class Problem:
    """One thing wrong with the input, with where it was found.

    `value` must already be masked by whoever builds the problem.
    """

    key: str
    params: dict[str, Any] = field(default_factory=dict)
    field: str | None = None
    value: str | None = None
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def message(self, lang: str | None = None) -> str:
        from kuangqu.i18n import t

        return t(self.key, lang=lang, **self.params)


class KuangquError(Exception):
    """Base of all expected errors: a message key, its parameters and an exit code."""

    exit_code: ExitCode = ExitCode.INVALID

    def __init__(self, key: str, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def message(self, lang: str | None = None) -> str:
        from kuangqu.i18n import t

        return t(self.key, lang=lang, **self.params)

    def __str__(self) -> str:
        return self.message()


class RuleViolation(KuangquError):
    """A value breaks a domain rule (bad ID, impossible date, bad amount…). Exit code 1."""

    exit_code = ExitCode.INVALID


class InvalidInput(KuangquError):
    """Input rejected as a whole, with the list of problems found. Exit code 1."""

    exit_code = ExitCode.INVALID

    def __init__(
        self, problems: list[Problem] | None = None, key: str = "error.invalid_input", **params: Any
    ) -> None:
        super().__init__(key, **params)
        self.problems = problems or []


class NotFound(KuangquError):
    exit_code = ExitCode.NOT_FOUND


class Conflict(KuangquError):
    """Duplicate record, identity conflict, or a refused state transition. Exit code 4."""

    exit_code = ExitCode.CONFLICT


class DatabaseProblem(KuangquError):
    exit_code = ExitCode.DATABASE
