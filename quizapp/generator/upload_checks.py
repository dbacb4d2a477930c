"""The item-writing checker on a bank that passed validation (an upload, a file on disk).

Generated drafts are checked question by question as they are made (quizapp.generator.bank);
here the same rules run on any valid bank, and what they find is only a warning: a teacher
may have good reasons, and a warning never blocks an import.

    for warning in check_parsed_bank(parse_bank(text, "bank.yaml")):
        print(warning.question, warning.rule, warning.message)
"""

from __future__ import annotations

from typing import Any

from quizapp.bankfile import ParsedBank
from quizapp.bankfile.validate import ParsedQuestion

from .checker import Warning_, check_question


def checker_data(question: ParsedQuestion) -> dict[str, Any]:
    """The question as the checker reads it: bank-file fields, each type's answer as text.

    A true/false answer is not text the prompt could give away, and an ordering's items
    are its answer, not choices of which one is right: the checker sees neither.
    """
    data: dict[str, Any] = {"id": question.key, "type": question.type, "prompt": question.prompt}
    if question.type == "true_false":
        data["answer"] = ""
    elif question.type == "ordering":
        data["answer"] = list(question.data.get("answer") or [])
    else:
        data["answer"] = question.data.get("answer")
        if question.type == "multiple_choice":
            data["choices"] = list(question.data.get("choices") or [])
    return data


def check_parsed_bank(bank: ParsedBank) -> list[Warning_]:
    warnings: list[Warning_] = []
    for question in bank.questions:
        warnings += check_question(checker_data(question))
    return warnings
