"""A person registers, enrols in the bundled bank and answers 30 questions with the
keyboard alone on a 375-px-wide screen; the next day (the server's clock moved, no
sleeping) the questions they got wrong are due first."""

from __future__ import annotations

import itertools
import re

import pytest
import yaml

from tests.conftest import REPO

expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install '.[test]')"
).expect

BANK = "russia-china-alliance-2020"
PASSWORD = "keyboard only 123"


def answer_key() -> dict[str, dict]:
    path = REPO / "question_banks" / "cgtn-2020-12-05-russia-china-alliance.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {" ".join(q["prompt"].split()): q for q in data["questions"]}


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def register(page, url):
    page.goto(f"{url}/register")
    page.fill("#username", "kim")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/study$"))


def current_prompt(page) -> str:
    return " ".join(page.locator("#prompt").inner_text().split())


def prompt_key(page, key) -> dict:
    form = page.locator("#answer-form")
    kind = form.get_attribute("data-type")
    if kind == "cloze":
        # The cloze prompt is shown with inputs in place of its blanks.
        text = " ".join(page.locator("#prompt").inner_text().split())
        for prompt, q in key.items():
            parts = [p.strip() for p in re.split(r"_{3,}", prompt)]
            if all(part in text for part in parts if part):
                return q
    return key[current_prompt(page)]


def answer_by_keyboard(page, question: dict, right: bool) -> None:
    kind = question["type"]
    kb = page.keyboard
    if kind in ("multiple_choice", "true_false"):
        labels = [" ".join(t.split()) for t in page.locator(".choice span").all_inner_texts()]
        correct = question["answer"]
        if kind == "true_false":
            correct = "True" if correct else "False"
        index = (
            labels.index(correct)
            if right
            else next(i for i, label in enumerate(labels) if label != correct)
        )
        kb.press(str(index + 1))
        kb.press("Enter")
    elif kind in ("short_answer", "numeric"):
        kb.type(str(question["answer"]) if right else "no idea")
        kb.press("Enter")
    elif kind == "cloze":
        answers = question["answer"]
        if not isinstance(answers, list):
            answers = [answers]
        for i, text in enumerate(answers):
            if i:
                kb.press("Tab")
            kb.type(text if right else "nothing")
        kb.press("Enter")
    elif kind == "ordering":
        items = page.locator(".order-items label").all_inner_texts()
        order = question["answer"]
        positions = [order.index(" ".join(item.split())) + 1 for item in items]
        if not right:
            positions = list(reversed(positions))
        for i, position in enumerate(positions):
            if i:
                kb.press("Tab")
            kb.type(str(position))
        kb.press("Enter")
    elif kind == "flashcard":
        kb.press(" ")
        page.locator(".grade-good").wait_for(state="visible")
        kb.press("3" if right else "1")
    else:
        raise AssertionError(f"unexpected type {kind}")


def test_thirty_questions_by_keyboard_then_wrong_ones_first_tomorrow(live_server, page):
    url, clock = live_server.url, live_server.clock
    key = answer_key()
    register(page, url)

    page.goto(f"{url}/banks/{BANK}")
    page.get_by_role("button", name="Enrol and study").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/study/{BANK}$"))

    wrong: set[str] = set()
    seen: list[str] = []
    for n in range(30):
        page.locator("#answer-form").wait_for()
        assert fits_the_screen(page), f"question {n} is wider than the screen"
        question = prompt_key(page, key)
        qid = question["id"]
        first_time = qid not in seen
        right = not (first_time and n % 3 == 1)
        if not right:
            wrong.add(qid)
        seen.append(qid)
        answer_by_keyboard(page, question, right)
        page.wait_for_url(re.compile(r"/result/"))
        verdict = page.locator("#verdict")
        verdict.wait_for()
        live = page.locator("#feedback")
        assert live.get_attribute("aria-live") == "polite"
        if question["type"] != "flashcard":
            expected = "Correct" if right else "Not quite"
            assert expected in verdict.inner_text(), (n, qid, verdict.inner_text())
        assert fits_the_screen(page), f"feedback {n} is wider than the screen"
        # Focus is on "Next question": Enter goes on.
        assert page.evaluate("document.activeElement.id") == "next"
        clock.advance(seconds=40)
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(rf"/study/{BANK}(\?.*)?$"))
        if page.locator("#answer-form").count() == 0:
            raise AssertionError(f"ran out of questions after {n + 1}: {page.content()[:500]}")

    assert len(seen) == 30 and all(a != b for a, b in itertools.pairwise(seen))
    assert len(wrong) >= 5

    # Tomorrow: the questions answered wrong come first.
    clock.advance(days=1)
    page.goto(f"{url}/study/{BANK}")
    first = []
    for _ in range(len(wrong)):
        page.locator("#answer-form").wait_for()
        question = prompt_key(page, key)
        first.append(question["id"])
        answer_by_keyboard(page, question, True)
        page.wait_for_url(re.compile(r"/result/"))
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(rf"/study/{BANK}(\?.*)?$"))
    assert set(first) == wrong, (first, wrong)

    page.goto(f"{url}/progress")
    assert page.locator("svg.bars").count() == 2
    assert fits_the_screen(page)


