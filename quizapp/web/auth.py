"""Accounts in the browser: register, sign in and out, password and study settings."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from quizapp.errors import QuizappError, TooManyAttempts
from quizapp.services import password_links
from quizapp.services import sessions as session_service
from quizapp.services import users as user_service
from quizapp.web.auth_forms import (
    ChangePasswordForm,
    RegisterForm,
    RevokeApiTokenForm,
    SetPasswordForm,
    SignInForm,
    SignOutEverywhereForm,
    UpdateSettingsForm,
)
from quizapp.web.form_errors import show_service_error
from quizapp.web.session import idle_limits

bp = Blueprint("auth", __name__)


def safe_next(target: str | None) -> str | None:
    """Only redirect to paths on this site: no scheme, no host, no protocol-relative //.

    Control characters are refused too: browsers drop tabs and newlines from a URL (a tab
    between the slashes of "//evil.com" hides it), and a newline cannot go in a header.
    """
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def start_session(user, *, remember: bool = False) -> None:
    """Sign in with a new session: nothing from before (a CSRF token an attacker planted
    with the cookie, say) carries over into the signed-in one. The old server-side
    session, if any, is revoked."""
    session_service.revoke_session(session.get("_user_id"))
    session.clear()
    session_service.open_session(
        user,
        remember=remember,
        address=request.remote_addr,
        user_agent=request.headers.get("User-Agent", ""),
    )
    login_user(user, remember=remember)


def login_limits() -> dict[str, int]:
    """The sign-in throttle's settings, for every place a password is checked."""
    config = current_app.config
    return {
        "max_failures": config["LOGIN_MAX_FAILURES"],
        "max_address_failures": config["LOGIN_MAX_FAILURES_PER_ADDRESS"],
        "window_seconds": config["LOGIN_FAILURE_WINDOW_SECONDS"],
    }


