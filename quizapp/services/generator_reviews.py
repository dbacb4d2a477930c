"""Teachers' review decisions on generated questions, and re-fitting the scorer from them.

A generated draft's questions are recorded when the draft is saved (as drafted, with the
scorer's features at drafting time); the first accept, edit or delete of a question still
pending review is its decision. ``refit_scorer`` fits the parse engine's ranking weights
from the shipped labelled questions plus those decisions: accepted is kept, edited and
deleted are not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from quizapp.bankfile.dump import question_to_data
from quizapp.errors import InvalidInput
from quizapp.extensions import db
from quizapp.generator.scorer import Example, fit, labelled_examples, load_scorer, log_loss
from quizapp.models import Bank, GeneratedQuestionReview, Question, ReviewDecision, utcnow

DEFAULT_MIN_DECISIONS = 30
SCORER_FILENAME = "generator-scorer.json"


def record_drafts(
    bank: Bank,
    questions: Iterable[Question],
    *,
    engine: str | None,
    features: Mapping[str, Mapping[str, float]] | None,
) -> None:
    """Keep each generated question as drafted, with its features; the caller commits."""
    for question in questions:
        drafted_features = features.get(question.key) if features is not None else None
        db.session.add(
            GeneratedQuestionReview(
                bank_id=bank.id,
                question_key=question.key,
                engine=engine,
                drafted=question_to_data(question),
                features=dict(drafted_features) if drafted_features is not None else None,
            )
        )


def _pending_rows(bank_id: int, keys: Iterable[str]) -> dict[str, GeneratedQuestionReview]:
    keys = list(keys)
    if not keys:
        return {}
    rows = db.session.scalars(
        select(GeneratedQuestionReview)
        .where(
            GeneratedQuestionReview.bank_id == bank_id,
            GeneratedQuestionReview.question_key.in_(keys),
            GeneratedQuestionReview.decision.is_(None),
        )
        .order_by(GeneratedQuestionReview.id)
    )
    return {row.question_key: row for row in rows}


def record_decisions(
    questions: Iterable[Question],
    decision: ReviewDecision,
    *,
    user_id: int,
) -> list[GeneratedQuestionReview]:
    """Record the decision on each question that is still pending review; the caller commits.

    Call it before the change itself (a deleted question is gone after), so a question
    whose draft was never recorded (a generated file uploaded with ``review: pending``)
    is recorded as it stands, without features. For an edit, the caller sets ``edited`` on
    the row returned once the edit is made.
    """
    pending = [q for q in questions if q.review_status == "pending"]
    if not pending:
        return []
    rows = _pending_rows(pending[0].bank_id, (q.key for q in pending))
    now = utcnow()
    recorded = []
    for question in pending:
        row = rows.get(question.key)
        if row is None:
            row = GeneratedQuestionReview(
                bank_id=question.bank_id,
                question_key=question.key,
                drafted=question_to_data(question),
            )
            db.session.add(row)
        row.decision = decision
        row.user_id = user_id
        row.decided_at = now
        recorded.append(row)
    return recorded


def undo_deletion(bank_id: int, key: str) -> None:
    """A deleted question was put back, still pending: its deletion is no decision."""
    row = db.session.scalar(
        select(GeneratedQuestionReview)
        .where(
            GeneratedQuestionReview.bank_id == bank_id,
            GeneratedQuestionReview.question_key == key,
            GeneratedQuestionReview.decision == ReviewDecision.DELETED,
        )
        .order_by(GeneratedQuestionReview.id.desc())
        .limit(1)
    )
    if row is not None:
        row.decision = row.user_id = row.decided_at = None


def decisions(*, with_features: bool = True) -> list[GeneratedQuestionReview]:
    query = select(GeneratedQuestionReview).where(GeneratedQuestionReview.decision.is_not(None))
    if with_features:
        query = query.where(GeneratedQuestionReview.features.is_not(None))
    return list(db.session.scalars(query.order_by(GeneratedQuestionReview.id)))


def decision_examples(rows: Iterable[GeneratedQuestionReview]) -> list[Example]:
    """(features, label) pairs: 1.0 for a question accepted as drafted, else 0.0."""
    return [
        ({k: float(v) for k, v in row.features.items()}, 1.0 if row.kept else 0.0)
        for row in rows
        if row.features
    ]


@dataclass
class Refit:
    path: Path
    decisions: int
    kept: int
    labelled: int
    shipped_loss: float
    refitted_loss: float


def refit_scorer(output: str | Path, *, min_decisions: int = DEFAULT_MIN_DECISIONS) -> Refit:
    """Fit the scorer from the shipped labelled questions and the teachers' decisions.

    Writes the weights to ``output`` (the file the generator reads, where it exists, in
    place of the shipped weights). Refuses with fewer than ``min_decisions`` decisions that
    carry features (those on drafts of the "parse" engine).
    """
    examples = decision_examples(decisions(with_features=True))
    if len(examples) < min_decisions:
        everything = len(decisions(with_features=False))
        without = everything - len(examples)
        detail = (
            f" ({without} more on drafts without features, from the rules engine)"
            if without
            else ""
        )
        raise InvalidInput(
            f"Only {len(examples)} review decision{'s' if len(examples) != 1 else ''} with "
            f"scorer features{detail}; at least {min_decisions} are needed to re-fit. "
            "Teachers review drafts of the parse engine (GENERATOR_ENGINE=parse) to make more; "
            "--min sets the threshold."
        )
    labelled = labelled_examples()
    refitted = fit([*labelled, *examples])
    path = Path(output)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(refitted.to_json() + "\n", encoding="utf-8")
    partial.replace(path)  # a generation at the same moment reads the old file or the new
    return Refit(
        path=path,
        decisions=len(examples),
        kept=sum(int(label) for _, label in examples),
        labelled=len(labelled),
        shipped_loss=log_loss(load_scorer(None), examples),
        refitted_loss=log_loss(refitted, examples),
    )
