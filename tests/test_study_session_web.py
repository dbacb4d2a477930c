"""The study session in the page: flashcards straight on, the summary, what is left today."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import ReviewLog
from tests.conftest import bank_text
from tests.test_study_web import question_page, token_of

CARDS = """
- {id: c1, type: flashcard, prompt: Capital of Peru, answer: Lima}
- {id: c2, type: flashcard, prompt: Capital of Chile, answer: Santiago}
"""


def test_a_graded_flashcard_goes_straight_to_the_next_card(
    client, make_user, login, import_bank, clock, ctx
):
    """A graded flashcard once needed a "Graded: Again" page and another key press."""
    import_bank(bank_text("cards", questions=CARDS, title="Cards"))
    make_user("student")
    login("student")
    client.post("/study/cards/enroll", data={})
    page = question_page(client, "cards")
    first = token_of(page)
    response = client.post(
        "/study/cards/answer", data={"presentation_id": first, "response": "good"}
    )
    assert response.status_code == 303 and f"/study/cards?after={first}" in response.location
    page = client.get(response.location).get_data(as_text=True)
    assert "Capital of Chile" in page  # the next card, at once
    bar = re.search(r'<div class="last-answer" id="last-answer".*?</div>', page, re.S).group(0)
    assert "Knew it" in bar and "Undo" in bar
    # Undo from the bar: the first card again, and nothing in the log.
    clock.advance(seconds=3)
    client.post(f"/study/cards/result/{first}/undo", data={})
    assert db.session.scalar(select(func.count(ReviewLog.id))) == 0
    assert token_of(question_page(client, "cards")) == first
    # A stale ?after= (not the latest answer, or not yours) shows no bar.
    page = question_page(client, "cards", after="not-a-token-at-all")
    assert 'id="last-answer"' not in page


def test_the_end_of_a_session_sums_it_up(client, make_user, login, import_bank, clock, ctx):
    import_bank(bank_text("cards", questions=CARDS, title="Cards"))
    make_user("student")
    login("student")
    client.post("/study/cards/enroll", data={})
    for grade in ("easy", "again", "good", "good"):
        page = question_page(client, "cards")
        if "All caught up" in page:
            break
        client.post(
            "/study/cards/answer", data={"presentation_id": token_of(page), "response": grade}
        )
        clock.advance(minutes=11)
    clock.advance(minutes=30)
    while "All caught up" not in (page := question_page(client, "cards")):
        client.post(
            "/study/cards/answer", data={"presentation_id": token_of(page), "response": "good"}
        )
        clock.advance(minutes=11)
    answered = db.session.scalar(select(func.count(ReviewLog.id)))
    assert f"<dt>Answered</dt><dd>{answered}</dd>" in page
    assert "What comes back when" in page and "Take a test" in page
    assert re.search(r"<strong>2</strong> questions (tomorrow|this week|later)", page) or (
        page.count("<li><strong>1</strong> question ") == 2
    )
    # The counters say what is left today: nothing, and no new questions in a spent bank.
    assert "<strong>0</strong> to review" in page and "<strong>0</strong> new" in page


def test_registration_takes_the_browsers_time_zone(client, app, ctx):
    """The time zone was left at UTC: the page now sends the browser's (timezone.js)."""
    from quizapp.models import User

    page = client.get("/register").get_data(as_text=True)
    assert 'name="timezone" type="hidden"' in page and "timezone.js" in page
    for username, zone, expected in (
        ("paris", "Europe/Paris", "Europe/Paris"),
        ("nowhere", "Mars/Olympus", "UTC"),
        ("plain", "", "UTC"),
    ):
        client.post(
            "/register",
            data={
                "username": username,
                "password": "a long password 1",
                "confirm": "a long password 1",
                "timezone": zone,
            },
        )
        client.post("/logout", data={})
        user = db.session.scalar(select(User).where(User.username == username))
        assert user.timezone == expected, username


def test_the_settings_page_proposes_the_browsers_zone(client, make_user, login):
    make_user("student")
    login("student")
    page = client.get("/account").get_data(as_text=True)
    assert 'id="timezone-proposal" hidden' in page and "timezone.js" in page
