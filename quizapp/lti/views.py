"""LTI endpoints (login, launch, key set, deep linking), the course page and the admin pages."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode, urlsplit

from flask import (
    Blueprint,
    abort,
    flash,
    g,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required
from pylti1p3.contrib.flask import FlaskRequest
from pylti1p3.deep_link import DeepLink
from pylti1p3.deep_link_resource import DeepLinkResource
from pylti1p3.exception import LtiException, OIDCException
from pylti1p3.lineitem import LineItem
from sqlalchemy import select

from quizapp.errors import QuizappError
from quizapp.extensions import csrf, db
from quizapp.lti import grades, keys, platforms, roster
from quizapp.lti.claims import BANK_PARAMETER, read_launch
from quizapp.lti.forms import (
    AddDeploymentForm,
    AddPlatformForm,
    DeletePlatformForm,
    EditPlatformForm,
    PickBankForm,
    RemoveDeploymentForm,
    RotateKeyForm,
    SendGradesForm,
    SyncRosterForm,
)
from quizapp.lti.launches import accept_launch, published_bank
from quizapp.lti.models import LtiContext, LtiPlatform, LtiResourceLink
from quizapp.lti.tool import (
    DatabaseLaunchStorage,
    find_platform,
    message_launch,
    oidc_login,
    registration_for,
)
from quizapp.models import Bank, BankStatus, User
from quizapp.web.access import admin_required, teacher_required
from quizapp.web.auth import start_session

bp = Blueprint("lti", __name__)

FRAME_SESSION_KEY = "lti_platform_id"
DEEP_LINK_SESSION_KEY = "lti_deep_link"


# -- refusals ----------------------------------------------------------------


def refuse(status: int, title: str, message: str, *, new_window: str | None = None):
    # Shown inside the LMS's frame: any registered platform may frame the refusal, or the
    # teacher would see a blank frame instead of the reason.
    origins = platforms.all_frame_origins()
    if origins and not g.get("frame_ancestors"):
        g.frame_ancestors = " ".join(origins)
    return (
        render_template(
            "lti/refused.html", status=status, title=title, message=message, new_window=new_window
        ),
        status,
    )


def _refusal(exc: Exception):
    """A validation failure from pylti1p3, said so that an LMS administrator can act on it."""
    text = str(exc)
    if "expired" in text.lower():
        return refuse(
            401,
            "This launch has expired",
            "The LMS's sign-in token is out of date. Go back to the course and open the "
            "link again.",
        )
    if "missing the" in text.lower() or "is empty" in text:
        return refuse(
            401,
            "The launch is incomplete",
            f"The LMS's sign-in token lacks a required part ({text[:200]}). Check the "
            "tool's configuration in the LMS.",
        )
    if "Invalid Nonce" in text:
        return refuse(
            403,
            "This launch was used already",
            "Each launch from the LMS can be used once; this one was replayed. Open the link "
            "from the course again.",
        )
    if "Registration not found" in text or "Client id not registered" in text:
        return refuse(
            403,
            "This LMS is not registered",
            "The launch came from a platform or client id that this quizapp does not know. "
            "An administrator registers it under Admin → LMS platforms.",
        )
    if "Unable to find deployment" in text:
        return refuse(
            403,
            "Unknown deployment",
            "The LMS launched quizapp with a deployment id that is not registered for it. "
            "An administrator adds the deployment id under Admin → LMS platforms.",
        )
    if "State not found" in text or "Missing state" in text:
        return refuse(
            401,
            "The sign-in could not be matched",
            "quizapp could not find the sign-in this launch belongs to: it took too long, or "
            "it came from another browser window. Open the link from the course again.",
        )
    if (
        "public key" in text
        or "Can't decode id_token" in text
        or "JWT" in text
        or "id_token" in text
        or "KID" in text
        or "ALG" in text
    ):
        return refuse(
            401,
            "The launch's signature is not valid",
            "The sign-in token was not signed with one of the LMS's registered keys. Check the "
            "public keyset URL registered for the platform.",
        )
    return refuse(401, "The launch was refused", f"The LMS's launch is not valid: {text[:300]}")


# -- the tool's endpoints ----------------------------------------------------


@bp.get("/lti/jwks.json")
def jwks():
    response = jsonify(keys.jwks())
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


def _launch_url() -> str:
    return url_for("lti.launch", _external=True)


@bp.route("/lti/login", methods=["GET", "POST"])
@csrf.exempt
def login():
    """OIDC third-party initiated login: send the browser to the platform's auth URL."""
    params = request.values
    platform = find_platform(params.get("iss"), params.get("client_id"))
    if platform is None:
        return refuse(
            403,
            "This LMS is not registered",
            "The sign-in came from a platform (issuer and client id) this quizapp does not "
            "know. An administrator registers it under Admin → LMS platforms.",
        )
    try:
        flask_request = FlaskRequest()
        redirect_obj = oidc_login(flask_request).get_redirect_object(_launch_url())
    except (OIDCException, LtiException) as exc:
        return refuse(400, "The sign-in request is incomplete", str(exc))
    location = redirect_obj.get_redirect_url()
    state = parse_qs(urlsplit(location).query).get("state", [""])[0]
    # Kept apart from the browser's cookies, so that a launch whose cookies were blocked
    # can offer to start again in a window of its own.
    login_params = {
        k: params[k]
        for k in ("iss", "login_hint", "lti_message_hint", "client_id", "lti_deployment_id")
        if params.get(k)
    }
    login_params["target_link_uri"] = params.get("target_link_uri") or _launch_url()
    DatabaseLaunchStorage().set_value(f"login-{state}", login_params)
    return redirect_obj.do_redirect()


