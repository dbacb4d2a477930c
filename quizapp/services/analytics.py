"""What a teacher can act on: how each student is doing, which questions look unfair,
and how a class progresses over time.

Every figure is computed for one class: its students (the class members) and its
banks (assigned to the class), from the ``card`` and ``review_log`` tables, in a
few aggregate queries whatever the class size (no query per student or question).
Definitions, and the thresholds behind the flags, are in docs/teachers.md.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import fsrs
from sqlalchemy import Date, and_, case, cast, extract, func, literal, select
from sqlalchemy.sql.elements import ColumnElement

from quizapp.errors import NotFound
from quizapp.extensions import db
from quizapp.generator.checker import check_question
from quizapp.models import (
    AssignmentTarget,
    Bank,
    BankStatus,
    Card,
    ClassBank,
    ClassMember,
    Classroom,
    Question,
    QuestionFlag,
    ReviewLog,
    User,
    UTCDateTime,
    utcnow,
)
from quizapp.questions import get_question_type
from quizapp.questions.text import normalise_answer
from quizapp.services.classes import Assignment, class_assignments, get_class
from quizapp.study.rating import corrected_retention

# A card whose memory lasts three weeks or more is "mature", as in Anki.
MATURE_DAYS = 21
# "Learnt", an assignment's target: FSRS expects the question to be remembered (with a 90%
# chance) for a week or more. Stability is that interval, so this is stability >= 7 days.
LEARNT_DAYS = 7
# Predicted recall looks this far ahead: right after a review every card is near 100%.
RECALL_HORIZON = timedelta(days=7)
# "Overdue": due for more than a day, i.e. the learner skipped at least one day of review.
OVERDUE_AFTER = timedelta(days=1)
RETENTION_WINDOW = timedelta(days=30)

# A student falls behind when one of these holds (docs/teachers.md, "Falling behind").
INACTIVE_AFTER = timedelta(days=7)
OVERDUE_LOAD = 3  # at least this many overdue questions ...
OVERDUE_SHARE = 0.25  # ... and at least this share of the questions seen
RECENT_WINDOW = timedelta(days=14)  # retention is compared over two such windows
MIN_RECENT_REVIEWS = 5
LOW_RETENTION = 0.7
RETENTION_DROP = 0.15
SCHEDULE_SLACK = 0.15  # how far under a straight line to the due date still counts on track

# Question flags: how much data before judging, and where "near 0 or 1" starts.
MIN_FIRST_ATTEMPTS = 5
LOW_FACILITY = 0.2
HIGH_FACILITY = 0.95
MIN_GROUP = 3
MIN_WRONG_CHOSEN = 3
TOP_WRONG_ANSWERS = 3

CHART_DAYS = (30, 90, 180, 365)


# -- shared pieces -----------------------------------------------------------


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _recalled() -> ColumnElement:
    """1 when the answer counts as remembered: right, or a self-graded card not rated Again."""
    return case(
        (ReviewLog.correct.is_(True), 1),
        (and_(ReviewLog.correct.is_(None), ReviewLog.rating > 1), 1),
        else_=0,
    )


def _recall_credit() -> ColumnElement:
    """An answer's weight in a retention figure, corrected for guessing
    (``quizapp.study.rating.recall_credit``): recalled 1, otherwise -g/(1-g).
    g is at most 1/2 (true/false, or two choices)."""
    g = ReviewLog.guess_chance
    return case((_recalled() == 1, 1.0), else_=-g / (1.0 - g))


def _days_since(moment: datetime, column) -> ColumnElement:
    """Days (with their fraction) from ``column`` to ``moment``, computed by the database."""
    bound = literal(moment, UTCDateTime())
    if _dialect() == "sqlite":
        return func.julianday(bound) - func.julianday(column)
    return extract("epoch", bound - column) / 86400


def _utc_day(column) -> ColumnElement:
    """The UTC calendar day of a timestamp (text ``YYYY-MM-DD`` on SQLite, a date elsewhere)."""
    if _dialect() == "sqlite":
        return func.date(column)
    return cast(func.timezone("UTC", column), Date)


def _members(class_id: int):
    return select(ClassMember.user_id).where(ClassMember.class_id == class_id)


@dataclass
class Scope:
    """One class, and the banks the figures cover (all of the class's, or one)."""

    classroom: Classroom
    banks: list[Bank]
    bank: Bank | None = None
    assignments: list[Assignment] = field(default_factory=list)

    @property
    def bank_ids(self) -> list[int]:
        return [b.id for b in self.banks]


def class_scope(class_id: int, user_id: int, bank_id: int | None = None) -> Scope:
    """The class (checked to be the teacher's) and its banks; a bank must be assigned to it."""
    classroom = get_class(class_id, user_id)
    assignments = class_assignments(classroom.id)
    if bank_id is None:
        return Scope(classroom, [a.bank for a in assignments], None, assignments)
    chosen = [a for a in assignments if a.bank.id == bank_id]
    if not chosen:
        raise NotFound("this bank is not assigned to the class")
    return Scope(classroom, [chosen[0].bank], chosen[0].bank, chosen)


# -- per student -------------------------------------------------------------


@dataclass
class StudentRow:
    user_id: int
    username: str
    name: str
    joined_at: datetime | None = None
    seen: int = 0
    mature: int = 0
    due: int = 0
    overdue: int = 0
    reviews_30d: int = 0
    # Sums of recall credits (corrected for guessing): retention is the share truly
    # recalled rather than the share answered right.
    recalled_30d: float = 0
    # The last RECENT_WINDOW and the one before it, for "falling retention".
    reviews_recent: int = 0
    recalled_recent: float = 0
    reviews_before: int = 0
    recalled_before: float = 0
    predicted_recall: float | None = None
    last_active: datetime | None = None
    # Per assigned bank id: the share of its questions that meet the assignment's target,
    # and whether the student is "done", "on track", "behind" or "late" for its due date.
    completion: dict[int, float] = field(default_factory=dict)
    schedule: dict[int, str] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)

    @property
    def retention_30d(self) -> float | None:
        return corrected_retention(self.recalled_30d, self.reviews_30d)

    @property
    def retention_recent(self) -> float | None:
        return corrected_retention(self.recalled_recent, self.reviews_recent)

    @property
    def retention_before(self) -> float | None:
        return corrected_retention(self.recalled_before, self.reviews_before)

    @property
    def behind(self) -> bool:
        return bool(self.reasons)


