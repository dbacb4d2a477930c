"""Question types: a registry of classes, each validating, showing and grading its own kind."""

from quizapp.questions.base import FieldReader, Grade, InvalidResponse, QuestionType
from quizapp.questions.types import BUILTIN_TYPES

QUESTION_TYPES: dict[str, QuestionType] = {cls.name: cls() for cls in BUILTIN_TYPES}


def register_question_type(cls: type[QuestionType]) -> type[QuestionType]:
    """Add a question type (usable as a class decorator by plugins)."""
    QUESTION_TYPES[cls.name] = cls()
    return cls


def get_question_type(name: str) -> QuestionType:
    return QUESTION_TYPES[name]


__all__ = [
    "QUESTION_TYPES",
    "FieldReader",
    "Grade",
    "InvalidResponse",
    "QuestionType",
    "get_question_type",
    "register_question_type",
]
