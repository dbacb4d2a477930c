"""Every page, as each kind of user, on a phone and in the dark: one level-one heading, a
title of its own, a main landmark, no sideways scrolling, and readable text on every
coloured button."""

from __future__ import annotations

import pytest

from quizapp.extensions import db
from quizapp.models import Bank
from quizapp.services import classes as class_service
from quizapp.services import users as user_service

PASSWORD = "every page 12345"
BANK = "russia-china-alliance-2020"

# The WCAG contrast ratio of each visible button's text against its own background (buttons
# with a transparent background are drawn on the page's, which the theme's text suits).
BUTTON_CONTRAST = """() => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 4).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  return [...document.querySelectorAll('button, .button, input[type=submit]')]
    .filter(el => el.getClientRects().length)
    .map(el => {
      const style = getComputedStyle(el);
      const bg = rgb(style.backgroundColor);
      if (bg.length === 4 && bg[3] === 0) return null;
      const [a, b] = [lum(rgb(style.color)), lum(bg)].sort((x, y) => y - x);
      return {text: el.textContent.trim().slice(0, 30), ratio: (a + 0.05) / (b + 0.05)};
    })
    .filter(Boolean);
}"""

CHECKS = """() => ({
  h1: document.querySelectorAll('h1').length,
  title: document.title,
  main: document.querySelectorAll('main').length,
  wide: document.documentElement.scrollWidth > window.innerWidth,
  tables: [...document.querySelectorAll('.table-wrap')].filter(w =>
      w.scrollWidth > w.clientWidth &&
      !(w.tabIndex === 0 && w.getAttribute('role') === 'region')).length,
})"""


@pytest.fixture
def people(live_server):
    with live_server.app.app_context():
        teacher = user_service.create_user("teach", PASSWORD, role="teacher")
        user_service.create_user("root", PASSWORD, role="admin")
        kim = user_service.create_user("kim", PASSWORD)
        room = class_service.create_class(teacher.id, "Geography 7B")
        bank_id = db.session.scalar(db.select(Bank.id).where(Bank.slug == BANK))
        class_service.assign_bank(room.id, teacher.id, bank_id)
        class_service.join_class(kim.id, room.join_code)
        room_id = room.id
        db.session.remove()
    return {
        None: ["/", f"/banks/{BANK}", "/login", "/register", "/no-such-page"],
        "kim": [
            "/study",
            f"/study/{BANK}",
            f"/study/{BANK}/exam",
            "/progress",
            "/account",
            "/classes/",
        ],
        "teach": [
            "/teach/",
            "/teach/banks/upload",
            "/teach/generate",
            f"/classes/{room_id}",
            f"/classes/{room_id}/banks/{bank_id}/exam",
            f"/teach/classes/{room_id}/analytics",
            f"/teach/classes/{room_id}/banks/{bank_id}/analytics",
        ],
        "root": ["/admin/users", f"/teach/banks/{BANK}", "/admin/lti", "/admin/audit"],
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_has_one_heading_a_title_and_fits_a_phone(browser, live_server, people, scheme):
    problems = []
    for who, paths in people.items():
        context = browser.new_context(viewport={"width": 375, "height": 740}, color_scheme=scheme)
        page = context.new_page()
        if who:
            page.goto(f"{live_server.url}/login")
            page.fill("#username", who)
            page.fill("#password", PASSWORD)
            page.keyboard.press("Enter")
            page.wait_for_url(lambda address: "/login" not in address)
        for path in paths:
            page.goto(live_server.url + path)
            found = page.evaluate(CHECKS)
            if found["h1"] != 1 or found["main"] != 1:
                problems.append(f"{path}: {found['h1']} h1, {found['main']} main")
            if not found["title"].endswith(" · quizapp") or found["title"].startswith("4"):
                problems.append(f"{path}: title {found['title']!r}")
            if found["wide"] or found["tables"]:
                problems.append(f"{path}: scrolls sideways")
            for button in page.evaluate(BUTTON_CONTRAST):
                if button["ratio"] < 4.5:
                    problems.append(f"{path}: {button['text']!r} contrast {button['ratio']:.1f}")
        context.close()
    assert not problems, "\n".join(problems)


def test_the_coloured_buttons_are_readable_in_both_themes(browser, live_server):
    for scheme in ("light", "dark"):
        context = browser.new_context(viewport={"width": 375, "height": 740}, color_scheme=scheme)
        page = context.new_page()
        # The flashcard's grade buttons and a delete button as the pages draw them, on the
        # app's stylesheet (the grades only show once a card is turned over).
        page.set_content(
            f'<link rel="stylesheet" href="{live_server.url}/static/app.css">'
            '<button class="grade grade-again">Again</button>'
            '<button class="grade grade-hard">Hard</button>'
            '<button class="grade">Good</button>'
            '<button class="grade grade-easy">Easy</button>'
            '<button class="danger">Delete</button>',
            wait_until="load",
        )
        ratios = {b["text"]: b["ratio"] for b in page.evaluate(BUTTON_CONTRAST)}
        assert set(ratios) == {"Again", "Hard", "Good", "Easy", "Delete"}
        assert min(ratios.values()) >= 4.5, (scheme, ratios)
        context.close()
