"""Drafting banks from source texts: the command line and the draft-saving service."""

import pytest
import yaml

from quizapp.bankfile import parse_bank
from quizapp.errors import InvalidInput
from quizapp.services import banks as bank_service
from quizapp.services import generation
from quizapp.services.users import get_user
from tests.conftest import REPO

CGTN = REPO / "tests" / "data" / "sources" / "cgtn-2020-12-05-russia-china-alliance.txt"


def test_generate_writes_a_valid_draft_bank(runner, tmp_path):
    out = tmp_path / "bank.yaml"
    result = runner.invoke(args=["generate", str(CGTN), "--slug", "cgtn-draft", "-o", str(out)])
    assert result.exit_code == 0, result.output
    parsed = parse_bank(out.read_bytes(), str(out))
    assert parsed.slug == "cgtn-draft"
    assert parsed.status == "draft"
    assert len(parsed.questions) >= 20
    assert parsed.sources[0].publisher == "CGTN"
    assert parsed.sources[0].published == "2020-12-05"
    text = CGTN.read_text()
    assert all(q.source_sentence and q.source_sentence in text for q in parsed.questions)
    validated = runner.invoke(args=["banks", "validate", str(out)])
    assert validated.exit_code == 0, validated.output


def test_generate_flags_override_the_header(runner, tmp_path):
    result = runner.invoke(
        args=[
            "generate",
            str(CGTN),
            "--title",
            "Alliance talk",
            "--published",
            "2020-12-06",
            "--url",
            "https://example.org/a",
        ]
    )
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(result.output)
    assert data["bank"]["title"] == "Alliance talk"
    assert data["bank"]["sources"][0]["published"] == "2020-12-06"
    assert data["bank"]["sources"][0]["url"] == "https://example.org/a"


def test_generate_refuses_bad_dates_and_empty_or_binary_files(runner, tmp_path):
    result = runner.invoke(args=["generate", str(CGTN), "--published", "5/12/2020"])
    assert result.exit_code == 2
    assert "'5/12/2020' is not a date written YYYY-MM-DD" in result.output
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n")
    result = runner.invoke(args=["generate", str(empty)])
    assert result.exit_code == 1 and "The text is empty." in result.output
    binary = tmp_path / "image.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    result = runner.invoke(args=["generate", str(binary)])
    assert result.exit_code == 1 and "not UTF-8" in result.output


def test_a_text_without_facts_says_so(runner, tmp_path):
    plain = tmp_path / "plain.txt"
    plain.write_text("A short note.\n\nIt has nothing to ask about.\n")
    result = runner.invoke(args=["generate", str(plain)])
    assert result.exit_code == 1
    assert "No questions could be drafted from this text" in result.output


def test_oversized_sources_are_refused():
    message = r"^The text is 100 bytes; the limit is 10 bytes\.$"
    with pytest.raises(InvalidInput, match=message) as info:
        generation.decode_source(b"x" * 100, max_bytes=10)
    assert info.value.status == 413


def test_saved_drafts_keep_the_source_text_and_get_a_free_slug(ctx, make_user):
    owner = get_user(make_user("teach", role="teacher"))
    text = CGTN.read_text()
    first = generation.save_generated_draft(generation.draft_bank(text), owner=owner)
    second = generation.save_generated_draft(generation.draft_bank(text), owner=owner)
    assert first.status == "draft" and first.origin == "generated"
    assert first.owner_id == owner.id
    assert second.slug == first.slug + "-2"
    assert first.sources[0].text.startswith("A container is lifted")
    assert [s.bank.slug for s in bank_service.list_banks()] == []