def _new_window_url(state: str | None) -> str | None:
    if not state:
        return None
    params = DatabaseLaunchStorage().get_value(f"login-{state}")
    if not params:
        return None
    return url_for("lti.login", _external=True) + "?" + urlencode(params)


@bp.post("/lti/launch")
@csrf.exempt
def launch():
    """The platform's form post of the id_token: validate it, sign in, open the page."""
    state = request.form.get("state")
    if not request.form.get("id_token"):
        return refuse(401, "The launch was refused", "The LMS sent no id_token.")
    flask_request = FlaskRequest()
    try:
        lti_launch = message_launch(flask_request)
    except LtiException:
        # pylti1p3 could not read its session cookie: the browser withheld it from the frame.
        return refuse(
            401,
            "Your browser blocked quizapp's cookies",
            "quizapp runs inside the LMS page, and this browser does not let it keep its "
            "sign-in there (third-party cookies are blocked). Open quizapp in a window of "
            "its own, or allow cookies for this site.",
            new_window=_new_window_url(state),
        )
    try:
        body = lti_launch.get_launch_data()
    except LtiException as exc:
        return _refusal(exc)
    claims = read_launch(body)
    platform = find_platform(claims.issuer, lti_launch.get_client_id())
    if platform is None:  # pragma: no cover - the launch was validated against it
        abort(403)
    try:
        result = accept_launch(platform.id, claims)
    except QuizappError as exc:
        return refuse(exc.status, "quizapp cannot open this link", exc.message)
    user = db.session.get(User, result.user_id)
    # A new server-side session (revocable like any sign-in); clears the old one.
    start_session(user)
    session[FRAME_SESSION_KEY] = platform.id
    _mark_frame(platform)
    if claims.is_deep_linking:
        if not result.is_instructor:
            return refuse(
                403,
                "Only instructors choose what to link",
                "Picking a bank to place in the course is for the course's instructors.",
            )
        session[DEEP_LINK_SESSION_KEY] = {
            "platform_id": platform.id,
            "deployment_id": claims.deployment_id,
            "settings": claims.deep_linking,
        }
        return redirect(url_for("lti.deep_link"), 303)
    if result.is_instructor and result.class_id:
        return redirect(url_for("lti.course", class_id=result.class_id), 303)
    if result.bank_slug:
        return redirect(url_for("study.bank", slug=result.bank_slug), 303)
    if result.is_instructor:
        return redirect(url_for("teacher.dashboard"), 303)
    return redirect(url_for("study.dashboard"), 303)


# -- embedding ---------------------------------------------------------------


def _mark_frame(platform: LtiPlatform) -> None:
    g.frame_ancestors = " ".join(platforms.frame_origins(platform))
    g.lti_frame = True


@bp.before_app_request
def allow_platform_frame():
    """Pages of a session launched from an LMS may be framed by that LMS, and no other."""
    platform_id = session.get(FRAME_SESSION_KEY)
    if platform_id:
        platform = db.session.get(LtiPlatform, platform_id)
        if platform is not None:
            _mark_frame(platform)


# -- deep linking --------------------------------------------------------------


