"""Grades back (AGS, through the outbox) and roster sync (NRPS) against the real platform,
the admin pages and the ``quizapp lti`` commands."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.lti import grades
from quizapp.lti.models import LtiContext, LtiPlatform, LtiScore, ScoreStatus
from quizapp.models import Card, ClassMember, Question, utcnow
from tests.lti_platform import INSTRUCTOR_ROLE, Person
from tests.test_lti_launch import ALICE, BOB, TINA, ToolClient, _user, browser, platform

__all__ = ["browser", "platform"]  # fixtures shared with the launch tests

LINK = {"resource_link": "link-1", "custom": {"quizapp_bank": "capitals"}}


@pytest.fixture
def course(app, platform, browser, import_bank):
    """A course with a deep-linked bank, taught by Tina; Alice has launched it."""
    import_bank()
    platform.launch(browser, TINA, deep_link=True)
    answer = browser.post("/lti/deep-link", data={"bank": "capitals"})
    token = answer.get_data(as_text=True).split('name="JWT" value="', 1)[1].split('"', 1)[0]
    platform.accept_deep_link(token)
    alice = ToolClient(app)
    platform.launch(alice, ALICE, **LINK)
    return alice


def _learn(user_id: int, count: int) -> None:
    """Put ``count`` of the bank's questions in FSRS review state for the learner."""
    questions = db.session.scalars(select(Question).order_by(Question.id).limit(count)).all()
    for question in questions:
        db.session.add(
            Card(
                user_id=user_id,
                question_id=question.id,
                bank_id=question.bank_id,
                state=2,
                due=utcnow() + timedelta(days=3),
                stability=3.0,
                difficulty=5.0,
            )
        )
    db.session.commit()


def test_scores_reach_the_gradebook_once_and_are_retried(app, platform, course, ctx):
    alice = _user(ALICE.sub)
    lineitem = next(iter(platform.lineitems))
    # The launch queued Alice's 0 out of 100.
    assert grades.deliver_scores().sent == 1
    assert platform.gradebook() == {(lineitem, ALICE.sub): 0.0}
    _learn(alice.id, 2)  # 2 of 4 questions learnt
    assert grades.queue_progress(alice.id, db.session.scalar(select(Question.bank_id))) == 1
    platform.fail_scores = 1
    failed = grades.deliver_scores()
    assert failed.failed == 1 and "503" in failed.errors[0]
    row = db.session.scalar(select(LtiScore).order_by(LtiScore.id.desc()))
    assert row.status == ScoreStatus.PENDING and row.attempts == 1
    assert grades.deliver_scores().sent == 0  # not yet due again
    assert grades.deliver_scores(now=utcnow() + timedelta(hours=1)).sent == 1
    assert platform.gradebook()[(lineitem, ALICE.sub)] == 50.0
    # Nothing new: nothing queued, nothing sent twice.
    assert grades.queue_class_scores(db.session.scalar(select(LtiContext.id))) == 0
    assert grades.deliver_scores(now=utcnow() + timedelta(days=1)).sent == 0
    assert len(platform.scores) == 2
    assert platform.scores[-1]["activityProgress"] == "InProgress"
    assert platform.scores[-1]["gradingProgress"] == "FullyGraded"


def test_a_claimed_score_is_not_sent_by_a_second_sender(app, platform, course, ctx):
    row = db.session.scalar(select(LtiScore))
    assert grades._claim(row.id, utcnow())
    assert grades.deliver_scores().sent == 0  # the other sender holds it
    assert grades.deliver_scores(now=utcnow() + grades.CLAIM_LEASE * 2).sent == 1
    assert len(platform.scores) == 1


def test_an_older_score_is_superseded_not_sent(app, platform, course, ctx):
    alice = _user(ALICE.sub)
    _learn(alice.id, 4)
    grades.queue_progress(alice.id, db.session.scalar(select(Question.bank_id)))
    result = grades.deliver_scores()
    assert (result.sent, result.superseded) == (1, 1)
    assert platform.scores[-1]["scoreGiven"] == 100.0
    assert platform.scores[-1]["activityProgress"] == "Completed"


