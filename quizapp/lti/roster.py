"""Rosters from the LMS (Names and Role Provisioning Services).

A sync reads the course's members from the platform: each active learner gets (or keeps)
a linked quizapp account and is enrolled in the class and its banks, as on a launch; an
instructor's account is made a teacher. Learners the LMS reports inactive, deleted or no
longer lists leave the class, but only those who came from this LMS: students who joined
with the class code are the teacher's to manage. Progress is never deleted.
"""

from __future__ import annotations

from dataclasses import dataclass

from pylti1p3.exception import LtiException
from pylti1p3.names_roles import NamesRolesProvisioningService
from requests import RequestException
from sqlalchemy import delete, select

from quizapp.errors import Forbidden, InvalidInput, QuizappError
from quizapp.extensions import db
from quizapp.lti.claims import Launch, teaches
from quizapp.lti.launches import _account
from quizapp.lti.models import LtiAccount, LtiContext
from quizapp.lti.tool import service_connector
from quizapp.models import ClassBank, ClassMember, Classroom, utcnow
from quizapp.services.classes import _insert_missing, enrol_users, get_class


class RosterUnavailable(QuizappError):
    status = 502
    code = "roster_unavailable"


@dataclass
class RosterSync:
    added: int
    removed: int
    members: int


def context_for_class(class_id: int, user_id: int) -> LtiContext | None:
    """The LMS course linked to a class its teacher (or an admin) manages."""
    classroom = get_class(class_id, user_id)
    return db.session.scalar(select(LtiContext).where(LtiContext.class_id == classroom.id))


def sync_roster(class_id: int, user_id: int) -> RosterSync:
    context = context_for_class(class_id, user_id)
    if context is None:
        raise InvalidInput("This class is not linked to an LMS course.", code="not_linked")
    return sync_context_roster(context.id)


def sync_context_roster(context_id: int) -> RosterSync:
    context = db.session.get(LtiContext, context_id)
    if not context.memberships_url:
        raise InvalidInput(
            "The LMS has not offered its roster for this course (no Names and Role "
            "Provisioning Services endpoint in its launches). Ask the LMS administrator to "
            "enable it for quizapp, then open quizapp from the course once more.",
            code="no_roster_service",
        )
    if context.class_id is None:
        raise InvalidInput(
            "Open quizapp from the course as its instructor first, to create its class.",
            code="no_class",
        )
    service = NamesRolesProvisioningService(
        service_connector(context.platform),
        {"context_memberships_url": context.memberships_url},
    )
    try:
        members = service.get_members()
    except (LtiException, RequestException, ValueError) as exc:
        raise RosterUnavailable(
            f"The LMS did not give the roster: {str(exc)[:300]}. Nothing was changed."
        ) from exc
    classroom = db.session.get(Classroom, context.class_id)
    platform = context.platform
    active: set[int] = set()
    for member in members:
        subject = member.get("user_id")
        if not subject or member.get("status", "Active") != "Active":
            continue
        roles = [r for r in member.get("roles") or [] if isinstance(r, str)]
        name = member.get("name") or " ".join(
            p for p in (member.get("given_name"), member.get("family_name")) if p
        )
        try:
            user = _account(
                platform,
                Launch(
                    issuer=platform.issuer,
                    subject=str(subject),
                    deployment_id=context.deployment_id,
                    message_type="",
                    roles=roles,
                    name=" ".join(str(name).split())[:80],
                ),
            )
        except Forbidden:
            continue  # a deactivated account stays out of the class
        if not teaches(roles) and user.id != classroom.teacher_id:
            active.add(user.id)
    before = set(
        db.session.scalars(
            select(ClassMember.user_id).where(ClassMember.class_id == classroom.id)
        ).all()
    )
    lms_accounts = set(
        db.session.scalars(
            select(LtiAccount.user_id).where(LtiAccount.platform_id == platform.id)
        ).all()
    )
    gone = (before & lms_accounts) - active
    now = utcnow()
    _insert_missing(
        ClassMember,
        [{"class_id": classroom.id, "user_id": u, "joined_at": now} for u in sorted(active)],
    )
    bank_ids = db.session.scalars(
        select(ClassBank.bank_id).where(ClassBank.class_id == classroom.id)
    ).all()
    enrol_users(active, bank_ids)
    if gone:
        db.session.execute(
            delete(ClassMember).where(
                ClassMember.class_id == classroom.id, ClassMember.user_id.in_(gone)
            )
        )
    context.roster_synced_at = now
    db.session.commit()
    return RosterSync(added=len(active - before), removed=len(gone), members=len(active))
