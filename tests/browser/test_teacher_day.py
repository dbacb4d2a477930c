"""A teacher's day in a real browser: upload a GIFT file with an unsupported question and
import the others, preview it as a student and try it, publish, create a class, assign the
bank with a due date, import a roster whose student sets a password from the link, a student
joins by the class link, then the teacher reads the analytics (a struggling student
flagged) and edits a question; on a phone-sized screen, without horizontal scrolling."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import update

from quizapp.extensions import db
from quizapp.models import ClassMember, User, utcnow
from quizapp.services import users as user_service

expect = pytest.importorskip(
    "playwright.sync_api", reason="Playwright is not installed (pip install '.[test]')"
).expect

PASSWORD = "teaching all day 1"

BROKEN_GIFT = """// Geography quiz
::capital-france::What is the capital of France? {=Paris ~Lyon ~Marseille}

::essay::Describe Paris in a paragraph. {}

::river::Which river flows through Paris? {=Seine =the Seine}
"""


def fits_the_screen(page) -> bool:
    """No sideways scrolling: not the page, and not a table, except inside a frame made to
    scroll (focusable and named, so a keyboard can scroll it too)."""
    return page.evaluate(
        """() => document.documentElement.scrollWidth <= window.innerWidth &&
        [...document.querySelectorAll('.table-wrap')].every(wrap =>
            wrap.scrollWidth <= wrap.clientWidth ||
            (wrap.tabIndex === 0 && wrap.getAttribute('role') === 'region' &&
             !!(wrap.getAttribute('aria-label') || wrap.getAttribute('aria-labelledby'))))"""
    )


def sign_in(page, url, username):
    page.goto(f"{url}/login")
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda address: "/login" not in address)


def upload(page, url, tmp_path, text):
    path = tmp_path / "geography.gift"
    path.write_text(text, encoding="utf-8")
    page.goto(f"{url}/teach/banks/upload")
    page.set_input_files("#files", str(path))
    page.get_by_role("button", name="Check and preview").click()
    page.wait_for_load_state()


def test_a_teachers_day(browser, live_server, tmp_path):
    with live_server.app.app_context():
        user_service.create_user("teach", PASSWORD, role="teacher")
        user_service.create_user("kim", PASSWORD)
        db.session.remove()
    url = live_server.url
    teacher = browser.new_context(viewport={"width": 375, "height": 740}).new_page()
    sign_in(teacher, url, "teach")

    upload(teacher, url, tmp_path, BROKEN_GIFT)
    expect(teacher.locator(".issue-list")).to_contain_text("geography.gift")
    expect(teacher.locator(".issue-list")).to_contain_text("essay question")
    problem = teacher.locator("ol.issues > li").first
    expect(problem.locator(".issue-line")).to_have_text(re.compile(r"^Line 4, column \d+$"))
    assert fits_the_screen(teacher)

    # Import the other two, after a preview that lists the question left out.
    teacher.get_by_role("link", name="Import the other 2").click()
    expect(teacher.locator("h1")).to_have_text("Preview")
    expect(teacher.locator(".lead")).to_contain_text("1 question cannot be imported")
    expect(teacher.locator("#skipped-heading")).to_contain_text("Left out: 1 question")
    # As students see it: the wrong choices too, drawn by the study page's templates.
    expect(teacher.locator(".as-student").first).to_contain_text("Marseille")
    assert fits_the_screen(teacher)

    teacher.get_by_role("link", name="Try it as a student").click()
    expect(teacher.locator(".notice.sandbox")).to_contain_text("Nothing is recorded")
    for _ in range(2):
        if teacher.locator("input[type=radio]").count():
            teacher.get_by_label("Paris").check()
        else:
            teacher.fill("#response", "Seine")
        teacher.get_by_role("button", name="Answer").click()
        expect(teacher.locator("#verdict")).to_have_text("Correct")
        assert fits_the_screen(teacher)
        teacher.get_by_role("link", name="Next question").click()
    expect(teacher.locator("h1")).to_have_text("You tried all 2 questions")
    teacher.get_by_role("link", name="Preview").last.click()

    expect(teacher.locator(".preview-bank")).to_contain_text("A new bank with 2 questions")
    teacher.get_by_role("button", name="Publish").click()
    teacher.wait_for_url(re.compile(r"/teach/banks/geography$"))
    expect(teacher.locator(".flash")).to_contain_text("Published")
    assert fits_the_screen(teacher)

    teacher.goto(f"{url}/teach/")
    teacher.fill("#name", "Geography 7B")
    teacher.get_by_role("button", name="Create class").click()
    teacher.wait_for_url(re.compile(r"/classes/\d+$"))
    teacher.select_option("#bank_id", label="geography")
    due = (utcnow() + timedelta(days=14)).date()
    teacher.fill("#due", due.isoformat())
    teacher.get_by_role("button", name="Assign").click()
    expect(teacher.locator(".flash")).to_contain_text("Bank assigned")
    expect(teacher.locator(".assignment-status")).to_contain_text(
        f"Every question learnt by {due:%-d %b %Y}"
    )
    class_url = teacher.url

    # A roster: the accounts are made, each with a one-time link to hand out.
    # Open while the class has nobody yet.
    expect(teacher.locator("#roster")).to_be_visible()
    teacher.fill("#roster", "lee, Lee Park\nmo, Mo Ali\n")
    teacher.get_by_role("button", name="Create the accounts").click()
    expect(teacher.locator("h1")).to_have_text("2 accounts created")
    set_password = teacher.get_by_label("Link for lee").input_value()
    assert fits_the_screen(teacher)
    lee = browser.new_context(viewport={"width": 375, "height": 740}).new_page()
    lee.goto(set_password)
    expect(lee.locator("h1")).to_have_text("Welcome, Lee Park")
    lee.fill("#password", "lee's own password")
    lee.fill("#confirm", "lee's own password")
    lee.get_by_role("button", name="Set the password and sign in").click()
    expect(lee.locator(".flash")).to_contain_text("Password set")
    lee.goto(f"{url}/study")
    expect(lee.locator(".assignments")).to_contain_text("geography")
    expect(lee.locator(".assignments")).to_contain_text(f"by {due:%-d %b %Y}")
    teacher.goto(class_url)
    join_link = teacher.locator("input.copy").input_value()
    teacher.get_by_role("button", name="Copy link").click()
    expect(teacher.locator(".copy-status")).to_have_text("Copied.")
    assert fits_the_screen(teacher)

    student = browser.new_context(viewport={"width": 375, "height": 740}).new_page()
    sign_in(student, url, "kim")
    student.goto(join_link)
    expect(student.locator("h1")).to_have_text("Join Geography 7B?")
    student.get_by_role("button", name="Join the class").click()
    expect(student.locator(".flash")).to_contain_text("You joined Geography 7B")

    # Mo never signed in: ten days on, the analytics say so.
    with live_server.app.app_context():
        mo = db.session.scalar(db.select(User.id).where(User.username == "mo"))
        db.session.execute(
            update(ClassMember)
            .where(ClassMember.user_id == mo)
            .values(joined_at=utcnow() - timedelta(days=10))
        )
        db.session.commit()
        db.session.remove()
    teacher.goto(re.sub(r"/classes/(\d+)$", r"/teach/classes/\1/analytics", class_url))
    expect(teacher.locator("table.students tbody tr")).to_have_count(3)
    expect(teacher.locator("#behind-heading")).to_have_text("1 student falling behind")
    expect(teacher.locator("ul.behind")).to_contain_text(
        "Has not answered a question since joining 10 days ago."
    )
    expect(teacher.locator("figure.chart svg")).to_have_count(2)
    assert fits_the_screen(teacher)

    teacher.goto(f"{url}/teach/banks/geography/questions/river")
    # teacher.js shows only the fields of the question's type.
    expect(teacher.locator("#accept")).to_be_visible()
    expect(teacher.locator("#choices")).to_be_hidden()
    teacher.select_option("#type", "multiple_choice")
    expect(teacher.locator("#choices")).to_be_visible()
    expect(teacher.locator("#accept")).to_be_hidden()
    teacher.select_option("#type", "short_answer")
    teacher.fill("#prompt", "Which river runs through Paris?")
    teacher.get_by_role("button", name="Save").click()
    expect(teacher.locator(".flash")).to_contain_text("learners keep their progress")
    assert fits_the_screen(teacher)
