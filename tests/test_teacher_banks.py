"""A teacher's banks as services: staged uploads, re-upload semantics, editing, export."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from quizapp.bankfile import BankValidationError, parse_bank
from quizapp.errors import Forbidden, InvalidInput, NotFound
from quizapp.extensions import db
from quizapp.models import Bank, BankUpload, Card, Question, ReviewLog, utcnow
from quizapp.services import bank_admin
from quizapp.services import banks as bank_service
from quizapp.services.bank_admin import UploadOptions
from tests.conftest import bank_text

MAX = 100_000


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def learn(user_id: int, question: Question) -> None:
    """A learner's progress on a question: a card in review and the answer that made it."""
    db.session.add(
        Card(
            user_id=user_id,
            question_id=question.id,
            bank_id=question.bank_id,
            state=2,
            stability=12.0,
            difficulty=5.0,
            due=utcnow() + timedelta(days=12),
            last_review=utcnow(),
            reps=2,
        )
    )
    db.session.add(
        ReviewLog(
            user_id=user_id,
            question_id=question.id,
            bank_id=question.bank_id,
            rating=3,
            correct=True,
            state_after={"state": 2},
            response="x",
            answer_revision=question.answer_revision,
        )
    )
    db.session.commit()


def keys(slug: str = "capitals") -> dict[str, Question]:
    return {q.key: q for q in bank_service.bank_by_slug(slug).questions}


@pytest.fixture
def teacher(make_user):
    return make_user("teach", "teacher")


def stage(user_id, *files, **options):
    files = [(name, text.encode() if isinstance(text, str) else text) for name, text in files]
    return bank_admin.stage_upload(user_id, files, max_bytes=MAX, options=UploadOptions(**options))


def test_an_upload_is_staged_then_published(ctx, teacher):
    preview = stage(teacher, ("capitals.yaml", bank_text()))
    assert bank_service.bank_by_slug("capitals") is None, "nothing is imported before publishing"
    assert [p.summary() for p in preview.plans] == ["capitals: new bank, 4 questions"]
    assert count(BankUpload) == 1

    again = bank_admin.preview_upload(preview.token, teacher, max_bytes=MAX)
    assert again.plans[0].added == ["france", "japan", "rome-is-capital", "population"]

    bank_admin.publish_upload(preview.token, teacher, max_bytes=MAX, publish=True)
    bank = bank_service.bank_by_slug("capitals")
    assert bank.is_published and bank.owner_id == teacher and bank.origin == "upload"
    assert count(BankUpload) == 0, "the staged files are forgotten once published"


def test_an_upload_can_be_saved_as_a_draft_or_discarded(ctx, teacher):
    draft = stage(teacher, ("capitals.yaml", bank_text()))
    bank_admin.publish_upload(draft.token, teacher, max_bytes=MAX, publish=False)
    assert bank_service.bank_by_slug("capitals").status == "draft"
    other = stage(teacher, ("b.yaml", bank_text("other")))
    bank_admin.discard_upload(other.token, teacher)
    assert count(BankUpload) == 0 and bank_service.bank_by_slug("other") is None


def test_any_problem_in_any_file_stores_nothing(ctx, teacher):
    bad = bank_text("broken", questions="- {id: q, type: flashcard, prompt: P}")
    with pytest.raises(BankValidationError) as info:
        stage(teacher, ("good.yaml", bank_text()), ("broken.yaml", bad), ("x.gift", "Essay {}"))
    found = {(i.file, i.path) for i in info.value.issues}
    assert ("broken.yaml", "questions[0].answer") in found
    assert ("x.gift", "question 1") in found
    assert count(BankUpload) == 0 and count(Bank) == 0


def test_gift_and_csv_uploads_become_banks(ctx, teacher):
    preview = stage(
        teacher,
        ("Moodle quiz.gift", "::a::Sky is blue? {T}\n\n::b::2+2? {#4}\n"),
        ("Spanish.csv", "hola,hello\n"),
    )
    assert [b.slug for b in preview.banks] == ["moodle-quiz", "spanish"]
    bank_admin.publish_upload(preview.token, teacher, max_bytes=MAX, publish=True)
    assert [q.type for q in bank_service.bank_by_slug("spanish").questions] == ["flashcard"]
    assert bank_service.bank_by_slug("moodle-quiz").title == "Moodle quiz"


def test_a_title_and_slug_need_a_single_file(ctx, teacher):
    with pytest.raises(InvalidInput, match="one file"):
        stage(teacher, ("a.csv", "a,b\n"), ("b.csv", "c,d\n"), title="Words")
    preview = stage(teacher, ("a.csv", "a,b\n"), title="Words", slug="words-1")
    assert (preview.banks[0].slug, preview.banks[0].title) == ("words-1", "Words")


