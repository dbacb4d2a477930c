"""Importing banks: all or nothing, and re-imports that keep learners' progress."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from quizapp.bankfile import BankValidationError, parse_bank
from quizapp.errors import Forbidden
from quizapp.extensions import db
from quizapp.models import Bank, Card, Question, ReviewLog, utcnow
from quizapp.services import banks as bank_service
from tests.conftest import bank_text


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def give_progress(user_id: int, question: Question) -> None:
    now = utcnow()
    db.session.add(
        Card(
            user_id=user_id,
            question_id=question.id,
            bank_id=question.bank_id,
            state=2,
            step=None,
            stability=5.0,
            difficulty=4.0,
            due=now + timedelta(days=5),
            last_review=now,
            reps=3,
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
        )
    )
    db.session.commit()


def questions_by_key(slug: str) -> dict[str, Question]:
    bank = bank_service.bank_by_slug(slug)
    return {q.key: q for q in bank.questions}


def test_import_creates_bank_sources_and_questions(ctx):
    plans = bank_service.import_banks([parse_bank(bank_text(), "capitals.yaml")])
    assert plans[0].is_new and len(plans[0].added) == 4
    bank = bank_service.bank_by_slug("capitals")
    assert bank.title == "Capitals" and bank.is_published
    assert [s.ref for s in bank.sources] == ["atlas"]
    france = questions_by_key("capitals")["france"]
    assert france.source.publisher == "Example Press"
    assert france.source_sentence == "Paris is the capital of France."
    assert france.data["answer"] == "Paris"


def test_an_import_of_several_files_is_all_or_nothing(ctx, tmp_path):
    (tmp_path / "a.yaml").write_text(bank_text("alpha"))
    (tmp_path / "b.yaml").write_text(bank_text("beta", questions="- {id: q, type: flashcard}"))
    with pytest.raises(BankValidationError) as info:
        bank_service.read_bank_files([tmp_path], max_bytes=10_000)
    assert [i.path for i in info.value.issues] == ["questions[0].prompt", "questions[0].answer"]
    assert count(Bank) == 0


def test_a_failure_while_writing_rolls_back_every_bank(ctx, make_user):
    owner = make_user("owner", role="teacher")
    other = make_user("other", role="teacher")
    from quizapp.services.users import get_user

    bank_service.import_banks([parse_bank(bank_text("taken"), "t.yaml")], user=get_user(owner))
    with pytest.raises(Forbidden):
        bank_service.import_banks(
            [parse_bank(bank_text("fresh"), "f.yaml"), parse_bank(bank_text("taken"), "t.yaml")],
            user=get_user(other),
        )
    assert bank_service.bank_by_slug("fresh") is None
    assert count(Bank) == 1


def test_reimport_keeps_progress_resets_changed_answers_and_retires_removed(ctx, make_user):
    learner = make_user("learner")
    bank_service.import_banks([parse_bank(bank_text(), "capitals.yaml")])
    before = questions_by_key("capitals")
    for key in ("france", "japan", "rome-is-capital"):
        give_progress(learner, before[key])

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
        - id: spain
          type: short_answer
          prompt: What is the capital of Spain?
          answer: Madrid
    """
    )
    plan = bank_service.preview_import([parse_bank(changed, "capitals.yaml")], user=None)[0]
    assert plan.answer_changed == ["japan"]
    assert plan.added == ["spain"]
    assert sorted(plan.retired) == ["population", "rome-is-capital"]
    assert "1 question changed its answer, progress on it will be reset" in plan.summary()

    bank_service.import_banks([parse_bank(changed, "capitals.yaml")])
    after = questions_by_key("capitals")
    assert after["france"].id == before["france"].id
    assert after["france"].prompt == "Which city is the capital of France?"
    cards = {c.question_id for c in db.session.scalars(select(Card))}
    assert cards == {before["france"].id, before["rome-is-capital"].id}
    assert after["japan"].answer_revision == 2
    assert after["rome-is-capital"].retired_at is not None
    assert after["population"].retired_at is not None
    assert count(ReviewLog) == 3, "the review log is never rewritten"
    assert [q.key for q in bank_service.active_questions(after["france"].bank)] == [
        "france",
        "japan",
        "spain",
    ]