def student_table(scope: Scope, *, now: datetime | None = None) -> list[StudentRow]:
    """One row per student of the class, over the scope's banks (four queries)."""
    now = now or utcnow()
    class_id = scope.classroom.id
    rows = {
        user.id: StudentRow(user.id, user.username, user.name, joined)
        for user, joined in db.session.execute(
            select(User, ClassMember.joined_at)
            .join(ClassMember, ClassMember.user_id == User.id)
            .where(ClassMember.class_id == class_id)
            .order_by(User.display_name, User.username)
        )
    }
    if not rows or not scope.banks:
        return list(rows.values())

    sizes = dict(
        db.session.execute(
            select(Question.bank_id, func.count())
            .where(Question.bank_id.in_(scope.bank_ids), Question.retired_at.is_(None))
            .group_by(Question.bank_id)
        ).all()
    )
    targets = {a.bank.id: a.target for a in scope.assignments}

    # Cards: counted and turned into predicted recall. Only numbers come back (no dates
    # to parse), so 100,000 cards take a fraction of a second.
    cards = db.session.execute(
        select(
            Card.user_id,
            Card.bank_id,
            Card.state,
            Card.step,
            Card.stability,
            _days_since(now, Card.last_review),
            case((Card.due <= now, 1), else_=0),
            case((Card.due <= now - OVERDUE_AFTER, 1), else_=0),
        )
        .join(Question, Question.id == Card.question_id)
        .where(
            Card.bank_id.in_(scope.bank_ids),
            Card.user_id.in_(_members(class_id)),
            Question.retired_at.is_(None),
        )
    )
    recall = RecallModel(now)
    sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0])
    done: dict[tuple[int, int], int] = defaultdict(int)
    for user_id, bank_id, state, step, stability, elapsed, due, overdue in cards:
        row = rows[user_id]
        row.seen += 1
        row.due += due
        row.overdue += overdue
        if stability is not None and stability >= MATURE_DAYS:
            row.mature += 1
        if targets.get(bank_id) == AssignmentTarget.STARTED or is_learnt(state, stability):
            done[user_id, bank_id] += 1
        if stability is not None and elapsed is not None:
            total = sums[user_id]
            total[0] += recall.in_a_week(state, step, stability, float(elapsed))
            total[1] += 1
    for user_id, (total, n) in sums.items():
        rows[user_id].predicted_recall = total / n if n else None
    for row in rows.values():
        for bank_id in scope.bank_ids:
            size = sizes.get(bank_id, 0)
            row.completion[bank_id] = min(1.0, done[row.user_id, bank_id] / size) if size else 1.0

    since = now - RETENTION_WINDOW
    reviewed = ReviewLog.was_new.is_(False)
    recent = and_(ReviewLog.reviewed_at >= now - RECENT_WINDOW, reviewed)
    before = and_(
        ReviewLog.reviewed_at >= now - 2 * RECENT_WINDOW,
        ReviewLog.reviewed_at < now - RECENT_WINDOW,
        reviewed,
    )
    month = and_(ReviewLog.reviewed_at >= since, reviewed)
    reviews = db.session.execute(
        select(
            ReviewLog.user_id,
            func.sum(case((month, 1), else_=0)),
            func.sum(case((month, _recall_credit()), else_=0)),
            func.sum(case((recent, 1), else_=0)),
            func.sum(case((recent, _recall_credit()), else_=0)),
            func.sum(case((before, 1), else_=0)),
            func.sum(case((before, _recall_credit()), else_=0)),
            func.max(ReviewLog.reviewed_at),
        )
        .where(
            ReviewLog.bank_id.in_(scope.bank_ids),
            ReviewLog.user_id.in_(_members(class_id)),
            ReviewLog.practice.is_(False),
        )
        .group_by(ReviewLog.user_id)
    )
    for user_id, n, recalled, n_recent, r_recent, n_before, r_before, last in reviews:
        row = rows[user_id]
        row.reviews_30d, row.recalled_30d, row.last_active = int(n or 0), float(recalled or 0), last
        row.reviews_recent, row.recalled_recent = int(n_recent or 0), float(r_recent or 0)
        row.reviews_before, row.recalled_before = int(n_before or 0), float(r_before or 0)

    for row in rows.values():
        row.schedule = {
            a.bank.id: assignment_status(a, row.completion[a.bank.id], now)
            for a in scope.assignments
        }
        row.reasons = reasons_behind(row, scope.assignments, now)
    return list(rows.values())


