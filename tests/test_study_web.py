"""Studying through the browser's plain forms (no JavaScript): post/redirect/get throughout."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Presentation, ReviewLog
from tests.conftest import bank_text

TOKEN = re.compile(r'name="presentation_id" type="hidden" value="([^"]+)"')


@pytest.fixture
def student(make_user, login, import_bank, clock):
    import_bank()
    make_user("student")
    login("student")
    return "student"


def token_of(page: str) -> str:
    match = TOKEN.search(page)
    assert match, page[:2000]
    return match.group(1)


def question_page(client, slug="capitals", **params):
    response = client.get(f"/study/{slug}", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return response.get_data(as_text=True)


def test_bank_page_offers_enrolment_then_study(client, student):
    page = client.get("/banks/capitals").get_data(as_text=True)
    assert "Enrol and study" in page and "Study now" not in page
    response = client.post("/study/capitals/enroll", data={})
    assert response.status_code == 303 and response.location.endswith("/study/capitals")
    page = client.get("/banks/capitals").get_data(as_text=True)
    assert "Study now" in page and "Leave this bank" in page


def test_enrol_needs_csrf(client, student):
    response = client.post("/study/capitals/enroll", data={}, csrf=False)
    assert response.status_code == 400
    assert "Study now" not in client.get("/banks/capitals").get_data(as_text=True)


def test_signed_out_visitors_are_sent_to_sign_in(client, import_bank):
    import_bank()
    for path in ("/study", "/study/capitals", "/progress"):
        response = client.get(path)
        assert response.status_code == 302 and "/login" in response.location


def test_study_a_question_and_see_feedback_with_its_source(client, student, ctx):
    client.post("/study/capitals/enroll", data={})
    page = question_page(client)
    assert "What is the capital of France?" in page
    assert 'type="radio" name="response" value="Paris"' in page
    assert "Paris has been the capital" not in page  # no explanation before answering
    token = token_of(page)
    response = client.post(
        "/study/capitals/answer",
        data={"presentation_id": token, "response": "Paris", "elapsed_ms": "4000"},
    )
    assert response.status_code == 303
    assert response.location.endswith(f"/study/capitals/result/{token}")
    result = client.get(response.location).get_data(as_text=True)
    assert "Correct" in result and 'role="status"' in result and 'aria-live="polite"' in result
    assert "Paris has been the capital since 987." in result
    assert "Paris is the capital of France." in result  # the source sentence
    assert "World Atlas" in result and "Example Press" in result and "2020-01-02" in result
    # Refreshing the result page or re-posting the form records nothing more.
    assert client.get(response.location).status_code == 200
    again = client.post(
        "/study/capitals/answer", data={"presentation_id": token, "response": "Lyon"}
    )
    assert again.status_code == 303
    assert "Correct" in client.get(again.location).get_data(as_text=True)
    assert db.session.scalar(select(func.count(ReviewLog.id))) == 1


def test_answer_without_csrf_is_refused_and_recorded_nowhere(client, student, ctx):
    client.post("/study/capitals/enroll", data={})
    token = token_of(question_page(client))
    response = client.post(
        "/study/capitals/answer",
        data={"presentation_id": token, "response": "Paris"},
        csrf=False,
    )
    assert response.status_code == 400
    assert db.session.scalar(select(func.count(ReviewLog.id))) == 0


def test_a_missing_choice_shows_the_question_again_with_an_alert(client, student):
    client.post("/study/capitals/enroll", data={})
    token = token_of(question_page(client))
    response = client.post("/study/capitals/answer", data={"presentation_id": token})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'role="alert"' in page and "Choose one of the choices" in page
    assert token_of(page) == token


def test_each_question_type_renders_labelled_inputs(client, make_user, login, import_bank, clock):
    import_bank(
        bank_text(
            "mixed",
            questions="""
- id: short
  type: short_answer
  prompt: Capital of Japan?
  answer: Tokyo
- id: blanks
  type: cloze
  prompt: ___ is the capital of ___.
  answer: [Rome, Italy]
- id: order
  type: ordering
  prompt: Earliest first.
  answer: ["1949", "1969", "1979"]
- id: card
  type: flashcard
  prompt: Front of the card
  answer: Back of the card
- id: number
  type: numeric
  prompt: How many?
  answer: 10
  unit: years