def test_a_retired_question_comes_back_with_its_progress(ctx, make_user):
    learner = make_user("learner")
    bank_service.import_banks([parse_bank(bank_text(), "c.yaml")])
    give_progress(learner, questions_by_key("capitals")["population"])
    without = bank_text(
        questions="- {id: france, type: flashcard, prompt: 'Capital of France?', answer: Paris}"
    )
    bank_service.import_banks([parse_bank(without, "c.yaml")])
    plan = bank_service.import_banks([parse_bank(bank_text(), "c.yaml")])[0]
    assert "population" in plan.restored
    assert questions_by_key("capitals")["population"].retired_at is None
    assert count(Card) == 1


def test_only_the_owner_or_an_admin_may_update_a_bank(ctx, make_user):
    from quizapp.services.users import get_user

    owner, stranger, admin = (
        make_user("owner", "teacher"),
        make_user("stranger", "teacher"),
        make_user("root", "admin"),
    )
    bank_service.import_banks([parse_bank(bank_text(), "c.yaml")], user=get_user(owner))
    with pytest.raises(Forbidden, match="belongs to another teacher"):
        bank_service.import_banks(
            [parse_bank(bank_text(title="Mine now"), "c.yaml")], user=get_user(stranger)
        )
    bank_service.import_banks(
        [parse_bank(bank_text(title="Fixed"), "c.yaml")], user=get_user(admin)
    )
    assert bank_service.bank_by_slug("capitals").title == "Fixed"
    assert bank_service.bank_by_slug("capitals").owner_id == owner


def test_export_round_trips_to_an_identical_import(ctx):
    bank_service.import_banks([parse_bank(bank_text(), "c.yaml")])
    exported = bank_service.export_bank_yaml("capitals")
    again = parse_bank(exported, "exported.yaml")
    original = parse_bank(bank_text(), "c.yaml")
    assert [
        (q.key, q.type, q.prompt, q.data, q.explanation, q.tags, q.source_ref, q.source_sentence)
        for q in again.questions
    ] == [
        (q.key, q.type, q.prompt, q.data, q.explanation, q.tags, q.source_ref, q.source_sentence)
        for q in original.questions
    ]
    plan = bank_service.preview_import([again], user=None)[0]
    assert plan.updated == [] and plan.retired == [] and plan.answer_changed == []


def test_drafts_are_hidden_from_everyone_but_their_owner(ctx, make_user):
    from quizapp.errors import NotFound
    from quizapp.services.users import get_user

    owner, other = make_user("owner", "teacher"), make_user("other", "student")
    bank_service.import_banks(
        [parse_bank(bank_text(), "c.yaml")], user=get_user(owner), status="draft"
    )
    assert [s.bank.slug for s in bank_service.list_banks()] == []
    assert [
        s.bank.slug for s in bank_service.list_banks(user=get_user(owner), include_drafts=True)
    ] == ["capitals"]
    with pytest.raises(NotFound):
        bank_service.get_bank("capitals", user=get_user(other))
    assert bank_service.get_bank("capitals", user=get_user(owner)).status == "draft"


def test_bundled_banks_sync_adds_new_and_updates_changed_files(ctx, tmp_path):
    (tmp_path / "capitals.yaml").write_text(bank_text())
    assert len(bank_service.sync_bank_directory(tmp_path, max_bytes=100_000)) == 1
    assert bank_service.sync_bank_directory(tmp_path, max_bytes=100_000) == []
    (tmp_path / "capitals.yaml").write_text(bank_text(title="Capitals of the world"))
    plans = bank_service.sync_bank_directory(tmp_path, max_bytes=100_000)
    assert [p.slug for p in plans] == ["capitals"]
    assert bank_service.bank_by_slug("capitals").title == "Capitals of the world"
    assert bank_service.bank_by_slug("capitals").origin == "bundled"
