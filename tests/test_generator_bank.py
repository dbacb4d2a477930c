import datetime as dt
import pathlib

import pytest
import yaml

from quizapp.generator import dump_bank_yaml, generate_bank, read_source
from quizapp.generator.checker import check_question
from quizapp.generator.evaluation import overall, recall
from quizapp.generator.rules import check_bank

DATA = pathlib.Path(__file__).parent / "data"
ROOT = pathlib.Path(__file__).resolve().parents[1]
SHARED = next(
    (p for p in (ROOT.parent / "shared", pathlib.Path("/work/shared")) if p.is_dir()), None
)
CGTN = "cgtn-2020-12-05-russia-china-alliance"


def bank_for(path):
    source = read_source(path.read_text(encoding="utf-8"), filename=path.name)
    return source, generate_bank(source)


def scores(source_path, key_path):
    source, bank = bank_for(source_path)
    key = yaml.safe_load(key_path.read_text(encoding="utf-8"))
    results = recall(bank, key)
    return {r.category: r.share for r in results}, overall(results), check_bank(bank, source.text)


@pytest.mark.skipif(
    SHARED is None, reason="the shared sources are not checked out beside the repository"
)
def test_cgtn_recall_and_no_rule_breaches():
    per_category, total, breaches = scores(
        SHARED / "sources" / f"{CGTN}.txt", SHARED / "keys" / f"{CGTN}.yaml"
    )
    assert total >= 0.9, per_category
    assert breaches == []


TUNED = [
    "milestones-salt.md",
    "milestones-detente.txt",
    "milestones-nixon-shock.html",
    "crs-2018-05-09-cease-implementing-jcpoa.txt",
    "crs-2018-07-20-iran-nuclear-agreement-and-us-exit.md",
    "state-2016-07-14-iran-deal-anniversary.txt",
    "state-2021-02-03-new-start-extension.html",
]

# Floors just below what the default engine measures on each text now that the item-writing
# checker takes out every question that breaks a rule (bench/README.md, December 2026): the
# tuned texts measured 90-100% before; what the checker drops is mostly agreement questions
# whose answer alone is a "plan", "framework" or "deal" among treaties, and "who" questions
# with two defensible answers ("the P5" beside "the P5+1").
FLOORS = {
    "milestones-salt.md": 0.95,
    "milestones-detente.txt": 0.8,
    "milestones-nixon-shock.html": 0.85,
    "crs-2018-05-09-cease-implementing-jcpoa.txt": 0.85,
    "crs-2018-07-20-iran-nuclear-agreement-and-us-exit.md": 0.55,
    "state-2016-07-14-iran-deal-anniversary.txt": 0.75,
    "state-2021-02-03-new-start-extension.html": 0.95,
}


@pytest.mark.parametrize("name", TUNED)
def test_recall_on_other_texts_of_the_genre(name):
    path = DATA / name
    per_category, total, breaches = scores(path, path.with_suffix(".yaml"))
    assert total >= FLOORS[name], per_category
    assert breaches == []


# Held out from tuning (tests/data/README.md): the floors sit just below what the generator
# measures on them (73% and 64% with the item-writing checker; 82% and 79% before it, 64% and
# 71% when first scored), so a change that loses ground there fails.
@pytest.mark.parametrize(
    "name, minimum",
    [("voa-2017-jcpoa-implementation-anniversary.html", 0.7), ("nara-camp-david-accords.md", 0.6)],
)
def test_recall_on_held_out_texts(name, minimum):
    path = DATA / name
    _, total, breaches = scores(path, path.with_suffix(".yaml"))
    assert total >= minimum
    assert breaches == []


def test_no_generated_question_breaks_an_item_writing_rule():
    for name in TUNED:
        _, bank = bank_for(DATA / name)
        assert [w for q in bank["questions"] for w in check_question(q)] == []


