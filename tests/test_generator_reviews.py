"""Teachers' review decisions on generated questions, and the scorer re-fitted from them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from quizapp.bankfile import parse_bank
from quizapp.errors import InvalidInput
from quizapp.extensions import db
from quizapp.generator import generate_bank, read_source
from quizapp.generator.recording import recording_features
from quizapp.generator.scorer import FEATURES, labelled_examples, load_scorer
from quizapp.models import GeneratedQuestionReview, Question
from quizapp.services import bank_admin, generation, generator_reviews
from quizapp.services import banks as bank_service
from quizapp.services.users import get_user
from tests.conftest import REPO, bank_text

CGTN = REPO / "tests" / "data" / "sources" / "cgtn-2020-12-05-russia-china-alliance.txt"
SEATO = REPO / "bench" / "corpus" / "dev-2026-12" / "historystategov-0000-00-00-seato.txt"


def reviews(**where) -> list[GeneratedQuestionReview]:
    query = select(GeneratedQuestionReview).order_by(GeneratedQuestionReview.id)
    for name, value in where.items():
        query = query.where(getattr(GeneratedQuestionReview, name) == value)
    return list(db.session.scalars(query))


@pytest.fixture
def teacher(ctx, make_user):
    return make_user("teach", role="teacher")


@pytest.fixture
def rules_draft(teacher):
    owner = get_user(teacher)
    return generation.save_generated_draft(generation.draft_bank(CGTN.read_text()), owner=owner)


def keys_of(bank) -> list[str]:
    return [q.key for q in bank_service.active_questions(bank)]


# -- recording decisions ------------------------------------------------------


def test_a_saved_draft_records_each_question_as_drafted(rules_draft):
    rows = reviews(bank_id=rules_draft.id)
    assert [r.question_key for r in rows] == keys_of(rules_draft)
    first = rows[0]
    assert first.engine == "rules" and first.features is None
    assert first.decision is None and first.user_id is None and first.decided_at is None
    question = db.session.scalar(select(Question).where(Question.key == first.question_key))
    assert first.drafted["prompt"] == question.prompt
    assert first.drafted["answer"] == question.answer
    assert first.drafted["review"] == "pending"


def test_accept_edit_delete_and_accept_all_are_recorded(rules_draft, teacher):
    slug = rules_draft.slug
    accepted, edited, deleted, *rest = keys_of(rules_draft)
    generation.accept_question(slug, accepted, teacher)
    fields = bank_admin.question_fields(bank_admin.editable_question(slug, edited, teacher)[1])
    drafted_prompt = fields["prompt"]
    bank_admin.save_question(slug, teacher, {**fields, "prompt": "A better prompt?"}, key=edited)
    generation.discard_question(slug, deleted, teacher)
    assert generation.accept_all(slug, teacher) == len(rest)

    by_key = {r.question_key: r for r in reviews(bank_id=rules_draft.id)}
    assert by_key[accepted].decision == "accepted" and by_key[accepted].edited is None
    assert by_key[edited].decision == "edited"
    assert by_key[edited].drafted["prompt"] == drafted_prompt
    assert by_key[edited].edited["prompt"] == "A better prompt?"
    assert by_key[deleted].decision == "deleted"
    assert by_key[deleted].drafted["id"] == deleted  # kept though the question is gone
    assert {by_key[k].decision for k in rest} == {"accepted"}
    assert all(r.user_id == teacher and r.decided_at is not None for r in by_key.values())
    assert len(by_key) == len(reviews())  # one row per question, no second one


def test_only_the_first_decision_on_a_pending_question_counts(rules_draft, teacher):
    slug = rules_draft.slug
    key = keys_of(rules_draft)[0]
    generation.accept_question(slug, key, teacher)
    generation.accept_question(slug, key, teacher)
    fields = bank_admin.question_fields(bank_admin.editable_question(slug, key, teacher)[1])
    bank_admin.save_question(slug, teacher, {**fields, "prompt": "Changed later?"}, key=key)
    generation.discard_question(slug, key, teacher)
    [row] = reviews(question_key=key)
    assert row.decision == "accepted" and row.edited is None


def test_a_pending_question_uploaded_from_a_file_is_recorded_when_decided(ctx, teacher):
    text = bank_text("uploaded-draft").replace(
        "answer: Paris", "answer: Paris\n    review: pending"
    )
    bank_service.import_banks([parse_bank(text, "draft.yaml")], user=get_user(teacher))
    assert reviews() == []
    generation.accept_question("uploaded-draft", "france", teacher)
    [row] = reviews()
    assert (row.question_key, row.decision, row.engine, row.features) == (
        "france",
        "accepted",
        None,
        None,
    )
    assert row.drafted["answer"] == "Paris"


def test_decisions_outlive_the_bank_and_the_teacher(rules_draft, teacher):
    generation.accept_all(rules_draft.slug, teacher)
    db.session.delete(rules_draft)
    db.session.delete(get_user(teacher))
    db.session.commit()
    rows = reviews()
    assert rows and all(r.bank_id is None and r.user_id is None for r in rows)
    assert {r.decision for r in rows} == {"accepted"}


# -- features from the parse engine -------------------------------------------


@pytest.fixture(scope="module")
def seato_source():
    return read_source(SEATO.read_text(encoding="utf-8"), filename=SEATO.name)


def test_the_parse_engine_records_features_beside_the_bank_not_in_it(seato_source):
    with recording_features() as recorded:
        bank = generate_bank(seato_source, engine="parse")
    ids = [q["id"] for q in bank["questions"]]
    assert ids and set(ids) <= set(recorded)
    for qid in ids:
        assert recorded[qid]["bias"] == 1.0
        assert set(recorded[qid]) <= set(FEATURES)
    assert all("features" not in q for q in bank["questions"])
    # Outside a recording nothing is kept, and the bank is the same.
    assert generate_bank(seato_source, engine="parse") == bank


def test_a_parse_draft_keeps_its_features_with_each_question(ctx, teacher):
    draft = generation.draft_bank(SEATO.read_text(encoding="utf-8"), engine="parse")
    assert "features" not in draft.yaml_text and "bias" not in draft.yaml_text
    assert set(draft.features) == {q.key for q in draft.parsed.questions}
    bank = generation.save_generated_draft(draft, owner=get_user(teacher))
    rows = reviews(bank_id=bank.id)
    assert len(rows) == len(draft.parsed.questions)
    assert all(r.engine == "parse" and r.features == draft.features[r.question_key] for r in rows)
    generation.accept_all(bank.slug, teacher)
    examples = generator_reviews.decision_examples(generator_reviews.decisions())
    assert len(examples) == len(rows) and {label for _, label in examples} == {1.0}


# -- re-fitting -----------------------------------------------------------------


def add_decisions(count: int) -> None:
    """Decided questions with features: these teachers keep every wh-question, no cloze."""
    for n in range(count):
        cloze = n % 2
        db.session.add(
            GeneratedQuestionReview(
                question_key=f"q{n}",
                engine="parse",
                drafted={"id": f"q{n}"},
                features={
                    "bias": 1.0,
                    "form_wh": float(not cloze),
                    "form_cloze": float(cloze),
                    "kind_date": 1.0,
                    "prompt_words": 0.5,
                },
                decision="deleted" if cloze else "accepted",
            )
        )
    db.session.commit()


def test_the_shipped_labelled_examples_are_package_data():
    examples = labelled_examples()
    assert len(examples) >= 20
    assert {label for _, label in examples} == {0.0, 1.0}
    assert all(set(features) <= set(FEATURES) for features, _ in examples)


def test_refit_needs_enough_decisions_with_features(ctx, rules_draft, teacher, tmp_path):
    generation.accept_all(rules_draft.slug, teacher)  # decisions, but no features
    add_decisions(5)
    with pytest.raises(
        InvalidInput, match=r"^Only 5 review decisions with scorer features \("
    ) as e:
        generator_reviews.refit_scorer(tmp_path / "w.json")
    assert "from the rules engine" in e.value.message and "at least 30" in e.value.message
    assert not (tmp_path / "w.json").exists()


def test_refit_writes_weights_the_generator_loads(ctx, tmp_path):
    add_decisions(40)
    result = generator_reviews.refit_scorer(tmp_path / "sub" / "w.json")
    assert result.decisions == 40 and result.kept == 20
    assert result.labelled == len(labelled_examples())
    assert result.refitted_loss < result.shipped_loss  # it learnt these teachers' taste
    data = json.loads(result.path.read_text())
    assert data["features"] == list(FEATURES)
    assert load_scorer(result.path).weights == data["weights"]
    assert load_scorer(result.path).weights != load_scorer(None).weights


# -- the command ----------------------------------------------------------------


def test_generator_fit_command(app, runner):
    with app.app_context():
        add_decisions(12)
    refused = runner.invoke(args=["generator", "fit"])
    assert refused.exit_code == 1
    assert "Only 12 review decisions with scorer features; at least 30 are needed" in (
        refused.output
    )
    result = runner.invoke(args=["generator", "fit", "--min", "10"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("decisions used: 12 (6 kept), with ")
    assert lines[1].startswith("log loss on the decisions: shipped 0.")
    path = app.config["GENERATOR_SCORER_PATH"]
    assert path == str(app.instance_path) + "/generator-scorer.json"
    assert lines[2] == f"wrote {path}"
    assert load_scorer(path).weights != load_scorer(None).weights


def test_generator_fit_writes_where_told(app, runner, tmp_path):
    with app.app_context():
        add_decisions(3)
    out = tmp_path / "weights.json"
    result = runner.invoke(args=["generator", "fit", "--min", "3", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["weights"]
    assert runner.invoke(args=["generator", "fit", "--min", "0"]).exit_code == 2


def test_drafts_use_the_refitted_weights(client, app, make_user, login, monkeypatch):
    seen = []
    real = generation.generate_bank

    def spy(source, **kwargs):
        seen.append(kwargs)
        return real(source, **kwargs)

    monkeypatch.setattr(generation, "generate_bank", spy)
    make_user("teach", role="teacher")
    login("teach")
    response = client.post("/teach/generate", data={"text": CGTN.read_text()})
    assert response.status_code == 302
    assert seen[0]["scorer_path"] == app.config["GENERATOR_SCORER_PATH"]
    with app.app_context():
        assert db.session.scalar(select(func.count(GeneratedQuestionReview.id))) > 0


def test_the_review_table_has_a_migration_on_a_single_head():
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from quizapp.paths import MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    scripts = ScriptDirectory.from_config(config)
    assert len(scripts.get_heads()) == 1
    revision = scripts.get_revision("b7d41c2e9a05")
    assert revision is not None and revision.down_revision is not None
    assert "generated_question_review" in Path(revision.path).read_text()


def test_an_undone_delete_is_no_decision(rules_draft, teacher):
    key = keys_of(rules_draft)[0]
    snapshot = generation.discard_question(rules_draft.slug, key, teacher)
    assert reviews(question_key=key)[0].decision == "deleted"
    generation.undo_discard(rules_draft.slug, teacher, snapshot)
    [row] = reviews(question_key=key)
    assert row.decision is None and row.user_id is None
    generation.accept_question(rules_draft.slug, key, teacher)
    [row] = reviews(question_key=key)
    assert row.decision == "accepted"
