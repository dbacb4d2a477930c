"""Analytics as services, on card and review rows written directly (as the study loop would)."""

from datetime import UTC, datetime, timedelta

import fsrs
import pytest
from sqlalchemy import event, select

from quizapp.errors import Forbidden, NotFound
from quizapp.extensions import db
from quizapp.models import Card, ClassMember, Question, ReviewLog, User
from quizapp.services import analytics, classes
from tests.conftest import bank_text

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


class Data:
    """A class with a bank, students without passwords, and helpers to record their work."""

    def __init__(self, teacher: int, class_id: int, bank_id: int):
        self.teacher, self.class_id, self.bank_id = teacher, class_id, bank_id
        self.questions = {
            q.key: q
            for q in db.session.scalars(select(Question).where(Question.bank_id == bank_id))
        }

    def students(self, *names: str, class_id: int | None = None) -> list[int]:
        users = [
            User(username=name, password_hash="!", display_name=name.title()) for name in names
        ]
        db.session.add_all(users)
        db.session.flush()
        db.session.add_all(
            ClassMember(class_id=class_id or self.class_id, user_id=u.id) for u in users
        )
        db.session.commit()
        return [u.id for u in users]

    def answer(
        self,
        user_id: int,
        key: str,
        correct: bool | None,
        *,
        days_ago: float = 1,
        response="x",
        first: bool = True,
        elapsed_ms: int | None = 10_000,
        rating: int | None = None,
        revision: int | None = None,
    ) -> None:
        question = self.questions[key]
        db.session.add(
            ReviewLog(
                user_id=user_id,
                question_id=question.id,
                bank_id=question.bank_id,
                response=response,
                correct=correct,
                rating=rating or (3 if correct else 1),
                elapsed_ms=elapsed_ms,
                was_new=first,
                answer_revision=revision or question.answer_revision,
                state_after={"state": 2},
                reviewed_at=NOW - timedelta(days=days_ago),
            )
        )
        db.session.commit()

    def card(self, user_id: int, key: str, *, stability: float, due_in: float, reviewed_ago=2):
        question = self.questions[key]
        db.session.add(
            Card(
                user_id=user_id,
                question_id=question.id,
                bank_id=question.bank_id,
                state=2,
                stability=stability,
                difficulty=5.0,
                due=NOW + timedelta(days=due_in),
                last_review=NOW - timedelta(days=reviewed_ago),
                reps=1,
            )
        )
        db.session.commit()


@pytest.fixture
def data(ctx, make_user, import_bank):
    teacher = make_user("teach", "teacher")
    bank_id = import_bank(owner_id=teacher)
    room = classes.create_class(teacher, "Geography")
    classes.assign_bank(room.id, teacher, bank_id)
    return Data(teacher, room.id, bank_id)


def rows_by_name(rows):
    return {row.username: row for row in rows}


def test_per_student_figures(data):
    ann, bob, _ = data.students("ann", "bob", "cid")
    data.card(ann, "france", stability=30, due_in=20)  # mature
    data.card(ann, "japan", stability=3, due_in=-0.5)  # due, not overdue
    data.card(ann, "population", stability=2, due_in=-3, reviewed_ago=5)  # overdue
    data.card(bob, "france", stability=1, due_in=1)
    # Retention counts reviews (not first attempts) in the last 30 days.
    data.answer(ann, "france", True, days_ago=40, first=False)
    data.answer(ann, "france", True, days_ago=3, first=False)
    data.answer(ann, "japan", False, days_ago=2, first=False)
    data.answer(ann, "japan", None, rating=2, days_ago=1, first=False)  # self-graded Hard
    data.answer(ann, "population", True, days_ago=0.5, first=True)

    rows = rows_by_name(
        analytics.student_table(analytics.class_scope(data.class_id, data.teacher), now=NOW)
    )
    a, b, c = rows["ann"], rows["bob"], rows["cid"]
    assert (a.seen, a.mature, a.due, a.overdue) == (3, 1, 2, 1)
    assert (a.reviews_30d, a.recalled_30d) == (3, 2)
    assert a.retention_30d == pytest.approx(2 / 3)
    assert a.last_active == NOW - timedelta(days=0.5)
    scheduler = fsrs.Scheduler()
    expected = [
        scheduler.get_card_retrievability(
            fsrs.Card(card_id=1, stability=s, last_review=NOW - timedelta(days=d)),
            NOW + timedelta(days=7),  # a week ahead: right after a review all are near 100%
        )
        for s, d in ((30, 2), (3, 2), (2, 5))
    ]
    assert a.predicted_recall == pytest.approx(sum(expected) / 3)
    assert (b.seen, b.due, b.retention_30d, b.last_active) == (1, 0, None, None)
    assert (c.seen, c.predicted_recall) == (0, None)