def is_learnt(state: int | None, stability: float | None) -> bool:
    """Remembered for a week or more: in review, with a stability of at least a week."""
    return state == fsrs.State.Review and stability is not None and stability >= LEARNT_DAYS


def expected_completion(assignment: Assignment, now: datetime) -> float | None:
    """Where a student keeping pace would be: a straight line from assigning to the due day."""
    if assignment.due is None:
        return None
    start = assignment.assigned_at.astimezone(UTC).date()
    today = now.astimezone(UTC).date()
    if today >= assignment.due:
        return 1.0
    span = (assignment.due - start).days
    return min(1.0, max(0.0, (today - start).days / span)) if span > 0 else 1.0


def assignment_status(assignment: Assignment, completion: float, now: datetime) -> str:
    """ "done", "on track", "behind" (under the line to the due date) or "late" (past it)."""
    if completion >= 1.0:
        return "done"
    expected = expected_completion(assignment, now)
    if expected is None:
        return "on track"
    if now.astimezone(UTC).date() > assignment.due:
        return "late"
    return "behind" if completion + SCHEDULE_SLACK < expected else "on track"


def _students(n: int) -> str:
    return f"{n} student{'s' if n != 1 else ''}"


def _days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def reasons_behind(row: StudentRow, assignments: list[Assignment], now: datetime) -> list[str]:
    """Why a student is falling behind, in words a teacher can act on (empty when not)."""
    reasons = []
    if row.last_active is None:
        if row.joined_at is not None and now - row.joined_at >= INACTIVE_AFTER:
            days = (now - row.joined_at).days
            reasons.append(f"Has not answered a question since joining {_days(days)} ago.")
    elif now - row.last_active >= INACTIVE_AFTER:
        reasons.append(f"No answers for {_days((now - row.last_active).days)}.")
    if row.overdue >= OVERDUE_LOAD and row.overdue >= OVERDUE_SHARE * row.seen:
        reasons.append(
            f"{row.overdue} of {row.seen} questions are overdue for review by more than a day."
        )
    recent, before = row.retention_recent, row.retention_before
    if recent is not None and row.reviews_recent >= MIN_RECENT_REVIEWS:
        if (
            before is not None
            and row.reviews_before >= MIN_RECENT_REVIEWS
            and before - recent >= RETENTION_DROP
        ):
            reasons.append(
                f"Remembered {recent:.0%} of reviews in the last two weeks, "
                f"down from {before:.0%} the two weeks before."
            )
        elif recent < LOW_RETENTION:
            reasons.append(f"Remembered only {recent:.0%} of reviews in the last two weeks.")
    for assignment in assignments:
        status = row.schedule.get(assignment.bank.id)
        share = row.completion.get(assignment.bank.id, 0.0)
        what = target_words(assignment.target)
        if status == "late":
            reasons.append(
                f"{assignment.bank.title} was due {assignment.due:%-d %b}: {share:.0%} {what}."
            )
        elif status == "behind":
            expected = expected_completion(assignment, now) or 0.0
            reasons.append(
                f"{assignment.bank.title}: {share:.0%} {what}, about {expected:.0%} expected "
                f"by now (due {assignment.due:%-d %b})."
            )
    return reasons