def test_bank_is_a_draft_in_format_v1_with_plain_data():
    source, bank = bank_for(DATA / "milestones-nixon-shock.html")
    assert bank["format"] == "quizapp/1"
    assert bank["bank"]["status"] == "draft"
    assert bank["bank"]["slug"] == "nixon-and-the-end-of-the-bretton-woods-system-1971-1973"
    assert bank["bank"]["sources"] == [
        {
            "id": "office-of-the-historian",
            "title": "Nixon and the End of the Bretton Woods System, 1971–1973",
            "publisher": "Office of the Historian, U.S. Department of State",
            "url": "https://history.state.gov/milestones/1969-1976/nixon-shock",
        }
    ]
    ids = [q["id"] for q in bank["questions"]]
    assert len(ids) == len(set(ids))
    for question in bank["questions"]:
        assert question["review"] == "pending"
        assert question["source"]["ref"] == "office-of-the-historian"
        assert question["source"]["sentence"] in source.text
        assert question["explanation"]
        assert set(question["tags"]) <= {"date", "official", "quote", "treaty", "number"}
    assert yaml.safe_load(dump_bank_yaml(bank)) == bank


def test_slug_and_source_id_can_be_given():
    source = read_source(
        "Some title\nBy A. Writer\n\nOn May 26, 1972, the sides signed the ABM Treaty in Moscow.",
        published=dt.date(2020, 1, 1),
    )
    bank = generate_bank(source, slug="my-bank", source_id="abm")
    assert bank["bank"]["slug"] == "my-bank"
    assert bank["bank"]["sources"][0]["id"] == "abm"
    assert bank["bank"]["sources"][0]["published"] == "2020-01-01"
    assert {q["source"]["ref"] for q in bank["questions"]} == {"abm"}


def test_generation_is_deterministic():
    path = DATA / "milestones-salt.md"
    assert bank_for(path)[1] == bank_for(path)[1]


def test_question_types_and_what_they_ask():
    _, bank = bank_for(DATA / "milestones-salt.md")
    by_id = {q["id"]: q for q in bank["questions"]}
    assert by_id["date-abm-treaty-sign"]["prompt"] == "On what date was the ABM Treaty signed?"
    assert by_id["date-abm-treaty-sign"]["answer"] == "May 26, 1972"
    assert by_id["title-robert-mcnamara"]["answer"] == "Secretary of Defense"
    assert by_id["who-mcnamara-argued-reacted-escalation-chosen"]["prompt"].startswith(
        "Who argued that"
    )
    ordering = [q for q in bank["questions"] if q["type"] == "ordering"]
    assert len(ordering) == 1 and len(ordering[0]["answer"]) >= 3
    for question in bank["questions"]:
        if question["type"] == "multiple_choice":
            assert question["answer"] in question["choices"]
            assert 3 <= len(question["choices"]) <= 4


def test_markdown_and_html_sources_generate_valid_banks():
    for name in ("milestones-salt.md", "milestones-nixon-shock.html"):
        source, bank = bank_for(DATA / name)
        assert source.format == {"md": "markdown", "html": "html"}[name.rsplit(".", 1)[1]]
        assert check_bank(bank, source.text) == []


def test_question_types_are_mixed_with_multiple_choice_the_main_one():
    counts: dict[str, int] = {}
    for name in TUNED:
        for question in bank_for(DATA / name)[1]["questions"]:
            counts[question["type"]] = counts.get(question["type"], 0) + 1
    assert {"multiple_choice", "short_answer", "numeric", "ordering"} <= set(counts)
    assert counts["multiple_choice"] > sum(counts.values()) / 2


def test_counts_are_typed_with_their_unit_and_a_tolerance():
    _, bank = bank_for(DATA / "milestones-salt.md")
    numeric = {q["answer"]: q for q in bank["questions"] if q["type"] == "numeric"}
    assert numeric[200]["unit"] == "interceptors"
    assert numeric[200]["tolerance"] == "5%"
    assert numeric[19]["tolerance"] == 0
    assert "___" in numeric[200]["prompt"] and "200" not in numeric[200]["prompt"]
