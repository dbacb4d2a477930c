"""What a validated launch does: the account, the class, the linked bank.

A launch signs the LMS user in as the quizapp account linked to (platform, subject),
created on the first launch with the LMS's name and role. Accounts are never matched
by e-mail or name: only the platform's own subject identifies a person.
The LMS course becomes a class taught by the first instructor who launches from it;
every launching member is enrolled, and in the bank of the link they followed.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import generate_password_hash

from quizapp.errors import Forbidden, NotFound
from quizapp.extensions import db
from quizapp.lti.claims import Launch
from quizapp.lti.models import LtiAccount, LtiContext, LtiPlatform, LtiResourceLink
from quizapp.models import Bank, BankStatus, ClassBank, ClassMember, Classroom, Role, User, utcnow
from quizapp.services.classes import _free_code, _insert_missing, enrol_users


@dataclass(frozen=True)
class LaunchResult:
    user_id: int
    is_instructor: bool
    class_id: int | None
    bank_slug: str | None
    link_id: int | None


def _username(platform_id: int, subject: str) -> str:
    digest = hashlib.sha256(f"{platform_id}:{subject}".encode()).hexdigest()[:12]
    base = f"lti-{digest}"
    name = base
    while db.session.scalar(select(User.id).where(User.username == name)) is not None:
        name = f"{base}-{secrets.token_hex(2)}"
    return name


def _account(platform: LtiPlatform, launch: Launch) -> User:
    link = db.session.scalar(
        select(LtiAccount).where(
            LtiAccount.platform_id == platform.id, LtiAccount.subject == launch.subject
        )
    )
    if link is not None:
        user = db.session.get(User, link.user_id)
        if not user.is_active:
            raise Forbidden(
                "Your quizapp account is deactivated; ask the school's quizapp administrator.",
                code="account_inactive",
            )
        if launch.name and user.display_name != launch.name:
            user.display_name = launch.name
        # Promotion follows the LMS (a student made instructor); demotion does not, so an
        # administrator's or teacher's account keeps its rights when they launch as learner.
        if launch.is_instructor and user.role == Role.STUDENT:
            user.role = Role.TEACHER
        link.last_launch_at = utcnow()
        return user
    user = User(
        username=_username(platform.id, launch.subject),
        display_name=launch.name,
        role=Role.TEACHER if launch.is_instructor else Role.STUDENT,
        # No password signs in: LMS accounts come in through launches only.
        password_hash="!lti:" + generate_password_hash(secrets.token_urlsafe(32)),
    )
    db.session.add(user)
    db.session.flush()
    db.session.add(
        LtiAccount(
            platform_id=platform.id,
            subject=launch.subject,
            user_id=user.id,
            last_launch_at=utcnow(),
        )
    )
    return user


def _context(platform: LtiPlatform, launch: Launch, user: User) -> LtiContext | None:
    if not launch.context_id:
        return None
    context = db.session.scalar(
        select(LtiContext).where(
            LtiContext.platform_id == platform.id, LtiContext.context_id == launch.context_id
        )
    )
    if context is None:
        context = LtiContext(
            platform_id=platform.id,
            deployment_id=launch.deployment_id,
            context_id=launch.context_id,
            title=launch.context_title,
        )
        db.session.add(context)
    if launch.context_title:
        context.title = launch.context_title
    context.deployment_id = launch.deployment_id
    if launch.memberships_url:
        context.memberships_url = launch.memberships_url
    if launch.lineitems_url:
        context.lineitems_url = launch.lineitems_url
        context.ags_scopes = " ".join(launch.ags_scopes)
    classroom = db.session.get(Classroom, context.class_id) if context.class_id else None
    if classroom is None and launch.is_instructor and user.is_teacher:
        classroom = Classroom(
            name=(launch.context_title or "LMS course")[:120],
            teacher_id=user.id,
            join_code=_free_code(),
        )
        db.session.add(classroom)
        db.session.flush()
        context.class_id = classroom.id
    db.session.flush()
    if classroom is not None and classroom.teacher_id != user.id and not launch.is_instructor:
        _insert_missing(
            ClassMember, [{"class_id": classroom.id, "user_id": user.id, "joined_at": utcnow()}]
        )
        bank_ids = db.session.scalars(
            select(ClassBank.bank_id).where(ClassBank.class_id == classroom.id)
        ).all()
        enrol_users([user.id], bank_ids)
    return context


def published_bank(slug: str) -> Bank:
    bank = db.session.scalar(select(Bank).where(Bank.slug == slug))
    if bank is None or bank.status != BankStatus.PUBLISHED:
        raise NotFound(
            f"This link opens the bank {slug!r}, which is not published on quizapp any more. "
            "Ask your teacher to pick another bank.",
            code="bank_not_found",
        )
    return bank


def _resource_link(context: LtiContext | None, launch: Launch, user: User):
    """The linked bank of a resource link, recorded on its first launch."""
    if not launch.bank_slug:
        return None, None
    bank = published_bank(launch.bank_slug)
    link = None
    if context is not None and launch.resource_link_id:
        link = db.session.scalar(
            select(LtiResourceLink).where(
                LtiResourceLink.context_id == context.id,
                LtiResourceLink.resource_link_id == launch.resource_link_id,
            )
        )
        if link is None:
            link = LtiResourceLink(
                context_id=context.id,
                resource_link_id=launch.resource_link_id,
                bank_id=bank.id,
            )
            db.session.add(link)
        link.bank_id = bank.id
        link.title = launch.resource_link_title or bank.title
        if launch.lineitem_url:
            link.lineitem_url = launch.lineitem_url
        db.session.flush()
        if context.class_id:
            _insert_missing(ClassBank, [{"class_id": context.class_id, "bank_id": bank.id}])
            members = db.session.scalars(
                select(ClassMember.user_id).where(ClassMember.class_id == context.class_id)
            ).all()
            enrol_users(members, [bank.id])
    if not launch.is_instructor:
        enrol_users([user.id], [bank.id])
    return bank, link


def accept_launch(platform_id: int, launch: Launch, *, _retried: bool = False) -> LaunchResult:
    """Record a validated launch and say whom to sign in and where to send them."""
    platform = db.session.get(LtiPlatform, platform_id)
    if platform is None:
        raise NotFound("no such platform")
    if not launch.subject:
        raise Forbidden(
            "The LMS sent an anonymous launch; quizapp needs to know who is studying. "
            "Ask the LMS administrator to share the user's identity with quizapp.",
            code="anonymous_launch",
        )
    try:
        user = _account(platform, launch)
        context = _context(platform, launch, user)
        bank, link = _resource_link(context, launch, user)
        db.session.commit()
    except IntegrityError:
        # The same person's first launch in two tabs at once: the other request won.
        db.session.rollback()
        if _retried:
            raise
        return accept_launch(platform_id, launch, _retried=True)
    except Exception:
        db.session.rollback()
        raise
    if link is not None and not launch.is_instructor:
        from quizapp.lti.grades import queue_score

        queue_score(link.id, user.id)
    return LaunchResult(
        user_id=user.id,
        is_instructor=launch.is_instructor and user.is_teacher,
        class_id=context.class_id if context else None,
        bank_slug=bank.slug if bank else None,
        link_id=link.id if link else None,
    )
