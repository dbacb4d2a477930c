"""A double click on a form's button sends the form once."""

from quizapp.services import users as user_service
from tests.conftest import PASSWORD


def test_a_second_submission_of_a_form_on_its_way_is_held_back(live_server, page):
    with live_server.app.app_context():
        user_service.create_user("teach", PASSWORD, role="teacher")
    page.goto(f"{live_server.url}/login")
    page.fill("#username", "teach")
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda address: "/login" not in address)
    page.goto(f"{live_server.url}/teach/")
    # Two submit events in a row, as a double click makes (without leaving the page):
    # the first goes through, the second is cancelled.
    outcomes = page.evaluate(
        """() => {
            const form = document.querySelector('main form[method=post]');
            form.addEventListener('submit', event => event.preventDefault(), {once: true});
            const submit = () => new Event('submit', {cancelable: true, bubbles: true});
            form.dispatchEvent(submit());
            const second = form.dispatchEvent(submit());
            return [form.dataset.submitting, second];
        }"""
    )
    assert outcomes == ["1", False]


def test_a_form_works_again_after_coming_back(live_server, page):
    with live_server.app.app_context():
        user_service.create_user("stu", PASSWORD)
    page.goto(f"{live_server.url}/login")
    page.fill("#username", "stu")
    page.fill("#password", "wrong password")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "Wrong username or password." in page.content()
    page.fill("#password", PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda address: "/login" not in address)
