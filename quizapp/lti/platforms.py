"""Registering LMS platforms, and the values an administrator pastes into the LMS."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from quizapp.errors import Conflict, InvalidInput, NotFound
from quizapp.extensions import db
from quizapp.lti.models import LtiAccount, LtiDeployment, LtiPlatform

MAX_URL = 500
MAX_ID = 255
LOOPBACK_HOSTS = {"localhost", "127.0.0.1", "::1"}

# Scopes quizapp asks for when it calls a platform's services.
AGS_SCOPES = (
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
)
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"


def _url(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(f"Give the platform's {label}.", fields={field: "missing"})
    if len(value) > MAX_URL:
        raise InvalidInput(
            f"The {label} is limited to {MAX_URL} characters.", fields={field: "too long"}
        )
    parts = urlsplit(value)
    if parts.scheme not in ("https", "http") or not parts.hostname:
        raise InvalidInput(
            f"The {label} must be a full https:// address, not {value!r}.",
            fields={field: "invalid"},
        )
    if parts.scheme == "http" and parts.hostname not in LOOPBACK_HOSTS:
        raise InvalidInput(
            f"The {label} must use https:// (plain http is accepted for localhost only).",
            fields={field: "insecure"},
        )
    return value


def _identifier(value: str, field: str, label: str) -> str:
    value = (value or "").strip()
    if not value:
        raise InvalidInput(f"Give the {label}.", fields={field: "missing"})
    if len(value) > MAX_ID:
        raise InvalidInput(
            f"The {label} is limited to {MAX_ID} characters.", fields={field: "too long"}
        )
    return value


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _origins(value: str) -> str:
    origins = []
    for item in (value or "").replace(",", " ").split():
        origin = origin_of(_url(item, "frame_origins", "frame origin"))
        if origin not in origins:
            origins.append(origin)
    return " ".join(origins)


def add_platform(
    *,
    issuer: str,
    client_id: str,
    auth_url: str,
    token_url: str,
    jwks_url: str,
    deployment_ids: list[str],
    name: str = "",
    frame_origins: str = "",
) -> LtiPlatform:
    """Register a platform with its first deployment ids (at least one)."""
    platform = LtiPlatform(
        name=" ".join((name or "").split())[:120],
        issuer=_url(issuer, "issuer", "issuer"),
        client_id=_identifier(client_id, "client_id", "client id"),
        auth_url=_url(auth_url, "auth_url", "authentication (OIDC auth) URL"),
        token_url=_url(token_url, "token_url", "access token URL"),
        jwks_url=_url(jwks_url, "jwks_url", "public key set (JWKS) URL"),
        frame_origins=_origins(frame_origins),
    )
    ids = [_identifier(d, "deployment_id", "deployment id") for d in deployment_ids if d.strip()]
    if not ids:
        raise InvalidInput("Give at least one deployment id.", fields={"deployment_id": "missing"})
    taken = db.session.scalar(
        select(LtiPlatform.id).where(
            LtiPlatform.issuer == platform.issuer, LtiPlatform.client_id == platform.client_id
        )
    )
    if taken is not None:
        raise Conflict(
            f"A platform with issuer {platform.issuer!r} and client id "
            f"{platform.client_id!r} is registered already; add deployments to it instead.",
            code="platform_exists",
        )
    platform.deployments = [LtiDeployment(deployment_id=d) for d in dict.fromkeys(ids)]
    db.session.add(platform)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict("This platform is registered already.", code="platform_exists") from None
    return platform


def list_platforms() -> list[LtiPlatform]:
    return list(db.session.scalars(select(LtiPlatform).order_by(LtiPlatform.issuer)))


def get_platform(platform_id: int) -> LtiPlatform:
    platform = db.session.get(LtiPlatform, platform_id)
    if platform is None:
        raise NotFound("no such platform")
    return platform


def add_deployment(platform_id: int, deployment_id: str) -> LtiDeployment:
    platform = get_platform(platform_id)
    value = _identifier(deployment_id, "deployment_id", "deployment id")
    if any(d.deployment_id == value for d in platform.deployments):
        raise Conflict(f"Deployment {value!r} is registered already.", code="deployment_exists")
    deployment = LtiDeployment(platform_id=platform.id, deployment_id=value)
    db.session.add(deployment)
    db.session.commit()
    return deployment


def remove_deployment(platform_id: int, deployment_id: int) -> None:
    platform = get_platform(platform_id)
    deployment = next((d for d in platform.deployments if d.id == deployment_id), None)
    if deployment is None:
        raise NotFound("no such deployment")
    db.session.delete(deployment)
    db.session.commit()


def update_platform(
    platform_id: int,
    *,
    name: str | None = None,
    auth_url: str | None = None,
    token_url: str | None = None,
    jwks_url: str | None = None,
    frame_origins: str | None = None,
) -> LtiPlatform:
    """Change a platform's addresses (an LMS moved, or its keys did); what is None stays.

    The issuer and client id are the platform's identity and cannot change: a new pair
    is a new registration.
    """
    platform = get_platform(platform_id)
    if name is not None:
        platform.name = " ".join(name.split())[:120]
    if auth_url is not None:
        platform.auth_url = _url(auth_url, "auth_url", "authentication (OIDC auth) URL")
    if token_url is not None:
        platform.token_url = _url(token_url, "token_url", "access token URL")
    if jwks_url is not None:
        platform.jwks_url = _url(jwks_url, "jwks_url", "public key set (JWKS) URL")
    if frame_origins is not None:
        platform.frame_origins = _origins(frame_origins)
    db.session.commit()
    return platform


def delete_platform(platform_id: int) -> None:
    """Forget a platform that no account came from yet.

    Once people have launched from it, deleting it would cut their accounts off from the
    LMS (a later registration would make new ones): remove its deployments instead, which
    refuses its launches and keeps everything.
    """
    platform = get_platform(platform_id)
    accounts = db.session.scalar(
        select(func.count(LtiAccount.id)).where(LtiAccount.platform_id == platform.id)
    )
    if accounts:
        raise Conflict(
            f"{accounts} account{'s' if accounts != 1 else ''} came from {platform.label}; "
            "removing the platform would cut them off from it. Remove its deployments to "
            "refuse its launches instead.",
            code="platform_in_use",
        )
    db.session.delete(platform)
    db.session.commit()


def frame_origins(platform: LtiPlatform) -> list[str]:
    if platform.frame_origins:
        return platform.frame_origins.split()
    return list(dict.fromkeys([origin_of(platform.issuer), origin_of(platform.auth_url)]))


def all_frame_origins() -> list[str]:
    origins: list[str] = []
    for platform in list_platforms():
        origins.extend(o for o in frame_origins(platform) if o not in origins)
    return origins


@dataclass(frozen=True)
class ToolValues:
    """What an LMS asks for when a tool is added to it."""

    login_url: str
    redirect_url: str
    jwks_url: str
    deep_link_url: str
    target_link_url: str
    domain: str
    scopes: tuple[str, ...]


def tool_values(base_url: str) -> ToolValues:
    base = base_url.rstrip("/")
    return ToolValues(
        login_url=f"{base}/lti/login",
        redirect_url=f"{base}/lti/launch",
        jwks_url=f"{base}/lti/jwks.json",
        deep_link_url=f"{base}/lti/launch",
        target_link_url=f"{base}/lti/launch",
        domain=urlsplit(base).netloc,
        scopes=(*AGS_SCOPES, NRPS_SCOPE),
    )
