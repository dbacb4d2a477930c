"""Teachers draft a bank from a text, review each question, then publish it."""

import io

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Bank, Question
from tests.conftest import REPO

CGTN = REPO / "tests" / "data" / "sources" / "cgtn-2020-12-05-russia-china-alliance.txt"


def draft_from_paste(client) -> str:
    response = client.post("/teach/generate", data={"text": CGTN.read_text()})
    assert response.status_code == 302, response.get_data(as_text=True)[:1000]
    return response.location.split("/teach/banks/")[1].split("/")[0]


def test_a_pasted_article_becomes_a_draft_with_highlighted_sentences(client, make_user, login):
    make_user("teach", role="teacher")
    login("teach")
    slug = draft_from_paste(client)
    page = client.get(f"/teach/banks/{slug}/review").get_data(as_text=True)
    assert "Draft: students cannot see it" in page
    assert "still to review" in page
    assert '<mark id="s-1"' in page
    assert "Sino-Soviet Treaty of Friendship, Alliance and Mutual Assistance" in page
    assert "disabled" in page  # publishing waits for the review
    # Students never see drafts.
    assert client.get("/").get_data(as_text=True).count(slug) == 0


def test_an_uploaded_file_with_metadata_overrides(client, app, make_user, login):
    make_user("teach", role="teacher")
    login("teach")
    response = client.post(
        "/teach/generate",
        data={
            "file": (io.BytesIO(CGTN.read_bytes()), "article.txt"),
            "title": "Alliance talk",
            "published": "2020-12-06",
            "url": "https://example.org/a",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    with app.app_context():
        bank = db.session.scalar(select(Bank).where(Bank.title == "Alliance talk"))
        assert bank.status == "draft" and bank.origin == "generated"
        assert bank.sources[0].published == "2020-12-06"
        assert bank.sources[0].url == "https://example.org/a"


def test_bad_inputs_get_clear_errors_and_save_nothing(client, app, make_user, login):
    make_user("teach", role="teacher")
    login("teach")
    response = client.post("/teach/generate", data={"text": "  "})
    assert response.status_code == 422
    assert "Paste a text or choose a file." in response.get_data(as_text=True)
    app.config["GENERATOR_MAX_BYTES"] = 100
    response = client.post("/teach/generate", data={"text": "x" * 500})
    assert response.status_code == 413
    assert "The text is 500 bytes; the limit is 100 bytes." in response.get_data(as_text=True)
    app.config["GENERATOR_MAX_BYTES"] = 512 * 1024
    response = client.post(
        "/teach/generate",
        data={"file": (io.BytesIO(b"\xff\xfe\x00binary"), "x.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "not UTF-8" in response.get_data(as_text=True)
    response = client.post("/teach/generate", data={"text": "Nothing to ask here at all."})
    assert "No questions could be drafted" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(select(Bank)).all() == []


def test_accept_discard_and_publish(client, app, make_user, login):
    make_user("teach", role="teacher")
    login("teach")
    slug = draft_from_paste(client)
    with app.app_context():
        keys = db.session.scalars(
            select(Question.key).join(Bank).where(Bank.slug == slug).order_by(Question.position)
        ).all()
    first, second = keys[0], keys[1]
    assert client.post(f"/teach/banks/{slug}/review/{first}/accept", data={}).status_code == 302
    assert client.post(f"/teach/banks/{slug}/review/{second}/discard", data={}).status_code == 302
    # Publishing is refused while questions are pending.
    response = client.post(f"/teach/banks/{slug}/publish", data={})
    with app.app_context():
        assert db.session.scalar(select(Bank.status).where(Bank.slug == slug)) == "draft"
    client.post(f"/teach/banks/{slug}/review/accept-all", data={})
    response = client.post(f"/teach/banks/{slug}/publish", data={})
    assert response.status_code == 302
    with app.app_context():
        bank = db.session.scalar(select(Bank).where(Bank.slug == slug))
        assert bank.status == "published"
        statuses = {q.key: q.review_status for q in bank.questions}
        assert second not in statuses
        assert set(statuses.values()) == {"accepted"}
    assert slug in client.get("/").get_data(as_text=True)


def test_other_teachers_and_students_cannot_see_or_change_a_draft(client, app, make_user, login):
    make_user("teach", role="teacher")
    make_user("rival", role="teacher")
    make_user("kid")
    login("teach")
    slug = draft_from_paste(client)
    with app.app_context():
        key = db.session.scalars(select(Question.key).join(Bank).where(Bank.slug == slug)).first()
    client.post("/logout", data={})
    login("rival")
    assert client.get(f"/teach/banks/{slug}/review").status_code == 404
    assert client.post(f"/teach/banks/{slug}/review/{key}/accept", data={}).status_code == 404
    assert client.post(f"/teach/banks/{slug}/review/{key}/discard", data={}).status_code == 404
    client.post("/logout", data={})
    login("kid")
    assert client.get("/teach/generate").status_code == 403
    assert client.get(f"/teach/banks/{slug}/review").status_code == 403
    with app.app_context():
        assert db.session.scalar(select(Question.review_status).where(Question.key == key)) == (
            "pending"
        )


def test_review_actions_need_a_csrf_token(client, make_user, login):
    make_user("teach", role="teacher")
    login("teach")
    slug = draft_from_paste(client)
    response = client.post(f"/teach/banks/{slug}/review/accept-all", data={}, csrf=False)
    assert response.status_code == 400


def test_the_teacher_pages_lead_to_drafting_and_review(client, make_user, login):
    make_user("teach", role="teacher")
    login("teach")
    assert "/teach/generate" in client.get("/teach/").get_data(as_text=True)
    slug = draft_from_paste(client)
    editor = client.get(f"/teach/banks/{slug}").get_data(as_text=True)
    assert f"/teach/banks/{slug}/review" in editor
