"""Grades back to the LMS (Assignment and Grade Services), through a durable outbox.

A learner's score on a linked bank is the share of its active questions they have
learnt (cards in FSRS review state), out of 100. Scores are queued when a learner
launches or answers, and for a whole class on demand; a score equal to the last one
queued is not queued again. ``deliver_scores`` sends what is due: each row is claimed
for a lease before it is sent and marked sent only after the platform accepted it;
a failure is retried later with growing pauses, so nothing is dropped, and a row
superseded by a newer score of the same learner is not sent at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from fsrs import State
from pylti1p3.assignments_grades import AssignmentsGradesService
from pylti1p3.exception import LtiException, LtiServiceException
from pylti1p3.grade import Grade
from pylti1p3.lineitem import LineItem
from requests import RequestException
from sqlalchemy import case, func, select, update

from quizapp.extensions import db
from quizapp.lti.models import (
    LtiAccount,
    LtiContext,
    LtiResourceLink,
    LtiScore,
    ScoreStatus,
)
from quizapp.lti.platforms import AGS_SCOPES
from quizapp.lti.tool import service_connector
from quizapp.models import Card, ClassMember, Question, utcnow

SCORE_MAXIMUM = 100.0
CLAIM_LEASE = timedelta(minutes=2)
MAX_BACKOFF = timedelta(hours=6)
LINEITEM_TAG = "quizapp"


def learnt_share(user_id: int, bank_id: int) -> tuple[int, int]:
    """(learnt, active questions) of one learner in one bank: two indexed counts."""
    total = db.session.scalar(
        select(func.count(Question.id)).where(
            Question.bank_id == bank_id, Question.retired_at.is_(None)
        )
    )
    learnt = db.session.scalar(
        select(func.count(Card.id))
        .join(Question, Question.id == Card.question_id)
        .where(
            Card.user_id == user_id,
            Card.bank_id == bank_id,
            Card.state == int(State.Review),
            Question.retired_at.is_(None),
        )
    )
    return int(learnt or 0), int(total or 0)


def score_of(learnt: int, total: int) -> float:
    return round(SCORE_MAXIMUM * learnt / total, 2) if total else 0.0


def _queue(link: LtiResourceLink, user_id: int, now: datetime) -> LtiScore | None:
    learnt, total = learnt_share(user_id, link.bank_id)
    given = score_of(learnt, total)
    last = db.session.scalar(
        select(LtiScore)
        .where(LtiScore.link_id == link.id, LtiScore.user_id == user_id)
        .order_by(LtiScore.id.desc())
        .limit(1)
    )
    if last is not None and last.score_given == given:
        return None
    row = LtiScore(
        link_id=link.id,
        user_id=user_id,
        score_given=given,
        score_maximum=SCORE_MAXIMUM,
        activity_progress="Completed" if total and learnt >= total else "InProgress",
        scored_at=now,
        next_attempt_at=now,
    )
    db.session.add(row)
    return row


def _linked(user_id: int, link: LtiResourceLink) -> bool:
    """Only LMS accounts of the link's platform have a gradebook row to send to."""
    return (
        db.session.scalar(
            select(LtiAccount.id).where(
                LtiAccount.user_id == user_id,
                LtiAccount.platform_id == link.context.platform_id,
            )
        )
        is not None
    )


def queue_score(link_id: int, user_id: int, *, now: datetime | None = None) -> bool:
    """Queue one learner's score on one link if it changed; True when queued."""
    link = db.session.get(LtiResourceLink, link_id)
    if link is None or not _linked(user_id, link):
        return False
    queued = _queue(link, user_id, now or utcnow()) is not None
    db.session.commit()
    return queued


def queue_progress(user_id: int, bank_id: int) -> int:
    """After an answer: queue the learner's score on every link to this bank they use."""
    links = db.session.scalars(
        select(LtiResourceLink)
        .join(LtiContext, LtiContext.id == LtiResourceLink.context_id)
        .join(LtiAccount, LtiAccount.platform_id == LtiContext.platform_id)
        .where(LtiResourceLink.bank_id == bank_id, LtiAccount.user_id == user_id)
    ).all()
    if not links:
        return 0
    now = utcnow()
    queued = sum(_queue(link, user_id, now) is not None for link in links)
    db.session.commit()
    return queued


def queue_class_scores(context_id: int, *, now: datetime | None = None) -> int:
    """Queue every LMS member's score on every link of a course (on demand, or scheduled)."""
    context = db.session.get(LtiContext, context_id)
    if context is None or context.class_id is None:
        return 0
    now = now or utcnow()
    members = db.session.scalars(
        select(ClassMember.user_id)
        .join(LtiAccount, LtiAccount.user_id == ClassMember.user_id)
        .where(
            ClassMember.class_id == context.class_id,
            LtiAccount.platform_id == context.platform_id,
        )
    ).all()
    links = db.session.scalars(
        select(LtiResourceLink).where(LtiResourceLink.context_id == context.id)
    ).all()
    queued = sum(_queue(link, user_id, now) is not None for link in links for user_id in members)
    db.session.commit()
    return queued


def queue_all_scores() -> int:
    return sum(queue_class_scores(c) for c in db.session.scalars(select(LtiContext.id)).all())


@dataclass
class Delivery:
    sent: int = 0
    failed: int = 0
    superseded: int = 0
    errors: list[str] | None = None


