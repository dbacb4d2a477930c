"""The study loop: enrolment, presenting the next question, recording answers, settings.

The hot path is two calls, each a handful of indexed queries whatever the bank's size:

* ``next_question``: the bank and enrolment (unique slug, unique user+bank), the
  learner's latest presentation in the bank (reused on a refresh), the best few due
  cards (index range on card (user_id, bank_id, due), ranked in SQL exactly as FSRS
  retrievability ranks them), and only when no due card will do: today's new count,
  the next new questions from the enrolment's cursor, and the soonest upcoming cards;
  then one insert.
* ``submit_answer``: the presentation by its unique token, a conditional update that
  claims it (so a double submit is recorded once, even when both arrive together),
  the learner's row by its key (locked on PostgreSQL, so one learner's answers queue),
  the card by (user_id, question_id), then the inserts and updates of one review.

The pure rules live in ``quizapp.study``; this module feeds them what the database
holds and keeps the result.
"""

from __future__ import annotations

import contextlib
import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from fsrs import Rating, State
from sqlalchemy import Float, and_, case, exists, func, not_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import FunctionElement, bindparam

from quizapp.errors import Conflict, Forbidden, InvalidInput, NotFound
from quizapp.extensions import db
from quizapp.models import (
    Bank,
    BankSource,
    BankStatus,
    Card,
    ClassMember,
    Enrollment,
    ExamDate,
    Presentation,
    Question,
    ReviewLog,
    User,
    UTCDateTime,
    utcnow,
)
from quizapp.questions import Grade, get_question_type
from quizapp.services.banks import can_edit_bank
from quizapp.study import exam as exam_rules
from quizapp.study import policy
from quizapp.study.days import day_start, learner_zone, next_day_start, study_date, today_start
from quizapp.study.rating import rating_for
from quizapp.study.scheduling import (
    RATING_NAMES,
    MemoryState,
    format_interval,
    make_scheduler,
    preview_intervals,
    review,
)

# An unanswered presentation younger than this is shown again on a refresh
# (same question, same order of choices) instead of choosing anew.
REUSE_PRESENTATION_FOR = timedelta(hours=1)
# Due cards ranked in SQL and handed to the policy; the policy needs two (the best,
# and another when the best is the question just answered), the rest is margin.
DUE_CANDIDATES = 8
# The same bounds as the account settings form (quizapp.services.users.update_settings).
# Answer times above this are the learner walking away; the log keeps them capped.
MAX_ELAPSED_MS = 24 * 3600 * 1000


def _commit_keeping_loaded() -> None:
    """Commit without expiring what the session holds.

    The objects returned to the caller hold exactly what was just written; expiring
    them would cost a SELECT per object when the page or JSON reads them back.
    """
    session = db.session()
    session.expire_on_commit = False
    try:
        session.commit()
    finally:
        session.expire_on_commit = True


# -- SQL helpers -------------------------------------------------------------------------


class whole_days_between(FunctionElement):
    """Whole days from ``earlier`` to ``later`` (rounded down), as FSRS counts them."""

    type = Float()
    inherit_cache = True
    name = "whole_days_between"


@compiles(whole_days_between, "sqlite")
def _whole_days_sqlite(element, compiler, **kw):
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


@compiles(whole_days_between, "postgresql")
def _whole_days_postgresql(element, compiler, **kw):
    later, earlier = (compiler.process(c, **kw) for c in element.clauses)
    return f"floor(extract(epoch from ({later} - {earlier})) / 86400)"


def _at(name: str, moment: datetime):
    return bindparam(name, moment, type_=UTCDateTime)


def due_clause(now: datetime, tomorrow: datetime):
    """Cards due now: steps by the minute, reviews all through their study day.

    ``tomorrow`` is when the learner's next study day begins (``days.next_day_start``);
    a review-state card due before it is due today, as in Anki. The same rule as
    ``policy.is_due``.
    """
    return or_(
        Card.due <= _at("now", now),
        and_(Card.state == int(State.Review), Card.due < _at("tomorrow", tomorrow)),
    )


def _study_day(user: User, now: datetime) -> tuple[datetime, datetime]:
    """When the learner's current study day began, and when the next begins (UTC)."""
    zone = learner_zone(user.timezone)
    hour = user.day_start_hour
    return today_start(now, zone, hour), next_day_start(now, zone, hour)


# -- results ------------------------------------------------------------------------------

# Types whose answer is typed, where a grader may miss a right answer ("I was right").
OVERRIDABLE_TYPES = frozenset({"short_answer", "numeric", "cloze"})
# What each rating means to the learner, in words.
OUTCOME_WORDS = {
    1: "Missed: it comes back soon",
    2: "Right, with some effort",
    3: "Right",
    4: "Right, and quickly",
}
GRADE_WORDS = {1: "Didn't know it", 2: "Hard", 3: "Knew it", 4: "Easy"}
# The flashcard buttons, in plain words (the API keeps again, hard, good, easy).
BUTTON_WORDS = {1: "Didn't know", 2: "Hard", 3: "Knew it", 4: "Easy"}


@dataclass(frozen=True)
class GradeButton:
    rating: int
    name: str
    interval: timedelta

    @property
    def label(self) -> str:
        return format_interval(self.interval)

    @property
    def words(self) -> str:
        return BUTTON_WORDS[self.rating]