def _answer_shown_question(client) -> None:
    page = client.get("/study/capitals").get_data(as_text=True)
    token = re.search(r'name="presentation_id"[^>]*value="([^"]+)"', page).group(1)
    answer = client.post("/study/capitals/answer", data={"presentation_id": token, "response": "x"})
    assert answer.status_code == 303, answer.get_data(as_text=True)[:500]


def test_answering_in_the_study_page_queues_the_score(app, platform, course, ctx):
    alice = _user(ALICE.sub)
    _learn(alice.id, 1)  # the share learnt moved since the launch's score (0)
    before = db.session.scalar(select(func.count(LtiScore.id)))
    _answer_shown_question(course)
    assert db.session.scalar(select(func.count(LtiScore.id))) == before + 1
    assert grades.deliver_scores().sent == 1
    assert platform.scores[-1]["scoreGiven"] == 25.0


def test_answering_through_the_api_queues_the_score(app, platform, course, ctx):
    from quizapp.services import users as user_service

    alice = _user(ALICE.sub)
    user_service.set_password(alice, "an api password 1")
    api = ToolClient(app)
    token = api.post(
        "/api/v1/tokens", json={"username": alice.username, "password": "an api password 1"}
    ).get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}
    shown = api.get("/api/v1/study/next?bank=capitals", headers=headers).get_json()
    _learn(alice.id, 2)
    before = db.session.scalar(select(func.count(LtiScore.id)))
    answered = api.post(
        "/api/v1/study/answers",
        json={
            "presentation_id": shown["presentation_id"],
            "response": (shown["question"].get("choices") or ["x"])[0],
        },
        headers=headers,
    )
    assert answered.status_code == 200, answered.get_data(as_text=True)
    assert db.session.scalar(select(func.count(LtiScore.id))) == before + 1


def test_teacher_sends_grades_and_syncs_the_roster_from_the_course_page(
    app, platform, course, browser, ctx
):
    context = db.session.scalar(select(LtiContext))
    manage = browser.get(f"/classes/{context.class_id}").get_data(as_text=True)
    assert f"/lti/classes/{context.class_id}" in manage
    page = browser.get(f"/lti/classes/{context.class_id}")
    assert page.status_code == 200 and "Send grades now" in page.get_data(as_text=True)
    sent = browser.post(f"/lti/classes/{context.class_id}/grades", data={})
    assert sent.status_code == 303
    assert "1 sent" in browser.get(sent.headers["Location"]).get_data(as_text=True)
    assert len(platform.scores) == 1

    # The LMS has two more members: Bob (learner) and a second instructor; Alice leaves.
    lms_course = platform.course()
    lms_course.members.append(BOB)
    lms_course.members.append(Person("lms-ivan", "Ivan Instructor", role=INSTRUCTOR_ROLE))
    next(p for p in lms_course.members if p.sub == ALICE.sub).status = "Inactive"
    synced = browser.post(f"/lti/classes/{context.class_id}/roster", data={})
    assert synced.status_code == 303
    assert "1 learners, 1 added, 1 removed" in browser.get(synced.headers["Location"]).get_data(
        as_text=True
    )
    members = set(
        db.session.scalars(
            select(ClassMember.user_id).where(ClassMember.class_id == context.class_id)
        )
    )
    assert members == {_user(BOB.sub).id}
    assert _user("lms-ivan").role == "teacher"


def test_a_student_cannot_open_the_course_page(app, platform, course, ctx):
    context = db.session.scalar(select(LtiContext))
    assert course.get(f"/lti/classes/{context.class_id}").status_code == 403


def test_admin_registers_a_platform_in_the_browser(app, make_user, ctx):
    make_user("root", role="admin")
    client = ToolClient(app)
    client.post("/login", data={"username": "root", "password": "correct horse battery"})
    page = client.get("/admin/lti")
    assert page.status_code == 200
    assert "https://quizapp.test/lti/jwks.json" in page.get_data(as_text=True)
    bad = client.post(
        "/admin/lti",
        data={
            "issuer": "http://lms.example",
            "client_id": "c",
            "auth_url": "https://lms.example/a",
            "token_url": "https://lms.example/t",
            "jwks_url": "https://lms.example/k",
            "deployment_ids": "d1",
        },
    )
    assert bad.status_code == 422 and "https://" in bad.get_data(as_text=True)
    good = client.post(
        "/admin/lti",
        data={
            "name": "Moodle",
            "issuer": "https://lms.example",
            "client_id": "c",
            "auth_url": "https://lms.example/a",
            "token_url": "https://lms.example/t",
            "jwks_url": "https://lms.example/k",
            "deployment_ids": "d1\nd2",
        },
    )
    assert good.status_code == 303
    platform = db.session.scalar(select(LtiPlatform))
    assert [d.deployment_id for d in platform.deployments] == ["d1", "d2"]
    assert client.post("/admin/lti/rotate-key", data={}).status_code == 303


