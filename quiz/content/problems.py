"""Problems found in content files, each pointing at a file and line a teacher can open."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    field: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR
    excerpt: str = dataclasses.field(default="", compare=False)  # the text of that line

    def __str__(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        label = "warning: " if self.severity is Severity.WARNING else ""
        return f"{self.path}:{self.line}: {label}{self.field}: {self.message}{hint}"


class ContentError(Exception):
    """Raised when content cannot be served; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__(format_report(self.problems))


def format_report(problems: list[Problem]) -> str:
    errors = sum(p.severity is Severity.ERROR for p in problems)
    warnings = len(problems) - errors
    lines = [str(problem) for problem in sorted(problems)]
    lines.append(f"{errors} error(s), {warnings} warning(s).")
    return "\n".join(lines)