@dataclass
class Presented:
    """A question in front of the learner (never its answer, except a flashcard's back)."""

    token: str
    bank: Bank
    question: Question
    shown: dict[str, Any]
    practice: bool
    reason: str
    created_at: datetime
    # For flashcards: the four grades with the interval each would give.
    buttons: list[GradeButton] = field(default_factory=list)

    @property
    def qtype(self):
        return get_question_type(self.question.type)

    def public_question(self) -> dict[str, Any]:
        """The question as the API shows it: what the learner sees, without the answer."""
        q = self.question
        out: dict[str, Any] = {"id": q.id, "key": q.key, "type": q.type, "prompt": q.prompt}
        out.update(self.shown)
        if q.hint:
            out["hint"] = q.hint
        if q.type == "flashcard":
            out["grades"] = [
                {
                    "rating": b.name,
                    "interval": b.label,
                    "interval_seconds": int(b.interval.total_seconds()),
                }
                for b in self.buttons
            ]
        return out


@dataclass
class Idle:
    """Nothing to study in the bank right now."""

    bank: Bank
    next_due: datetime | None
    # New questions left in the bank beyond today's limit (0 or more; 2 means "2 or more").
    new_waiting: int
    practice: bool = False


@dataclass
class Feedback:
    token: str
    bank: Bank
    question: Question
    correct: bool | None
    score: float | None
    rating: int
    response: Any
    answer: str
    explanation: str
    source: dict[str, Any] | None
    next_due: datetime
    practice: bool
    review_id: int | None = None
    overridden: bool = False
    note: str = ""
    replayed: bool = False
    # Per item of an ordering answer: (item, in its right place, its right position).
    order_marks: list[tuple[str, bool, int]] = field(default_factory=list)

    @property
    def can_override(self) -> bool:
        """A typed answer graded wrong may be counted as right by the learner."""
        return self.correct is False and self.question.type in OVERRIDABLE_TYPES

    @property
    def outcome(self) -> str:
        """The rating in plain words."""
        return OUTCOME_WORDS[self.rating] if self.correct is not None else GRADE_WORDS[self.rating]

    @property
    def rating_name(self) -> str:
        return RATING_NAMES[Rating(self.rating)]

    def to_json(self) -> dict[str, Any]:
        return {
            "presentation_id": self.token,
            "correct": self.correct,
            "score": self.score,
            "rating": self.rating_name,
            "answer": self.answer,
            "explanation": self.explanation or None,
            "source": self.source,
            "next_due": self.next_due.isoformat(),
            "note": self.note or None,
            "practice": self.practice,
            "review_id": self.review_id,
            "overridden": self.overridden,
            "can_override": self.can_override,
        }


@dataclass
class StudyCounts:
    """What is left today: reviews due before the study day ends, new questions."""

    due: int
    new_today: int
    new_left_today: int


@dataclass
class SessionSummary:
    """Today's work in one bank, for the page shown when nothing is left."""

    answered: int
    right: int
    studied_seconds: int
    # How many questions come back when: later today, tomorrow, within a week, later.
    comes_back: list[tuple[str, int]]

    def to_json(self) -> dict[str, Any]:
        return {
            "answered": self.answered,
            "right": self.right,
            "studied_seconds": self.studied_seconds,
            "comes_back": [{"when": when, "questions": n} for when, n in self.comes_back],
        }


# -- enrolment ----------------------------------------------------------------------------


def _studyable_bank(user: User, slug: str) -> Bank:
    """A published bank; a draft its owner can see is refused, others are not found."""
    bank = db.session.scalar(select(Bank).where(Bank.slug == slug))
    if bank is None:
        raise NotFound(f"no bank {slug!r}")
    if bank.status != BankStatus.PUBLISHED:
        if can_edit_bank(user, bank):
            raise Forbidden(
                "Drafts cannot be studied; publish the bank first.", code="bank_is_draft"
            )
        raise NotFound(f"no bank {slug!r}")
    return bank


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotFound("no such user")
    return user


def enroll(user_id: int, slug: str, *, now: datetime | None = None) -> Enrollment:
    """Enrol the learner in a published bank; enrolling twice is harmless."""
    user = _user(user_id)
    bank = _studyable_bank(user, slug)
    enrollment = db.session.scalar(
        select(Enrollment).where(Enrollment.user_id == user.id, Enrollment.bank_id == bank.id)
    )
    if enrollment is None:
        enrollment = Enrollment(user_id=user.id, bank_id=bank.id, enrolled_at=now or utcnow())
        db.session.add(enrollment)
        try:
            db.session.commit()
        except IntegrityError:
            # The same learner enrolling from two tabs at once: the other insert won.
            db.session.rollback()
            enrollment = db.session.scalar(
                select(Enrollment).where(
                    Enrollment.user_id == user.id, Enrollment.bank_id == bank.id
                )
            )
            if enrollment is None:
                raise
    return enrollment


def unenroll(user_id: int, slug: str) -> None:
    """Leave a bank. Memory state and the review log are kept, so re-enrolling resumes."""
    user = _user(user_id)
    bank = db.session.scalar(select(Bank).where(Bank.slug == slug))
    if bank is None or not (
        bank.status == BankStatus.PUBLISHED
        or can_edit_bank(user, bank)
        or is_enrolled(user.id, bank.id)
    ):
        # Someone else's draft is "not found" here too, so drafts cannot be probed;
        # a learner enrolled before the bank went back to draft may still leave it.
        raise NotFound(f"no bank {slug!r}")
    db.session.execute(
        Enrollment.__table__.delete().where(
            Enrollment.user_id == user.id, Enrollment.bank_id == bank.id
        )
    )
    db.session.commit()


def is_enrolled(user_id: int, bank_id: int) -> bool:
    return (
        db.session.scalar(
            select(Enrollment.id).where(
                Enrollment.user_id == user_id, Enrollment.bank_id == bank_id
            )
        )
        is not None
    )


@dataclass
class BankEntry:
    bank: Bank
    question_count: int
    enrolled: bool