def test_cli_add_platform_and_list(runner, ctx):
    args = [
        "lti",
        "add-platform",
        "--issuer",
        "https://canvas.instructure.com",
        "--client-id",
        "10000000000001",
        "--auth-url",
        "https://sso.canvaslms.com/api/lti/authorize_redirect",
        "--token-url",
        "https://sso.canvaslms.com/login/oauth2/token",
        "--jwks-url",
        "https://sso.canvaslms.com/api/lti/security/jwks",
        "--deployment-id",
        "1:abc",
        "--frame-origin",
        "https://school.instructure.com",
    ]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    assert "registered platform" in result.output and "/lti/login" in result.output
    again = runner.invoke(args=args)
    assert again.exit_code != 0 and "registered already" in again.output
    listing = runner.invoke(args=["lti", "list"])
    assert "https://canvas.instructure.com" in listing.output and "1:abc" in listing.output
    assert "frame origins https://school.instructure.com" in listing.output
    bad = runner.invoke(args=[*args[:3], "not a url", *args[4:]])
    assert bad.exit_code != 0 and "https://" in bad.output


def test_cli_send_grades(runner, platform, course, ctx):
    result = runner.invoke(args=["lti", "send-grades"])
    assert result.exit_code == 0, result.output
    assert "1 sent" in result.output
    assert len(platform.scores) == 1


def test_the_scheduled_round_queues_and_sends(app, platform, course):
    from quizapp.lti.scheduler import send_grades_once, start_grade_sender

    assert start_grade_sender(app) is None  # never in tests; 0 turns it off elsewhere
    assert send_grades_once(app).sent == 1
    assert len(platform.scores) == 1


def test_a_platform_people_came_from_is_changed_not_deleted(app, platform, course, runner, ctx):
    from quizapp.errors import Conflict
    from quizapp.lti import platforms as platform_service

    registered = db.session.scalar(select(LtiPlatform))
    with pytest.raises(Conflict, match="Remove its deployments"):
        platform_service.delete_platform(registered.id)
    result = runner.invoke(
        args=["lti", "update-platform", str(registered.id), "--jwks-url", "ftp://x"]
    )
    assert result.exit_code != 0 and "https://" in result.output
    result = runner.invoke(
        args=["lti", "update-platform", str(registered.id), "--name", "Renamed LMS"]
    )
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert db.session.get(LtiPlatform, registered.id).name == "Renamed LMS"
    assert db.session.get(LtiPlatform, registered.id).jwks_url == platform.jwks_url


def test_admin_changes_a_platforms_addresses(app, platform, make_user, ctx):
    make_user("root", role="admin")
    client = ToolClient(app)
    client.post("/login", data={"username": "root", "password": "correct horse battery"})
    registered = db.session.scalar(select(LtiPlatform))
    prefix = f"platform-{registered.id}-"
    page = client.get("/admin/lti").get_data(as_text=True)
    assert f'id="{prefix}jwks_url"' in page
    saved = client.post(
        f"/admin/lti/{registered.id}",
        data={
            prefix + "name": "Moodle",
            prefix + "auth_url": platform.auth_url,
            prefix + "token_url": platform.token_url,
            prefix + "jwks_url": platform.base + "/keys",
            prefix + "frame_origins": "https://school.example",
        },
    )
    assert saved.status_code == 303
    db.session.expire_all()
    changed = db.session.get(LtiPlatform, registered.id)
    assert changed.jwks_url == platform.base + "/keys"
    assert changed.frame_origins == "https://school.example"
    # Nobody came from it yet: it may be removed.
    assert client.post(f"/admin/lti/{registered.id}/delete", data={}).status_code == 303
    assert db.session.scalar(select(func.count(LtiPlatform.id))) == 0
