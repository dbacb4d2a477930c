"""What a converter from another format hands back: a bank document, where it came from, notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizapp.bankfile import FORMAT, BankIssue
from quizapp.bankfile.issues import Path


@dataclass
class Converted:
    """A file of another format turned into data shaped like a ``quizapp/1`` bank file.

    ``marks`` places each question at its line in the original file, ``labels``
    names it as people reading that file would (``question 4 (capitals)``, ``row 12``),
    ``issues`` are constructs that could not be converted and ``notes`` what was
    converted with a loss (feedback dropped, a matching question split up).
    """

    filename: str
    slug: str
    title: str
    questions: list[dict[str, Any]] = field(default_factory=list)
    marks: dict[Path, tuple[int | None, int | None]] = field(default_factory=dict)
    labels: dict[int, str] = field(default_factory=dict)
    issues: list[BankIssue] = field(default_factory=list)
    notes: list[BankIssue] = field(default_factory=list)

    def add_question(
        self, question: dict[str, Any], *, line: int | None, column: int | None, label: str
    ):
        index = len(self.questions)
        self.questions.append(question)
        self.marks[("questions", index)] = (line, column)
        self.labels[index] = label

    def error(self, line: int | None, column: int | None, where: str, message: str) -> None:
        self.issues.append(BankIssue(self.filename, line, column, where, message))

    def note(self, line: int | None, where: str, message: str) -> None:
        self.notes.append(BankIssue(self.filename, line, 1 if line else None, where, message))

    def document(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "bank": {"slug": self.slug, "title": self.title},
            "questions": self.questions,
        }