def list_banks_for_learner(user_id: int) -> list[BankEntry]:
    """Published banks with their question counts and whether the learner is enrolled."""
    counts = (
        select(Question.bank_id, func.count(Question.id).label("n"))
        .where(Question.retired_at.is_(None))
        .group_by(Question.bank_id)
        .subquery()
    )
    enrolled = select(Enrollment.bank_id).where(Enrollment.user_id == user_id).subquery()
    rows = db.session.execute(
        select(Bank, func.coalesce(counts.c.n, 0), enrolled.c.bank_id.is_not(None))
        .outerjoin(counts, counts.c.bank_id == Bank.id)
        .outerjoin(enrolled, enrolled.c.bank_id == Bank.id)
        .where(Bank.status == BankStatus.PUBLISHED)
        .order_by(Bank.title, Bank.slug)
    ).all()
    return [BankEntry(bank, n, bool(is_in)) for bank, n, is_in in rows]


# -- next question ------------------------------------------------------------------------


def _enrolled_bank(user: User, slug: str) -> tuple[Bank, Enrollment]:
    bank, enrollment, _exam_on = _enrolled_bank_and_exam(user, slug)
    return bank, enrollment


def _exam_on_subquery(user_id: int):
    """The date of the learner's exam on ``Bank``: their own, else a class's (the earliest)."""
    classes = select(ClassMember.class_id).where(ClassMember.user_id == user_id)
    return (
        select(ExamDate.exam_on)
        .where(
            ExamDate.bank_id == Bank.id,
            or_(ExamDate.user_id == user_id, ExamDate.class_id.in_(classes)),
        )
        .order_by(ExamDate.user_id.is_(None), ExamDate.exam_on)
        .limit(1)
        .correlate(Bank)
        .scalar_subquery()
    )


def _enrolled_bank_and_exam(user: User, slug: str):
    """The bank, the learner's enrolment and their exam date on it, in one query."""
    row = db.session.execute(
        select(Bank, Enrollment, _exam_on_subquery(user.id))
        .outerjoin(Enrollment, and_(Enrollment.bank_id == Bank.id, Enrollment.user_id == user.id))
        .where(Bank.slug == slug)
    ).first()
    if row is None:
        raise NotFound(f"no bank {slug!r}")
    bank, enrollment, exam_on = row
    if bank.status != BankStatus.PUBLISHED:
        _studyable_bank(user, slug)  # raises the right error
    if enrollment is None:
        raise Forbidden(f"Enrol in {bank.title!r} to study it.", code="not_enrolled")
    return bank, enrollment, exam_on


def enrolled_bank(user_id: int, slug: str) -> Bank:
    """A published bank the learner is enrolled in (403 not_enrolled, 404 no such bank)."""
    bank, _enrollment = _enrolled_bank(_user(user_id), slug)
    return bank


def _memory(card: Card) -> MemoryState:
    return MemoryState(
        state=card.state,
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=card.due,
        last_review=card.last_review,
    )


def _active_card_query(user_id: int, bank_id: int):
    return (
        select(Card, Question)
        .join(Question, Question.id == Card.question_id)
        .where(Card.user_id == user_id, Card.bank_id == bank_id, Question.retired_at.is_(None))
    )


def effective_exam(user_id: int, bank_id: int) -> ExamDate | None:
    """The learner's own exam on the bank, else one a teacher set for a class of theirs
    (one indexed query: exam_date by bank)."""
    classes = select(ClassMember.class_id).where(ClassMember.user_id == user_id)
    return db.session.scalar(
        select(ExamDate)
        .where(
            ExamDate.bank_id == bank_id,
            or_(ExamDate.user_id == user_id, ExamDate.class_id.in_(classes)),
        )
        .order_by(ExamDate.user_id.is_(None), ExamDate.exam_on)
        .limit(1)
    )


def exam_moment(user: User, exam_on) -> datetime:
    """When the exam's study day begins for the learner: recall is predicted for then."""
    return day_start(exam_on, learner_zone(user.timezone), user.day_start_hour)


def _due_candidates(
    user_id: int, bank_id: int, now: datetime, tomorrow: datetime
) -> list[tuple[Card, Question]]:
    """The best due cards, ranked as the policy ranks them: learning steps by due, then
    lowest retrievability. FSRS retrievability falls as whole elapsed days over stability
    grows, so ranking by that ratio is ranking by retrievability, done in the index scan's
    result instead of in Python over every due card.
    """
    stepping = and_(Card.state.in_((1, 3)), Card.last_review > _at("day_ago", now - policy.ONE_DAY))
    risk = whole_days_between(_at("now_r", now), Card.last_review) / func.coalesce(
        Card.stability, 0.01
    )
    query = (
        _active_card_query(user_id, bank_id)
        .where(due_clause(now, tomorrow))
        .order_by(
            case((stepping, 0), else_=1),
            case((stepping, 0.0), else_=risk).desc(),
            Card.due,
            Card.question_id,
        )
        .limit(DUE_CANDIDATES)
    )
    return list(db.session.execute(query).all())


# Learning steps due within the learn-ahead limit handed to the policy, soonest first.
LEARN_AHEAD_CANDIDATES = 8