EXTRA_BANK = """
format: quizapp/1
bank:
  slug: keys
  title: Keyboard types
questions:
  - id: card
    type: flashcard
    prompt: Front of the card
    answer: Back of the card
  - id: tf
    type: true_false
    prompt: The sky is green.
    answer: false
  - id: number
    type: numeric
    prompt: How many years?
    answer: 10
    unit: years
"""


def enrol(page, url, slug):
    page.goto(f"{url}/banks/{slug}")
    page.get_by_role("button", name="Enrol and study").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/study/{slug}$"))


def import_extra_bank(live_server):
    from quizapp.bankfile import parse_bank
    from quizapp.extensions import db
    from quizapp.services import banks as bank_service

    with live_server.app.app_context():
        bank_service.import_banks([parse_bank(EXTRA_BANK, "keys.yaml")])
        db.session.remove()


def test_flashcards_true_false_and_numbers_by_keyboard(live_server, page):
    import_extra_bank(live_server)
    register(page, live_server.url)
    enrol(page, live_server.url, "keys")
    kinds = []
    for _ in range(3):
        form = page.locator("#answer-form")
        form.wait_for()
        kind = form.get_attribute("data-type")
        kinds.append(kind)
        if kind == "flashcard":
            assert not page.locator(".grade-good").is_visible()
            page.keyboard.press(" ")
            assert page.locator(".grade-good").is_visible()
            assert page.evaluate("document.activeElement.classList.contains('grade-good')")
            assert "10m" in page.locator(".grade-good").inner_text()
            page.keyboard.press("4")
            # A graded flashcard goes straight on, saying what was recorded, with Undo.
            page.wait_for_url(re.compile(r"/study/keys\?after="))
            assert "Easy" in page.locator("#last-answer").inner_text()
            expect(page.locator("#last-answer button")).to_have_text(re.compile("Undo"))
            continue
        elif kind == "true_false":
            page.keyboard.press("2")
            assert page.locator("input[value=False]").is_checked()
            page.keyboard.press("Enter")
            page.wait_for_url(re.compile(r"/result/"))
            assert "Correct" in page.locator("#verdict").inner_text()
        else:
            page.keyboard.type("10")
            page.keyboard.press("Enter")
            page.wait_for_url(re.compile(r"/result/"))
            assert "Correct" in page.locator("#verdict").inner_text()
        # The verdict is written into the live region after load, so it is announced.
        expect(page.locator("#announce")).not_to_be_empty()
        page.keyboard.press("Enter")
        page.wait_for_url(re.compile(r"/study/keys$"))
    assert sorted(kinds) == ["flashcard", "numeric", "true_false"]


def test_studying_works_without_javascript(live_server, browser):
    import_extra_bank(live_server)
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    page = context.new_page()
    try:
        register(page, live_server.url)
        enrol(page, live_server.url, "keys")
        for _ in range(3):
            kind = page.locator("#answer-form").get_attribute("data-type")
            if kind == "flashcard":
                page.get_by_text("Show answer").click()  # a native <details>
                page.get_by_role("button", name=re.compile("Knew it")).click()
                # Straight on to the next question, no feedback page.
                page.wait_for_url(re.compile(r"/study/keys\?after="))
                continue
            elif kind == "true_false":
                page.get_by_label("False").check()
                page.get_by_role("button", name="Answer").click()
            else:
                page.get_by_label(re.compile("Your answer")).fill("10")
                page.get_by_role("button", name="Answer").click()
            page.wait_for_url(re.compile(r"/result/"))
            page.get_by_role("link", name=re.compile("Next question")).click()
            page.wait_for_url(re.compile(r"/study/keys$"))
        assert "All caught up" in page.content() or page.locator("#answer-form").count() == 1
    finally:
        context.close()