def target_words(target: str) -> str:
    return "started" if target == AssignmentTarget.STARTED else "learnt"


@dataclass
class AssignmentProgress:
    """How a class stands on one assigned bank: students per status."""

    assignment: Assignment
    done: int = 0
    on_track: int = 0
    behind: int = 0
    late: int = 0

    @property
    def students(self) -> int:
        return self.done + self.on_track + self.behind + self.late


def assignment_progress(
    class_id: int, user_id: int, *, now: datetime | None = None
) -> dict[int, AssignmentProgress]:
    """Per assigned bank id: how many students are done, on track, behind or late."""
    scope = class_scope(class_id, user_id)
    progress = {a.bank.id: AssignmentProgress(a) for a in scope.assignments}
    for row in student_table(scope, now=now):
        for bank_id, status in row.schedule.items():
            entry = progress[bank_id]
            name = status.replace(" ", "_")
            setattr(entry, name, getattr(entry, name) + 1)
    return progress


@dataclass
class LearnerAssignment:
    """A bank assigned to one of the learner's classes, and where the learner stands."""

    class_name: str
    assignment: Assignment
    completion: float
    status: str

    @property
    def bank(self) -> Bank:
        return self.assignment.bank


def learner_assignments(user_id: int, *, now: datetime | None = None) -> list[LearnerAssignment]:
    """The published banks assigned to the learner's open classes, soonest due first."""
    now = now or utcnow()
    links = db.session.execute(
        select(Classroom.name, Bank, ClassBank)
        .join(ClassMember, ClassMember.class_id == Classroom.id)
        .join(ClassBank, ClassBank.class_id == Classroom.id)
        .join(Bank, Bank.id == ClassBank.bank_id)
        .where(
            ClassMember.user_id == user_id,
            Classroom.archived_at.is_(None),
            Bank.status == BankStatus.PUBLISHED,
        )
    ).all()
    if not links:
        return []
    bank_ids = sorted({bank.id for _, bank, _ in links})
    sizes = dict(
        db.session.execute(
            select(Question.bank_id, func.count())
            .where(Question.bank_id.in_(bank_ids), Question.retired_at.is_(None))
            .group_by(Question.bank_id)
        ).all()
    )
    started: dict[int, int] = defaultdict(int)
    learnt: dict[int, int] = defaultdict(int)
    for bank_id, state, stability in db.session.execute(
        select(Card.bank_id, Card.state, Card.stability)
        .join(Question, Question.id == Card.question_id)
        .where(Card.user_id == user_id, Card.bank_id.in_(bank_ids), Question.retired_at.is_(None))
    ):
        started[bank_id] += 1
        learnt[bank_id] += is_learnt(state, stability)
    result = []
    for class_name, bank, link in links:
        assignment = Assignment(bank, link.assigned_at, link.due, link.target)
        counted = started if link.target == AssignmentTarget.STARTED else learnt
        size = sizes.get(bank.id, 0)
        share = min(1.0, counted[bank.id] / size) if size else 1.0
        result.append(
            LearnerAssignment(
                class_name, assignment, share, assignment_status(assignment, share, now)
            )
        )
    far = date.max
    return sorted(result, key=lambda a: (a.assignment.due or far, a.bank.title, a.class_name))