def _upcoming(
    user_id: int, bank_id: int, now: datetime, tomorrow: datetime, *, rested_only: bool = False
) -> list[tuple[Card, Question]]:
    """The two soonest cards not yet due, and every (re)learning step due within the
    learn-ahead limit (up to ``LEARN_AHEAD_CANDIDATES``), soonest first. ``rested_only``
    (practice ahead): the two soonest of those not answered within ``PRACTICE_REST``."""
    not_due = not_(due_clause(now, tomorrow))
    if rested_only:
        query = (
            _active_card_query(user_id, bank_id)
            .where(not_due, Card.last_review <= _at("rested", now - policy.PRACTICE_REST))
            .order_by(Card.due, Card.question_id)
            .limit(2)
        )
        return list(db.session.execute(query).all())
    soonest = list(
        db.session.execute(
            _active_card_query(user_id, bank_id)
            .where(not_due)
            .order_by(Card.due, Card.question_id)
            .limit(2)
        ).all()
    )
    ahead_until = now + policy.LEARN_AHEAD
    if len(soonest) < 2 or soonest[-1][0].due > ahead_until:
        # Both soonest are due past the limit: no step can be learnt ahead beyond them.
        return soonest
    stepping = list(
        db.session.execute(
            _active_card_query(user_id, bank_id)
            .where(
                not_due,
                Card.state.in_((int(State.Learning), int(State.Relearning))),
                Card.due <= _at("ahead", ahead_until),
            )
            .order_by(Card.due, Card.question_id)
            .limit(LEARN_AHEAD_CANDIDATES)
        ).all()
    )
    seen = {c.question_id for c, _ in stepping}
    rows = stepping + [(c, q) for c, q in soonest if c.question_id not in seen]
    return sorted(rows, key=lambda row: (row[0].due, row[0].question_id))


def _least_recent(
    user_id: int, bank_id: int, now: datetime, tomorrow: datetime
) -> list[tuple[Card, Question]]:
    """The two questions not yet due answered longest ago: practice's last resort, so
    that it cycles through every question instead of alternating two."""
    query = (
        _active_card_query(user_id, bank_id)
        .where(not_(due_clause(now, tomorrow)))
        .order_by(Card.last_review, Card.question_id)
        .limit(2)
    )
    return list(db.session.execute(query).all())


def _new_today(user_id: int, bank_id: int, since: datetime) -> int:
    return (
        db.session.scalar(
            select(func.count(ReviewLog.id)).where(
                ReviewLog.user_id == user_id,
                ReviewLog.reviewed_at >= _at("since", since),
                ReviewLog.bank_id == bank_id,
                ReviewLog.was_new.is_(True),
            )
        )
        or 0
    )


def _unseen_count(user_id: int, bank_id: int) -> int:
    """Active questions of the bank the learner has never answered (exam pacing only)."""
    seen = exists().where(Card.user_id == user_id, Card.question_id == Question.id)
    return (
        db.session.scalar(
            select(func.count(Question.id)).where(
                Question.bank_id == bank_id, Question.retired_at.is_(None), ~seen
            )
        )
        or 0
    )


def _new_questions(user_id: int, bank: Bank, enrollment: Enrollment) -> list[Question]:
    """The next two questions the learner has never answered, from the enrolment's cursor."""
    cursor_valid = enrollment.new_position_at is not None and (
        enrollment.new_position_at == bank.updated_at
    )
    start = enrollment.new_position if cursor_valid else 0
    seen = exists().where(Card.user_id == user_id, Card.question_id == Question.id)
    questions = list(
        db.session.scalars(
            select(Question)
            .where(
                Question.bank_id == bank.id,
                Question.retired_at.is_(None),
                Question.study_order >= start,
                ~seen,
            )
            .order_by(Question.study_order, Question.id)
            .limit(2)
        )
    )
    position = questions[0].study_order if questions else start
    if not cursor_valid or position != enrollment.new_position:
        # Saved with the presentation, in the same transaction.
        enrollment.new_position = position
        enrollment.new_position_at = bank.updated_at
    return questions


