import datetime as dt

import pytest

from quizapp.generator import generate_bank, read_source

PLAIN = """Are Russia and China poised to forge an alliance?
By Danil Bochkov
CGTN
1607179670000

In October, Vladimir Putin raised the possibility of an alliance.
He stressed that it is a theoretical
thinking.
"""


def test_plain_text_header_gives_title_author_publisher_and_epoch_date():
    source = read_source(PLAIN)
    assert source.format == "text"
    assert source.title == "Are Russia and China poised to forge an alliance?"
    assert source.author == "Danil Bochkov"
    assert source.publisher == "CGTN"
    assert source.published == dt.date(2020, 12, 5)
    assert source.text == (
        "In October, Vladimir Putin raised the possibility of an alliance. "
        "He stressed that it is a theoretical thinking."
    )


def test_flags_override_the_header():
    source = read_source(
        PLAIN,
        title="Alliance",
        publisher="CGTN Europe",
        published=dt.date(2020, 12, 6),
        url="https://example.org/a",
    )
    assert (source.title, source.publisher, source.published, source.url) == (
        "Alliance",
        "CGTN Europe",
        dt.date(2020, 12, 6),
        "https://example.org/a",
    )
    assert source.author == "Danil Bochkov"


def test_plain_text_with_labelled_header_lines():
    text = "Treaty news\nPublished: 5 March 2021\nSource: Example Wire\n\nThe treaty was signed.\n"
    source = read_source(text)
    assert source.published == dt.date(2021, 3, 5)
    assert source.publisher == "Example Wire"
    assert source.text == "The treaty was signed."


def test_text_without_header_is_all_body():
    text = (
        "The treaty was signed in 1990 by both sides after long talks in the capital city"
        " of the host.\n"
    )
    source = read_source(text)
    assert source.title is None
    assert source.text.startswith("The treaty was signed in 1990")


MARKDOWN = """---
title: Strategic Arms Limitation
author: Office staff
publisher: Office of the Historian
published: 2013-10-31
url: https://history.state.gov/milestones/1969-1976/salt
---

# Strategic Arms Limitation

**SALT I**

In January 1967, President [Lyndon Johnson](https://example.org/lbj) announced
the *first* talks.

![A photo caption that is not body text](salt.jpg)

- Nixon and Brezhnev signed the ABM Treaty.
"""


def test_markdown_front_matter_and_markup_are_stripped():
    source = read_source(MARKDOWN, filename="salt.md")
    assert source.format == "markdown"
    assert source.title == "Strategic Arms Limitation"
    assert source.author == "Office staff"
    assert source.published == dt.date(2013, 10, 31)
    assert source.url == "https://history.state.gov/milestones/1969-1976/salt"
    assert source.text.split("\n\n") == [
        "SALT I",
        "In January 1967, President Lyndon Johnson announced the first talks.",
        "Nixon and Brezhnev signed the ABM Treaty.",
    ]


HTML = """<!DOCTYPE html>
<html><head>
<title>Page title | Site</title>
<meta property="og:title" content="The Bretton Woods System">
<meta name="author" content="A. Historian">
<meta property="og:site_name" content="Office of the Historian">
<meta property="article:published_time" content="2013-10-31T09:00:00Z">
<link rel="canonical" href="https://history.state.gov/x">
<script>var tracking = "On August 15, 1971, nothing";</script>
</head><body>
<nav><a href="/">Home</a></nav>
<article>
<h1>The Bretton Woods System</h1>
<p>On August 15, 1971, President <b>Richard M. Nixon</b>
announced his New Economic Policy &amp; more.</p>
<p>Nothing worked.</p>
</article>
<footer>Copyright notice</footer>
</body></html>"""


def test_html_keeps_the_article_text_and_reads_meta_tags():
    source = read_source(HTML)
    assert source.format == "html"
    assert source.title == "The Bretton Woods System"
    assert source.author == "A. Historian"
    assert source.publisher == "Office of the Historian"
    assert source.published == dt.date(2013, 10, 31)
    assert source.url == "https://history.state.gov/x"
    assert source.text.split("\n\n") == [
        "On August 15, 1971, President Richard M. Nixon announced his New Economic Policy & more.",
        "Nothing worked.",
    ]


@pytest.mark.parametrize(
    "opening, published",
    [
        ("TROMSØ, Norway, 14 March 2025 — Ministers met on Friday.", "2025-03-14"),
        ("GENEVA (Reuters) - March 3, 2024 - The envoy said the talks would resume.", "2024-03-03"),
        ("WASHINGTON, March 3, 2024 /PRNewswire/ -- The envoy said so.", "2024-03-03"),
        ("KABUL, Afghanistan (AP) — The Taliban said on Monday they would talk.", None),
        ("In October, Putin said - in passing - that it was theoretical.", None),
    ],
)
def test_a_dateline_gives_the_publication_date_when_nothing_else_does(opening, published):
    source = read_source(f"Talks resume\n\n{opening}", filename="article.txt")
    assert source.published == (dt.date.fromisoformat(published) if published else None)
    given = read_source(f"Talks\n\n{opening}", filename="a.txt", published=dt.date(2020, 1, 1))
    assert given.published == dt.date(2020, 1, 1)  # the form's date wins


def test_no_question_shows_a_placeholder_for_a_dated_article_without_details():
    text = "Talks resume\n\nTROMSØ, Norway, 14 March 2025 — Ministers signed the accord on Friday."
    for engine in ("rules", "parse"):
        bank = generate_bank(read_source(text, filename="article.txt"), engine=engine)
        for question in bank["questions"]:
            assert "None" not in str(question), question
