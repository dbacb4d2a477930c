"""Analytics pages and CSV downloads: what they show, to whom, and that the CSV is safe."""

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Card, ClassMember, Question, ReviewLog, User, utcnow
from quizapp.services import classes


def page(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def setup(app, make_user, client_for, import_bank):
    """Teacher "teach" with a class of six on the capitals bank: only ann knows Japan's capital."""
    teacher = make_user("teach", "teacher")
    make_user("other", "teacher")
    bank_id = import_bank(owner_id=teacher)
    with app.app_context():
        room = classes.create_class(teacher, "Geography")
        classes.assign_bank(room.id, teacher, bank_id)
        other_room = classes.create_class(teacher, "History")
        students = [
            User(username="ann", password_hash="!", display_name='=HYPERLINK("http://x")'),
            User(username="bob", password_hash="!", display_name="Bob"),
            *(
                User(username=name, password_hash="!", display_name=name.title())
                for name in ("cid", "dan", "eve", "fay")
            ),
            User(username="zed", password_hash="!", display_name="Zed Elsewhere"),
        ]
        db.session.add_all(students)
        db.session.flush()
        for user in students[:6]:
            db.session.add(ClassMember(class_id=room.id, user_id=user.id))
        db.session.add(ClassMember(class_id=other_room.id, user_id=students[6].id))
        questions = {q.key: q for q in db.session.scalars(select(Question))}
        now = utcnow()
        for n, user in enumerate(students):
            for key, question in questions.items():
                right = n == 0 or key != "japan"
                db.session.add(
                    ReviewLog(
                        user_id=user.id,
                        question_id=question.id,
                        bank_id=bank_id,
                        response="-Kyoto" if not right else "ok",
                        correct=right,
                        rating=3 if right else 1,
                        elapsed_ms=5000,
                        was_new=True,
                        state_after={"state": 2},
                        reviewed_at=now - timedelta(days=n + 1),
                    )
                )
                db.session.add(
                    Card(
                        user_id=user.id,
                        question_id=question.id,
                        bank_id=bank_id,
                        state=2,
                        stability=30.0 if right else 2.0,
                        difficulty=5.0,
                        due=now + timedelta(days=5 if right else -2),
                        last_review=now - timedelta(days=n + 1),
                        reps=1,
                    )
                )
        db.session.commit()
        ids = {"class": room.id, "other_class": other_room.id, "bank": bank_id}
    return ids, client_for("teach"), client_for("other")


def test_class_page_lists_students_with_their_figures_and_a_chart(setup):
    ids, teacher, _ = setup
    response = teacher.get(f"/teach/classes/{ids['class']}/analytics")
    assert response.status_code == 200
    html = page(response)
    assert "Bob" in html and "Cid" in html
    assert "Zed Elsewhere" not in html, "students of another class are not shown"
    assert "<svg" in html and 'class="line"' in html and 'class="right"' in html
    assert f'href="/teach/classes/{ids["class"]}/students.csv' in html


def test_chart_period_and_bank_filter(setup):
    ids, teacher, _ = setup
    html = page(teacher.get(f"/teach/classes/{ids['class']}/analytics?days=90&bank={ids['bank']}"))
    assert '<option value="90" selected>' in html
    assert f'<option value="{ids["bank"]}" selected>' in html
    assert teacher.get(f"/teach/classes/{ids['class']}/analytics?days=7").status_code == 200


def test_bank_page_flags_a_question_students_get_wrong(setup):
    ids, teacher, _ = setup
    html = page(teacher.get(f"/teach/classes/{ids['class']}/banks/{ids['bank']}/analytics"))
    # Japan: one right answer in six; the others: everyone right (is the answer given away?).
    assert "4 questions to check" in html
    assert "Only 17% right on the first try" in html
    assert "100% right on the first try" in html
    assert "-Kyoto" in html
    assert "given more often than the right one" in html


def read_csv(response) -> list[list[str]]:
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(page(response))))


