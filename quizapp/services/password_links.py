"""One-time links to set a password: for an account a roster import created, or after a
student forgot theirs, issued by an administrator or the student's teacher.

The link's token is shown (or mailed) once; only its SHA-256 digest is stored. It works
once, before it expires, and issuing a new link for the account cancels the older ones.
Setting the password ends the account's other sessions and API tokens, as any change does.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update

from quizapp.errors import Forbidden, InvalidInput, NotFound
from quizapp.extensions import db
from quizapp.mail import Mail, MailError, send_all
from quizapp.models import PasswordLink, User, utcnow
from quizapp.services.classes import is_student_of
from quizapp.services.users import get_user, set_password

SET, RESET = "set", "reset"
DEFAULT_DAYS = 7


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class IssuedLink:
    user: User
    token: str
    purpose: str


def issue_link(
    user_id: int, *, purpose: str, created_by: int | None, days: int = DEFAULT_DAYS
) -> IssuedLink:
    """A new one-time link for the account, replacing any earlier unused one (no commit)."""
    user = get_user(user_id)
    now = utcnow()
    db.session.execute(
        update(PasswordLink)
        .where(PasswordLink.user_id == user.id, PasswordLink.used_at.is_(None))
        .values(used_at=now)
    )
    token = secrets.token_urlsafe(32)
    db.session.add(
        PasswordLink(
            user_id=user.id,
            token_hash=_digest(token),
            purpose=purpose,
            created_by_id=created_by,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    )
    return IssuedLink(user, token, purpose)


def issue_reset_link(actor_id: int, student_id: int, *, days: int = DEFAULT_DAYS) -> IssuedLink:
    """A reset link for a student, by an administrator or a teacher of one of their classes.

    Anyone else is told the student does not exist, so accounts cannot be probed.
    """
    actor = get_user(actor_id)
    student = db.session.get(User, student_id)
    allowed = actor.is_active and (
        actor.is_admin or (actor.is_teacher and student and is_student_of(actor.id, student.id))
    )
    if student is None or not allowed:
        raise NotFound("no such student")
    if student.is_teacher and not actor.is_admin:
        raise Forbidden("Only an administrator can reset a teacher's password.")
    issued = issue_link(student.id, purpose=RESET, created_by=actor.id, days=days)
    db.session.commit()
    return issued


def _usable_link(token: str) -> PasswordLink:
    link = db.session.scalar(select(PasswordLink).where(PasswordLink.token_hash == _digest(token)))
    if link is None or link.used_at is not None or link.expires_at <= utcnow():
        raise NotFound(
            "This link has been used, has expired or was replaced by a newer one. "
            "Ask your teacher for a new link."
        )
    return link


def link_account(token: str) -> tuple[User, str]:
    """The account a usable link is for, and its purpose (set or reset)."""
    link = _usable_link(token)
    user = get_user(link.user_id)
    if not user.is_active:
        raise NotFound("This account is deactivated.")
    return user, link.purpose


def redeem_link(token: str, password: str) -> User:
    """Set the password through a link, which stops working (whatever the outcome, a
    second use is refused; a password that breaks the rules leaves the link usable)."""
    link = _usable_link(token)
    user = get_user(link.user_id)
    if not user.is_active:
        raise NotFound("This account is deactivated.")
    # Claim the link first: of two requests racing with the same link, one sets the password.
    claimed = db.session.execute(
        update(PasswordLink)
        .where(PasswordLink.id == link.id, PasswordLink.used_at.is_(None))
        .values(used_at=utcnow())
    ).rowcount
    if claimed != 1:
        db.session.rollback()
        raise NotFound("This link has just been used.")
    try:
        set_password(user, password)  # checks the rules, then commits with the claim
    except InvalidInput:
        db.session.rollback()
        raise
    return user


def link_mail(to: str, *, name: str, username: str, url: str, purpose: str, days: int) -> Mail:
    """The message that carries a link."""
    if purpose == SET:
        subject = "Your quizapp account"
        opening = f"Your teacher made a quizapp account for you: {username}."
    else:
        subject = "Choose a new quizapp password"
        opening = f"A new password was requested for your quizapp account {username}."
    body = (
        f"Hello {name},\n\n{opening}\n\nOpen this link to choose your password "
        f"(it works once, for {days} days):\n\n{url}\n\n"
        "If you did not expect this message, you can ignore it.\n"
    )
    return Mail(to=to, subject=subject, body=body)


@dataclass(frozen=True)
class LinkToMail:
    email: str | None
    name: str
    username: str
    url: str
    purpose: str


def mail_links(
    smtp_url: str | None, sender: str, links: list[LinkToMail], *, days: int = DEFAULT_DAYS
) -> tuple[int, str | None]:
    """Mail the links of accounts with an e-mail address, when an SMTP server is configured.

    Returns how many were sent and, if the server failed, why (the links are shown anyway).
    """
    if not smtp_url:
        return 0, None
    mails = [
        link_mail(
            link.email,
            name=link.name,
            username=link.username,
            url=link.url,
            purpose=link.purpose,
            days=days,
        )
        for link in links
        if link.email
    ]
    try:
        return send_all(smtp_url, sender, mails), None
    except MailError as exc:
        return 0, str(exc)