def test_reupload_keeps_progress_resets_changed_answers_and_retires_removed(
    ctx, teacher, make_user
):
    ann, bob = make_user("ann"), make_user("bob")
    bank_admin.publish_upload(
        stage(teacher, ("capitals.yaml", bank_text())).token, teacher, max_bytes=MAX, publish=True
    )
    before = keys()
    for learner in (ann, bob):
        for key in ("france", "japan", "population"):
            learn(learner, before[key])

    changed = bank_text(
        questions="""
        - id: france
          type: multiple_choice
          prompt: Which city is the capital of France?
          choices: [Paris, Lyon, Marseille, Toulouse]
          answer: Paris
        - id: japan
          type: short_answer
          prompt: What is the capital of Japan?
          answer: Kyoto
        - id: population
          type: numeric
          prompt: How many million people live in Paris proper, roughly?
          answer: 2.2
          tolerance: 0.2
        - id: spain
          type: short_answer
          prompt: What is the capital of Spain?
          answer: Madrid
        """
    )
    preview = stage(teacher, ("capitals.yaml", changed))
    plan = preview.plans[0]
    assert preview.answer_changes == 2
    assert sorted(plan.answer_changed) == ["japan", "population"]
    assert (plan.added, plan.retired) == (["spain"], ["rome-is-capital"])
    assert count(Card) == 6, "previewing changes nothing"

    bank_admin.publish_upload(preview.token, teacher, max_bytes=MAX, publish=True)
    after = keys()
    cards = db.session.execute(select(Card.user_id, Card.question_id)).all()
    assert sorted(cards) == sorted([(ann, before["france"].id), (bob, before["france"].id)])
    assert after["france"].id == before["france"].id, "same id, same question row"
    assert after["france"].prompt == "Which city is the capital of France?"
    assert (after["japan"].answer_revision, after["population"].answer_revision) == (2, 2)
    assert after["rome-is-capital"].retired_at is not None
    assert count(ReviewLog) == 6, "history is never rewritten"


def test_uploading_over_another_teachers_bank_is_refused_and_stores_nothing(
    ctx, teacher, make_user
):
    other = make_user("other", "teacher")
    bank_admin.publish_upload(
        stage(teacher, ("c.yaml", bank_text())).token, teacher, max_bytes=MAX, publish=True
    )
    with pytest.raises(Forbidden, match="belongs to another teacher"):
        stage(other, ("c.yaml", bank_text(title="Mine")))
    assert count(BankUpload) == 0
    assert bank_service.bank_by_slug("capitals").title == "Capitals"


def test_students_cannot_upload_and_uploads_are_private(ctx, teacher, make_user):
    student, other = make_user("stu"), make_user("other", "teacher")
    with pytest.raises(Forbidden):
        stage(student, ("c.yaml", bank_text()))
    preview = stage(teacher, ("c.yaml", bank_text()))
    with pytest.raises(NotFound):
        bank_admin.preview_upload(preview.token, other, max_bytes=MAX)
    with pytest.raises(NotFound):
        bank_admin.publish_upload(preview.token, other, max_bytes=MAX, publish=True)
    with pytest.raises(NotFound):
        bank_admin.discard_upload(preview.token, other)
    assert count(BankUpload) == 1 and count(Bank) == 0


def test_expired_uploads_cannot_be_published_and_are_purged(ctx, teacher):
    old = stage(teacher, ("c.yaml", bank_text()))
    upload = db.session.scalar(select(BankUpload))
    upload.created_at = utcnow() - timedelta(days=2)
    db.session.commit()
    with pytest.raises(NotFound):
        bank_admin.publish_upload(old.token, teacher, max_bytes=MAX, publish=True)
    stage(teacher, ("d.yaml", bank_text("other")))
    assert [u.token for u in db.session.scalars(select(BankUpload))] != [old.token]
    assert count(BankUpload) == 1


@pytest.fixture
def bank(ctx, teacher, import_bank):
    import_bank(owner_id=teacher)
    return "capitals"


def test_editing_a_question_keeps_progress_unless_the_answer_changes(ctx, teacher, bank, make_user):
    learner = make_user("ann")
    learn(learner, keys()["france"])
    fields = bank_admin.question_fields(keys()["france"])
    saved = bank_admin.save_question(
        bank, teacher, {**fields, "prompt": "Capital of France?"}, key="france"
    )
    assert not saved.answer_changed and count(Card) == 1
    assert keys()["france"].prompt == "Capital of France?"

    fields["choices"] = ["Paris", "Lyon", "Nice", "Lille"]
    fields["answer"] = "Lyon"
    saved = bank_admin.save_question(bank, teacher, fields, key="france")
    assert saved.answer_changed and saved.progress_reset == 1
    assert count(Card) == 0 and keys()["france"].answer_revision == 2


def test_invalid_edits_name_the_field_and_change_nothing(ctx, teacher, bank):
    fields = bank_admin.question_fields(keys()["france"])
    with pytest.raises(InvalidInput) as info:
        bank_admin.save_question(
            bank,
            teacher,
            {**fields, "answer": "Berlin", "choices": ["Paris", "Paris"]},
            key="france",
        )
    assert set(info.value.fields) == {"choices"}
    assert "item 2" in info.value.fields["choices"]
    assert keys()["france"].data["answer"] == "Paris"