def test_students_of_other_classes_and_other_banks_are_left_out(data, import_bank):
    other_room = classes.create_class(data.teacher, "Other")
    [ann] = data.students("ann")
    [zed] = data.students("zed", class_id=other_room.id)
    rivers = import_bank(bank_text("rivers", title="Rivers"))
    data.card(zed, "france", stability=5, due_in=1)
    data.answer(zed, "france", True)
    river = db.session.scalar(select(Question).where(Question.bank_id == rivers))
    db.session.add(
        Card(
            user_id=ann,
            question_id=river.id,
            bank_id=rivers,
            state=2,
            stability=5,
            difficulty=5,
            due=NOW,
            last_review=NOW,
            reps=1,
        )
    )
    db.session.commit()
    rows = analytics.student_table(analytics.class_scope(data.class_id, data.teacher), now=NOW)
    assert [(r.username, r.seen) for r in rows] == [("ann", 0)]


def test_retired_questions_do_not_count(data):
    [ann] = data.students("ann")
    data.card(ann, "japan", stability=5, due_in=-1)
    data.questions["japan"].retired_at = NOW
    db.session.commit()
    [row] = analytics.student_table(analytics.class_scope(data.class_id, data.teacher), now=NOW)
    assert (row.seen, row.due) == (0, 0)


def nine_students(data):
    """Nine students ranked by their first attempts: thirds of three."""
    ids = data.students(*(f"s{n}" for n in range(9)))
    # Overall ability: s0..s2 weak, s3..s5 middling, s6..s8 strong (on france, japan, population).
    for n, user in enumerate(ids):
        strength = n // 3
        data.answer(user, "france", strength >= 1, response="Paris" if strength >= 1 else "Lyon")
        data.answer(user, "japan", strength >= 1, response="Tokyo" if strength >= 1 else "kyoto")
        data.answer(user, "population", strength == 2, response=2.1 if strength == 2 else 3)
        # A trick question the strong get wrong and the weak get right.
        right = strength == 0
        data.answer(user, "rome-is-capital", right, response=not right, elapsed_ms=4000 + 1000 * n)
    return ids


def test_per_question_item_analysis(data):
    nine_students(data)
    table = analytics.question_table(
        analytics.class_scope(data.class_id, data.teacher, data.bank_id)
    )
    assert (table.students_ranked, table.group_size) == (9, 3)
    rows = {row.key: row for row in table.rows}
    france = rows["france"]
    assert (france.attempts, france.first_attempts, france.first_correct) == (9, 9, 6)
    assert france.facility == pytest.approx(6 / 9)
    assert france.discrimination == pytest.approx(1.0)  # strong all right, weak all wrong
    assert [(w.text, w.count) for w in france.wrong_answers] == [("Lyon", 3)]
    assert france.flags == []
    rome = rows["rome-is-capital"]
    assert rome.discrimination == pytest.approx(-1.0)
    assert rome.mean_seconds == pytest.approx(8.0)
    assert any("do well overall get it wrong" in flag for flag in rome.flags)
    assert any("given more often than the right one" in flag for flag in rome.flags)
    population = rows["population"]
    assert population.facility == pytest.approx(3 / 9)
    assert population.answer == "2.1 million"


def test_wrong_answers_are_merged_when_they_differ_only_in_case_and_spacing(data):
    ids = data.students(*(f"s{n}" for n in range(6)))
    for user, response in zip(
        ids, ["kyoto", "Kyoto ", "kyoto", "Osaka", "Osaka", "Tokyo"], strict=True
    ):
        data.answer(user, "japan", response == "Tokyo", response=response)
    row = next(
        r
        for r in analytics.question_table(
            analytics.class_scope(data.class_id, data.teacher, data.bank_id)
        ).rows
        if r.key == "japan"
    )
    assert [(w.text, w.count) for w in row.wrong_answers] == [("kyoto", 3), ("Osaka", 2)]
    assert row.facility == pytest.approx(1 / 6)
    assert any("Only 17% right" in flag for flag in row.flags)
    assert any("'kyoto' is given more often" in flag for flag in row.flags)


def test_answers_to_an_older_version_of_the_question_are_left_out(data):
    ids = data.students(*(f"s{n}" for n in range(5)))
    for user in ids:
        data.answer(user, "france", False, response="Lyon", revision=1)
    data.questions["france"].answer_revision = 2
    db.session.commit()
    data.answer(ids[0], "france", True, response="Paris", revision=2)
    row = next(
        r
        for r in analytics.question_table(
            analytics.class_scope(data.class_id, data.teacher, data.bank_id)
        ).rows
        if r.key == "france"
    )
    assert (row.attempts, row.first_correct, row.wrong_answers) == (1, 1, [])


