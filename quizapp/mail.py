"""Mail, for one-time password links: sent only when ``QUIZAPP_SMTP_URL`` is set.

``smtp://user:password@host:587`` uses STARTTLS when the server offers it;
``smtps://user:password@host:465`` connects over TLS. Nothing else in quizapp sends mail,
and nothing depends on it: every link is also shown to the teacher who issued it.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

TIMEOUT_SECONDS = 10


@dataclass(frozen=True)
class Mail:
    to: str
    subject: str
    body: str


class MailError(Exception):
    """The SMTP server could not be reached or refused a message."""


def _connect(url: str) -> smtplib.SMTP:
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise MailError("QUIZAPP_SMTP_URL must look like smtp://user:password@host:587.")
    context = ssl.create_default_context()
    if parts.scheme == "smtps":
        server: smtplib.SMTP = smtplib.SMTP_SSL(
            parts.hostname, parts.port or 465, timeout=TIMEOUT_SECONDS, context=context
        )
    else:
        server = smtplib.SMTP(parts.hostname, parts.port or 25, timeout=TIMEOUT_SECONDS)
        server.ehlo()
        if server.has_extn("starttls"):
            server.starttls(context=context)
            server.ehlo()
    if parts.username:
        server.login(unquote(parts.username), unquote(parts.password or ""))
    return server


def send_all(url: str, sender: str, mails: list[Mail]) -> int:
    """Send every mail over one connection; the number sent. Raises ``MailError``."""
    if not mails:
        return 0
    try:
        server = _connect(url)
        try:
            for mail in mails:
                message = EmailMessage()
                message["From"], message["To"], message["Subject"] = sender, mail.to, mail.subject
                message.set_content(mail.body)
                server.send_message(message)
        finally:
            server.quit()
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"Could not send mail: {exc}") from exc
    return len(mails)