def test_student_csv_is_safe_against_formula_injection(setup):
    ids, teacher, _ = setup
    rows = read_csv(teacher.get(f"/teach/classes/{ids['class']}/students.csv"))
    assert rows[0][:3] == ["username", "name", "questions seen"]
    names = {row[0]: row for row in rows[1:]}
    assert set(names) == {"ann", "bob", "cid", "dan", "eve", "fay"}
    assert names["ann"][1] == '\'=HYPERLINK("http://x")'
    assert names["bob"][2] == "4"


def test_question_and_progress_csv(setup):
    ids, teacher, _ = setup
    rows = read_csv(teacher.get(f"/teach/classes/{ids['class']}/banks/{ids['bank']}/questions.csv"))
    japan = next(row for row in rows if row[0] == "japan")
    assert japan[4] == "6" and japan[6] == "16.7"
    assert japan[9] == "'-Kyoto (5)", "a wrong answer starting with - is quoted"
    progress = read_csv(teacher.get(f"/teach/classes/{ids['class']}/progress.csv?days=30"))
    assert progress[0][0] == "day (UTC)" and len(progress) == 31
    assert sum(int(row[1]) for row in progress[1:]) == 24


def test_a_bank_not_assigned_to_the_class_is_not_found(setup, import_bank):
    from tests.conftest import bank_text

    ids, teacher, _ = setup
    rivers = import_bank(bank_text("rivers", title="Rivers"))
    assert teacher.get(f"/teach/classes/{ids['class']}/banks/{rivers}/analytics").status_code == 404
    assert teacher.get(f"/teach/classes/{ids['class']}/analytics?bank={rivers}").status_code == 404


def test_the_wrong_teacher_sees_nothing(setup):
    ids, _, other = setup
    for url in (
        f"/teach/classes/{ids['class']}/analytics",
        f"/teach/classes/{ids['class']}/banks/{ids['bank']}/analytics",
        f"/teach/classes/{ids['class']}/students.csv",
        f"/teach/classes/{ids['class']}/progress.csv",
    ):
        response = other.get(url)
        assert response.status_code == 404, url
        assert "Bob" not in page(response)


def test_an_admin_may_see_any_class(setup, make_user, client_for):
    ids, _, _ = setup
    make_user("root", "admin")
    assert client_for("root").get(f"/teach/classes/{ids['class']}/analytics").status_code == 200


def test_class_page_flags_students_falling_behind_in_plain_words(app, setup):
    ids, teacher, _ = setup
    with app.app_context():
        quiet = User(username="quiet", password_hash="!", display_name="Quiet Quinn")
        db.session.add(quiet)
        db.session.flush()
        db.session.add(
            ClassMember(
                class_id=ids["class"], user_id=quiet.id, joined_at=utcnow() - timedelta(days=9)
            )
        )
        db.session.commit()
    html = page(teacher.get(f"/teach/classes/{ids['class']}/analytics"))
    assert "1 student falling behind" in html
    assert "Has not answered a question since joining 9 days ago." in html
    # Plain words, the technical term in the tooltip.
    assert "Likely to recall in a week" in html and "“Predicted recall”" in html
    assert "Well learnt" in html and "“Mature”" in html
    assert "Recall now" not in html
    csv_rows = read_csv(teacher.get(f"/teach/classes/{ids['class']}/students.csv"))
    header, rows = csv_rows[0], {row[0]: row for row in csv_rows[1:]}
    assert header[-2:] == ["behind", "reasons"] and "capitals learnt (%)" in header
    assert rows["quiet"][-2] == "yes" and rows["bob"][-2] == "no"


def test_discrimination_says_when_there_are_not_enough_answers(setup):
    ids, teacher, _ = setup
    html = page(teacher.get(f"/teach/classes/{ids['class']}/banks/{ids['bank']}/analytics"))
    # Six students: thirds of two, under the three first attempts each third needs.
    assert "not enough answers yet" in html
    assert "Right first time" in html and "“Facility”" in html
    assert "needs at least 9 students" in html