def test_adding_a_question_gives_it_a_free_id(ctx, teacher, bank):
    fields = {"type": "true_false", "prompt": "Rome is the capital of Italy.", "answer": False}
    saved = bank_admin.save_question(bank, teacher, fields)
    assert saved.created and saved.question.key == "rome-is-the-capital-of-italy"
    assert saved.question.position == 4
    with pytest.raises(InvalidInput, match="already used"):
        bank_admin.save_question(bank, teacher, {**fields, "id": "france"})
    again = bank_admin.save_question(bank, teacher, fields)
    assert again.question.key == "rome-is-the-capital-of-italy-2"


def test_retiring_and_restoring_keep_progress(ctx, teacher, bank, make_user):
    learner = make_user("ann")
    learn(learner, keys()["japan"])
    bank_admin.retire_question(bank, "japan", teacher)
    assert [q.key for q in bank_service.active_questions(keys()["japan"].bank)] == [
        "france",
        "rome-is-capital",
        "population",
    ]
    bank_admin.restore_question(bank, "japan", teacher)
    assert keys()["japan"].retired_at is None and count(Card) == 1


def test_only_the_owner_or_an_admin_edits(ctx, teacher, bank, make_user):
    other, admin, student = make_user("other", "teacher"), make_user("root", "admin"), make_user()
    fields = bank_admin.question_fields(keys()["france"])
    for user in (other, student):
        with pytest.raises(Forbidden):
            bank_admin.save_question(bank, user, fields, key="france")
        with pytest.raises(Forbidden):
            bank_admin.retire_question(bank, "france", user)
        with pytest.raises(Forbidden):
            bank_admin.export_yaml(bank, user)
        with pytest.raises(Forbidden):
            bank_admin.set_bank_status(bank, user, "draft")
    bank_admin.save_question(bank, admin, {**fields, "prompt": "Fixed by admin"}, key="france")
    assert keys()["france"].prompt == "Fixed by admin"
    assert [s.bank.slug for s in bank_admin.teacher_banks(admin)] == ["capitals"]
    assert bank_admin.teacher_banks(other) == []


def test_another_teachers_draft_is_not_found(ctx, teacher, import_bank, make_user):
    import_bank(bank_text("secret"), owner_id=teacher, status="draft")
    other = make_user("other", "teacher")
    with pytest.raises(NotFound):
        bank_admin.editable_bank("secret", other)


def test_publishing_and_unpublishing(ctx, teacher, bank):
    assert bank_admin.set_bank_status(bank, teacher, "draft").status == "draft"
    published = bank_admin.set_bank_status(bank, teacher, "published")
    assert published.is_published and published.published_at is not None


def test_export_yaml_round_trips_and_gift_lists_what_it_cannot_hold(ctx, teacher, bank):
    _, text = bank_admin.export_yaml(bank, teacher)
    plan = bank_service.preview_import([parse_bank(text, "c.yaml")], user=None)[0]
    assert plan.updated == [] and plan.answer_changed == [] and plan.retired == []
    _, gift = bank_admin.export_gift(bank, teacher)
    assert "::france::What is the capital of France? {" in gift.text
    assert "::population::How many million people live in Paris proper, roughly? {#2.1:0.2}" in (
        gift.text
    )
    assert gift.skipped == []


def test_the_command_line_imports_gift_and_csv_files_by_extension(app, runner, tmp_path):
    (tmp_path / "quiz.gift").write_text("::a::Sky is blue? {T}\n\n::m::Match {=x -> 1 =y -> 2}\n")
    (tmp_path / "words.csv").write_text("hola,hello\n")
    (tmp_path / "odd.bank").write_text(bank_text("odd"))  # unknown extension: read as YAML
    result = runner.invoke(
        args=[
            "banks",
            "import",
            str(tmp_path / "quiz.gift"),
            str(tmp_path / "words.csv"),
            str(tmp_path / "odd.bank"),
        ]
    )
    assert result.exit_code == 0, result.output
    assert "imported quiz: new bank, 3 questions" in result.output
    with app.app_context():
        assert [q.key for q in bank_service.bank_by_slug("quiz").questions] == ["a", "m.1", "m.2"]
        assert bank_service.bank_by_slug("words").questions[0].type == "flashcard"
        assert bank_service.bank_by_slug("odd") is not None


def test_the_command_line_reports_gift_problems_with_their_line(app, runner, tmp_path):
    (tmp_path / "quiz.gift").write_text("::a::Fine {T}\n\n::e::An essay {}\n")
    result = runner.invoke(args=["banks", "validate", str(tmp_path / "quiz.gift")])
    assert result.exit_code != 0
    assert f"{tmp_path / 'quiz.gift'}:3:15: question 2 (e): an empty answer block" in result.output
