"""The parts of a validated LTI 1.3 id_token quizapp uses (plain Python, no Flask)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LTI = "https://purl.imsglobal.org/spec/lti/claim/"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"

# Context roles that teach: they become quizapp teachers and manage the class.
TEACHING_ROLES = {"Instructor", "Administrator", "ContentDeveloper", "TeachingAssistant", "Mentor"}
BANK_PARAMETER = "quizapp_bank"


def role_names(roles: list[str]) -> set[str]:
    """``http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor`` -> ``Instructor``;
    a sub-role (``membership/Instructor#TeachingAssistant``) also gives its last part."""
    names = set()
    for role in roles or []:
        if not isinstance(role, str):
            continue
        tail = role.rsplit("#", 1)[-1] if "#" in role else role.rsplit("/", 1)[-1]
        names.add(tail)
    return names


def teaches(roles: list[str]) -> bool:
    """Context roles only: an institution-wide Administrator is not this course's teacher."""
    context_roles = [r for r in roles or [] if isinstance(r, str) and "/institution/" not in r]
    return bool(role_names(context_roles) & TEACHING_ROLES)


@dataclass(frozen=True)
class Launch:
    issuer: str
    subject: str
    deployment_id: str
    message_type: str
    roles: list[str]
    name: str
    context_id: str | None = None
    context_title: str = ""
    resource_link_id: str | None = None
    resource_link_title: str = ""
    custom: dict[str, Any] = field(default_factory=dict)
    memberships_url: str | None = None
    lineitems_url: str | None = None
    lineitem_url: str | None = None
    ags_scopes: tuple[str, ...] = ()
    deep_linking: dict[str, Any] | None = None

    @property
    def is_instructor(self) -> bool:
        return teaches(self.roles)

    @property
    def is_deep_linking(self) -> bool:
        return self.message_type == "LtiDeepLinkingRequest"

    @property
    def bank_slug(self) -> str | None:
        value = self.custom.get(BANK_PARAMETER)
        return str(value) if value else None


def _text(value: Any, limit: int = 255) -> str:
    return " ".join(str(value).split())[:limit] if value else ""


def read_launch(body: dict[str, Any]) -> Launch:
    context = body.get(LTI + "context") or {}
    link = body.get(LTI + "resource_link") or {}
    ags = body.get(AGS) or {}
    nrps = body.get(NRPS) or {}
    name = _text(body.get("name"), 80) or _text(
        " ".join(p for p in (body.get("given_name"), body.get("family_name")) if p), 80
    )
    custom = body.get(LTI + "custom")
    return Launch(
        issuer=str(body.get("iss", "")),
        subject=str(body.get("sub", "")),
        deployment_id=str(body.get(LTI + "deployment_id", "")),
        message_type=str(body.get(LTI + "message_type", "")),
        roles=[r for r in body.get(LTI + "roles") or [] if isinstance(r, str)],
        name=name,
        context_id=str(context["id"]) if context.get("id") else None,
        context_title=_text(context.get("title") or context.get("label")),
        resource_link_id=str(link["id"]) if link.get("id") else None,
        resource_link_title=_text(link.get("title")),
        custom=dict(custom) if isinstance(custom, dict) else {},
        memberships_url=nrps.get("context_memberships_url") or None,
        lineitems_url=ags.get("lineitems") or None,
        lineitem_url=ags.get("lineitem") or None,
        ags_scopes=tuple(s for s in ags.get("scope") or [] if isinstance(s, str)),
        deep_linking=body.get(DL + "deep_linking_settings") or None,
    )
