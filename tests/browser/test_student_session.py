"""A student's session in a real browser, at desktop and phone width: an answer taken
back, a typed answer counted as right, a flashcard, an ordering question put in order by
its arrow buttons, a test with its score report, and the stats page.

Set QUIZAPP_SCREENSHOTS to a folder to keep screenshots of the pages on the way (light
and dark, desktop and 375 px).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from quizapp.bankfile import parse_bank
from quizapp.extensions import db
from quizapp.services import banks as bank_service

expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install '.[test]')"
).expect

PASSWORD = "a session of study"
BANK = """
format: quizapp/1
bank:
  slug: session
  title: World capitals and history
  new_order: file
  sources:
    - {id: atlas, title: The World Atlas, publisher: Example Press, published: "2020",
       url: "https://example.org/atlas"}
questions:
  - id: france
    type: multiple_choice
    prompt: What is the capital of France?
    choices: [Paris, Lyon, Marseille, Nice]
    answer: Paris
    explanation: Paris has been the capital since 987.
    tags: [europe]
    source: {ref: atlas, sentence: Paris is the capital of France.}
  - id: japan
    type: short_answer
    prompt: What is the capital of Japan?
    answer: Tokyo
    tags: [asia]
    source: {ref: atlas, sentence: Tokyo is the capital of Japan.}
  - id: peru
    type: flashcard
    prompt: Capital of Peru
    answer: Lima
    tags: [americas]
  - id: moon
    type: ordering
    prompt: Put these in order, earliest first.
    answer: ["First satellite", "First person in space", "First Moon landing"]
    tags: [history]
    source: {ref: atlas, sentence: "Sputnik flew in 1957, Gagarin in 1961, Apollo 11 in 1969."}
  - id: rome
    type: true_false
    prompt: Rome is the capital of Italy.
    answer: true
    tags: [europe]
"""
ORDER = ["First satellite", "First person in space", "First Moon landing"]
SHOTS = os.environ.get("QUIZAPP_SCREENSHOTS")


def shoot(page, name: str) -> None:
    if not SHOTS:
        return
    folder = Path(SHOTS)
    folder.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"]
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.screenshot(path=str(folder / f"{name}-{width}-{scheme}.png"), full_page=True)
    page.emulate_media(color_scheme="light")


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def kind(page) -> str:
    return page.locator("#answer-form").get_attribute("data-type")


def answer_choice(page, text: str) -> None:
    page.locator(f'input[type=radio][value="{text}"]').check()
    page.get_by_role("button", name="Answer").click()
    page.wait_for_url(re.compile(r"/result/"))


def put_in_order(page) -> None:
    for target, text in enumerate(ORDER):
        for _ in range(len(ORDER)):
            labels = page.locator("#order-items li label").all_inner_texts()
            at = [label.strip() for label in labels].index(text)
            if at == target:
                break
            up = page.locator("#order-items li").nth(at).locator(".move-up")
            up.focus()
            page.keyboard.press("Enter")  # the keyboard way to move an item


@pytest.mark.parametrize("width", [1280, 375])
def test_a_students_session(live_server, browser, width):
    with live_server.app.app_context():
        bank_service.import_banks([parse_bank(BANK, "session.yaml")])
        db.session.remove()
    # The phone is a phone: a touch screen, no hover, so no keyboard hints.
    phone = {"is_mobile": True, "has_touch": True} if width < 600 else {}
    context = browser.new_context(viewport={"width": width, "height": 900}, **phone)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto(f"{live_server.url}/register")
        page.fill("#username", f"sam{width}")
        page.fill("#password", PASSWORD)
        page.fill("#confirm", PASSWORD)
        page.get_by_role("button", name="Create account").click()
        page.wait_for_url(re.compile(r"/study$"))
        page.goto(f"{live_server.url}/banks/session")
        page.get_by_role("button", name="Enrol and study").click()
        page.wait_for_url(re.compile(r"/study/session$"))
        expect(page.locator(".study-counts")).to_contain_text("5 new")
        shoot(page, "study-question")
        assert fits(page)
        # Key hints only where there is a keyboard.
        expect(page.locator("#shortcuts")).to_be_visible(visible=width >= 600)

        # A wrong choice, taken back with Undo: the same question again, nothing recorded.
        assert kind(page) == "multiple_choice"
        answer_choice(page, "Lyon")
        expect(page.locator("#verdict")).to_contain_text("Not quite")
        page.get_by_role("button", name=re.compile("Undo")).click()
        page.wait_for_url(re.compile(r"/study/session$"))
        expect(page.locator(".flashes")).to_contain_text("Answer taken back")
        answer_choice(page, "Paris")
        expect(page.locator("#verdict")).to_contain_text("Correct")
        shoot(page, "study-result")
        assert fits(page)
        live_server.clock.advance(seconds=30)
        page.get_by_role("link", name=re.compile("Next question")).click()

        # A typed answer the grader refused, counted as right.
        assert kind(page) == "short_answer"
        page.fill("#response", "Tokyo-to")
        page.get_by_role("button", name="Answer").click()
        page.wait_for_url(re.compile(r"/result/"))
        expect(page.locator("#verdict")).to_contain_text("Not quite")
        page.get_by_role("button", name="I was right").click()
        expect(page.locator("#verdict")).to_contain_text("Counted as right")
        live_server.clock.advance(seconds=30)
        page.get_by_role("link", name=re.compile("Next question")).click()

        # A flashcard: graded, and straight on to the next question.
        assert kind(page) == "flashcard"
        page.get_by_text("Show answer").click()
        page.get_by_role("button", name=re.compile("Knew it")).click()
        page.wait_for_url(re.compile(r"\?after="))
        expect(page.locator("#last-answer")).to_contain_text("Knew it")

        # Ordering, by the arrow buttons; the feedback marks each item.
        assert kind(page) == "ordering"
        expect(page.locator("#ordering-drag-help")).to_be_visible()
        shoot(page, "study-ordering")
        put_in_order(page)
        page.get_by_role("button", name="Answer").click()
        page.wait_for_url(re.compile(r"/result/"))
        expect(page.locator("#verdict")).to_contain_text("Correct")
        expect(page.locator(".order-marks li.in-place")).to_have_count(3)
        live_server.clock.advance(seconds=30)

        # A test of three questions, no feedback until the end, then the report.
        page.goto(f"{live_server.url}/study/session/test")
        page.fill("#count", "3")
        page.get_by_role("button", name="Start the test").click()
        for _ in range(3):
            expect(page.locator("#answer-form")).to_be_visible()
            current = kind(page)
            if current == "multiple_choice":
                page.locator('input[type=radio][value="Marseille"]').check()
            elif current == "true_false":
                page.locator('input[type=radio][value="True"]').check()
            elif current == "short_answer":
                page.fill("#response", "Tokyo")
            else:
                put_in_order(page)
            page.get_by_role("button", name="Answer").click()
        page.get_by_role("button", name="See my score").click()
        page.wait_for_url(re.compile(r"/report$"))
        expect(page.locator("h1")).to_contain_text("out of 3")
        shoot(page, "test-report")
        assert fits(page)

        # The stats page: every chart, each with its table.
        page.goto(f"{live_server.url}/progress")
        expect(page.locator("figure.chart")).to_have_count(5)
        expect(page.locator(".tile-figure").first).to_contain_text("answers")
        shoot(page, "stats")
        assert fits(page)
    finally:
        context.close()