def _deep_link_request():
    data = session.get(DEEP_LINK_SESSION_KEY)
    if not data or not current_user.is_authenticated or not current_user.is_teacher:
        abort(
            403,
            description="Choosing a bank for the LMS starts from the LMS: add quizapp to "
            "the course there and pick it as the external tool.",
        )
    return data


def _pick_form() -> PickBankForm:
    form = PickBankForm()
    banks = db.session.scalars(
        select(Bank).where(Bank.status == BankStatus.PUBLISHED).order_by(Bank.title)
    ).all()
    form.bank.choices = [(b.slug, b.title) for b in banks]
    return form


@bp.route("/lti/deep-link", methods=["GET", "POST"])
@login_required
def deep_link():
    data = _deep_link_request()
    form = _pick_form()
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("lti/deep_link.html", form=form), status
    bank = published_bank(form.bank.data)
    platform = db.session.get(LtiPlatform, data["platform_id"])
    settings = data["settings"] or {}
    resource = (
        DeepLinkResource()
        .set_url(_launch_url())
        .set_title(bank.title)
        .set_custom_params({BANK_PARAMETER: bank.slug})
        .set_lineitem(
            LineItem()
            .set_label(bank.title)
            .set_score_maximum(grades.SCORE_MAXIMUM)
            .set_resource_id(f"bank:{bank.id}")
            .set_tag(grades.LINEITEM_TAG)
        )
    )
    token = DeepLink(registration_for(platform), data["deployment_id"], settings).get_response_jwt(
        [resource]
    )
    session.pop(DEEP_LINK_SESSION_KEY, None)
    return_url = settings.get("deep_link_return_url", "")
    g.form_action = platforms.origin_of(return_url)
    return render_template(
        "lti/deep_link_return.html", return_url=return_url, token=token, bank=bank
    )


# -- the instructor's course page ------------------------------------------------


@bp.app_template_global()
def lti_linked(class_id: int) -> bool:
    """Whether a class stands for an LMS course (its page then links to the course page)."""
    return (
        db.session.scalar(select(LtiContext.id).where(LtiContext.class_id == class_id)) is not None
    )


@bp.get("/lti/classes/<int:class_id>")
@teacher_required
def course(class_id: int):
    context = roster.context_for_class(class_id, current_user.id)
    if context is None:
        abort(404, description="This class is not linked to an LMS course.")
    links = db.session.scalars(
        select(LtiResourceLink).where(LtiResourceLink.context_id == context.id)
    ).all()
    return render_template(
        "lti/course.html",
        context=context,
        links=links,
        banks={b.id: b for b in db.session.scalars(select(Bank))},
        outbox=grades.outbox_counts(context.id),
        sync_form=SyncRosterForm(formdata=None),
        send_form=SendGradesForm(formdata=None),
    )


@bp.post("/lti/classes/<int:class_id>/roster")
@teacher_required
def sync_roster(class_id: int):
    if not SyncRosterForm().validate_on_submit():
        abort(400)
    try:
        result = roster.sync_roster(class_id, current_user.id)
    except QuizappError as exc:
        if exc.status == 404:
            raise
        flash(exc.message, "error")
    else:
        flash(
            f"Roster synced: {result.members} learners, {result.added} added, "
            f"{result.removed} removed.",
            "success",
        )
    return redirect(url_for("lti.course", class_id=class_id), 303)


@bp.post("/lti/classes/<int:class_id>/grades")
@teacher_required
def send_grades(class_id: int):
    if not SendGradesForm().validate_on_submit():
        abort(400)
    context = roster.context_for_class(class_id, current_user.id)
    if context is None:
        abort(404, description="This class is not linked to an LMS course.")
    queued = grades.queue_class_scores(context.id)
    delivery = grades.deliver_scores()
    message = f"{queued} new score{'s' if queued != 1 else ''} queued, {delivery.sent} sent."
    if delivery.failed:
        flash(
            message + f" {delivery.failed} could not be sent and will be retried: "
            f"{delivery.errors[0]}",
            "error",
        )
    else:
        flash(message, "success")
    return redirect(url_for("lti.course", class_id=class_id), 303)


# -- administration --------------------------------------------------------------


def _admin_page(form=None, status: int = 200):
    return (
        render_template(
            "lti/admin.html",
            platforms=platforms.list_platforms(),
            values=platforms.tool_values(request.host_url),
            form=form or AddPlatformForm(formdata=None),
            deployment_form=AddDeploymentForm(formdata=None),
            remove_form=RemoveDeploymentForm(formdata=None),
            delete_form=DeletePlatformForm(formdata=None),
            edit_forms={p.id: _edit_form(p) for p in platforms.list_platforms()},
            rotate_form=RotateKeyForm(formdata=None),
            published_keys=keys.published_keys(),
        ),
        status,
    )