def test_too_little_data_raises_no_flags(data):
    ids = data.students("a", "b")
    for user in ids:
        data.answer(user, "france", False, response="Lyon")
    table = analytics.question_table(
        analytics.class_scope(data.class_id, data.teacher, data.bank_id)
    )
    assert table.flagged == []
    assert all(row.discrimination is None for row in table.rows)


def test_progress_over_time(data):
    ann, bob = data.students("ann", "bob")
    data.answer(ann, "france", True, days_ago=40)  # before the window: counts toward coverage
    data.answer(ann, "japan", False, days_ago=2.2)
    data.answer(ann, "japan", True, days_ago=2.1, first=False)
    data.answer(bob, "france", True, days_ago=2)
    series = analytics.progress_series(
        analytics.class_scope(data.class_id, data.teacher), days=30, now=NOW
    )
    assert (len(series.points), series.students, series.questions) == (30, 2, 4)
    assert series.points[-1].day == NOW.date()
    day = next(p for p in series.points if p.day == (NOW - timedelta(days=2)).date())
    assert (day.answers, day.correct, day.started, day.active_students) == (3, 2, 2, 2)
    assert series.points[0].coverage == pytest.approx(1 / 8)
    assert series.points[-1].coverage == pytest.approx(3 / 8)
    assert sum(p.answers for p in series.points) == 3


def test_analytics_belong_to_the_classes_teacher(data, make_user, import_bank):
    other, student = make_user("other", "teacher"), make_user("stu")
    with pytest.raises(NotFound):
        analytics.class_scope(data.class_id, other)
    with pytest.raises(Forbidden):
        analytics.class_scope(data.class_id, student)
    rivers = import_bank(bank_text("rivers", title="Rivers"))
    with pytest.raises(NotFound):
        analytics.class_scope(data.class_id, data.teacher, rivers)


