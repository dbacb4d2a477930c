"""Classes in the browser: students join and leave; teachers create, share and manage them.

Joining happens by a POST (typed code, or the confirm button of a join link), never
by merely opening a link. A class of another teacher answers "not found".
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from quizapp.errors import InvalidInput, QuizappError, TooManyAttempts
from quizapp.services import analytics, password_links
from quizapp.services import classes as class_service
from quizapp.services import roster as roster_service
from quizapp.web.access import teacher_required
from quizapp.web.classes_forms import (
    ArchiveClassForm,
    AssignBankForm,
    CreateClassForm,
    ImportRosterForm,
    IssueResetLinkForm,
    JoinClassForm,
    LeaveClassForm,
    NewJoinCodeForm,
    RemoveStudentForm,
    RenameClassForm,
    SetAssignmentForm,
    UnassignBankForm,
)
from quizapp.web.links import absolute_url, mailed_url

bp = Blueprint("classes", __name__, url_prefix="/classes")


def display_code(code: str) -> str:
    """``ABCDEFGH`` -> ``ABCD-EFGH``: easier to read out and copy."""
    return f"{code[:4]}-{code[4:]}" if len(code) == 8 else code


bp.add_app_template_filter(display_code, "join_code")


# -- students ------------------------------------------------------------------------------


@bp.get("/")
@login_required
def student_classes():
    return _student_page(JoinClassForm(formdata=None))


def _student_page(join_form: JoinClassForm, status: int = 200):
    taught = class_service.teacher_classes(current_user.id) if current_user.is_teacher else []
    return render_template(
        "classes/index.html",
        joined=class_service.student_classes(current_user.id),
        taught=taught,
        join_form=join_form,
        leave_form=LeaveClassForm(formdata=None),
        create_form=CreateClassForm(formdata=None),
    ), status


def _join_limits() -> dict[str, int]:
    return {
        "max_failures": current_app.config["JOIN_MAX_FAILURES"],
        "window_seconds": current_app.config["JOIN_FAILURE_WINDOW_SECONDS"],
    }


@bp.post("/join")
@login_required
def join():
    form = JoinClassForm()
    if form.validate_on_submit():
        try:
            classroom = class_service.join_class(current_user.id, form.code.data, **_join_limits())
        except QuizappError as exc:
            form.code.errors = [exc.message]
            page = _student_page(form, exc.status)
            if isinstance(exc, TooManyAttempts):
                return (*page, {"Retry-After": str(exc.retry_after)})
            return page
        flash(f"You joined {classroom.name}; its banks are on your study page.", "success")
        return redirect(url_for("classes.student_classes"))
    return _student_page(form, 422)


@bp.get("/join/<code>")
@login_required
def join_link(code: str):
    """The page a join link opens: says which class it is, and asks to confirm."""
    classroom = class_service.find_class_for_code(current_user.id, code, **_join_limits())
    form = JoinClassForm(formdata=None, code=classroom.join_code)
    return render_template("classes/join.html", classroom=classroom, form=form)


@bp.post("/<int:class_id>/leave")
@login_required
def leave(class_id: int):
    if not LeaveClassForm().validate_on_submit():
        abort(400)
    class_service.leave_class(current_user.id, class_id)
    flash("You left the class. Your progress in its banks is yours to keep.", "success")
    return redirect(url_for("classes.student_classes"))


# -- teachers ------------------------------------------------------------------------------


@bp.post("/new")
@teacher_required
def create():
    form = CreateClassForm()
    if not form.validate_on_submit():
        flash("Give the class a name (up to 120 characters).", "error")
        return redirect(url_for("teacher.dashboard"))
    classroom = class_service.create_class(current_user.id, form.name.data)
    flash(f"Class {classroom.name} created. Share its join code with your students.", "success")
    return redirect(url_for("classes.manage", class_id=classroom.id))


@bp.get("/<int:class_id>")
@teacher_required
def manage(class_id: int):
    classroom = class_service.get_class(class_id, current_user.id)
    return _manage_page(classroom)


def _manage_page(classroom, *, rename_form=None, assign_form=None, status: int = 200):
    assign_form = assign_form or AssignBankForm(formdata=None)
    assign_form.bank_id.choices = [
        (b.id, b.title) for b in class_service.assignable_banks(classroom.id, current_user.id)
    ]
    return render_template(
        "classes/manage.html",
        classroom=classroom,
        roster=class_service.roster(classroom.id, current_user.id),
        banks=class_service.class_banks(classroom.id),
        progress=analytics.assignment_progress(classroom.id, current_user.id),
        assignment_form=SetAssignmentForm,
        targets=class_service.TARGETS,
        join_url=absolute_url("classes.join_link", code=classroom.join_code),
        rename_form=rename_form or RenameClassForm(formdata=None, name=classroom.name),
        assign_form=assign_form,
        unassign_form=UnassignBankForm(formdata=None),
        remove_form=RemoveStudentForm(formdata=None),
        code_form=NewJoinCodeForm(formdata=None),
        roster_form=ImportRosterForm(formdata=None),
        reset_form=IssueResetLinkForm(formdata=None),
        archive_form=ArchiveClassForm(formdata=None),
    ), status


@bp.post("/<int:class_id>/rename")
@teacher_required
def rename(class_id: int):
    classroom = class_service.get_class(class_id, current_user.id)
    form = RenameClassForm()
    if not form.validate_on_submit():
        return _manage_page(classroom, rename_form=form, status=422)
    class_service.rename_class(classroom.id, current_user.id, form.name.data)
    flash("Class renamed.", "success")
    return redirect(url_for("classes.manage", class_id=class_id))


@bp.post("/<int:class_id>/banks")
@teacher_required
def assign(class_id: int):
    classroom = class_service.get_class(class_id, current_user.id)
    form = AssignBankForm()
    form.bank_id.choices = [
        (b.id, b.title) for b in class_service.assignable_banks(classroom.id, current_user.id)
    ]
    if not form.validate_on_submit():
        return _manage_page(classroom, assign_form=form, status=422)
    students = class_service.assign_bank(
        classroom.id,
        current_user.id,
        form.bank_id.data,
        due=form.due.data,
        target=form.target.data,
    )
    flash(
        f"Bank assigned: {students} student{'s' if students != 1 else ''} enrolled in it.",
        "success",
    )
    return redirect(url_for("classes.manage", class_id=class_id))


@bp.post("/<int:class_id>/banks/<int:bank_id>/assignment")
@teacher_required
def set_assignment(class_id: int, bank_id: int):
    classroom = class_service.get_class(class_id, current_user.id)
    # Each assigned bank has its own form on the page, told apart by a prefix.
    form = SetAssignmentForm(prefix=f"a{bank_id}")
    if not form.validate_on_submit():
        flash("Give the due date as a day (YYYY-MM-DD), or leave it empty.", "error")
        return redirect(url_for("classes.manage", class_id=classroom.id))
    assignment = class_service.set_assignment(
        classroom.id, current_user.id, bank_id, due=form.due.data, target=form.target.data
    )
    due = f"due {assignment.due:%-d %b %Y}" if assignment.due else "no due date"
    flash(f"{assignment.bank.title}: {class_service.TARGETS[assignment.target]}, {due}.", "success")
    return redirect(url_for("classes.manage", class_id=classroom.id))


@bp.post("/<int:class_id>/banks/<int:bank_id>/remove")
@teacher_required
def unassign(class_id: int, bank_id: int):
    if not UnassignBankForm().validate_on_submit():
        abort(400)
    class_service.unassign_bank(class_id, current_user.id, bank_id)
    flash("Bank taken off the class; students keep their progress in it.", "success")
    return redirect(url_for("classes.manage", class_id=class_id))


@bp.post("/<int:class_id>/students/<int:user_id>/remove")
@teacher_required
def remove_student(class_id: int, user_id: int):
    if not RemoveStudentForm().validate_on_submit():
        abort(400)
    class_service.remove_student(class_id, current_user.id, user_id)
    flash("Student removed from the class; their own progress is kept.", "success")
    return redirect(url_for("classes.manage", class_id=class_id))


@bp.post("/<int:class_id>/code")
@teacher_required
def new_code(class_id: int):
    if not NewJoinCodeForm().validate_on_submit():
        abort(400)
    classroom = class_service.new_join_code(class_id, current_user.id)
    flash(
        f"New join code {display_code(classroom.join_code)}: the old code and link no longer work.",
        "success",
    )
    return redirect(url_for("classes.manage", class_id=class_id))


@bp.post("/<int:class_id>/archive")
@teacher_required
def archive(class_id: int):
    return _archive(class_id, True, "Class archived: it can no longer be joined.")


@bp.post("/<int:class_id>/unarchive")
@teacher_required
def unarchive(class_id: int):
    return _archive(class_id, False, "Class reopened.")


def _archive(class_id: int, archived: bool, message: str):
    if not ArchiveClassForm().validate_on_submit():
        abort(400)
    class_service.set_archived(class_id, current_user.id, archived)
    flash(message, "success")
    return redirect(url_for("classes.manage", class_id=class_id))


# -- accounts: roster import and one-time password links --------------------------------------

MAX_ROSTER_BYTES = 1024 * 1024


def set_password_url(token: str) -> str:
    return mailed_url("auth.set_password", token=token)


def issue_reset_link_page(user_id: int, classroom=None):
    """Issue a one-time reset link for ``user_id``, mail it where mail is set up, and show it
    to the teacher or administrator who asked (the class's page or the admin's)."""
    issued = password_links.issue_reset_link(
        current_user.id, user_id, days=int(current_app.config["PASSWORD_LINK_DAYS"])
    )
    url = set_password_url(issued.token)
    sent, mail_error = mail_password_links(
        [
            password_links.LinkToMail(
                issued.user.email, issued.user.name, issued.user.username, url, password_links.RESET
            )
        ]
    )
    return render_template(
        "classes/links.html",
        classroom=classroom,
        links=[(issued.user.username, issued.user.name, issued.user.email, url)],
        problems=[],
        sent=sent,
        mail_error=mail_error,
        purpose=password_links.RESET,
        days=current_app.config["PASSWORD_LINK_DAYS"],
    )


def mail_password_links(links: list[password_links.LinkToMail]) -> tuple[int, str | None]:
    config = current_app.config
    return password_links.mail_links(
        config.get("SMTP_URL"),
        config["MAIL_FROM"],
        links,
        days=int(config["PASSWORD_LINK_DAYS"]),
    )


def roster_text(form: ImportRosterForm) -> str:
    """The typed roster, or the chosen file's text (UTF-8, as spreadsheets export it)."""
    upload = form.file.data
    if upload and getattr(upload, "filename", ""):
        raw = upload.read(MAX_ROSTER_BYTES + 1)
        if len(raw) > MAX_ROSTER_BYTES:
            raise InvalidInput(
                "The roster file is larger than 1 MiB.", fields={"file": "too large"}
            )
        try:
            return raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InvalidInput(
                "The file is not UTF-8 text: save it from the spreadsheet as CSV UTF-8.",
                fields={"file": "encoding"},
            ) from None
    return form.roster.data or ""


