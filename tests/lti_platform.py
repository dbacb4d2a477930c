"""A real LTI 1.3 platform for the tests, built on the ``lti1p3platform`` package.

It signs launches (resource link and deep linking requests) with its own RSA key,
validates the tool's deep linking responses and OAuth2 client assertions against the
tool's published key set, and serves its key set, token endpoint, Assignment and
Grade Services (line items, scores) and Names and Role Provisioning Services
(memberships) over HTTP on the loopback interface, as an LMS would.

The browser is the test client: ``launch`` follows the OIDC login exactly as a
browser does (tool login -> platform auth -> form post to the tool's launch URL).
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from lti1p3platform.exceptions import LtiException
from lti1p3platform.ltiplatform import LTI1P3PlatformConfAbstract
from lti1p3platform.message_launch import LTIAdvantageMessageLaunchAbstract
from lti1p3platform.registration import Registration
from lti1p3platform.request import Request
from werkzeug.serving import make_server
from werkzeug.wrappers import Request as WsgiRequest
from werkzeug.wrappers import Response

TOOL = "https://quizapp.test"
LEARNER_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
INSTRUCTOR_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
SCORE_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/score"
LINEITEM_SCOPE = "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem"
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"


def new_private_key() -> tuple[str, str]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    public = (
        key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    return private, public


@dataclass
class Person:
    sub: str
    name: str
    role: str = LEARNER_ROLE
    status: str = "Active"


class _Request(Request):
    def build_metadata(self, request: dict) -> dict:
        return {
            "method": request.get("method", "GET"),
            "form_data": request.get("form", {}),
            "get_data": request.get("args", {}),
            "headers": request.get("headers", {}),
            "content_type": request.get("content_type"),
            "path": request.get("path", "/"),
            "json": request.get("json"),
        }


class _Launch(LTIAdvantageMessageLaunchAbstract):
    def render_launch_form(self, launch_data, **kwargs):
        # What the platform's auto-submitting form carries to the tool.
        return launch_data


@dataclass
class Course:
    context_id: str = "course-1"
    title: str = "Geography 7B"
    members: list[Person] = field(default_factory=list)


class Platform:
    """One LMS with one registration of quizapp as a tool."""

    def __init__(self, *, client_id: str = "quizapp-client", deployment_id: str = "dep-1"):
        self.private_key, self.public_key = new_private_key()
        self.client_id = client_id
        self.deployment_id = deployment_id
        self.tool_jwks: dict | None = None
        self.lineitems: dict[str, dict] = {}
        self.scores: list[dict] = []
        self.fail_scores = 0  # answer this many score posts with 503
        self.courses: dict[str, Course] = {}
        self.deep_link_items: list[dict] = []
        self._server = make_server("127.0.0.1", 0, self._wsgi, threaded=True)
        self.base = f"http://127.0.0.1:{self._server.server_port}"
        self.issuer = self.base
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- what the admin registers in quizapp -----------------------------------

    @property
    def auth_url(self) -> str:
        return f"{self.base}/auth"

    @property
    def token_url(self) -> str:
        return f"{self.base}/token"

    @property
    def jwks_url(self) -> str:
        return f"{self.base}/jwks"

    def registration(self, *, deployment_id: str | None = None) -> Registration:
        reg = (
            Registration()
            .set_iss(self.issuer)
            .set_client_id(self.client_id)
            .set_deployment_id(deployment_id or self.deployment_id)
            .set_oidc_login_url(f"{TOOL}/lti/login")
            .set_launch_url(f"{TOOL}/lti/launch")
            .set_deeplink_launch_url(f"{TOOL}/lti/launch")
            .set_platform_public_key(self.public_key)
            .set_platform_private_key(self.private_key)
        )
        if self.tool_jwks is not None:
            reg.set_tool_key_set(self.tool_jwks)
        return reg

    def config(self, **kwargs) -> LTI1P3PlatformConfAbstract:
        platform = self

        class Conf(LTI1P3PlatformConfAbstract):
            def init_platform_config(self, **kw):
                pass

            def get_registration_by_params(self, **kw):
                return platform.registration(**kwargs)

        conf = Conf()
        conf.get_registration()
        return conf

    # -- the browser's part of a launch --------------------------------------------

    def course(self, context_id: str = "course-1", title: str = "Geography 7B") -> Course:
        return self.courses.setdefault(context_id, Course(context_id, title))

    def start_login(self, client, person: Person) -> dict[str, str]:
        """The LMS page's login initiation, through the tool's /lti/login to our auth URL."""
        params = {
            "iss": self.issuer,
            "login_hint": person.sub,
            "target_link_uri": f"{TOOL}/lti/launch",
            "lti_message_hint": json.dumps({"sub": person.sub}),
            "client_id": self.client_id,
            "lti_deployment_id": self.deployment_id,
        }
        response = client.get("/lti/login?" + urlencode(params))
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        location = response.headers["Location"]
        assert location.startswith(self.auth_url + "?"), location
        return {k: v[0] for k, v in parse_qs(urlsplit(location).query).items()}

    def authorize(
        self,
        auth: dict[str, str],
        person: Person,
        *,
        course: Course | None = None,
        resource_link: str | None = None,
        custom: dict | None = None,
        deep_link: bool = False,
        deployment_id: str | None = None,
        expires_in: int = 300,
    ) -> dict[str, str]:
        """The platform's auth endpoint: check the tool's request, sign the id_token."""
        assert auth["response_type"] == "id_token"
        assert auth["response_mode"] == "form_post"
        assert auth["scope"] == "openid"
        assert auth["prompt"] == "none"
        assert auth["login_hint"] == person.sub
        launch = _Launch(_Request({"args": auth}), self.config(deployment_id=deployment_id))
        launch.set_user_data(person.sub, [person.role], full_name=person.name)
        course = course or self.course()
        if person not in course.members:
            course.members.append(person)
        launch.set_launch_context_claim(course.context_id, context_title=course.title)
        launch.set_id_token_expiration(expires_in)
        lineitem_url = None
        if not deep_link:
            # Every resource link launch names its link (the spec requires it).
            resource_link = resource_link or "course-home"
        if resource_link:
            launch.set_resource_link_claim(resource_link, title=f"Link {resource_link}")
            lineitem_url = next(
                (
                    url
                    for url, item in self.lineitems.items()
                    if item.get("resourceLinkId") == resource_link
                ),
                None,
            )
        if custom:
            launch.set_custom_parameters_claim(custom)
        launch.set_ags(
            lineitems_url=f"{self.base}/courses/{course.context_id}/lineitems",
            lineitem_url=lineitem_url,
            allow_creating_lineitems=True,
        )
        launch.set_nrps(f"{self.base}/courses/{course.context_id}/memberships")
        if deep_link:
            launch.set_dl(f"{self.base}/deep-link-return", title="Add quizapp")
        data = launch.lti_launch()
        assert data["launch_url"] == auth["redirect_uri"] == f"{TOOL}/lti/launch"
        return {"id_token": data["id_token"], "state": data["state"]}

    def launch(self, client, person: Person, **kwargs):
        """A whole launch as a browser makes it; returns the tool's answer to the form post."""
        auth = self.start_login(client, person)
        form = self.authorize(auth, person, **kwargs)
        return client.post("/lti/launch", data=form, csrf=False)

    def resign(self, id_token: str, *, key: str | None = None, kid: str | None = None, **claims):
        """The same launch with changed claims, signed again (by our key unless told)."""
        body = jwt.decode(id_token, options={"verify_signature": False})
        body.update(claims)
        header_kid = kid or self.registration().get_kid()
        return jwt.encode(
            body, key or self.private_key, algorithm="RS256", headers={"kid": header_kid}
        )

    # -- deep linking return ---------------------------------------------------------

    def accept_deep_link(self, jwt_value: str, course: Course | None = None) -> list[dict]:
        """What the LMS does with the tool's response: verify it, create the links."""
        items = self.config().validate_deeplinking_resp({"JWT": jwt_value})
        course = course or self.course()
        for n, item in enumerate(items, start=len(self.deep_link_items) + 1):
            link_id = f"link-{n}"
            item = {**item, "resource_link_id": link_id}
            if item.get("lineItem"):
                url = f"{self.base}/courses/{course.context_id}/lineitems/{len(self.lineitems) + 1}"
                self.lineitems[url] = {
                    **item["lineItem"],
                    "id": url,
                    "resourceLinkId": link_id,
                }
            self.deep_link_items.append(item)
        return items

    # -- the HTTP services ---------------------------------------------------------------

    def _check_token(self, request: WsgiRequest, scope: str) -> bool:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return False
        try:
            return self.config().validate_token(header[7:], allowed_scopes=[scope])
        except (LtiException, jwt.InvalidTokenError):
            return False

    def _wsgi(self, environ, start_response):
        request = WsgiRequest(environ)
        response = self._route(request)
        return response(environ, start_response)

    def _json(self, value: Any, status: int = 200, content_type: str = "application/json"):
        return Response(json.dumps(value), status=status, content_type=content_type)

    def _route(self, request: WsgiRequest) -> Response:
        path = request.path
        if path == "/jwks":
            return self._json({"keys": self.registration().get_jwks()})
        if path == "/token" and request.method == "POST":
            try:
                token = self.config().get_access_token(request.form.to_dict())
            except (LtiException, jwt.InvalidTokenError, KeyError) as exc:
                return self._json({"error": "invalid_client", "detail": str(exc)}, 401)
            return self._json(token)
        parts = path.strip("/").split("/")
        if len(parts) >= 3 and parts[0] == "courses":
            course = self.course(parts[1])
            if parts[2] == "memberships":
                if not self._check_token(request, NRPS_SCOPE):
                    return self._json({"error": "unauthorized"}, 401)
                return self._json(
                    {
                        "id": request.url,
                        "context": {"id": course.context_id, "title": course.title},
                        "members": [
                            {
                                "user_id": p.sub,
                                "name": p.name,
                                "roles": [p.role],
                                "status": p.status,
                            }
                            for p in course.members
                        ],
                    },
                    content_type="application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
                )
            if parts[2] == "lineitems" and len(parts) == 3:
                if not self._check_token(request, LINEITEM_SCOPE):
                    return self._json({"error": "unauthorized"}, 401)
                base = f"{self.base}/courses/{course.context_id}/lineitems"
                if request.method == "POST":
                    url = f"{base}/{len(self.lineitems) + 1}"
                    self.lineitems[url] = {**json.loads(request.get_data()), "id": url}
                    return self._json(self.lineitems[url], 201)
                items = [i for u, i in self.lineitems.items() if u.startswith(base + "/")]
                for key in ("resource_link_id", "tag", "resource_id"):
                    if request.args.get(key):
                        camel = {
                            "resource_link_id": "resourceLinkId",
                            "tag": "tag",
                            "resource_id": "resourceId",
                        }[key]
                        items = [i for i in items if i.get(camel) == request.args[key]]
                return self._json(items)
            if parts[2] == "lineitems" and len(parts) == 5 and parts[4] == "scores":
                if not self._check_token(request, SCORE_SCOPE):
                    return self._json({"error": "unauthorized"}, 401)
                url = f"{self.base}/courses/{course.context_id}/lineitems/{parts[3]}"
                if url not in self.lineitems:
                    return self._json({"error": "no such line item"}, 404)
                if self.fail_scores:
                    self.fail_scores -= 1
                    return self._json({"error": "try later"}, 503)
                score = json.loads(request.get_data())
                self.scores.append({**score, "lineitem": url, "received": time.time()})
                return Response(status=204)
        return self._json({"error": "not found"}, 404)

    def gradebook(self) -> dict[tuple[str, str], float]:
        """The latest score of each (line item, user), as the LMS shows it."""
        book: dict[tuple[str, str], float] = {}
        for score in sorted(self.scores, key=lambda s: s["timestamp"]):
            book[(score["lineitem"], score["userId"])] = score["scoreGiven"]
        return book