""",
        )
    )
    make_user("mix")
    login("mix")
    client.post("/study/mixed/enroll", data={})
    seen = {}
    for _ in range(5):
        page = question_page(client, "mixed")
        kind = re.search(r'data-type="(\w+)"', page).group(1)
        seen[kind] = page
        token = token_of(page)
        data = {"presentation_id": token}
        if kind == "short_answer":
            assert '<label for="response">' in page and 'id="response"' in page
            data["response"] = "Tokyo"
        elif kind == "cloze":
            assert page.count('class="sr-only" for="blank-') == 2
            data.update({"blank-0": "Rome", "blank-1": "Italy"})
        elif kind == "ordering":
            items = re.findall(r'<label for="position-(\d)">([^<]+)</label>', page)
            assert len(items) == 3
            for index, item in items:
                data[f"position-{index}"] = str(["1949", "1969", "1979"].index(item) + 1)
        elif kind == "flashcard":
            assert "<details" in page and "Back of the card" in page
            assert re.search(r"Knew it</span>\s*<span class=\"interval\">", page)
            data["response"] = "good"
        elif kind == "numeric":
            assert "(in years)" in page and 'inputmode="decimal"' in page
            data["response"] = "10 years"
        response = client.post("/study/mixed/answer", data=data)
        assert response.status_code == 303, response.get_data(as_text=True)[:800]
        result = client.get(response.location).get_data(as_text=True)
        if kind != "flashcard":
            assert "Correct" in result, kind
    assert set(seen) == {"short_answer", "cloze", "ordering", "flashcard", "numeric"}


def test_nothing_due_says_when_and_offers_practice(client, student, clock):
    client.post("/study/capitals/enroll", data={})
    for _ in range(12):
        page = question_page(client)
        if "All caught up" in page:
            break
        token = token_of(page)
        kind = re.search(r'data-type="(\w+)"', page).group(1)
        answers = {
            "multiple_choice": "Paris",
            "short_answer": "Tokyo",
            "true_false": "True",
            "numeric": "2.1",
        }
        client.post(
            "/study/capitals/answer",
            data={"presentation_id": token, "response": answers[kind], "elapsed_ms": "3000"},
        )
        clock.advance(minutes=11)
    page = question_page(client)
    assert "All caught up" in page and "The next review is due" in page
    assert 'href="/study/capitals?practice=1"' in page
    practice = question_page(client, practice=1)
    assert "practising ahead" in practice


def test_progress_page_has_counts_and_svg_charts(client, student):
    client.post("/study/capitals/enroll", data={})
    token = token_of(question_page(client))
    client.post("/study/capitals/answer", data={"presentation_id": token, "response": "Lyon"})
    page = client.get("/progress").get_data(as_text=True)
    assert "Capitals" in page and "Reviews per day" in page and "Reviews due" in page
    assert page.count("<svg") == 4 and 'role="img"' in page  # calendar, 30 days, due, tags
    assert "<table" in page


def test_dashboard_lists_enrolled_banks_and_others(client, student, import_bank):
    import_bank(bank_text("other", title="Other things"))
    client.post("/study/capitals/enroll", data={})
    page = client.get("/study").get_data(as_text=True)
    assert "Capitals" in page and "4 new" in page
    assert "Other things" in page and "/study/other/enroll" in page


def test_no_one_can_see_anothers_result_page(client, student, make_user, login, ctx):
    client.post("/study/capitals/enroll", data={})
    token = token_of(question_page(client))
    client.post("/study/capitals/answer", data={"presentation_id": token, "response": "Paris"})
    client.post("/logout", data={})
    make_user("other")
    login("other")
    assert client.get(f"/study/capitals/result/{token}").status_code == 404
    response = client.post(
        "/study/capitals/answer", data={"presentation_id": token, "response": "Paris"}
    )
    assert response.status_code == 404
    assert db.session.scalar(select(func.count(Presentation.id))) == 1


def test_a_wrong_order_reads_as_an_order_and_the_rating_in_words(
    client, make_user, login, import_bank, clock
):
    import_bank(
        bank_text(
            "dates",
            questions="""
- id: order
  type: ordering
  prompt: Earliest first.
  answer: ["1949", "1969", "1979"]
""",
        )
    )
    make_user("ord")
    login("ord")
    client.post("/study/dates/enroll", data={})
    page = question_page(client, "dates")
    assert page.count("<h1") == 1 and '<h1 class="study-kind">Put in order' in page
    items = re.findall(r'<label for="position-(\d)">([^<]+)</label>', page)
    newest_first = {item: str(3 - ["1949", "1969", "1979"].index(item)) for _, item in items}
    data = {f"position-{i}": newest_first[item] for i, item in items}
    response = client.post("/study/dates/answer", data={"presentation_id": token_of(page), **data})
    result = client.get(response.location).get_data(as_text=True)
    # Each item of the learner's order is marked: in place, or where it goes.
    marks = re.findall(
        r'<li class="(in-place|out-of-place)">.*?<span class="item">([^<]+)</span>'
        r'.*?<span class="where">(.*?)</span>\s*</li>',
        result,
        re.S,
    )
    assert [(m, item) for m, item, _ in marks] == [
        ("out-of-place", "1979"),
        ("in-place", "1969"),
        ("out-of-place", "1949"),
    ]
    assert "goes 3rd" in marks[0][2] and "goes 1st" in marks[2][2]
    assert "1949 → 1969 → 1979" in result
    # The rating in plain words, never "Rated Again".
    assert "Missed: it comes back soon" in result and "Rated" not in result


def test_the_study_page_says_what_to_do_when_there_is_nothing_to_study(client, make_user, login):
    make_user("early")
    login("early")
    page = client.get("/study").get_data(as_text=True)
    assert "There is no bank to study yet" in page and 'href="/classes/"' in page
    assert "Enrol in one" not in page