def _backoff(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** min(attempts, 12)), MAX_BACKOFF)


def _claim(row_id: int, now: datetime) -> bool:
    claimed = db.session.execute(
        update(LtiScore)
        .where(
            LtiScore.id == row_id,
            LtiScore.status == ScoreStatus.PENDING,
            (LtiScore.claimed_until.is_(None)) | (LtiScore.claimed_until < now),
        )
        .values(claimed_until=now + CLAIM_LEASE)
    )
    db.session.commit()
    return claimed.rowcount == 1


def _lineitem(ags: AssignmentsGradesService, link: LtiResourceLink) -> LineItem:
    if link.lineitem_url:
        return LineItem({"id": link.lineitem_url, "scoreMaximum": SCORE_MAXIMUM})
    # The platform made no line item for the link: find or create one of our own.
    item = ags.find_or_create_lineitem(
        LineItem()
        .set_label(link.title or "quizapp")
        .set_score_maximum(SCORE_MAXIMUM)
        .set_resource_link_id(link.resource_link_id)
        .set_resource_id(f"bank:{link.bank_id}")
        .set_tag(LINEITEM_TAG),
        find_by="resource_link_id",
    )
    link.lineitem_url = item.get_id()
    return item


def _send(row: LtiScore) -> None:
    link = row.link
    context = link.context
    if not context.lineitems_url and not link.lineitem_url:
        raise LtiException(
            "The LMS has not offered grade passback for this course (no Assignment and "
            "Grade Services endpoint in its launches)."
        )
    subject = db.session.scalar(
        select(LtiAccount.subject).where(
            LtiAccount.user_id == row.user_id, LtiAccount.platform_id == context.platform_id
        )
    )
    ags = AssignmentsGradesService(
        service_connector(context.platform),
        {
            "scope": context.ags_scopes.split() or list(AGS_SCOPES),
            "lineitems": context.lineitems_url or "",
            "lineitem": link.lineitem_url or "",
        },
    )
    grade = (
        Grade()
        .set_score_given(row.score_given)
        .set_score_maximum(row.score_maximum)
        .set_activity_progress(row.activity_progress)
        .set_grading_progress("FullyGraded")
        .set_timestamp(row.scored_at.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+00:00")
        .set_user_id(subject)
    )
    ags.put_grade(grade, _lineitem(ags, link))


def deliver_scores(*, now: datetime | None = None, limit: int = 500) -> Delivery:
    """Send the queued scores that are due; returns what happened."""
    now = now or utcnow()
    result = Delivery(errors=[])
    due = db.session.scalars(
        select(LtiScore.id)
        .where(LtiScore.status == ScoreStatus.PENDING, LtiScore.next_attempt_at <= now)
        .order_by(LtiScore.id)
        .limit(limit)
    ).all()
    for row_id in due:
        if not _claim(row_id, now):
            continue  # another sender has it
        row = db.session.get(LtiScore, row_id)
        newer = db.session.scalar(
            select(LtiScore.id).where(
                LtiScore.link_id == row.link_id,
                LtiScore.user_id == row.user_id,
                LtiScore.id > row.id,
            )
        )
        if newer is not None:
            row.status = ScoreStatus.SUPERSEDED
            row.claimed_until = None
            db.session.commit()
            result.superseded += 1
            continue
        try:
            _send(row)
        except (LtiException, LtiServiceException, RequestException, ValueError) as exc:
            db.session.rollback()
            row = db.session.get(LtiScore, row_id)
            row.attempts += 1
            row.last_error = _describe(exc)[:1000]
            row.next_attempt_at = now + _backoff(row.attempts)
            row.claimed_until = None
            db.session.commit()
            result.failed += 1
            result.errors.append(row.last_error)
            continue
        row.status = ScoreStatus.SENT
        row.sent_at = utcnow()
        row.attempts += 1
        row.claimed_until = None
        row.last_error = ""
        db.session.commit()
        result.sent += 1
    return result


def _describe(exc: Exception) -> str:
    if isinstance(exc, LtiServiceException):
        return f"the LMS answered {exc.response.status_code}: {exc.response.text[:300]}"
    return str(exc) or exc.__class__.__name__


@dataclass
class OutboxCounts:
    pending: int
    failing: int
    sent: int
    last_error: str


def outbox_counts(context_id: int) -> OutboxCounts:
    pending = LtiScore.status == ScoreStatus.PENDING
    row = db.session.execute(
        select(
            func.coalesce(func.sum(case((pending, 1), else_=0)), 0),
            func.coalesce(func.sum(case((pending & (LtiScore.attempts > 0), 1), else_=0)), 0),
            func.coalesce(func.sum(case((LtiScore.status == ScoreStatus.SENT, 1), else_=0)), 0),
        )
        .join(LtiResourceLink, LtiResourceLink.id == LtiScore.link_id)
        .where(LtiResourceLink.context_id == context_id)
    ).one()
    last_error = db.session.scalar(
        select(LtiScore.last_error)
        .join(LtiResourceLink, LtiResourceLink.id == LtiScore.link_id)
        .where(
            LtiResourceLink.context_id == context_id,
            LtiScore.status == ScoreStatus.PENDING,
            LtiScore.last_error != "",
        )
        .order_by(LtiScore.id.desc())
        .limit(1)
    )
    return OutboxCounts(int(row[0]), int(row[1]), int(row[2]), last_error or "")
