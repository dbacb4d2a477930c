"""Score a generated bank against an answer key of the facts it should find.

A question covers a fact when it cites the fact's sentence (whitespace and
quote styles aside) and its answer holds the fact's value, or one of the
key's `accept` strings.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CATEGORIES = {"dates": "when", "officials": "name", "treaties": "name", "numbers": "value"}


@dataclass
class Recall:
    category: str
    found: int
    total: int
    missed: list[dict]

    @property
    def share(self) -> float:
        return self.found / self.total if self.total else 1.0


def same_sentence(a: str, b: str) -> bool:
    return _flatten(a) == _flatten(b)


def _flatten(text: str) -> str:
    text = re.sub(r"[“”„\"]|''|``", '"', text)
    text = re.sub(r"[‘’']", "'", text)
    return " ".join(text.split())


def _values(fact: dict, field: str) -> list[str]:
    if fact.get("accept"):
        return [str(v) for v in fact["accept"]]
    return [str(fact[field])]


def covers(question: dict, fact: dict, field: str) -> bool:
    source = question.get("source") or {}
    if not same_sentence(str(source.get("sentence", "")), str(fact.get("sentence", ""))):
        return False
    answer = question.get("answer")
    if isinstance(answer, list):
        return False
    if question.get("type") == "numeric" and isinstance(answer, (int, float)):
        # A typed number holds the fact with its unit: 2400 + "interceptors".
        number = f"{answer:,}" if answer >= 1000 else str(answer)
        answer = f"{number} {question.get('unit') or ''}".strip()
    answer_text = _flatten(str(answer)).lower()
    return any(_flatten(value).lower() in answer_text for value in _values(fact, field))


def recall(bank: dict, key: dict) -> list[Recall]:
    questions = bank.get("questions") or []
    results = []
    for category, field in CATEGORIES.items():
        facts = key.get(category) or []
        missed = [fact for fact in facts if not any(covers(q, fact, field) for q in questions)]
        results.append(Recall(category, len(facts) - len(missed), len(facts), missed))
    return results


def overall(results: list[Recall]) -> float:
    total = sum(r.total for r in results)
    return sum(r.found for r in results) / total if total else 1.0
