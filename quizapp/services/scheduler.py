"""Fitting FSRS parameters per learner and per class, and choosing whose a learner uses.

``quizapp scheduler fit`` calls these. A learner with enough reviews gets their own
parameters; one with too few uses those of a class they belong to (pooled over its
members), else FSRS's defaults. The parameters in use are copied onto the learner's
row (``User.fsrs_parameters``) so that studying reads them with no extra query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from quizapp.errors import NotFound
from quizapp.extensions import db
from quizapp.models import (
    Bank,
    Card,
    ClassMember,
    Classroom,
    Enrollment,
    Question,
    ReviewLog,
    SchedulerParameters,
    User,
    utcnow,
)
from quizapp.study import fitting, workload
from quizapp.study.days import learner_zone, study_date
from quizapp.study.scheduling import MemoryState

# ``--all`` refits a learner or class once this many reviews were added since the last fit.
REFIT_AFTER = 200


@dataclass
class FitReport:
    """What one fit did, in words the command prints."""

    subject: str  # "user alice" or "class 3 (Period 2)"
    reviews: int
    fit: fitting.Fit | None = None
    # Whose parameters the learner now uses: "own", "class", "default"; None for a class.
    uses: str | None = None
    reason: str = ""

    def lines(self) -> list[str]:
        out = []
        if self.fit is not None:
            f = self.fit
            out.append(
                f"{self.subject}: fitted on {f.reviews} reviews ({f.items} predicted, "
                f"latest {f.held_out} held out)"
            )
            if f.log_loss is not None:
                out.append(
                    f"  held-out log loss {f.log_loss:.4f} (default {f.default_log_loss:.4f}), "
                    f"RMSE {f.rmse:.4f} (default {f.default_rmse:.4f})"
                )
        else:
            out.append(f"{self.subject}: not fitted: {self.reason}")
        if self.uses is not None:
            out.append(f"  uses {self._uses_text()}")
        return out

    def _uses_text(self) -> str:
        if self.uses == "own":
            return "its own fitted parameters"
        if self.uses == "class":
            return f"the parameters of {self.reason_class}"
        return "the default parameters" + (f" ({self.default_why})" if self.default_why else "")

    reason_class: str = ""
    default_why: str = ""


def _histories(user_ids: list[int], bank_id: int | None) -> list[list[fitting.Review]]:
    """Review histories per (learner, question), oldest first, by the learner's study day."""
    if not user_ids:
        return []
    users = {
        u.id: (learner_zone(u.timezone), u.day_start_hour)
        for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))
    }
    query = select(
        ReviewLog.user_id, ReviewLog.question_id, ReviewLog.reviewed_at, ReviewLog.rating
    ).where(ReviewLog.user_id.in_(user_ids))
    if bank_id is not None:
        query = query.where(ReviewLog.bank_id == bank_id)
    grouped: dict[tuple[int, int], list[fitting.Review]] = defaultdict(list)
    for user_id, question_id, at, rating in db.session.execute(
        query.order_by(ReviewLog.reviewed_at, ReviewLog.id)
    ):
        zone, hour = users[user_id]
        grouped[(user_id, question_id)].append(
            fitting.Review(at, int(rating), study_date(at, zone, hour))
        )
    return list(grouped.values())


def _review_count(user_ids: list[int], bank_id: int | None) -> int:
    if not user_ids:
        return 0
    query = select(func.count(ReviewLog.id)).where(ReviewLog.user_id.in_(user_ids))
    if bank_id is not None:
        query = query.where(ReviewLog.bank_id == bank_id)
    return db.session.scalar(query) or 0


def _store(*, user_id=None, class_id=None, fit: fitting.Fit, now: datetime) -> None:
    row = db.session.scalar(
        select(SchedulerParameters).where(
            SchedulerParameters.user_id == user_id
            if user_id is not None
            else SchedulerParameters.class_id == class_id
        )
    )
    if row is None:
        row = SchedulerParameters(user_id=user_id, class_id=class_id)
        db.session.add(row)
    row.parameters = list(fit.parameters)
    row.review_count = fit.reviews
    row.log_loss, row.rmse = fit.log_loss, fit.rmse
    row.default_log_loss, row.default_rmse = fit.default_log_loss, fit.default_rmse
    row.fitted_at = now


def _members(class_id: int) -> list[int]:
    return list(
        db.session.scalars(select(ClassMember.user_id).where(ClassMember.class_id == class_id))
    )


def _class_label(classroom: Classroom) -> str:
    return f"class {classroom.id} ({classroom.name})"


def _bank_id(slug: str | None) -> int | None:
    if slug is None:
        return None
    bank = db.session.scalar(select(Bank).where(Bank.slug == slug))
    if bank is None:
        raise NotFound(f"no bank {slug!r}")
    return bank.id


def _resolve(user: User, report: FitReport | None = None) -> FitReport:
    """Set the parameters the learner uses: own, else a class's, else the defaults."""
    report = report or FitReport(f"user {user.username}", 0)
    own = db.session.scalar(
        select(SchedulerParameters).where(SchedulerParameters.user_id == user.id)
    )
    if own is not None:
        user.fsrs_parameters = list(own.parameters)
        report.uses = "own"
        return report
    row = db.session.execute(
        select(SchedulerParameters, Classroom)
        .join(Classroom, Classroom.id == SchedulerParameters.class_id)
        .join(ClassMember, ClassMember.class_id == Classroom.id)
        .where(ClassMember.user_id == user.id)
        .order_by(SchedulerParameters.review_count.desc(), Classroom.id)
        .limit(1)
    ).first()
    if row is not None:
        params, classroom = row
        user.fsrs_parameters = list(params.parameters)
        report.uses, report.reason_class = "class", _class_label(classroom)
        return report
    user.fsrs_parameters = None
    report.uses = "default"
    in_class = db.session.scalar(
        select(func.count(ClassMember.id)).where(ClassMember.user_id == user.id)
    )
    report.default_why = (
        "none of the learner's classes has fitted parameters" if in_class else "in no class"
    )
    return report


