"""Problems found in a bank file, each placed at a file, line, column and path."""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.errors import QuizappError

Path = tuple[str | int, ...]


def format_path(path: Path) -> str:
    """``("questions", 3, "choices")`` -> ``questions[3].choices``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(document)"


@dataclass(frozen=True, order=True)
class BankIssue:
    file: str
    line: int | None
    column: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}:{self.column or 1}"
        return f"{where}: {self.path}: {self.message}"

    def to_dict(self) -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
        }


class BankValidationError(QuizappError):
    """One or more bank files are invalid; ``issues`` lists every problem found."""

    status = 422
    code = "invalid_bank"

    def __init__(self, issues: list[BankIssue]):
        self.issues = sorted(issues, key=lambda i: (i.file, i.line or 0, i.column or 0))
        count = len(self.issues)
        summary = f"{count} problem{'s' if count != 1 else ''} found"
        super().__init__(summary + ":\n" + "\n".join(str(i) for i in self.issues))