class RecallModel:
    """Predicted recall from FSRS: ``fsrs.Scheduler.get_card_retrievability``.

    One ``fsrs.Card`` is reused for every row: building one per card costs more than
    the whole computation.
    """

    def __init__(self, now: datetime):
        self.now = now
        self.scheduler = fsrs.Scheduler()
        self.card = fsrs.Card(card_id=0, state=fsrs.State.Review, stability=1.0, difficulty=5.0)
        self.cache: dict[tuple[float, float], float] = {}

    def probability(self, stability: float, elapsed_days: float) -> float:
        """FSRS's chance of recall ``elapsed_days`` after the last review."""
        key = (round(stability, 3), round(max(0.0, elapsed_days), 2))
        value = self.cache.get(key)
        if value is None:
            self.card.stability = key[0]
            self.card.last_review = self.now - timedelta(days=key[1])
            value = self.scheduler.get_card_retrievability(self.card, self.now)
            self.cache[key] = value
        return value

    def in_a_week(self, state: int, step: int | None, stability: float, elapsed: float) -> float:
        """The chance of recalling the question a week from now.

        A question whose last answer was wrong (back at the first learning step) counts
        as not recalled: FSRS's forgetting curve is so flat at low stability that it
        would still give it about 50%, which is not what a teacher should read for a
        student who has never got the question right.
        """
        if state != fsrs.State.Review and step == 0:
            return 0.0
        return self.probability(stability, elapsed + RECALL_HORIZON.total_seconds() / 86400)


# -- per question ------------------------------------------------------------


@dataclass
class WrongAnswer:
    text: str
    count: int


@dataclass
class QuestionRow:
    question_id: int
    key: str
    type: str
    prompt: str
    answer: str
    position: int
    attempts: int = 0
    first_attempts: int = 0
    first_correct: int = 0
    correct: int = 0
    discrimination: float | None = None
    mean_seconds: float | None = None
    wrong_answers: list[WrongAnswer] = field(default_factory=list)
    # What the class's students said when they flagged the question, most said first.
    student_flags: list[WrongAnswer] = field(default_factory=list)
    # What the item-writing checker (quizapp.generator.checker) finds in the question.
    writing: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)

    @property
    def facility(self) -> float | None:
        return self.first_correct / self.first_attempts if self.first_attempts else None


@dataclass
class QuestionTable:
    rows: list[QuestionRow]
    students_ranked: int
    group_size: int

    @property
    def flagged(self) -> list[QuestionRow]:
        return [row for row in self.rows if row.flags]