def count_queries(action) -> int:
    statements = []

    def record(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        action()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return len(statements)


def test_the_number_of_queries_does_not_grow_with_the_class(data):
    small = data.students("a", "b")
    for user in small:
        data.card(user, "france", stability=5, due_in=1)
        data.answer(user, "france", True)

    def measure():
        # The scope is looked up afresh each time, as a request would.
        return [
            count_queries(
                lambda: analytics.student_table(
                    analytics.class_scope(data.class_id, data.teacher), now=NOW
                )
            ),
            count_queries(
                lambda: analytics.question_table(
                    analytics.class_scope(data.class_id, data.teacher, data.bank_id)
                )
            ),
            count_queries(
                lambda: analytics.progress_series(
                    analytics.class_scope(data.class_id, data.teacher), now=NOW
                )
            ),
        ]

    before = measure()
    for user in nine_students(data):
        data.card(user, "japan", stability=5, due_in=1)
    after = measure()
    assert before == after
    # Looking up the teacher, the class and its banks, then the figures themselves.
    assert max(after) <= 8


# -- predicted recall and students falling behind, through the real study loop -------------


def _wrong(presented):
    """A wrong response to any question of the capitals bank."""
    qtype = presented.question.type
    if qtype == "multiple_choice":
        return next(c for c in presented.shown["choices"] if c != presented.question.data["answer"])
    if qtype == "true_false":
        return not presented.question.data["answer"]
    if qtype == "numeric":
        return "999"
    return "no idea"


def _right(presented):
    answer = presented.question.data["answer"]
    return str(answer) if presented.question.type == "numeric" else answer


def _study(user_id: int, respond, clock, *, rounds: int = 12) -> None:
    """Answer whatever the study loop shows, as a learner would in one sitting."""
    from quizapp.services import study

    study.enroll(user_id, "capitals")
    for _ in range(rounds):
        shown = study.next_question(user_id, "capitals", now=clock(), fuzz=False)
        if not isinstance(shown, study.Presented):
            clock.advance(minutes=11)
            continue
        study.submit_answer(user_id, shown.token, respond(shown), now=clock(), fuzz=False)
        clock.advance(seconds=15)


def test_predicted_recall_of_a_student_who_got_everything_wrong_is_low(data, clock):
    good, poor = data.students("good", "poor")
    _study(good, _right, clock)
    _study(poor, _wrong, clock)
    rows = rows_by_name(
        analytics.student_table(analytics.class_scope(data.class_id, data.teacher), now=clock())
    )
    assert rows["poor"].seen == rows["good"].seen == 4
    # Right after a session, recall *now* would be near 100% for both; a week ahead it is not.
    assert rows["poor"].predicted_recall == pytest.approx(0.0)
    assert rows["good"].predicted_recall > 0.75
    assert rows["good"].completion[data.bank_id] == 0.0  # answered once: not learnt yet


def test_falling_behind_gives_each_reason(data):
    quiet, overdue, slipping, fine = data.students("quiet", "overdue", "slipping", "fine")
    db.session.execute(
        ClassMember.__table__.update()
        .where(ClassMember.user_id.in_([quiet, overdue, slipping, fine]))
        .values(joined_at=NOW - timedelta(days=40))
    )
    db.session.commit()
    data.answer(quiet, "france", True, days_ago=10)
    for key in ("france", "japan", "rome-is-capital", "population"):
        data.card(overdue, key, stability=3, due_in=-4)
        data.card(fine, key, stability=10, due_in=3)
        data.answer(overdue, key, True, days_ago=1)
        data.answer(fine, key, True, days_ago=1, first=False)
    # Slipping: 5 of 5 remembered three weeks ago, 1 of 5 in the last two weeks.
    for n in range(5):
        data.answer(slipping, "france", True, days_ago=20 + n, first=False)
        data.answer(slipping, "japan", n == 0, days_ago=1 + n, first=False)
    rows = rows_by_name(
        analytics.student_table(analytics.class_scope(data.class_id, data.teacher), now=NOW)
    )
    assert rows["quiet"].reasons == ["No answers for 10 days."]
    assert rows["overdue"].reasons == [
        "4 of 4 questions are overdue for review by more than a day."
    ]
    assert rows["slipping"].reasons == [
        "Remembered 20% of reviews in the last two weeks, down from 100% the two weeks before."
    ]
    assert rows["fine"].reasons == [] and not rows["fine"].behind
    assert rows["fine"].completion[data.bank_id] == 1.0  # every question learnt


def test_an_assignment_due_date_puts_slow_students_behind(data):
    from quizapp.models import ClassBank

    on_time, slow = data.students("ontime", "slow")
    link = db.session.scalar(select(ClassBank).where(ClassBank.class_id == data.class_id))
    link.assigned_at = NOW - timedelta(days=10)
    link.due = (NOW + timedelta(days=10)).date()  # halfway: about 50% expected
    db.session.commit()
    for key in ("france", "japan"):
        data.card(on_time, key, stability=10, due_in=5)
        data.answer(on_time, key, True, days_ago=1)
    data.answer(slow, "france", False, days_ago=1)
    data.card(slow, "france", stability=0.3, due_in=0.1)
    scope = analytics.class_scope(data.class_id, data.teacher)
    rows = rows_by_name(analytics.student_table(scope, now=NOW))
    assert rows["ontime"].schedule[data.bank_id] == "on track"
    assert rows["ontime"].completion[data.bank_id] == 0.5
    assert rows["slow"].schedule[data.bank_id] == "behind"
    assert rows["slow"].reasons == ["Capitals: 0% learnt, about 50% expected by now (due 11 Mar)."]
    later = rows_by_name(analytics.student_table(scope, now=NOW + timedelta(days=11)))
    assert later["ontime"].schedule[data.bank_id] == "late"
    assert "Capitals was due 11 Mar: 50% learnt." in later["ontime"].reasons


def test_questions_flagged_by_the_class_students_are_listed_with_their_words(data):
    from quizapp.models import QuestionFlag

    ann, bob = data.students("ann", "bob")
    outsider = data.students("zed", class_id=classes.create_class(data.teacher, "Other").id)[0]
    japan = data.questions["japan"].id
    for user in (ann, bob):
        db.session.add(QuestionFlag(question_id=japan, user_id=user, reason="Kyoto was right once"))
    db.session.add(QuestionFlag(question_id=japan, user_id=outsider, reason="not in this class"))
    db.session.commit()
    table = analytics.question_table(
        analytics.class_scope(data.class_id, data.teacher, data.bank_id)
    )
    row = next(r for r in table.rows if r.key == "japan")
    assert row.flags == ["Flagged by 2 students: 'Kyoto was right once' (2)."]
    assert [r.key for r in table.flagged] == ["japan"]


def test_the_item_writing_checker_flags_a_question_that_gives_its_answer_away(
    ctx, make_user, import_bank
):
    teacher = make_user("teach", "teacher")
    bank_id = import_bank(
        bank_text(
            questions="""
            - id: giveaway
              type: multiple_choice
              prompt: Is Paris or Lyon the capital of France, Paris being the seat of government?
              choices: [Paris, Lyon, Nice]
              answer: Paris
            - id: fine
              type: short_answer
              prompt: What is the capital of Japan?
              answer: Tokyo
            """
        ),
        owner_id=teacher,
    )
    room = classes.create_class(teacher, "Geography")
    classes.assign_bank(room.id, teacher, bank_id)
    table = analytics.question_table(analytics.class_scope(room.id, teacher, bank_id))
    flags = {row.key: row.flags for row in table.rows}
    assert flags["giveaway"] == ["Question writing: The answer 'Paris' appears in the prompt."]
    assert flags["fine"] == []
