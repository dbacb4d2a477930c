"""Partial imports on request: an upload refused for some questions offers to import the
others; the preview lists what is left out, with lines, and nothing is saved before the
teacher confirms."""

from __future__ import annotations

import io
import re

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Bank, Question

GIFT = """// Geography quiz
::capital-france::What is the capital of France? {=Paris ~Lyon ~Marseille}

::essay::Describe Paris in a paragraph. {}

::river::Which river flows through Paris? {=Seine =the Seine}
"""


def page(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def teacher(make_user, client_for):
    make_user("teach", "teacher")
    return client_for("teach")


def upload(teacher, text: str):
    return teacher.post(
        "/teach/banks/upload",
        data={"files": [(io.BytesIO(text.encode()), "geography.gift")]},
        content_type="multipart/form-data",
    )


def banks(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Bank))


def test_import_the_other_n(app, teacher):
    refused = upload(teacher, GIFT)
    html = page(refused)
    assert refused.status_code == 422 and "nothing was saved" in html
    assert "Import the other 2" in html
    assert banks(app) == 0, "refused: nothing imported"
    preview_url = re.search(r'href="(/teach/uploads/[^"]+)">Import the other 2', html).group(1)
    preview = page(teacher.get(preview_url))
    assert "1 question cannot be imported" in preview
    assert "Line 4" in preview and "quizapp cannot import essays" in preview
    assert banks(app) == 0, "the preview saves nothing"
    response = teacher.post(preview_url + "/publish", data={"publish": "Publish"})
    assert response.status_code == 302
    with app.app_context():
        keys = set(db.session.scalars(select(Question.key)))
    assert keys == {"capital-france", "river"}


def test_an_upload_with_only_invalid_questions_offers_nothing(app, teacher):
    html = page(upload(teacher, "::essay::Describe Paris in a paragraph. {}\n"))
    assert "Import the other" not in html
    assert banks(app) == 0
