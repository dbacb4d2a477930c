"""Command line: the same commands as ``flask --app quizapp ...`` and ``quizapp ...``."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, FlaskGroup, with_appcontext

from quizapp.bankfile import BankValidationError
from quizapp.errors import QuizappError
from quizapp.formats.export import BINARY_EXPORTS, EXPORT_FORMATS
from quizapp.models import BankStatus, Role
from quizapp.paths import BUNDLED_BANKS_DIR
from quizapp.services import banks as bank_service
from quizapp.services import users as user_service
from quizapp.services.database import schema_lock, upgrade_database


def _fail(message: str) -> None:
    raise click.ClickException(message)


def _max_bytes() -> int:
    return int(current_app.config["BANK_MAX_BYTES"])


# -- serve -------------------------------------------------------------------


@click.command("serve")
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    envvar="QUIZAPP_HOST",
    help="Address to listen on; 0.0.0.0 for every interface.",
)
@click.option("--port", default=5000, show_default=True, type=int, envvar="QUIZAPP_PORT")
@click.option(
    "--threads",
    default=8,
    show_default=True,
    type=int,
    envvar="QUIZAPP_THREADS",
    help="Worker threads answering requests.",
)
@click.option("--no-banks", is_flag=True, help="Do not load the bundled question banks.")
@with_appcontext
def serve_command(host: str, port: int, threads: int, no_banks: bool) -> None:
    """Run quizapp under the waitress WSGI server.

    Creates or upgrades the database first and loads the bundled banks
    (new ones are added, changed ones updated; learners' progress is kept).
    """
    import waitress

    app = current_app._get_current_object()
    prepare_database(load_banks=not no_banks)
    from quizapp.lti.scheduler import start_grade_sender

    start_grade_sender(app)
    click.echo(f"quizapp is running on http://{host}:{port}/ (press Ctrl+C to stop)")
    limits = {}
    if app.config.get("MAX_CONTENT_LENGTH"):
        # Waitress reads a whole body (1 GiB by default) to disk before quizapp can refuse
        # it. Bound it near MAX_CONTENT_LENGTH, with room for quizapp's own 413 page.
        limits["max_request_body_size"] = 2 * int(app.config["MAX_CONTENT_LENGTH"])
    waitress.serve(app, host=host, port=port, threads=threads, ident="quizapp", **limits)


def prepare_database(*, load_banks: bool) -> None:
    with schema_lock():
        upgrade_database()
        if load_banks:
            directory = Path(current_app.config["BANKS_DIR"])
            if not directory.is_dir():
                click.echo(f"warning: banks folder {directory} does not exist", err=True)
                return
            try:
                plans = bank_service.sync_bank_directory(directory, max_bytes=_max_bytes())
            except BankValidationError as exc:
                click.echo(f"warning: bundled banks not loaded, {exc.message}", err=True)
                return
            for plan in plans:
                click.echo(f"loaded {plan.summary()}")


# -- banks -------------------------------------------------------------------

banks_cli = AppGroup("banks", help="Validate, import and export question banks.")


SKIP_INVALID_HELP = (
    "Leave out questions with a problem (each is listed with its line or item number) "
    "instead of refusing the whole file."
)


def _echo_skipped(parsed) -> None:
    for bank in parsed:
        for issue in bank.skipped:
            click.echo(f"skipped {issue}", err=True)


@banks_cli.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--skip-invalid", is_flag=True, help=SKIP_INVALID_HELP)
def validate_command(files: tuple[str, ...], skip_invalid: bool) -> None:
    """Check bank files (or folders of them) and report every problem with its line.

    Valid files are also read by the item-writing checker (an answer given away by its
    prompt, two defensible choices, a placeholder ...): its warnings are printed after the
    result and do not change the exit status.
    """
    try:
        parsed = bank_service.read_bank_files(
            files, max_bytes=_max_bytes(), skip_invalid=skip_invalid
        )
    except BankValidationError as exc:
        for issue in exc.issues:
            click.echo(str(issue), err=True)
        _fail(exc.message.splitlines()[0].rstrip(":") + "; nothing is valid until all are fixed")
    from quizapp.generator.upload_checks import check_parsed_bank

    _echo_skipped(parsed)
    for bank in parsed:
        skipped = f", {len(bank.skipped)} skipped" if bank.skipped else ""
        click.echo(f"ok {bank.filename}: {bank.slug}, {len(bank.questions)} questions{skipped}")
        # The item-writing checker's findings: advice, never a failure.
        for warning in check_parsed_bank(bank):
            click.echo(
                f"warning: {bank.filename}: {warning.question}: {warning.rule}: {warning.message}",
                err=True,
            )


@banks_cli.command("import")
@click.argument("paths", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--bundled",
    is_flag=True,
    help="Also import the banks that ship with quizapp (found in the installed package).",
)
@click.option("--owner", help="Username of the teacher who will own new banks.")
@click.option("--draft", is_flag=True, help="Import as drafts, hidden from students.")
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@click.option("--skip-invalid", is_flag=True, help=SKIP_INVALID_HELP)
def import_command(
    paths: tuple[str, ...],
    bundled: bool,
    owner: str | None,
    draft: bool,
    dry_run: bool,
    skip_invalid: bool,
) -> None:
    """Import bank files or folders: all of them, or nothing if any has a problem.

    Re-importing a bank updates its questions by id and keeps learners' progress;
    questions whose answer changed have their progress reset; questions no longer
    in the file are retired, with their history kept. With --skip-invalid the valid
    questions are imported and every skipped one is listed (a skipped question that is
    already in the bank is left as it is).
    """
    if bundled:
        paths = (*paths, str(BUNDLED_BANKS_DIR))
    if not paths:
        _fail("name the bank files or folders to import, or pass --bundled")
    user = None
    if owner:
        user = user_service.user_by_username(owner)
        if user is None:
            _fail(f"no user {owner!r}")
    try:
        parsed = bank_service.read_bank_files(
            paths, max_bytes=_max_bytes(), skip_invalid=skip_invalid
        )
        _echo_skipped(parsed)
        if dry_run:
            plans = bank_service.preview_import(parsed, user=user)
        else:
            plans = bank_service.import_banks(
                parsed, user=user, status=BankStatus.DRAFT if draft else None
            )
    except BankValidationError as exc:
        for issue in exc.issues:
            click.echo(str(issue), err=True)
        _fail(exc.message.splitlines()[0].rstrip(":") + "; nothing was imported")
    except QuizappError as exc:
        _fail(f"{exc.message}; nothing was imported")
    for plan in plans:
        click.echo(("would import " if dry_run else "imported ") + plan.summary())


@banks_cli.command("export")
@click.argument("slug")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="yaml",
    show_default=True,
    help="The file format to write.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write to this file instead of standard output.",
)
def export_command(slug: str, fmt: str, output: str | None) -> None:
    """Write a bank to a file: YAML (format quizapp/1), GIFT, a spreadsheet, ...

    What the format cannot hold is listed on standard error.
    """
    try:
        exported = bank_service.export_bank(slug, fmt, system=True)
    except QuizappError as exc:
        _fail(exc.message)
    for key, qtype in exported.skipped:
        kind = qtype.replace("_", " ")
        click.echo(f"not exported: {key} ({kind}): {fmt} has no such question type", err=True)
    for loss in exported.losses:
        click.echo(f"left out: {loss}", err=True)
    if output:
        Path(output).write_bytes(exported.content)
        click.echo(f"wrote {output}", err=True)
    elif fmt in BINARY_EXPORTS:
        _fail(f"{fmt} is a binary format: write it to a file with -o FILE")
    else:
        click.echo(exported.content.decode("utf-8"), nl=False)


@banks_cli.command("list")
def list_command() -> None:
    """List banks with their status and question counts."""
    for summary in bank_service.list_banks(include_drafts=True, user=None, all_banks=True):
        bank = summary.bank
        click.echo(f"{bank.slug}\t{bank.status}\t{summary.question_count} questions\t{bank.title}")


# -- generate ----------------------------------------------------------------


def _parse_date(ctx, param, value: str | None):
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD") from None


@click.command("generate")
@click.argument("source", type=click.Path(exists=True, dir_okay=False))
@click.option("--title", help="Title of the source (default: from its header).")
@click.option("--author", help="Author (default: from its byline).")
@click.option("--publisher", help="Publisher (default: from its header).")
@click.option(
    "--published",
    callback=_parse_date,
    metavar="YYYY-MM-DD",
    help="Publication date; relative dates in the text are resolved against it.",
)
@click.option("--url", help="Address of the source.")
@click.option("--slug", help="Slug of the bank (default: from the title).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the bank here (default: standard output).",
)
@click.option(
    "--engine",
    type=click.Choice(["rules", "parse"]),
    default=None,
    help="Generator engine (default: the GENERATOR_ENGINE setting).",
)
@with_appcontext
def generate_command(
    source: str, title, author, publisher, published, url, slug, output, engine
) -> None:
    """Draft a question bank from a news article or history page (text, Markdown or HTML).

    The bank is marked as a draft; review it, then import it with `quizapp banks import`.
    """
    from quizapp.services.generation import decode_source, draft_bank

    try:
        text = decode_source(Path(source).read_bytes())
        draft = draft_bank(
            text,
            filename=source,
            title=title,
            author=author,
            publisher=publisher,
            published=published,
            url=url,
            slug=slug,
            engine=engine or current_app.config["GENERATOR_ENGINE"],
            model=current_app.config["NLP_MODEL"],
            scorer_path=current_app.config["GENERATOR_SCORER_PATH"],
        )
    except QuizappError as exc:
        _fail(exc.message)
    if output:
        Path(output).write_text(draft.yaml_text, encoding="utf-8")
        click.echo(
            f"wrote {output}: {draft.parsed.slug}, {len(draft.parsed.questions)} draft questions",
            err=True,
        )
    else:
        click.echo(draft.yaml_text, nl=False)


# -- generator ---------------------------------------------------------------

generator_cli = AppGroup("generator", help="The question generator's ranking of drafts.")


@generator_cli.command("fit")
@click.option(
    "--min",
    "min_decisions",
    type=click.IntRange(min=1),
    default=30,
    show_default=True,
    help="Refuse with fewer review decisions that carry scorer features.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    help="Write the weights here (default: the GENERATOR_SCORER_PATH setting, "
    "generator-scorer.json in the instance folder).",
)
def generator_fit_command(min_decisions: int, output: str | None) -> None:
    """Re-fit the parse engine's scorer from teachers' review decisions.

    Fits on the labelled questions shipped with quizapp plus every accept (kept), edit and
    delete (not kept) of a generated question; drafts made afterwards are ranked with the
    new weights.
    """
    from quizapp.services.generator_reviews import refit_scorer

    path = output or current_app.config["GENERATOR_SCORER_PATH"]
    try:
        result = refit_scorer(path, min_decisions=min_decisions)
    except QuizappError as exc:
        _fail(exc.message)
    click.echo(
        f"decisions used: {result.decisions} ({result.kept} kept), "
        f"with {result.labelled} shipped labelled questions"
    )
    click.echo(
        f"log loss on the decisions: shipped {result.shipped_loss:.3f}, "
        f"refitted {result.refitted_loss:.3f}"
    )
    click.echo(f"wrote {result.path}")


# -- users -------------------------------------------------------------------

users_cli = AppGroup("users", help="Manage accounts.")


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


@users_cli.command("create")
@click.argument("username")
@click.option(
    "--role",
    type=click.Choice([r.value for r in Role]),
    default=Role.STUDENT.value,
    show_default=True,
)
@click.option("--display-name", default="", help="Name shown to others.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user_command(username: str, role: str, display_name: str, password_stdin: bool) -> None:
    """Create an account (there are no default accounts: make the first admin this way)."""
    password = _read_password(password_stdin)
    try:
        user = user_service.create_user(username, password, role=role, display_name=display_name)
    except QuizappError as exc:
        _fail(exc.message)
    click.echo(f"created {user.role} {user.username}")


@users_cli.command("set-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def set_password_command(username: str, password_stdin: bool) -> None:
    """Set a user's password (signs out their sessions and revokes their API tokens)."""
    user = user_service.user_by_username(username)
    if user is None:
        _fail(f"no user {username!r}")
    try:
        user_service.set_password(user, _read_password(password_stdin))
    except QuizappError as exc:
        _fail(exc.message)
    click.echo(f"password changed for {user.username}")


@users_cli.command("list")
def list_users_command() -> None:
    """List accounts."""
    for user in user_service.list_users():
        click.echo(f"{user.username}\t{user.role}\t{'active' if user.is_active else 'disabled'}")


# -- scheduler ---------------------------------------------------------------

scheduler_cli = AppGroup("scheduler", help="Fit the scheduler to learners' review logs.")


@scheduler_cli.command("fit")
@click.option("--user", "username", help="Fit this learner's parameters.")
@click.option("--class", "class_id", type=int, help="Fit parameters pooled over this class.")
@click.option("--bank", "bank_slug", help="Use only the reviews of this bank.")
@click.option(
    "--all",
    "fit_everyone",
    is_flag=True,
    help="Refit every class and learner with enough new reviews (nightly).",
)
def scheduler_fit_command(username, class_id, bank_slug, fit_everyone) -> None:
    """Fit FSRS parameters from the review log, store them and use them from now on.

    Prints held-out log loss and RMSE (latest reviews, split by time) for the
    fitted and the default parameters, and which parameters each learner uses.
    """
    from quizapp.services import scheduler as scheduler_service

    if not (username or class_id or fit_everyone):
        _fail("Give --user NAME, --class ID or --all.")
    if fit_everyone and (username or class_id or bank_slug):
        _fail("--all refits everyone on every bank; give it alone.")
    reports = []
    try:
        if class_id is not None:
            reports += scheduler_service.fit_class(class_id, bank_slug=bank_slug)
        if username:
            reports.append(scheduler_service.fit_user(username, bank_slug=bank_slug))
        if fit_everyone:
            reports += scheduler_service.fit_all()
    except QuizappError as exc:
        _fail(exc.message)
    for report in reports:
        for line in report.lines():
            click.echo(line)


def register_commands(app: Flask) -> None:
    app.cli.add_command(serve_command)
    app.cli.add_command(banks_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(generate_command)
    app.cli.add_command(scheduler_cli)
    app.cli.add_command(generator_cli)


def _create_app() -> Flask:
    from quizapp import create_app

    return create_app()


def main() -> None:
    """Entry point of the ``quizapp`` console script."""
    cli = FlaskGroup(
        create_app=_create_app,
        add_version_option=True,
        load_dotenv=False,
        help="quizapp: self-hosted quizzes and flashcards with spaced repetition.",
    )
    cli.main(prog_name="quizapp")
