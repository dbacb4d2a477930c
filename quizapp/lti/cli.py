"""``quizapp lti ...``: register platforms, list them, rotate the key, send grades."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup

from quizapp.errors import QuizappError
from quizapp.lti import grades, keys, platforms

lti_cli = AppGroup("lti", help="LTI 1.3: connect quizapp to an LMS.")


def _base_url(base_url: str | None) -> str:
    return base_url or current_app.config.get("LTI_BASE_URL") or "https://quizapp.example.org"


@lti_cli.command("add-platform")
@click.option("--issuer", required=True, help="The platform's issuer (its platform id URL).")
@click.option("--client-id", required=True, help="The client id the LMS gave quizapp.")
@click.option("--auth-url", required=True, help="The platform's OIDC authentication URL.")
@click.option("--token-url", required=True, help="The platform's OAuth2 access token URL.")
@click.option("--jwks-url", required=True, help="The platform's public keyset (JWKS) URL.")
@click.option(
    "--deployment-id",
    "deployment_ids",
    required=True,
    multiple=True,
    help="A deployment id (repeat for several).",
)
@click.option("--name", default="", help="A name to show, e.g. 'School Moodle'.")
@click.option(
    "--frame-origin",
    "frame_origins",
    multiple=True,
    help="An origin the LMS pages are served from, when not the issuer's (repeatable).",
)
@click.option("--base-url", help="quizapp's public address, for the values to paste.")
def add_platform_command(
    issuer,
    client_id,
    auth_url,
    token_url,
    jwks_url,
    deployment_ids,
    name,
    frame_origins,
    base_url,
) -> None:
    """Register an LMS platform, then print the values to paste into the LMS."""
    try:
        platform = platforms.add_platform(
            name=name,
            issuer=issuer,
            client_id=client_id,
            auth_url=auth_url,
            token_url=token_url,
            jwks_url=jwks_url,
            deployment_ids=list(deployment_ids),
            frame_origins=" ".join(frame_origins),
        )
    except QuizappError as exc:
        raise click.ClickException(exc.message) from None
    keys.signing_key()
    click.echo(
        f"registered platform {platform.id}: {platform.issuer} (client {platform.client_id})"
    )
    _echo_tool_values(_base_url(base_url))


def _echo_tool_values(base_url: str) -> None:
    values = platforms.tool_values(base_url)
    click.echo("paste into the LMS:")
    click.echo(f"  OIDC login URL (initiate login): {values.login_url}")
    click.echo(f"  redirect / launch URL:           {values.redirect_url}")
    click.echo(f"  deep linking URL:                {values.deep_link_url}")
    click.echo(f"  public keyset (JWKS) URL:        {values.jwks_url}")
    click.echo(f"  domain:                          {values.domain}")


@lti_cli.command("list")
@click.option("--base-url", help="quizapp's public address, for the values to paste.")
def list_command(base_url: str | None) -> None:
    """List registered platforms with their deployments."""
    found = platforms.list_platforms()
    if not found:
        click.echo("no platforms registered; add one with 'quizapp lti add-platform'")
    for platform in found:
        deployments = ", ".join(d.deployment_id for d in platform.deployments) or "none"
        click.echo(
            f"{platform.id}\t{platform.issuer}\tclient {platform.client_id}\t"
            f"deployments {deployments}\t{platform.name}".rstrip()
        )
        click.echo(f"\tauth {platform.auth_url}")
        click.echo(f"\ttoken {platform.token_url}")
        click.echo(f"\tjwks {platform.jwks_url}")
        click.echo(f"\tframe origins {' '.join(platforms.frame_origins(platform))}")
    if found:
        _echo_tool_values(_base_url(base_url))


@lti_cli.command("update-platform")
@click.argument("platform_id", type=int)
@click.option("--name")
@click.option("--auth-url")
@click.option("--token-url")
@click.option("--jwks-url")
@click.option("--frame-origin", "frame_origins", multiple=True)
def update_platform_command(platform_id, name, auth_url, token_url, jwks_url, frame_origins):
    """Change a registered platform's addresses (the issuer and client id stay)."""
    try:
        platform = platforms.update_platform(
            platform_id,
            name=name,
            auth_url=auth_url,
            token_url=token_url,
            jwks_url=jwks_url,
            frame_origins=" ".join(frame_origins) if frame_origins else None,
        )
    except QuizappError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"updated platform {platform.id}: {platform.issuer} (client {platform.client_id})")


@lti_cli.command("add-deployment")
@click.argument("platform_id", type=int)
@click.argument("deployment_id")
def add_deployment_command(platform_id: int, deployment_id: str) -> None:
    """Add a deployment id to a registered platform."""
    try:
        platforms.add_deployment(platform_id, deployment_id)
    except QuizappError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(f"added deployment {deployment_id.strip()} to platform {platform_id}")


@lti_cli.command("rotate-key")
def rotate_key_command() -> None:
    """Sign with a new key from now on; the old one stays published for a grace period."""
    key = keys.rotate_key()
    click.echo(
        f"new signing key {key.kid}; the previous key stays in /lti/jwks.json for "
        f"{keys.RETIRED_KEY_GRACE.days} days"
    )


@lti_cli.command("send-grades")
@click.option("--queue/--no-queue", default=True, help="Queue every learner's current score first.")
def send_grades_command(queue: bool) -> None:
    """Send queued scores to the LMS gradebooks (run it on a schedule, e.g. every 5 minutes)."""
    queued = grades.queue_all_scores() if queue else 0
    delivery = grades.deliver_scores()
    click.echo(
        f"{queued} queued, {delivery.sent} sent, {delivery.failed} failed (will be retried), "
        f"{delivery.superseded} superseded"
    )
    for error in delivery.errors[:5]:
        click.echo(f"  error: {error}", err=True)
