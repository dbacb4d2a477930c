"""Links in the page header and actions on a bank's page, shown only where they apply.

Each entry names its endpoint; an entry whose blueprint is not registered is skipped,
so blueprints can be added (or left out) without touching the templates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from flask import Flask, current_app, request, url_for
from flask_login import current_user

from quizapp import __version__


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    active: bool = False
    method: str = "get"
    style: str = "button"


def _signed_in() -> bool:
    return current_user.is_authenticated


def _teacher() -> bool:
    return current_user.is_authenticated and current_user.is_teacher


def _admin() -> bool:
    return current_user.is_authenticated and current_user.is_admin


# (endpoint, label, who sees it)
NAV_ITEMS: list[tuple[str, str, Callable[[], bool]]] = [
    ("study.dashboard", "Study", _signed_in),
    ("study.progress", "Progress", _signed_in),
    ("classes.student_classes", "Classes", _signed_in),
    ("teacher.dashboard", "Teach", _teacher),
    ("admin.users", "Admin", _admin),
]

# Functions (bank) -> list[Link], contributed by blueprints.
BANK_ACTIONS: list[Callable[[object], list[Link]]] = []


def nav_items() -> list[Link]:
    views = current_app.view_functions
    items = []
    for endpoint, label, visible in NAV_ITEMS:
        if endpoint in views and visible():
            items.append(Link(label, url_for(endpoint), active=request.endpoint == endpoint))
    return items


def bank_actions(bank) -> list[Link]:
    links: list[Link] = []
    for contribute in BANK_ACTIONS:
        links.extend(contribute(bank))
    return links


def init_app(app: Flask) -> None:
    @app.context_processor
    def inject_navigation():
        return {
            "nav_items": nav_items,
            "bank_actions": bank_actions,
            "endpoints": current_app.view_functions,
            "version": __version__,
        }