@bp.post("/<int:class_id>/roster")
@teacher_required
def import_roster(class_id: int):
    classroom = class_service.get_class(class_id, current_user.id)
    form = ImportRosterForm()
    if not form.validate_on_submit():
        return _manage_page(classroom, status=422)
    try:
        result = roster_service.import_roster(
            classroom.id,
            current_user.id,
            roster_text(form),
            link_days=int(current_app.config["PASSWORD_LINK_DAYS"]),
        )
    except InvalidInput as exc:
        flash(exc.message, "error")
        return redirect(url_for("classes.manage", class_id=classroom.id, _anchor="roster-import"))
    links = [(account, set_password_url(account.token)) for account in result.created]
    sent, mail_error = mail_password_links(
        [
            password_links.LinkToMail(a.email, a.name, a.username, url, password_links.SET)
            for a, url in links
        ]
    )
    return render_template(
        "classes/links.html",
        classroom=classroom,
        links=[(a.username, a.name, a.email, url) for a, url in links],
        problems=result.problems,
        sent=sent,
        mail_error=mail_error,
        purpose=password_links.SET,
        days=current_app.config["PASSWORD_LINK_DAYS"],
    )


@bp.post("/<int:class_id>/students/<int:user_id>/reset-link")
@teacher_required
def reset_link(class_id: int, user_id: int):
    classroom = class_service.get_class(class_id, current_user.id)
    if not IssueResetLinkForm().validate_on_submit():
        abort(400)
    if user_id not in {s.user_id for s in class_service.roster(classroom.id, current_user.id)}:
        abort(404)
    return issue_reset_link_page(user_id, classroom)
