"""A teacher's banks in the browser: upload, preview, publish, edit, export; and who may."""

import io
import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Bank, BankUpload, Card, Question, utcnow
from quizapp.services import banks as bank_service
from tests.conftest import bank_text


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def upload(client, *files, **fields):
    data = {"files": [(io.BytesIO(content.encode()), name) for name, content in files], **fields}
    return client.post("/teach/banks/upload", data=data, content_type="multipart/form-data")


def token_of(response) -> str:
    assert response.status_code == 302, response.get_data(as_text=True)[:800]
    return response.headers["Location"].rsplit("/", 1)[-1]


def page(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def teacher(make_user, client_for):
    make_user("teach", "teacher")
    return client_for("teach")


@pytest.fixture
def stranger(make_user, client_for):
    make_user("other", "teacher")
    return client_for("other")


@pytest.fixture
def student(make_user, client_for):
    make_user("stu")
    return client_for("stu")


def publish(client, token: str, button: str = "publish"):
    return client.post(f"/teach/uploads/{token}/publish", data={button: "1"})


def test_upload_preview_then_publish(app, teacher):
    token = token_of(upload(teacher, ("capitals.yaml", bank_text())))
    preview = page(teacher.get(f"/teach/uploads/{token}"))
    assert "A new bank with 4 questions" in preview
    assert "What is the capital of France?" in preview and "Paris" in preview
    assert count(app, Bank) == 0, "nothing is imported before publishing"
    response = publish(teacher, token)
    assert response.headers["Location"].endswith("/teach/banks/capitals")
    assert "Published “Capitals”: a new bank of 4 questions." in page(
        teacher.get("/teach/banks/capitals")
    )
    assert count(app, BankUpload) == 0
    assert "Capitals" in page(teacher.get("/"))


def test_save_as_draft_and_discard(app, teacher):
    publish(teacher, token_of(upload(teacher, ("capitals.yaml", bank_text()))), button="draft")
    with app.app_context():
        assert bank_service.bank_by_slug("capitals").status == "draft"
    token = token_of(upload(teacher, ("other.yaml", bank_text("other"))))
    teacher.post(f"/teach/uploads/{token}/discard", data={})
    assert count(app, BankUpload) == 0 and count(app, Bank) == 1


def test_every_problem_is_listed_with_file_line_column_and_path_and_nothing_is_saved(app, teacher):
    broken = bank_text(
        "broken",
        questions="""
        - id: q1
          type: multiple_choice
          prompt: Pick one
          choices: [a, b]
          answer: c
        - id: q2
          type: flashcard
          prompt: Front
        """,
    )
    response = upload(
        teacher,
        ("good.yaml", bank_text()),
        ("broken.yaml", broken),
        ("quiz.gift", "::e::Describe Paris. {}\n"),
    )
    assert response.status_code == 422
    html = page(response)
    assert "3 problems found; nothing was saved" in html
    # File by file; each problem placed by line, column and question, counted from 1.
    files = re.findall(r'<h3 class="issue-file"><code>([^<]+)</code>', html)
    assert files == ["broken.yaml", "quiz.gift"]
    places = re.findall(
        r'<span class="issue-line">Line (\d+), column (\d+)</span> · ([^<]+)</p>', html
    )
    assert ("12", "13", "question 1 › answer") in places
    assert ("13", "5", "question 2 › answer") in places
    assert ("1", "22", "question 1 (e)") in places
    assert "An empty answer block {} is an essay question" in html
    assert count(app, BankUpload) == 0 and count(app, Bank) == 0


def test_the_example_bank_on_the_upload_page_uploads_as_it_is(teacher):
    html = page(teacher.get("/teach/banks/upload"))
    example = unescape(re.search(r"<pre><code>(.*?)</code></pre>", html, re.S).group(1))
    preview = page(teacher.get(f"/teach/uploads/{token_of(upload(teacher, ('x.yaml', example)))}"))
    assert "A new bank with 7 questions" in preview
    shown_types = set(re.findall(r"^    type: (\w+)$", example, re.M))
    assert shown_types == {
        "multiple_choice",
        "true_false",
        "short_answer",
        "numeric",
        "cloze",
        "ordering",
        "flashcard",
    }


def test_problem_places_read_as_a_teacher_counts():
    from quizapp.web.teacher import issue_where

    assert issue_where("questions[0].answer") == "question 1 › answer"
    assert issue_where("bank.sources[1].url") == "bank › source 2 › url"
    assert issue_where("questions[3].accept[1]") == "question 4 › accept › item 2"
    assert issue_where("row 12") == "row 12"
    assert issue_where("(document)") == "the whole file"


def test_an_oversized_request_gets_a_413_page_and_saves_nothing(app, teacher):
    app.config["MAX_CONTENT_LENGTH"] = 20_000
    response = upload(teacher, ("big.yaml", bank_text() + "#" * 30_000))
    assert response.status_code == 413
    assert "too large" in page(response) and "Nothing was saved" in page(response)
    assert count(app, BankUpload) == 0 and count(app, Bank) == 0


def test_an_oversized_file_is_reported_with_its_name(app, teacher):
    app.config["BANK_MAX_BYTES"] = 2_000
    response = upload(teacher, ("big.yaml", bank_text() + "#" * 3_000))
    assert response.status_code == 422
    assert "the limit is 2,000 bytes" in page(response)
    assert count(app, BankUpload) == 0


def test_gift_and_csv_upload_with_notes_on_the_preview(app, teacher):
    gift = "::a::Capital? {=Paris#Yes ~Lyon#No}\n\n::m::Match {=a -> 1 =b -> 2}\n"
    token = token_of(upload(teacher, ("quiz.gift", gift)))
    html = page(teacher.get(f"/teach/uploads/{token}"))
    assert "What changed in the conversion" in html
    assert "became 2 multiple-choice questions" in html
    publish(teacher, token)
    token = token_of(
        upload(teacher, ("words.csv", "hola,hello\n"), title="Spanish", card_type="short_answer")
    )
    publish(teacher, token)
    with app.app_context():
        bank = bank_service.bank_by_slug("words")
        assert bank.title == "Spanish"
        assert [q.type for q in bank.questions] == ["short_answer"]


def learn(app, username_id: int, key: str):
    with app.app_context():
        question = db.session.scalar(select(Question).where(Question.key == key))
        db.session.add(
            Card(
                user_id=username_id,
                question_id=question.id,
                bank_id=question.bank_id,
                state=2,
                stability=10,
                difficulty=5,
                due=utcnow() + timedelta(days=3),
                last_review=utcnow(),
                reps=2,
            )
        )
        db.session.commit()


def test_reupload_preview_says_how_many_answers_changed(app, teacher, make_user):
    publish(teacher, token_of(upload(teacher, ("capitals.yaml", bank_text()))))
    learner = make_user("ann")
    for key in ("france", "japan", "population", "rome-is-capital"):
        learn(app, learner, key)
    changed = (
        bank_text()
        .replace("answer: Paris", "answer: Lyon")
        .replace("answer: Tokyo", "answer: Kyoto")
        .replace("answer: 2.1", "answer: 2.2")
    )
    token = token_of(upload(teacher, ("capitals.yaml", changed)))
    html = page(teacher.get(f"/teach/uploads/{token}"))
    assert "3 questions changed their answer; progress on them will be reset" in html
    # The questions are listed (open) with the changed ones marked.
    assert "<details open>" in html
    marked = re.findall(r"<code>([\w-]+)</code> · [^<]*<span class=\"badge warn\">new answer", html)
    assert sorted(marked) == ["france", "japan", "population"]
    assert count(app, Card) == 4
    publish(teacher, token)
    assert (
        "Published “Capitals”: 0 added, 3 updated, 1 unchanged. "
        "Progress was reset on 3 questions whose answer changed."
    ) in page(teacher.get("/teach/banks/capitals"))
    with app.app_context():
        kept = db.session.scalars(select(Card.question_id)).all()
        assert [db.session.get(Question, q).key for q in kept] == ["rome-is-capital"]


def test_uploading_over_another_teachers_bank_is_refused(app, teacher, stranger):
    publish(teacher, token_of(upload(teacher, ("capitals.yaml", bank_text()))))
    response = upload(stranger, ("capitals.yaml", bank_text(title="Mine now")))
    assert response.status_code == 403
    assert "belongs to another teacher" in page(response)
    assert count(app, BankUpload) == 0
    with app.app_context():
        assert bank_service.bank_by_slug("capitals").title == "Capitals"


def test_another_teachers_upload_cannot_be_seen_published_or_discarded(app, teacher, stranger):
    token = token_of(upload(teacher, ("capitals.yaml", bank_text())))
    assert stranger.get(f"/teach/uploads/{token}").status_code == 404
    assert publish(stranger, token).status_code == 404
    assert stranger.post(f"/teach/uploads/{token}/discard", data={}).status_code == 404
    assert count(app, BankUpload) == 1 and count(app, Bank) == 0


def test_students_and_visitors_cannot_reach_teacher_pages(app, client, student, import_bank):
    import_bank()
    for url in (
        "/teach/",
        "/teach/banks/upload",
        "/teach/banks/capitals",
        "/teach/banks/capitals/questions/france",
        "/teach/banks/capitals/export.yaml",
        "/teach/banks/capitals/export.gift",
    ):
        assert student.get(url).status_code == 403, url
        anonymous = client.get(url)
        assert anonymous.status_code == 302 and "/login" in anonymous.headers["Location"], url
    assert upload(student, ("c.yaml", bank_text("mine"))).status_code == 403
    assert count(app, BankUpload) == 0


@pytest.fixture
def owned(import_bank, make_user, teacher):
    """The capitals bank, owned by "teach"."""
    with teacher.application.app_context():
        from quizapp.services.users import user_by_username

        owner = user_by_username("teach").id
    import_bank(owner_id=owner)
    return "capitals"


def question_form(**overrides):
    fields = {
        "type": "multiple_choice",
        "prompt": "What is the capital of France?",
        "choices": "Paris\nLyon\nMarseille\nNice",
        "answer": "Paris",
        "shuffle": "y",
        "explanation": "",
        "hint": "",
        "tags": "europe",
    }
    fields.update(overrides)
    return fields


def test_edit_a_question_in_the_browser(app, teacher, owned, make_user):
    html = page(teacher.get("/teach/banks/capitals/questions/france"))
    assert "Paris\nLyon\nMarseille\nNice" in html
    learner = make_user("ann")
    learn(app, learner, "france")
    response = teacher.post(
        "/teach/banks/capitals/questions/france", data=question_form(prompt="Capital of France?")
    )
    assert response.status_code == 302
    assert "learners keep their progress" in page(teacher.get("/teach/banks/capitals"))
    assert count(app, Card) == 1
    teacher.post("/teach/banks/capitals/questions/france", data=question_form(answer="Lyon"))
    assert "progress of 1 learner on it was reset" in page(teacher.get("/teach/banks/capitals"))
    assert count(app, Card) == 0


def test_an_invalid_edit_shows_the_problem_at_its_field(app, teacher, owned):
    response = teacher.post(
        "/teach/banks/capitals/questions/france", data=question_form(answer="Berlin")
    )
    assert response.status_code == 422
    assert "&#39;Berlin&#39; is not one of the choices" in page(response)
    with app.app_context():
        assert bank_service.bank_by_slug("capitals").questions[0].data["answer"] == "Paris"


def test_add_retire_and_restore_questions(app, teacher, owned):
    response = teacher.post(
        "/teach/banks/capitals/questions/new",
        data={
            "type": "numeric",
            "prompt": "How tall is the Eiffel Tower?",
            "answer": "330",
            "tolerance": "5%",
            "unit": "m",
        },
    )
    assert response.status_code == 302
    with app.app_context():
        added = db.session.scalar(
            select(Question).where(Question.type == "numeric", Question.key != "population")
        )
        assert (added.key, added.data) == (
            "how-tall-is-the-eiffel-tower",
            {"answer": 330, "tolerance": "5%", "unit": "m"},
        )
    teacher.post("/teach/banks/capitals/questions/japan/retire", data={})
    html = page(teacher.get("/teach/banks/capitals"))
    assert "Retired questions" in html and "Question japan retired" in html
    teacher.post("/teach/banks/capitals/questions/japan/restore", data={})
    with app.app_context():
        assert all(q.retired_at is None for q in bank_service.bank_by_slug("capitals").questions)


def editor_fields(app, key: str) -> dict:
    """What the editor's form holds for a question, as the browser would post it back."""
    from quizapp.services import bank_admin
    from quizapp.web.teacher_forms import EditQuestionForm

    with app.test_request_context():
        question = db.session.scalar(select(Question).where(Question.key == key))
        form = EditQuestionForm(formdata=None, meta={"csrf": False})
        form.fill_from(bank_admin.question_fields(question))
        data = {}
        for field in form:
            if field.type == "BooleanField":
                if field.data:
                    data[field.name] = "y"
            elif field.data is not None:
                data[field.name] = field.data
        return data


def test_every_question_type_round_trips_through_the_editor(app, teacher, import_bank, make_user):
    from quizapp.services.users import user_by_username

    with app.app_context():
        owner = user_by_username("teach").id
    import_bank(
        bank_text(
            "kinds",
            questions="""
            - {id: mc, type: multiple_choice, prompt: Pick, choices: [a, b], answer: b,
               shuffle: false}
            - {id: tf, type: true_false, prompt: Is it, answer: false}
            - {id: sa, type: short_answer, prompt: Say, answer: x, accept: [y], typo_tolerance: 0,
               case_sensitive: true}
            - {id: nu, type: numeric, prompt: Number, answer: 3.5, tolerance: 0.5, unit: kg}
            - {id: cl, type: cloze, prompt: A ___ and ___., answer: [b, c],
               accept: [[bb], [cc, ccc]]}
            - {id: c1, type: cloze, prompt: One ___., answer: x, accept: [xx, xxx]}
            - {id: or, type: ordering, prompt: Order, answer: [one, two, three]}
            - {id: fc, type: flashcard, prompt: Front, answer: Back}
            """,
        ),
        owner_id=owner,
    )
    with app.app_context():
        before = {q.key: dict(q.data) for q in bank_service.bank_by_slug("kinds").questions}
    for key in before:
        assert 'name="answer"' in page(teacher.get(f"/teach/banks/kinds/questions/{key}"))
        response = teacher.post(f"/teach/banks/kinds/questions/{key}", data=editor_fields(app, key))
        assert response.status_code == 302, (key, page(response)[:2000])
    with app.app_context():
        after = {q.key: dict(q.data) for q in bank_service.bank_by_slug("kinds").questions}
        assert after == before
        assert all(q.answer_revision == 1 for q in bank_service.bank_by_slug("kinds").questions)


def test_another_teacher_cannot_edit_retire_publish_or_export(app, stranger, owned):
    attempts = [
        stranger.get("/teach/banks/capitals"),
        stranger.get("/teach/banks/capitals/questions/france"),
        stranger.post("/teach/banks/capitals/questions/france", data=question_form(answer="Lyon")),
        stranger.post("/teach/banks/capitals/questions/new", data=question_form()),
        stranger.post("/teach/banks/capitals/questions/france/retire", data={}),
        stranger.post("/teach/banks/capitals/unpublish", data={}),
        stranger.get("/teach/banks/capitals/export.yaml"),
        stranger.get("/teach/banks/capitals/export.gift"),
    ]
    assert [r.status_code for r in attempts] == [403] * len(attempts)
    with app.app_context():
        bank = bank_service.bank_by_slug("capitals")
        assert bank.is_published and len(bank.questions) == 4
        assert all(q.retired_at is None for q in bank.questions)
        assert bank.questions[0].data["answer"] == "Paris"


def test_another_teachers_draft_is_not_found(app, stranger, teacher, import_bank):
    from quizapp.services.users import user_by_username

    with app.app_context():
        owner = user_by_username("teach").id
    import_bank(bank_text("secret"), owner_id=owner, status="draft")
    assert stranger.get("/teach/banks/secret").status_code == 404
    assert teacher.get("/teach/banks/secret").status_code == 200


def test_an_admin_may_edit_any_bank(app, owned, make_user, client_for):
    make_user("root", "admin")
    admin = client_for("root")
    assert admin.get("/teach/banks/capitals").status_code == 200
    admin.post("/teach/banks/capitals/questions/france", data=question_form(prompt="By admin"))
    with app.app_context():
        assert bank_service.bank_by_slug("capitals").questions[0].prompt == "By admin"


def test_publish_and_unpublish(app, teacher, owned):
    teacher.post("/teach/banks/capitals/unpublish", data={})
    with app.app_context():
        assert bank_service.bank_by_slug("capitals").status == "draft"
    teacher.post("/teach/banks/capitals/publish", data={})
    with app.app_context():
        assert bank_service.bank_by_slug("capitals").is_published


def test_exports_download_yaml_and_gift(app, teacher, owned):
    yaml_response = teacher.get("/teach/banks/capitals/export.yaml")
    assert yaml_response.headers["Content-Disposition"] == 'attachment; filename="capitals.yaml"'
    assert "format: quizapp/1" in page(yaml_response)
    gift = teacher.get("/teach/banks/capitals/export.gift")
    assert "::japan::What is the capital of Japan? {=Tokyo =Tokio}" in page(gift)


def test_bank_page_shows_edit_and_export_buttons_to_its_editors_only(app, teacher, stranger, owned):
    assert "Export GIFT" in page(teacher.get("/banks/capitals"))
    assert "Export GIFT" not in page(stranger.get("/banks/capitals"))


def test_forms_without_a_csrf_token_are_refused(app, teacher, owned):
    response = teacher.post("/teach/banks/capitals/questions/france/retire", data={}, csrf=False)
    assert response.status_code == 400
    with app.app_context():
        assert all(q.retired_at is None for q in bank_service.bank_by_slug("capitals").questions)


def test_generated_questions_pending_review_are_not_published(app, teacher):
    pending = bank_text(
        "drafted",
        questions="- {id: q, type: flashcard, prompt: Front, answer: Back, review: pending}",
    )
    token = token_of(upload(teacher, ("drafted.yaml", pending)))
    response = publish(teacher, token)
    assert response.headers["Location"].endswith(f"/teach/uploads/{token}")
    assert "still marked &#39;review: pending&#39;" in page(
        teacher.get(response.headers["Location"])
    )
    assert count(app, Bank) == 0
    publish(teacher, token, button="draft")
    teacher.post("/teach/banks/drafted/publish", data={})
    assert "1 generated question still needs review" in page(teacher.get("/teach/banks/drafted"))
    with app.app_context():
        assert bank_service.bank_by_slug("drafted").status == "draft"


def test_a_teacher_edits_the_title_and_description_of_a_bank(app, teacher, stranger, student):
    token = token_of(upload(teacher, ("capitals.yaml", bank_text())))
    publish(teacher, token)
    form = page(teacher.get("/teach/banks/capitals/details"))
    assert 'value="Capitals"' in form
    response = teacher.post(
        "/teach/banks/capitals/details",
        data={
            "title": "Capitals of Europe",
            "description": "Who rules from where.",
            "language": "en",
        },
    )
    assert response.status_code == 302
    listing = page(student.get("/"))
    assert "Capitals of Europe" in listing and "Who rules from where." in listing
    response = teacher.post(
        "/teach/banks/capitals/details",
        data={"title": "Capitals", "description": "", "language": "not a tag"},
    )
    assert response.status_code == 422
    assert "is not a language tag" in page(response)
    # Nobody else may change it.
    assert (
        stranger.post(
            "/teach/banks/capitals/details",
            data={"title": "Mine", "description": "", "language": "en"},
        ).status_code
        == 403
    )
    assert student.get("/teach/banks/capitals/details").status_code == 403
    assert "Capitals of Europe" in page(student.get("/banks/capitals"))


def test_spreadsheet_exports_download_and_upload_back(app, teacher, stranger, owned):
    for fmt, kind in (("xlsx", "spreadsheetml"), ("csv", "text/csv"), ("tsv", "tab-separated")):
        response = teacher.get(f"/teach/banks/capitals/export/{fmt}")
        assert response.status_code == 200 and kind in response.headers["Content-Type"]
        disposition = f'attachment; filename="capitals.{fmt}"'
        assert response.headers["Content-Disposition"] == disposition
        assert stranger.get(f"/teach/banks/capitals/export/{fmt}").status_code == 403
    assert teacher.get("/teach/banks/capitals/export/pdf").status_code == 404
    workbook = teacher.get("/teach/banks/capitals/export/xlsx").get_data()
    data = {"files": [(io.BytesIO(workbook), "capitals.xlsx")]}
    token = token_of(
        teacher.post("/teach/banks/upload", data=data, content_type="multipart/form-data")
    )
    assert teacher.get(f"/teach/uploads/{token}").status_code == 200
    with app.app_context():
        from quizapp.services import bank_admin

        owner = bank_service.bank_by_slug("capitals").owner_id
        plan = bank_admin.preview_upload(token, owner, max_bytes=1_000_000).plans[0]
        # every id comes back; only the two questions that cite a source change (no sources
        # in a spreadsheet)
        assert plan.unchanged == ["rome-is-capital", "population"]
        assert plan.updated == ["france", "japan"] and not plan.added and not plan.retired


def test_a_moodle_xml_file_uploads_with_notes_on_the_preview(app, teacher):
    from pathlib import Path

    content = (Path(__file__).parent / "data" / "formats" / "moodle-export.xml").read_text()
    content = content[: content.index("<!-- question: 3307")] + "</quiz>\n"  # no essay
    token = token_of(upload(teacher, ("geography.xml", content)))
    preview = page(teacher.get(f"/teach/uploads/{token}"))
    assert "eiffel.png" in preview and "left out" in preview
    teacher.post(f"/teach/uploads/{token}/publish", data={"publish": "Publish"})
    with app.app_context():
        bank = bank_service.bank_by_slug("geography")
        assert "geo.france" in {q.key for q in bank.questions}
    exported = teacher.get("/teach/banks/geography/export/moodle-xml")
    assert exported.status_code == 200 and b"<idnumber>geo.france</idnumber>" in exported.get_data()


def test_an_anki_package_uploads_and_the_bank_exports_as_one(app, teacher):
    from pathlib import Path

    content = (Path(__file__).parent / "data" / "formats" / "anki" / "capitals.apkg").read_bytes()
    data = {"files": [(io.BytesIO(content), "capitals.apkg")]}
    response = teacher.post("/teach/banks/upload", data=data, content_type="multipart/form-data")
    token = token_of(response)
    assert "paris.png" in page(teacher.get(f"/teach/uploads/{token}"))
    teacher.post(f"/teach/uploads/{token}/publish", data={"publish": "Publish"})
    with app.app_context():
        assert len(bank_service.bank_by_slug("capitals").questions) == 5
    exported = teacher.get("/teach/banks/capitals/export/apkg")
    assert exported.status_code == 200
    assert exported.headers["Content-Disposition"] == 'attachment; filename="capitals.apkg"'
