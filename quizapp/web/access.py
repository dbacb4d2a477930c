"""Who may open a page: signed in, and with the right role.

Signed-out visitors are sent to the sign-in page; a signed-in user without the
role gets 403. What a permitted user may see of a given object (their own class,
their own bank) is checked again by the service that loads it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required


def _requiring(allowed: Callable[[object], bool], message: str):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not allowed(current_user):
                abort(403, description=message)
            return view(*args, **kwargs)

        return wrapped

    return decorator


teacher_required = _requiring(
    lambda user: user.is_teacher, "This page is for teachers; ask an administrator for access."
)
admin_required = _requiring(lambda user: user.is_admin, "This page is for administrators.")