def home_url() -> str:
    """Where a signed-in user starts: teachers (and admins) on Teach, students on Study."""
    views = current_app.view_functions
    if current_user.is_authenticated and current_user.is_teacher and "teacher.dashboard" in views:
        return url_for("teacher.dashboard")
    if "study.dashboard" in views:
        return url_for("study.dashboard")
    return url_for("main.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or home_url())
    form = SignInForm()
    status = 200
    headers = {}
    if form.validate_on_submit():
        try:
            user = user_service.authenticate(
                form.username.data,
                form.password.data,
                address=request.remote_addr,
                **login_limits(),
            )
        except TooManyAttempts as exc:
            form.form_errors.append(exc.message)
            status = 429
            headers["Retry-After"] = str(exc.retry_after)
        else:
            if user is not None:
                start_session(user, remember=form.remember.data)
                return redirect(safe_next(request.args.get("next")) or home_url())
            form.form_errors.append("Wrong username or password.")
            status = 401
    elif request.method == "POST":
        status = 400
    return render_template("auth/login.html", form=form), status, headers


@bp.post("/logout")
def logout():
    # Ends the session on the server: a copy of this cookie or of the remember-me cookie
    # (which carries the same key) signs nobody in any more.
    session_service.revoke_session(session.get("_user_id"))
    session.clear()
    logout_user()  # after clear(): it leaves the note that deletes the remember-me cookie
    flash("You are signed out.", "success")
    return redirect(url_for("main.index"))


@bp.route("/register", methods=["GET", "POST"])
def register():
    if not current_app.config["REGISTRATION_OPEN"]:
        abort(404)
    if current_user.is_authenticated:
        return redirect(home_url())
    form = RegisterForm()
    if form.validate_on_submit():
        try:
            user = user_service.register_student(
                form.username.data,
                form.password.data,
                display_name=form.display_name.data or "",
                timezone=form.timezone.data or None,
                address=request.remote_addr,
                max_per_address=current_app.config["REGISTRATION_MAX_PER_ADDRESS"],
                window_seconds=current_app.config["REGISTRATION_WINDOW_SECONDS"],
            )
        except TooManyAttempts as exc:
            show_service_error(form, exc)
            page = render_template("auth/register.html", form=form)
            return page, 429, {"Retry-After": str(exc.retry_after)}
        except QuizappError as exc:
            show_service_error(form, exc)
        else:
            start_session(user)
            flash(f"Welcome, {user.name}! Pick a question bank to start.", "success")
            return redirect(home_url())
    status = 422 if request.method == "POST" else 200
    return render_template("auth/register.html", form=form), status


@bp.get("/account")
@login_required
def account():
    from quizapp.services.scheduler import retention_workload
    from quizapp.web.study import study_now

    return _account_page(
        ChangePasswordForm(formdata=None),
        _settings_form(),
        workload=retention_workload(current_user.id, now=study_now()),
    )


def _account_page(password_form, settings_form, status: int = 200, *, workload=None):
    sessions = session_service.live_sessions(current_user.id, **idle_limits())
    return render_template(
        "auth/account.html",
        password_form=password_form,
        settings_form=settings_form,
        sessions=sessions,
        current_session=session_service.key_digest(current_user.session_key or ""),
        sign_out_form=SignOutEverywhereForm(formdata=None),
        api_tokens=user_service.list_api_tokens(
            current_user.id, days=current_app.config["API_TOKEN_DAYS"]
        ),
        token_expiry=lambda t: user_service.token_expiry(
            t, days=current_app.config["API_TOKEN_DAYS"]
        ),
        revoke_form=RevokeApiTokenForm(formdata=None),
        workload=workload,
    ), status


def _settings_form() -> UpdateSettingsForm:
    """The settings form filled from the account, not from the request."""
    return UpdateSettingsForm(formdata=None, obj=current_user)


@bp.post("/account/password")
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            user = user_service.change_password(
                current_user.id,
                form.current_password.data,
                form.new_password.data,
                address=request.remote_addr,
                **login_limits(),
            )
        except QuizappError as exc:
            show_service_error(form, exc)
        else:
            # The password change ended every session; keep this one (with a new cookie).
            start_session(user)
            flash("Password changed. Other devices have been signed out.", "success")
            return redirect(url_for("auth.account"))
    return _account_page(form, _settings_form(), 422)


@bp.post("/account/sign-out-everywhere")
@login_required
def sign_out_everywhere():
    """End every other session of this account (remember-me cookies too); keep this one."""
    if not SignOutEverywhereForm().validate_on_submit():
        abort(400)
    user = user_service.get_user(current_user.id)
    session_service.end_user_sessions(user.id)
    remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
    start_session(user, remember=remembered)
    flash("Every other device has been signed out.", "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_api_token(token_id: int):
    if not RevokeApiTokenForm().validate_on_submit():
        abort(400)
    token = user_service.revoke_own_api_token(current_user.id, token_id)
    flash(f"The API token {token.name or 'without a name'!s} is revoked.", "success")
    return redirect(url_for("auth.account"))


@bp.post("/account/settings")
@login_required
def update_settings():
    form = UpdateSettingsForm()
    if form.validate_on_submit():
        try:
            user_service.update_settings(
                current_user.id,
                display_name=form.display_name.data or "",
                desired_retention=form.desired_retention.data,
                daily_new_limit=form.daily_new_limit.data,
                timezone=form.timezone.data,
                day_start_hour=form.day_start_hour.data,
            )
        except QuizappError as exc:
            show_service_error(form, exc)
        else:
            flash("Settings saved.", "success")
            if form.desired_retention.data > 0.95:
                flash(
                    "A target recall above 95% costs many more reviews for very little more "
                    "remembered; see what each target costs below.",
                    "warning",
                )
            return redirect(url_for("auth.account"))
    return _account_page(ChangePasswordForm(formdata=None), form, 422)


@bp.route("/account/set-password/<token>", methods=["GET", "POST"])
def set_password(token: str):
    """A one-time link from a roster import or a reset: choose a password, then study.

    The page is never cached and sends no referrer, so the link's token stays out of
    shared caches and other sites' logs.
    """
    user, purpose = password_links.link_account(token)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            user = password_links.redeem_link(token, form.password.data)
        except QuizappError as exc:
            show_service_error(form, exc)
        else:
            start_session(user)
            flash(f"Password set. Welcome, {user.name}!", "success")
            return redirect(home_url())
    status = 422 if request.method == "POST" else 200
    response = current_app.make_response(
        (render_template("auth/set_password.html", form=form, user=user, purpose=purpose), status)
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
