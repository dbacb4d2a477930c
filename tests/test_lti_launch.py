"""LTI 1.3 launches against a real platform (lti1p3platform): logins, accounts, classes,
deep linking, the refusals, embedding and cookies."""

from __future__ import annotations

import base64
import json
import re
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.lti import keys, platforms
from quizapp.lti.models import LtiAccount, LtiContext, LtiResourceLink
from quizapp.models import ClassMember, Classroom, Enrollment, User
from tests.conftest import CSRFClient
from tests.lti_platform import INSTRUCTOR_ROLE, TOOL, Person, Platform, new_private_key


class ToolClient(CSRFClient):
    """A browser talking to quizapp at its public https address."""

    def open(self, *args, **kwargs):
        kwargs.setdefault("base_url", TOOL)
        # Over https, CSRF protection also checks that a form came from quizapp's own page.
        kwargs.setdefault("headers", {}).setdefault("Referer", TOOL + "/")
        return super().open(*args, **kwargs)

    def session_transaction(self, *args, **kwargs):
        kwargs.setdefault("base_url", TOOL)
        return super().session_transaction(*args, **kwargs)


@pytest.fixture
def platform(app):
    lms = Platform()
    with app.app_context():
        platforms.add_platform(
            name="Test LMS",
            issuer=lms.issuer,
            client_id=lms.client_id,
            auth_url=lms.auth_url,
            token_url=lms.token_url,
            jwks_url=lms.jwks_url,
            deployment_ids=[lms.deployment_id],
        )
        lms.tool_jwks = keys.jwks()
    yield lms
    lms.close()


@pytest.fixture
def browser(app) -> ToolClient:
    app.test_client_class = ToolClient
    return app.test_client()


ALICE = Person("lms-alice", "Alice Learner")
BOB = Person("lms-bob", "Bob Learner")
TINA = Person("lms-tina", "Tina Teacher", role=INSTRUCTOR_ROLE)


def _user(sub: str) -> User:
    account = db.session.scalar(select(LtiAccount).where(LtiAccount.subject == sub))
    return db.session.get(User, account.user_id)


def test_login_redirects_to_the_platform_with_every_parameter(app, platform, browser):
    auth = platform.start_login(browser, ALICE)
    assert auth["client_id"] == platform.client_id
    assert auth["redirect_uri"] == f"{TOOL}/lti/launch"
    assert auth["login_hint"] == ALICE.sub
    assert json.loads(auth["lti_message_hint"]) == {"sub": ALICE.sub}
    assert auth["state"] and auth["nonce"]
    assert (auth["response_type"], auth["response_mode"], auth["scope"], auth["prompt"]) == (
        "id_token",
        "form_post",
        "openid",
        "none",
    )
    # POST works as GET does (some platforms post the login initiation).
    response = browser.post(
        "/lti/login",
        data={
            "iss": platform.issuer,
            "login_hint": "x",
            "target_link_uri": f"{TOOL}/lti/launch",
            "client_id": platform.client_id,
        },
        csrf=False,
    )
    assert response.status_code == 302


def test_login_from_an_unknown_platform_is_refused(app, platform, browser):
    response = browser.get("/lti/login?iss=https://evil.example&login_hint=x")
    assert response.status_code == 403
    assert "not registered" in response.get_data(as_text=True)


def test_instructor_launch_creates_a_teacher_and_a_class(app, platform, browser, ctx):
    response = platform.launch(browser, TINA)
    assert response.status_code == 303
    assert "/lti/classes/" in response.headers["Location"]
    tina = _user(TINA.sub)
    assert tina.role == "teacher" and tina.display_name == "Tina Teacher"
    context = db.session.scalar(select(LtiContext))
    classroom = db.session.get(Classroom, context.class_id)
    assert classroom.teacher_id == tina.id and classroom.name == "Geography 7B"
    page = browser.get(response.headers["Location"])
    assert page.status_code == 200 and "Geography 7B" in page.get_data(as_text=True)


