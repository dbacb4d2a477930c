"""pylti1p3 wired to quizapp: registrations from the database, login state shared by every
app server, cookies that survive a third-party frame, and HTTP calls that time out."""

from __future__ import annotations

import typing as t
from datetime import timedelta

import requests
from pylti1p3.contrib.flask import FlaskCookieService, FlaskMessageLaunch, FlaskOIDCLogin
from pylti1p3.deployment import Deployment
from pylti1p3.launch_data_storage.base import LaunchDataStorage
from pylti1p3.registration import Registration
from pylti1p3.service_connector import ServiceConnector
from pylti1p3.session import SessionService
from pylti1p3.tool_config.abstract import ToolConfAbstract
from sqlalchemy import delete, select

from quizapp.extensions import db
from quizapp.lti.keys import signing_key
from quizapp.lti.models import LtiLaunchValue, LtiPlatform
from quizapp.models.types import utcnow

HTTP_TIMEOUT_SECONDS = 10
# Login state lives for as long as a person may take from the LMS link to the launch.
LOGIN_STATE_SECONDS = 10 * 60


class TimeoutSession(requests.Session):
    """A requests session whose calls give up after ``HTTP_TIMEOUT_SECONDS``."""

    def request(self, method, url, **kwargs):
        kwargs.setdefault("timeout", HTTP_TIMEOUT_SECONDS)
        return super().request(method, url, **kwargs)


def registration_for(platform: LtiPlatform) -> Registration:
    key = signing_key()
    return (
        Registration()
        .set_issuer(platform.issuer)
        .set_client_id(platform.client_id)
        .set_auth_login_url(platform.auth_url)
        .set_auth_token_url(platform.token_url)
        .set_key_set_url(platform.jwks_url)
        .set_tool_private_key(key.private_pem)
        .set_tool_public_key(key.public_pem)
    )


def find_platform(issuer: str | None, client_id: str | None) -> LtiPlatform | None:
    if not issuer:
        return None
    query = select(LtiPlatform).where(LtiPlatform.issuer == issuer)
    if client_id:
        return db.session.scalar(query.where(LtiPlatform.client_id == client_id))
    # Without a client id (it is optional at login) the issuer must be unambiguous.
    found = list(db.session.scalars(query.limit(2)))
    return found[0] if len(found) == 1 else None


class DatabaseToolConf(ToolConfAbstract):
    """Platforms as registered in the database; every issuer may have several clients."""

    def check_iss_has_one_client(self, iss: str) -> bool:
        return False

    def check_iss_has_many_clients(self, iss: str) -> bool:
        return True

    def find_registration_by_issuer(self, iss: str, *args, **kwargs):
        return self.find_registration_by_params(iss, None)

    def find_registration_by_params(self, iss: str, client_id, *args, **kwargs):
        platform = find_platform(iss, client_id)
        return registration_for(platform) if platform else None

    def find_deployment(self, iss: str, deployment_id: str):
        return self.find_deployment_by_params(iss, deployment_id, None)

    def find_deployment_by_params(self, iss: str, deployment_id: str, client_id, *args, **kwargs):
        platform = find_platform(iss, client_id)
        if platform is None or not any(
            d.deployment_id == deployment_id for d in platform.deployments
        ):
            return None
        return Deployment().set_deployment_id(deployment_id)


class DatabaseLaunchStorage(LaunchDataStorage[t.Any]):
    """Nonces and state kept in the database, keyed by a per-browser session id cookie.

    Checking a nonce consumes it: an id_token presented a second time is a replay.
    """

    _session_cookie_name = "session-id"

    def can_set_keys_expiration(self) -> bool:
        return True

    def get_value(self, key: str) -> t.Any:
        row = db.session.scalar(
            select(LtiLaunchValue).where(
                LtiLaunchValue.key == self._prepare_key(key)[:255],
                LtiLaunchValue.expires_at > utcnow(),
            )
        )
        return row.value if row else None

    def set_value(self, key: str, value: t.Any, exp: int | None = None) -> None:
        key = self._prepare_key(key)[:255]
        seconds = min(exp or LOGIN_STATE_SECONDS, 24 * 3600)
        now = utcnow()
        # Expired values go as new ones come: the table holds minutes of logins.
        db.session.execute(delete(LtiLaunchValue).where(LtiLaunchValue.expires_at <= now))
        db.session.execute(delete(LtiLaunchValue).where(LtiLaunchValue.key == key))
        db.session.add(
            LtiLaunchValue(key=key, value=value, expires_at=now + timedelta(seconds=seconds))
        )
        db.session.commit()

    def check_value(self, key: str) -> bool:
        consumed = db.session.execute(
            delete(LtiLaunchValue).where(
                LtiLaunchValue.key == self._prepare_key(key)[:255],
                LtiLaunchValue.expires_at > utcnow(),
            )
        )
        db.session.commit()
        return consumed.rowcount == 1


class FrameCookieService(FlaskCookieService):
    """pylti1p3's cookies, sent to the tool inside the LMS's frame and on its cross-site
    form post: ``SameSite=None; Secure; Partitioned`` over HTTPS (browsers refuse
    ``SameSite=None`` without ``Secure``), ``Lax`` over plain HTTP (local trials)."""

    def update_response(self, response):
        secure = bool(self._request.is_secure())
        for key, data in self._cookie_data_to_set.items():
            response.set_cookie(
                key,
                str(data["value"]),
                max_age=data["exp"],
                path="/lti/",
                secure=secure,
                httponly=True,
                samesite="None" if secure else "Lax",
                partitioned=secure,
            )


def session_service(request) -> SessionService:
    service = SessionService(request)
    storage = DatabaseLaunchStorage()
    storage.set_request(request)
    service.set_data_storage(storage)
    return service


def oidc_login(request) -> FlaskOIDCLogin:
    cookies = FrameCookieService(request)
    login = FlaskOIDCLogin(
        request,
        DatabaseToolConf(),
        session_service=SessionService(request),
        cookie_service=cookies,
        launch_data_storage=DatabaseLaunchStorage(),
    )
    return login


def message_launch(request) -> FlaskMessageLaunch:
    launch = FlaskMessageLaunch(
        request,
        DatabaseToolConf(),
        session_service=SessionService(request),
        cookie_service=FrameCookieService(request),
        launch_data_storage=DatabaseLaunchStorage(),
        requests_session=TimeoutSession(),
    )
    # A token without an expiry or issue time is refused, not trusted forever.
    launch.set_jwt_verify_options({"verify_aud": False, "require": ["exp", "iat"]})
    return launch


def service_connector(platform: LtiPlatform) -> ServiceConnector:
    return ServiceConnector(registration_for(platform), requests_session=TimeoutSession())