def fit_user(
    username: str, *, bank_slug: str | None = None, now: datetime | None = None
) -> FitReport:
    """Fit one learner's parameters; with too few reviews, fall back and say why."""
    user = db.session.scalar(select(User).where(User.username == username.strip().lower()))
    if user is None:
        raise NotFound(f"no user {username!r}")
    bank_id = _bank_id(bank_slug)
    histories = _histories([user.id], bank_id)
    report = FitReport(f"user {user.username}", sum(len(h) for h in histories))
    try:
        report.fit = fitting.fit(histories)
    except fitting.NotEnoughReviews as exc:
        report.reason = f"too few reviews ({exc})"
    else:
        _store(user_id=user.id, fit=report.fit, now=now or utcnow())
    db.session.flush()
    _resolve(user, report)
    db.session.commit()
    return report


def fit_class(
    class_id: int, *, bank_slug: str | None = None, now: datetime | None = None
) -> list[FitReport]:
    """Fit one set of parameters pooled over a class's members; give it to those
    members who have none of their own."""
    classroom = db.session.get(Classroom, class_id)
    if classroom is None:
        raise NotFound(f"no class {class_id}")
    members = _members(classroom.id)
    histories = _histories(members, _bank_id(bank_slug))
    report = FitReport(_class_label(classroom), sum(len(h) for h in histories))
    try:
        report.fit = fitting.fit(histories)
    except fitting.NotEnoughReviews as exc:
        report.reason = f"too few reviews ({exc})"
    else:
        _store(class_id=classroom.id, fit=report.fit, now=now or utcnow())
    db.session.flush()
    reports = [report]
    for user in db.session.scalars(select(User).where(User.id.in_(members))):
        reports.append(_resolve(user))
    db.session.commit()
    return reports


def fit_all(*, refit_after: int = REFIT_AFTER, now: datetime | None = None) -> list[FitReport]:
    """Refit every class and learner with ``refit_after`` new reviews since their last fit
    (or enough for a first one), then set every learner's parameters."""
    now = now or utcnow()
    reports: list[FitReport] = []
    fitted_at = {
        (row.user_id, row.class_id): row.review_count
        for row in db.session.scalars(select(SchedulerParameters))
    }
    for classroom in db.session.scalars(select(Classroom).order_by(Classroom.id)):
        members = _members(classroom.id)
        count = _review_count(members, None)
        before = fitted_at.get((None, classroom.id))
        needed = fitting.MIN_REVIEWS if before is None else before + refit_after
        if count < needed:
            continue
        histories = _histories(members, None)
        report = FitReport(_class_label(classroom), count)
        try:
            report.fit = fitting.fit(histories)
        except fitting.NotEnoughReviews as exc:
            report.reason = f"too few reviews ({exc})"
        else:
            _store(class_id=classroom.id, fit=report.fit, now=now)
        reports.append(report)
    counts = {
        user_id: n
        for user_id, n in db.session.execute(
            select(ReviewLog.user_id, func.count()).group_by(ReviewLog.user_id)
        )
    }
    for user in db.session.scalars(select(User).order_by(User.id)):
        count = counts.get(user.id, 0)
        before = fitted_at.get((user.id, None))
        needed = fitting.MIN_REVIEWS if before is None else before + refit_after
        report = FitReport(f"user {user.username}", count)
        if count >= needed:
            try:
                report.fit = fitting.fit(_histories([user.id], None))
            except fitting.NotEnoughReviews as exc:
                report.reason = f"too few reviews ({exc})"
            else:
                _store(user_id=user.id, fit=report.fit, now=now)
                db.session.flush()
        elif before is None:
            report.reason = f"too few reviews ({count} reviews, {fitting.MIN_REVIEWS} needed)"
        else:
            report.reason = f"{count - before} new reviews since the last fit, {refit_after} needed"
        db.session.flush()
        reports.append(_resolve(user, report))
    db.session.commit()
    return reports


def retention_workload(user_id: int, *, now: datetime | None = None) -> workload.Workload:
    """What each desired retention would cost the learner: reviews per day, simulated from
    their own cards in the banks they study (``quizapp.study.workload``)."""
    now = now or utcnow()
    user = db.session.get(User, user_id)
    if user is None:
        raise NotFound("no such user")
    enrolled = select(Enrollment.bank_id).where(Enrollment.user_id == user.id)
    cards = db.session.scalars(
        select(Card)
        .join(Question, Question.id == Card.question_id)
        .where(Card.user_id == user.id, Card.bank_id.in_(enrolled), Question.retired_at.is_(None))
    ).all()
    questions = (
        db.session.scalar(
            select(func.count(Question.id)).where(
                Question.bank_id.in_(enrolled), Question.retired_at.is_(None)
            )
        )
        or 0
    )
    memories = [
        MemoryState(c.state, c.step, c.stability, c.difficulty, c.due, c.last_review) for c in cards
    ]
    return workload.workload(
        user.fsrs_parameters,
        memories,
        max(0, questions - len(memories)),
        daily_new_limit=user.daily_new_limit,
        now=now,
    )