def test_learner_launch_of_a_linked_bank_signs_in_enrols_and_opens_it(
    app, platform, browser, ctx, import_bank
):
    bank_id = import_bank()
    platform.launch(browser, TINA)
    response = platform.launch(
        browser, ALICE, resource_link="rl-1", custom={"quizapp_bank": "capitals"}
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/study/capitals")
    alice = _user(ALICE.sub)
    assert alice.role == "student" and alice.name == "Alice Learner"
    context = db.session.scalar(select(LtiContext))
    assert db.session.scalar(
        select(ClassMember).where(
            ClassMember.class_id == context.class_id, ClassMember.user_id == alice.id
        )
    )
    assert db.session.scalar(
        select(Enrollment).where(Enrollment.user_id == alice.id, Enrollment.bank_id == bank_id)
    )
    page = browser.get("/study/capitals")
    assert page.status_code == 200
    # The second launch signs the same account in again.
    platform.launch(browser, ALICE, resource_link="rl-1", custom={"quizapp_bank": "capitals"})
    assert db.session.scalar(select(db.func.count(LtiAccount.id))) == 2


def test_deep_linking_returns_a_signed_link_the_platform_accepts(
    app, platform, browser, ctx, import_bank
):
    import_bank()
    response = platform.launch(browser, TINA, deep_link=True)
    assert response.status_code == 303 and response.headers["Location"].endswith("/lti/deep-link")
    page = browser.get("/lti/deep-link")
    assert page.status_code == 200 and "Capitals" in page.get_data(as_text=True)
    answer = browser.post("/lti/deep-link", data={"bank": "capitals"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert f'action="{platform.base}/deep-link-return"' in html
    assert f"form-action 'self' {platform.base}" in answer.headers["Content-Security-Policy"]
    token = html.split('name="JWT" value="', 1)[1].split('"', 1)[0]
    items = platform.accept_deep_link(token)
    assert items[0]["type"] == "ltiResourceLink"
    assert items[0]["custom"] == {"quizapp_bank": "capitals"}
    assert items[0]["url"] == f"{TOOL}/lti/launch"
    # A learner follows the new link: it opens the bank.
    student = platform.launch(
        ToolClient(app), ALICE, resource_link="link-1", custom=items[0]["custom"]
    )
    assert student.headers["Location"].endswith("/study/capitals")
    link = db.session.scalar(select(LtiResourceLink))
    assert link.lineitem_url == next(iter(platform.lineitems))


def test_a_learner_cannot_deep_link(app, platform, browser):
    response = platform.launch(browser, ALICE, deep_link=True)
    assert response.status_code == 403
    assert browser.get("/lti/deep-link").status_code == 403


def _launch_form(platform, browser, person=ALICE, **kwargs):
    auth = platform.start_login(browser, person)
    return platform.authorize(auth, person, **kwargs)


def _refused(browser, form, status, words):
    response = browser.post("/lti/launch", data=form, csrf=False)
    assert response.status_code == status, response.get_data(as_text=True)[:800]
    assert words in response.get_data(as_text=True)
    return response


def test_replayed_nonce_is_refused(app, platform, browser):
    form = _launch_form(platform, browser)
    assert browser.post("/lti/launch", data=form, csrf=False).status_code == 303
    _refused(browser, form, 403, "used already")


def test_expired_token_is_refused(app, platform, browser):
    form = _launch_form(platform, browser, expires_in=-60)
    _refused(browser, form, 401, "expired")


def test_token_signed_by_another_key_is_refused(app, platform, browser):
    form = _launch_form(platform, browser)
    other, _ = new_private_key()
    # Another key under its own kid, and another key claiming the platform's kid.
    _refused(
        browser,
        {**form, "id_token": platform.resign(form["id_token"], key=other, kid="other")},
        401,
        "signature",
    )
    form = _launch_form(platform, browser)
    _refused(
        browser,
        {**form, "id_token": platform.resign(form["id_token"], key=other)},
        401,
        "signature",
    )


def test_unsigned_token_is_refused(app, platform, browser):
    form = _launch_form(platform, browser)
    body = form["id_token"].split(".")[1]
    header = base64.urlsafe_b64encode(b'{"alg":"none","typ":"JWT"}').rstrip(b"=").decode()
    _refused(browser, {**form, "id_token": f"{header}.{body}."}, 401, "signature")


def test_token_without_expiry_is_refused(app, platform, browser):
    form = _launch_form(platform, browser)
    body = jwt.decode(form["id_token"], options={"verify_signature": False})
    body.pop("exp")
    token = jwt.encode(
        body,
        platform.private_key,
        algorithm="RS256",
        headers={"kid": platform.registration().get_kid()},
    )
    response = _refused(browser, {**form, "id_token": token}, 401, "incomplete")
    # The refusal shows inside the LMS's frame, not as a blank frame.
    assert f"frame-ancestors {platform.base}" in response.headers["Content-Security-Policy"]


def test_token_for_another_audience_is_refused(app, platform, browser):
    form = _launch_form(platform, browser)
    token = platform.resign(form["id_token"], aud="someone-else", azp="someone-else")
    _refused(browser, {**form, "id_token": token}, 403, "not registered")


def test_unknown_deployment_is_refused(app, platform, browser):
    form = _launch_form(platform, browser, deployment_id="dep-unknown")
    _refused(browser, form, 403, "deployment")


def test_token_without_state_cookie_is_refused(app, platform, browser):
    form = _launch_form(platform, browser)
    fresh = ToolClient(app)  # another browser: no login cookies
    response = _refused(fresh, form, 401, "blocked")
    html = response.get_data(as_text=True)
    link = re.search(r'href="([^"]*/lti/login\?[^"]*)"', html).group(1).replace("&amp;", "&")
    assert "/lti/login?" in link and parse_qs(urlsplit(link).query)["iss"] == [platform.issuer]


def test_launched_session_may_be_framed_by_the_platform_only(app, platform, browser, ctx):
    plain = app.test_client()
    page = plain.get("/")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"
    assert "SameSite=None" not in page.headers.get("Set-Cookie", "")

    response = platform.launch(browser, ALICE)
    cookie = response.headers["Set-Cookie"]
    assert "SameSite=None" in cookie and "Secure" in cookie and "Partitioned" in cookie
    page = browser.get("/study")
    policy = page.headers["Content-Security-Policy"]
    assert f"frame-ancestors {platform.base}" in policy
    assert "X-Frame-Options" not in page.headers


def test_jwks_publishes_the_signing_key_and_keeps_a_rotated_one(app, browser, ctx):
    first = browser.get("/lti/jwks.json").get_json()["keys"]
    assert len(first) == 1 and first[0]["kty"] == "RSA" and first[0]["alg"] == "RS256"
    assert "d" not in first[0]  # never the private part
    keys.rotate_key()
    second = browser.get("/lti/jwks.json").get_json()["keys"]
    assert len(second) == 2 and first[0]["kid"] in {k["kid"] for k in second}
    assert keys.signing_key().kid != first[0]["kid"]
