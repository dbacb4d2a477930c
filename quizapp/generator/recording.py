"""The scorer's features of drafted questions, recorded beside the bank, never in it.

    with recording_features() as features:
        bank = generate_bank(source, engine="parse")
    # features: {question id: {feature name: value}} for every question the bank holds

quizapp keeps them with the teacher's review decisions, so the scorer can be re-fitted from
what teachers kept (``quizapp generator fit``). The "rules" engine records nothing. Each
thread or task records into its own dict (a context variable), so drafts made at the same
time do not mix.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar

_recorded: ContextVar[dict[str, dict[str, float]] | None] = ContextVar(
    "drafted_features", default=None
)


@contextmanager
def recording_features() -> Iterator[dict[str, dict[str, float]]]:
    """Collect, by question id, the features of every question drafted inside the block."""
    features: dict[str, dict[str, float]] = {}
    token = _recorded.set(features)
    try:
        yield features
    finally:
        _recorded.reset(token)


def record_features(question_id: str, features: Mapping[str, float]) -> None:
    """Keep a drafted question's features, if someone is recording."""
    recorded = _recorded.get()
    if recorded is not None:
        recorded[question_id] = dict(features)