def _edit_form(platform: LtiPlatform, formdata=None) -> EditPlatformForm:
    # One form per platform on the page: the prefix keeps their field ids apart.
    return EditPlatformForm(formdata=formdata, obj=platform, prefix=f"platform-{platform.id}")


@bp.get("/admin/lti")
@admin_required
def admin():
    keys.signing_key()
    return _admin_page()


@bp.post("/admin/lti")
@admin_required
def add_platform():
    form = AddPlatformForm()
    if not form.validate_on_submit():
        return _admin_page(form, 422)
    try:
        platform = platforms.add_platform(
            name=form.name.data or "",
            issuer=form.issuer.data,
            client_id=form.client_id.data,
            auth_url=form.auth_url.data,
            token_url=form.token_url.data,
            jwks_url=form.jwks_url.data,
            deployment_ids=(form.deployment_ids.data or "").splitlines(),
            frame_origins=form.frame_origins.data or "",
        )
    except QuizappError as exc:
        field = next(iter(getattr(exc, "fields", {}) or {}), None)
        if field == "deployment_id":
            field = "deployment_ids"
        if field and hasattr(form, field):
            getattr(form, field).errors = [exc.message]
        else:
            form.form_errors.append(exc.message)
        return _admin_page(form, exc.status)
    flash(f"Registered {platform.label}.", "success")
    return redirect(url_for("lti.admin") + f"#platform-{platform.id}", 303)


@bp.post("/admin/lti/<int:platform_id>/deployments")
@admin_required
def add_deployment(platform_id: int):
    form = AddDeploymentForm()
    if not form.validate_on_submit():
        flash("Give the deployment id.", "error")
    else:
        try:
            platforms.add_deployment(platform_id, form.deployment_id.data)
            flash(f"Added deployment {form.deployment_id.data.strip()}.", "success")
        except QuizappError as exc:
            if exc.status == 404:
                raise
            flash(exc.message, "error")
    return redirect(url_for("lti.admin") + f"#platform-{platform_id}", 303)


@bp.post("/admin/lti/<int:platform_id>/deployments/<int:deployment_id>/delete")
@admin_required
def remove_deployment(platform_id: int, deployment_id: int):
    if not RemoveDeploymentForm().validate_on_submit():
        abort(400)
    platforms.remove_deployment(platform_id, deployment_id)
    flash("Deployment removed: its launches are refused from now on.", "success")
    return redirect(url_for("lti.admin") + f"#platform-{platform_id}", 303)


@bp.post("/admin/lti/<int:platform_id>")
@admin_required
def update_platform(platform_id: int):
    platform = platforms.get_platform(platform_id)
    form = EditPlatformForm(prefix=f"platform-{platform.id}")
    if not form.validate_on_submit():
        flash("Give every address of the platform.", "error")
    else:
        try:
            platforms.update_platform(
                platform.id,
                name=form.name.data or "",
                auth_url=form.auth_url.data,
                token_url=form.token_url.data,
                jwks_url=form.jwks_url.data,
                frame_origins=form.frame_origins.data or "",
            )
            flash(f"Saved {platform.label}.", "success")
        except QuizappError as exc:
            db.session.rollback()
            flash(exc.message, "error")
    return redirect(url_for("lti.admin") + f"#platform-{platform_id}", 303)


@bp.post("/admin/lti/<int:platform_id>/delete")
@admin_required
def delete_platform(platform_id: int):
    if not DeletePlatformForm().validate_on_submit():
        abort(400)
    try:
        platforms.delete_platform(platform_id)
    except QuizappError as exc:
        if exc.status == 404:
            raise
        flash(exc.message, "error")
        return redirect(url_for("lti.admin") + f"#platform-{platform_id}", 303)
    flash("Platform removed.", "success")
    return redirect(url_for("lti.admin"), 303)


@bp.post("/admin/lti/rotate-key")
@admin_required
def rotate_key():
    if not RotateKeyForm().validate_on_submit():
        abort(400)
    key = keys.rotate_key()
    flash(
        f"New signing key {key.kid[:12]}… in use; the old one stays published for "
        f"{keys.RETIRED_KEY_GRACE.days} days.",
        "success",
    )
    return redirect(url_for("lti.admin"), 303)