def question_table(scope: Scope) -> QuestionTable:
    """Item analysis of one bank in one class, on the current version of each question.

    Answers given before a question's answer changed are left out, since they were
    graded against another answer. Four queries, whatever the class and bank size.
    """
    if scope.bank is None:
        raise ValueError("question analytics are per bank")
    bank, class_id = scope.bank, scope.classroom.id
    questions = db.session.scalars(
        select(Question)
        .where(Question.bank_id == bank.id, Question.retired_at.is_(None))
        .order_by(Question.position)
    ).all()
    rows = {
        q.id: QuestionRow(
            q.id,
            q.key,
            q.type,
            q.prompt,
            get_question_type(q.type).display_answer(q.data),
            q.position,
            writing=writing_problems(q),
        )
        for q in questions
    }
    current = and_(
        Question.id == ReviewLog.question_id,
        Question.answer_revision == ReviewLog.answer_revision,
        Question.retired_at.is_(None),
    )
    in_class = ReviewLog.user_id.in_(_members(class_id))
    first = and_(ReviewLog.was_new.is_(True), ReviewLog.practice.is_(False))

    # Each student's share right on first attempts ranks the class into thirds.
    scores = db.session.execute(
        select(ReviewLog.user_id, func.count(), func.sum(_recalled()))
        .join(Question, current)
        .where(ReviewLog.bank_id == bank.id, in_class, first)
        .group_by(ReviewLog.user_id)
    ).all()
    ranked = sorted(scores, key=lambda r: (r[2] / r[1], r[1], r[0]))
    third = len(ranked) // 3
    lower = [r[0] for r in ranked[:third]]
    upper = [r[0] for r in ranked[len(ranked) - third :]] if third else []

    def in_group(ids: list[int]) -> ColumnElement:
        return ReviewLog.user_id.in_(ids) if ids else literal(False)

    counts = db.session.execute(
        select(
            ReviewLog.question_id,
            func.count(),
            func.sum(case((first, 1), else_=0)),
            func.sum(case((first, _recalled()), else_=0)),
            func.sum(_recalled()),
            func.sum(case((and_(first, in_group(upper)), 1), else_=0)),
            func.sum(case((and_(first, in_group(upper)), _recalled()), else_=0)),
            func.sum(case((and_(first, in_group(lower)), 1), else_=0)),
            func.sum(case((and_(first, in_group(lower)), _recalled()), else_=0)),
            func.avg(ReviewLog.elapsed_ms),
        )
        .join(Question, current)
        .where(ReviewLog.bank_id == bank.id, in_class)
        .group_by(ReviewLog.question_id)
    )
    for qid, attempts, n1, c1, correct, nu, cu, nl, cl, mean_ms in counts:
        row = rows[qid]
        row.attempts, row.first_attempts = attempts, int(n1 or 0)
        row.first_correct, row.correct = int(c1 or 0), int(correct or 0)
        row.mean_seconds = float(mean_ms) / 1000 if mean_ms is not None else None
        if (nu or 0) >= MIN_GROUP and (nl or 0) >= MIN_GROUP:
            row.discrimination = cu / nu - cl / nl

    wrong = db.session.execute(
        select(ReviewLog.question_id, ReviewLog.response, func.count())
        .join(Question, current)
        .where(ReviewLog.bank_id == bank.id, in_class, ReviewLog.correct.is_(False))
        .group_by(ReviewLog.question_id, ReviewLog.response)
    )
    # "kyoto" and "Kyoto " are one wrong answer, shown as its most common spelling.
    merged: dict[int, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for qid, response, n in wrong:
        text = response_text(response)
        variants = merged[qid][normalise_answer(text) or text]
        variants[text] = variants.get(text, 0) + n
    for qid, answers in merged.items():
        counted = [
            (sum(variants.values()), min(variants, key=lambda v: (-variants[v], v)))
            for variants in answers.values()
        ]
        top = sorted(counted, key=lambda e: (-e[0], e[1]))[:TOP_WRONG_ANSWERS]
        rows[qid].wrong_answers = [WrongAnswer(text, n) for n, text in top]

    reported = db.session.execute(
        select(QuestionFlag.question_id, QuestionFlag.reason, func.count())
        .join(Question, Question.id == QuestionFlag.question_id)
        .where(
            Question.bank_id == bank.id,
            Question.retired_at.is_(None),
            QuestionFlag.user_id.in_(_members(class_id)),
        )
        .group_by(QuestionFlag.question_id, QuestionFlag.reason)
    )
    for qid, reason, n in reported:
        rows[qid].student_flags.append(WrongAnswer(reason, n))
    for row in rows.values():
        row.student_flags.sort(key=lambda f: (-f.count, f.text))
        row.flags = flag_question(row)
    return QuestionTable(list(rows.values()), len(ranked), third)


def writing_problems(question: Question) -> list[str]:
    """The item-writing checker's warnings, on the question as bank data (no query)."""
    data = {"id": question.key, "type": question.type, "prompt": question.prompt}
    data.update(get_question_type(question.type).export(question.data))
    return [warning.message for warning in check_question(data)]


def response_text(response: Any) -> str:
    if isinstance(response, list):
        return "; ".join(str(item) for item in response)
    if isinstance(response, bool):
        return "True" if response else "False"
    if response is None:
        return ""
    return str(response)


def flag_question(row: QuestionRow) -> list[str]:
    """Why a question looks broken or unfair, in words a teacher can act on."""
    flags = []
    if row.student_flags:
        students = sum(f.count for f in row.student_flags)
        said = "; ".join(
            f"{f.text!r}" + (f" ({f.count})" if f.count > 1 else "") for f in row.student_flags[:3]
        )
        flags.append(f"Flagged by {_students(students)}: {said}.")
    for message in row.writing:
        flags.append(f"Question writing: {message[:1].upper()}{message[1:]}.")
    facility = row.facility
    if facility is not None and row.first_attempts >= MIN_FIRST_ATTEMPTS:
        if facility <= LOW_FACILITY:
            flags.append(
                f"Only {facility:.0%} right on the first try: check the answer and the wording."
            )
        elif facility >= HIGH_FACILITY:
            flags.append(
                f"{facility:.0%} right on the first try: is the answer given away by the prompt?"
            )
    if row.discrimination is not None and row.discrimination < 0:
        flags.append(
            "Students who do well overall get it wrong more often than those who struggle: "
            "it may be ambiguous or have the wrong answer."
        )
    if row.wrong_answers:
        top = row.wrong_answers[0]
        if top.count >= MIN_WRONG_CHOSEN and top.count > row.correct:
            flags.append(
                f"The wrong answer {top.text!r} is given more often than the right one: "
                "is the answer key right?"
            )
    return flags


# -- progress over time ------------------------------------------------------


@dataclass
class DayPoint:
    day: date
    answers: int = 0
    correct: int = 0
    started: int = 0
    active_students: int = 0
    # Questions started per student so far, as a share of the questions in scope.
    coverage: float = 0.0


@dataclass
class ProgressSeries:
    points: list[DayPoint]
    students: int
    questions: int


def progress_series(scope: Scope, *, days: int = 30, now: datetime | None = None) -> ProgressSeries:
    """Day by day (UTC) for the last ``days`` days: answers given, how many were right,
    questions started, and the class's cumulative coverage of its banks."""
    now = now or utcnow()
    today = now.astimezone(UTC).date()
    start_day = today - timedelta(days=days - 1)
    start = datetime(start_day.year, start_day.month, start_day.day, tzinfo=UTC)
    class_id = scope.classroom.id
    students = db.session.scalar(
        select(func.count()).select_from(ClassMember).where(ClassMember.class_id == class_id)
    )
    questions = (
        db.session.scalar(
            select(func.count(Question.id)).where(
                Question.bank_id.in_(scope.bank_ids), Question.retired_at.is_(None)
            )
        )
        if scope.banks
        else 0
    )
    points = {
        start_day + timedelta(days=n): DayPoint(start_day + timedelta(days=n)) for n in range(days)
    }
    if scope.banks and students:
        base = (
            ReviewLog.bank_id.in_(scope.bank_ids),
            ReviewLog.user_id.in_(_members(class_id)),
            ReviewLog.practice.is_(False),
        )
        started_before = db.session.scalar(
            select(func.count()).where(
                *base, ReviewLog.was_new.is_(True), ReviewLog.reviewed_at < start
            )
        )
        # Per student and day first, then per day: cheaper than count(DISTINCT user_id).
        day = _utc_day(ReviewLog.reviewed_at).label("day")
        per_student = (
            select(
                day,
                func.count().label("answers"),
                func.sum(_recalled()).label("correct"),
                func.sum(case((ReviewLog.was_new.is_(True), 1), else_=0)).label("started"),
            )
            .where(*base, ReviewLog.reviewed_at >= start)
            .group_by(day, ReviewLog.user_id)
            .subquery()
        )
        daily = db.session.execute(
            select(
                per_student.c.day,
                func.sum(per_student.c.answers),
                func.sum(per_student.c.correct),
                func.sum(per_student.c.started),
                func.count(),
            ).group_by(per_student.c.day)
        )
        for value, answers, correct, started, active in daily:
            point = points.get(date.fromisoformat(str(value)[:10]))
            if point is not None:
                point.answers, point.correct = int(answers or 0), int(correct or 0)
                point.started, point.active_students = int(started or 0), active
        running = started_before or 0
        capacity = students * questions
        for point in points.values():
            running += point.started
            point.coverage = min(1.0, running / capacity) if capacity else 0.0
    return ProgressSeries(list(points.values()), students or 0, questions or 0)


def clamp_days(value: Any) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError):
        return CHART_DAYS[0]
    return days if days in CHART_DAYS else CHART_DAYS[0]