def _latest_presentation(user_id: int, bank_id: int) -> tuple[Presentation, Question] | None:
    row = db.session.execute(
        select(Presentation, Question)
        .join(Question, Question.id == Presentation.question_id)
        .where(
            Presentation.user_id == user_id,
            Presentation.bank_id == bank_id,
            Presentation.test_id.is_(None),
        )
        .order_by(Presentation.created_at.desc(), Presentation.id.desc())
        .limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def _reusable(presentation: Presentation, question: Question, now: datetime, practice: bool):
    return (
        presentation.answered_at is None
        and presentation.test_id is None
        and presentation.practice == practice
        and now - presentation.created_at < REUSE_PRESENTATION_FOR
        and not _changed_since_shown(presentation, question)
    )


# The question's answer revision is kept with what was shown, so that an answer to a
# question whose answer has since changed is refused instead of graded against the new one.
REVISION_KEY = "revision"


def _changed_since_shown(presentation: Presentation, question: Question) -> bool:
    shown_revision = (presentation.shown or {}).get(REVISION_KEY, question.answer_revision)
    return question.retired_at is not None or shown_revision != question.answer_revision


def _view(presentation: Presentation) -> dict[str, Any]:
    return {k: v for k, v in (presentation.shown or {}).items() if k != REVISION_KEY}


def next_question(
    user_id: int,
    slug: str,
    *,
    now: datetime | None = None,
    practice: bool = False,
    fuzz: bool = True,
    rng: random.Random | None = None,
) -> Presented | Idle:
    """The question the learner should see next in a bank, or when to come back.

    A refresh (an unanswered presentation less than an hour old) shows the same
    presentation again, with the same token and the same order of choices.
    """
    now = now or utcnow()
    user = _user(user_id)
    bank, enrollment, exam_on = _enrolled_bank_and_exam(user, slug)
    scheduler = make_scheduler(user.desired_retention, fuzz=fuzz, parameters=user.fsrs_parameters)

    latest = _latest_presentation(user.id, bank.id)
    if latest and _reusable(*latest, now, practice):
        presentation, question = latest
        card = None
        if question.type == "flashcard":
            card = db.session.scalar(
                select(Card).where(Card.user_id == user.id, Card.question_id == question.id)
            )
        return _presented(presentation, bank, question, card, scheduler, now, reason="again")
    last_id = latest[0].question_id if latest else None

    day_began, tomorrow = _study_day(user, now)
    due = _due_candidates(user.id, bank.id, now, tomorrow)
    questions: dict[int, Question] = {q.id: q for _, q in due}
    cards: dict[int, Card] = {c.question_id: c for c, _ in due}
    due_queue = [policy.Candidate(c.question_id, _memory(c)) for c, _ in due]

    # An exam ahead on this bank raises the new-question pace so that every question is
    # met in time, and new questions behind that pace come before due reviews.
    exam_at = None if practice or exam_on is None else exam_moment(user, exam_on)
    if exam_at is not None and exam_at <= now:
        exam_at = None
    if exam_at is None and any(c.question_id != last_id for c in due_queue):
        # A due card other than the last one wins before new and upcoming questions count.
        queue = policy.Queue(due_queue, [], [], 0, 0, last_id)
    else:
        new_today = _new_today(user.id, bank.id, day_began)
        new = _new_questions(user.id, bank, enrollment)
        daily_limit = user.daily_new_limit
        new_first = False
        if exam_at is not None and new:
            days_left = (exam_at - now).total_seconds() / 86400
            daily_limit = exam_rules.new_limit(
                user.daily_new_limit, _unseen_count(user.id, bank.id), days_left
            )
            new_first = daily_limit > user.daily_new_limit
        new_wins = not practice and (daily_limit > new_today and any(q.id != last_id for q in new))
        # Upcoming cards matter only when no new question will be shown: for learning
        # ahead, practice, or saying when the next review is due.
        if practice:
            # Practice ahead goes through every question not yet due before it comes
            # back to one just answered: the soonest due among those that have rested,
            # then new ones, and only then the ones answered minutes ago.
            rested = _upcoming(user.id, bank.id, now, tomorrow, rested_only=True)
            rested_ids = {c.question_id for c, _ in rested}
            tired = _least_recent(user.id, bank.id, now, tomorrow)
            upcoming = rested + [(c, q) for c, q in tired if c.question_id not in rested_ids]
        else:
            upcoming = [] if new_wins else _upcoming(user.id, bank.id, now, tomorrow)
        questions.update({q.id: q for q in new})
        questions.update({q.id: q for _, q in upcoming})
        cards.update({c.question_id: c for c, _ in upcoming})
        queue = policy.Queue(
            due=due_queue,
            upcoming=[policy.Candidate(c.question_id, _memory(c)) for c, _ in upcoming],
            new=[q.id for q in new],
            rested=frozenset(rested_ids) if practice else frozenset(),
            new_today=new_today,
            daily_new_limit=daily_limit,
            last_question_id=last_id,
            new_first=new_first,
        )
    choice = policy.choose_next(queue, scheduler=scheduler, now=now, practice=practice)
    if not choice.found:
        db.session.commit()  # keeps a moved new-question cursor
        new_waiting = len(queue.new) if policy.new_left_today(queue) == 0 else 0
        return Idle(bank, _shown_from(user, queue.upcoming, choice.next_due), new_waiting, practice)

    question = questions[choice.question_id]
    shown = get_question_type(question.type).learner_view(question.data, rng or random.Random())
    shown[REVISION_KEY] = question.answer_revision
    presentation = Presentation(
        token=secrets.token_urlsafe(24),
        user_id=user.id,
        question_id=question.id,
        bank_id=bank.id,
        shown=shown,
        practice=practice,
        created_at=now,
    )
    db.session.add(presentation)
    _commit_keeping_loaded()
    return _presented(
        presentation,
        bank,
        question,
        cards.get(question.id),
        scheduler,
        now,
        reason=str(choice.reason),
    )


def _shown_from(user: User, upcoming, next_due: datetime | None) -> datetime | None:
    """When the next question can be studied: a step at its time, a review from the start
    of the study day it falls due on (reviews are due by study day)."""
    if next_due is None:
        return None
    zone, hour = learner_zone(user.timezone), user.day_start_hour
    times = [
        day_start(study_date(c.memory.due, zone, hour), zone, hour)
        if c.memory.state == int(State.Review)
        else c.memory.due
        for c in upcoming
    ]
    return min(times, default=next_due)


def _presented(presentation, bank, question, card, scheduler, now, *, reason) -> Presented:
    buttons = []
    if question.type == "flashcard":
        before = _memory(card) if card is not None else None
        intervals = preview_intervals(scheduler, before, now)
        buttons = [GradeButton(int(r), RATING_NAMES[r], intervals[r]) for r in Rating]
    return Presented(
        token=presentation.token,
        bank=bank,
        question=question,
        shown=_view(presentation),
        practice=presentation.practice,
        reason=reason,
        created_at=presentation.created_at,
        buttons=buttons,
    )


def study_counts(user_id: int, bank_id: int, *, now: datetime | None = None) -> StudyCounts:
    """What is left today (for page headers): reviews due before the study day ends,
    learning steps included, and new questions, never more than the bank still holds."""
    now = now or utcnow()
    user = _user(user_id)
    day_began, tomorrow = _study_day(user, now)
    due = (
        db.session.scalar(
            select(func.count(Card.id))
            .join(Question, Question.id == Card.question_id)
            .where(
                Card.user_id == user.id,
                Card.bank_id == bank_id,
                # Everything due before the next study day: reviews (due all day) and
                # learning steps coming up later today.
                Card.due < _at("tomorrow", tomorrow),
                Question.retired_at.is_(None),
            )
        )
        or 0
    )
    new_today = _new_today(user.id, bank_id, day_began)
    unseen = (
        db.session.scalar(
            select(func.count(Question.id)).where(
                Question.bank_id == bank_id,
                Question.retired_at.is_(None),
                ~exists().where(Card.user_id == user.id, Card.question_id == Question.id),
            )
        )
        or 0
    )
    return StudyCounts(due, new_today, min(unseen, max(0, user.daily_new_limit - new_today)))


def session_summary(user_id: int, bank_id: int, *, now: datetime | None = None) -> SessionSummary:
    """Today's answers in the bank (answered, right, time) and when questions come back."""
    now = now or utcnow()
    user = _user(user_id)
    start, tomorrow = _study_day(user, now)
    answered, right, ms = db.session.execute(
        select(
            func.count(ReviewLog.id),
            func.coalesce(
                func.sum(
                    case(
                        (ReviewLog.correct.is_(True), 1),
                        (and_(ReviewLog.correct.is_(None), ReviewLog.rating > 1), 1),
                        else_=0,
                    )
                ),
                0,
            ),
            func.coalesce(func.sum(ReviewLog.elapsed_ms), 0),
        ).where(
            ReviewLog.user_id == user.id,
            ReviewLog.bank_id == bank_id,
            ReviewLog.reviewed_at >= _at("since", start),
        )
    ).one()
    edges = [
        ("later today", tomorrow),
        ("tomorrow", tomorrow + timedelta(days=1)),
        ("this week", start + timedelta(days=7)),
    ]
    buckets = [
        func.coalesce(func.sum(case((Card.due < _at(f"edge{i}", edge), 1), else_=0)), 0)
        for i, (_name, edge) in enumerate(edges)
    ]
    row = db.session.execute(
        select(func.count(Card.id), *buckets)
        .join(Question, Question.id == Card.question_id)
        .where(Card.user_id == user.id, Card.bank_id == bank_id, Question.retired_at.is_(None))
    ).one()
    total, cumulative = row[0], list(row[1:])
    comes_back, before = [], 0
    for (name, _edge), upto in zip(edges, cumulative, strict=True):
        comes_back.append((name, int(upto) - before))
        before = int(upto)
    comes_back.append(("later", int(total) - before))
    return SessionSummary(int(answered), int(right), int(ms) // 1000, comes_back)


# -- answering ----------------------------------------------------------------------------


def _presentation_row(token: str):
    if not isinstance(token, str) or not 8 <= len(token) <= 64:
        return None
    return db.session.execute(
        select(Presentation, Question, Bank, BankSource)
        .join(Question, Question.id == Presentation.question_id)
        .join(Bank, Bank.id == Presentation.bank_id)
        .outerjoin(BankSource, BankSource.id == Question.source_id)
        .where(Presentation.token == token)
        .execution_options(populate_existing=True)
    ).first()


def _owned_presentation(user_id: int, token: str):
    """The learner's own presentation; anyone else's is "not found", never "forbidden",
    so that tokens cannot be probed."""
    row = _presentation_row(token)
    if row is None or row[0].user_id != user_id:
        raise NotFound("No such question to answer; it may have expired.", code="no_presentation")
    return row


def get_presentation(user_id: int, token: str, *, now: datetime | None = None, fuzz: bool = True):
    """An unanswered presentation of the learner's, to show again (e.g. a flashcard's back)."""
    presentation, question, bank, _source = _owned_presentation(user_id, token)
    user = _user(user_id)
    card = None
    if question.type == "flashcard":
        card = db.session.scalar(
            select(Card).where(Card.user_id == user.id, Card.question_id == question.id)
        )
    scheduler = make_scheduler(user.desired_retention, fuzz=fuzz, parameters=user.fsrs_parameters)
    return _presented(
        presentation, bank, question, card, scheduler, now or utcnow(), reason="again"
    )


def response_from_form(user_id: int, token: str, form) -> Any:
    """Turn an HTML form into the response the JSON API would send, for this presentation."""
    presentation, question, _bank, _source = _owned_presentation(user_id, token)
    qtype = get_question_type(question.type)
    return qtype.response_from_form(form, _view(presentation))


def source_of(question: Question, source: BankSource | None) -> dict[str, Any] | None:
    if source is None and not question.source_sentence:
        return None
    out: dict[str, Any] = {"sentence": question.source_sentence or None}
    for key in ("title", "author", "publisher", "published", "url"):
        out[key] = getattr(source, key) if source is not None else None
    return out


def submit_answer(
    user_id: int,
    token: str,
    response: Any,
    *,
    elapsed_ms: int | None = None,
    now: datetime | None = None,
    fuzz: bool = True,
) -> Feedback:
    """Grade and record one answer, exactly once per presentation.

    A second submission of the same presentation (a refresh, a double click, a
    retry after a timeout, or two requests racing) returns the first one's result
    and records nothing.
    """
    now = now or utcnow()
    presentation, question, bank, source = _owned_presentation(user_id, token)
    if presentation.answered_at is not None:
        return _replay(presentation, question, bank, source)
    if _changed_since_shown(presentation, question):
        raise Conflict(
            "This question changed after it was shown; load the next question.",
            code="question_changed",
        )
    if elapsed_ms is not None and (
        isinstance(elapsed_ms, bool) or not isinstance(elapsed_ms, int) or elapsed_ms < 0
    ):
        raise InvalidInput(
            "elapsed_ms must be a whole number of milliseconds, 0 or more.",
            fields={"elapsed_ms": "invalid"},
        )
    qtype = get_question_type(question.type)
    grade = qtype.grade(question.data, response, language=bank.language)  # may raise 422
    if elapsed_ms is None:
        elapsed_ms = int((now - presentation.created_at).total_seconds() * 1000)
    elapsed_ms = max(0, min(elapsed_ms, MAX_ELAPSED_MS))

    # Claim the presentation: of two racing submissions only one updates the row.
    claimed = db.session.execute(
        update(Presentation)
        .where(Presentation.id == presentation.id, Presentation.answered_at.is_(None))
        .values(answered_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        again = _owned_presentation(user_id, token)
        return _replay(*again)

    # One answer at a time per learner: two open presentations of the same new question
    # (a study tab and a practice tab) answered at once would both insert its card.
    # Locking the learner's row queues them, and the second finds the first one's card.
    # (SQLite runs one writer at a time already.)
    if db.session.get_bind().dialect.name == "postgresql":
        user = db.session.get(User, user_id, with_for_update=True)
        if user is None or not user.is_active:
            raise NotFound("no such user")
    else:
        user = _user(user_id)
    card = db.session.scalar(
        select(Card).where(Card.user_id == user.id, Card.question_id == question.id)
    )
    before = _memory(card) if card is not None else None
    rating = rating_for(grade)
    if presentation.practice and rating == Rating.Easy:
        # A flashcard graded Easy ahead of time says little about a gap of weeks: practice
        # never skips the remaining steps or stretches an interval as Easy would.
        rating = Rating.Good
    guess_chance = qtype.guess_chance(question.data) if grade.self_rating is None else 0.0
    scheduler = make_scheduler(user.desired_retention, fuzz=fuzz, parameters=user.fsrs_parameters)
    exam = effective_exam(user.id, bank.id)
    exam_at = exam_moment(user, exam.exam_on) if exam is not None else None
    if exam_at is not None and now < exam_at:
        after = exam_rules.review_for_exam(
            scheduler, before, rating, now, exam_at, guess_chance=guess_chance
        )
    else:
        after = review(scheduler, before, rating, now, guess_chance=guess_chance)

    log = ReviewLog(
        user_id=user.id,
        question_id=question.id,
        bank_id=bank.id,
        presentation_token=presentation.token,
        answer_revision=question.answer_revision,
        response=response,
        correct=grade.correct,
        score=grade.score,
        rating=int(rating),
        guess_chance=guess_chance,
        elapsed_ms=elapsed_ms,
        was_new=card is None,
        practice=presentation.practice,
        state_before=before.to_json() if before else None,
        state_after=after.to_json(),
        reviewed_at=now,
    )
    db.session.add(log)
    if card is None:
        card = Card(user_id=user.id, question_id=question.id, bank_id=bank.id, created_at=now)
        db.session.add(card)
    card.state, card.step = after.state, after.step
    card.stability, card.difficulty = after.stability, after.difficulty
    card.due, card.last_review = after.due, after.last_review
    card.reps = (card.reps or 0) + 1
    if rating == Rating.Again and before is not None and before.state == 2:
        card.lapses = (card.lapses or 0) + 1
    db.session.flush()
    presentation.answered_at = now
    presentation.review_id = log.id
    _commit_keeping_loaded()
    return _feedback(presentation, question, bank, source, log, grade)


def order_marks(answer: list[str], response: Any) -> list[tuple[str, bool, int]]:
    """Each item of an ordering response: whether it is in its place, and where it goes."""
    if not isinstance(response, list):
        return []
    rank = {item: i for i, item in enumerate(answer)}
    return [(item, rank.get(item) == i, rank.get(item, -1) + 1) for i, item in enumerate(response)]


def _feedback(presentation, question, bank, source, log: ReviewLog, grade: Grade | None):
    qtype = get_question_type(question.type)
    marks = order_marks(question.answer, log.response) if question.type == "ordering" else []
    return Feedback(
        token=presentation.token,
        bank=bank,
        question=question,
        correct=log.correct,
        score=log.score,
        rating=log.rating,
        response=log.response,
        answer=qtype.display_answer(question.data),
        explanation=question.explanation,
        source=source_of(question, source),
        next_due=MemoryState.from_json(log.state_after).due,
        practice=log.practice,
        review_id=log.id,
        overridden=log.overridden_at is not None,
        note=grade.note if grade and log.overridden_at is None else "",
        order_marks=marks,
    )


def _replay(presentation, question, bank, source) -> Feedback:
    log = db.session.get(ReviewLog, presentation.review_id) if presentation.review_id else None
    if log is None:
        raise Conflict("This answer is still being recorded; try again.", code="in_progress")
    grade = None
    with contextlib.suppress(InvalidInput):
        grade = get_question_type(question.type).grade(
            question.data, log.response, language=bank.language
        )
    feedback = _feedback(presentation, question, bank, source, log, grade)
    feedback.replayed = True
    return feedback


# -- taking an answer back, counting it as right -------------------------------------------


def _owned_review(user_id: int, review_id: int):
    row = db.session.execute(
        select(ReviewLog, Presentation, Question, Bank, BankSource)
        .join(Presentation, Presentation.review_id == ReviewLog.id)
        .join(Question, Question.id == ReviewLog.question_id)
        .join(Bank, Bank.id == ReviewLog.bank_id)
        .outerjoin(BankSource, BankSource.id == Question.source_id)
        .where(ReviewLog.id == review_id)
    ).first()
    if row is None or row[0].user_id != user_id:
        raise NotFound("No such answer of yours.", code="no_review")
    return row


def _apply_state(card: Card, state: MemoryState) -> None:
    card.state, card.step = state.state, state.step
    card.stability, card.difficulty = state.stability, state.difficulty
    card.due, card.last_review = state.due, state.last_review


def _recompute_card(user: User, question: Question, start: ReviewLog, *, fuzz: bool) -> None:
    """Replay the log from ``start`` on: each review's rating, at its time, through FSRS.

    The log is the record; the card and each later review's states follow from it.
    """
    logs = list(
        db.session.scalars(
            select(ReviewLog)
            .where(
                ReviewLog.user_id == user.id,
                ReviewLog.question_id == question.id,
                ReviewLog.answer_revision == question.answer_revision,
            )
            .order_by(ReviewLog.reviewed_at, ReviewLog.id)
        )
    )
    scheduler = make_scheduler(user.desired_retention, fuzz=fuzz, parameters=user.fsrs_parameters)
    state = MemoryState.from_json(start.state_before) if start.state_before else None
    replaying = False
    lapses = 0
    for log in logs:
        replaying = replaying or log.id == start.id
        if replaying:
            log.state_before = state.to_json() if state else None
            state = review(
                scheduler,
                state,
                Rating(log.rating),
                log.reviewed_at,
                guess_chance=log.guess_chance or 0.0,
            )
            log.state_after = state.to_json()
        else:
            state = MemoryState.from_json(log.state_after)
        before = MemoryState.from_json(log.state_before) if log.state_before else None
        if log.rating == Rating.Again and before is not None and before.state == 2:
            lapses += 1
    card = db.session.scalar(
        select(Card).where(Card.user_id == user.id, Card.question_id == question.id)
    )
    if card is None or state is None:
        return
    _apply_state(card, state)
    card.reps, card.lapses = len(logs), lapses


def override_review(
    user_id: int, review_id: int, *, correct: Any = True, fuzz: bool = True
) -> Feedback:
    """Count a typed answer graded wrong as right ("I was right").

    The log keeps the response and the grader's verdict (``graded_correct``,
    ``graded_rating``) beside the correction; the card's memory state is replayed
    from the log with the corrected rating. Overriding twice changes nothing more.
    """
    if correct is not True:
        raise InvalidInput(
            'Only {"correct": true} is accepted: an answer can be counted as right.',
            fields={"correct": "invalid"},
        )
    log, presentation, question, bank, source = _owned_review(user_id, review_id)
    user = _user(user_id)
    if log.overridden_at is None:
        if presentation.test_id is not None:
            raise Conflict("Test answers are scored as given.", code="in_test")
        if log.correct is not False or question.type not in OVERRIDABLE_TYPES:
            raise Conflict(
                "Only a typed answer graded wrong can be counted as right.",
                code="not_overridable",
            )
        if log.answer_revision != question.answer_revision:
            raise Conflict("The question has changed since this answer.", code="question_changed")
        # The learner's word, not the grader's: right, so Good (never Easy).
        rating = rating_for(Grade(correct=True, score=1.0))
        log.graded_correct, log.graded_rating = log.correct, log.rating
        log.correct, log.score, log.rating = True, 1.0, int(rating)
        log.overridden_at = utcnow()
        _recompute_card(user, question, log, fuzz=fuzz)
        _commit_keeping_loaded()
    return _feedback(presentation, question, bank, source, log, None)


@dataclass
class Undone:
    review_id: int
    token: str
    bank: Bank


def undo_review(user_id: int, review_id: int, *, now: datetime | None = None) -> Undone:
    """Take back the learner's latest answer in a bank, as if it had never been given.

    The review is removed from the log, the card goes back to the state the log kept
    from before it (or is removed, for a question answered for the first time), and
    the same presentation is open again.
    """
    now = now or utcnow()
    log, presentation, question, bank, _source = _owned_review(user_id, review_id)
    if presentation.test_id is not None:
        raise Conflict("Test answers cannot be taken back.", code="in_test")
    if latest_review_id(user_id, bank.id) != log.id:
        raise Conflict("Only your latest answer can be taken back.", code="not_latest")
    card = db.session.scalar(
        select(Card).where(Card.user_id == user_id, Card.question_id == question.id)
    )
    if card is not None:
        if log.state_before is None:
            db.session.delete(card)
        else:
            before = MemoryState.from_json(log.state_before)
            _apply_state(card, before)
            card.reps = max(0, (card.reps or 1) - 1)
            if log.rating == Rating.Again and before.state == 2:
                card.lapses = max(0, (card.lapses or 1) - 1)
    presentation.answered_at = None
    presentation.review_id = None
    presentation.created_at = now  # shown again now, and timed from now
    db.session.flush()
    db.session.delete(log)
    token = presentation.token
    db.session.commit()
    return Undone(review_id, token, bank)


def latest_review_id(user_id: int, bank_id: int) -> int | None:
    """The learner's latest answer in a bank: the one Undo takes back."""
    return db.session.scalar(
        select(ReviewLog.id)
        .where(ReviewLog.user_id == user_id, ReviewLog.bank_id == bank_id)
        .order_by(ReviewLog.reviewed_at.desc(), ReviewLog.id.desc())
        .limit(1)
    )


def get_feedback(user_id: int, token: str) -> Feedback:
    """The result of an answered presentation (the page a post/redirect/get lands on)."""
    presentation, question, bank, source = _owned_presentation(user_id, token)
    if presentation.answered_at is None:
        raise NotFound("This question has not been answered yet.", code="not_answered")
    return _replay(presentation, question, bank, source)


__all__ = [
    "BankEntry",
    "Feedback",
    "GradeButton",
    "Idle",
    "Presented",
    "SessionSummary",
    "StudyCounts",
    "Undone",
    "enroll",
    "enrolled_bank",
    "get_feedback",
    "get_presentation",
    "is_enrolled",
    "latest_review_id",
    "list_banks_for_learner",
    "next_question",
    "order_marks",
    "override_review",
    "response_from_form",
    "session_summary",
    "study_counts",
    "submit_answer",
    "undo_review",
    "unenroll",
]
