"""Turn plain text, Markdown or HTML into clean body text and its metadata.

The clean text is a list of paragraphs separated by blank lines, each
paragraph on one line. Every sentence a question cites is a substring of it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

import yaml

from .lexicon import MONTHS


@dataclass
class Source:
    text: str
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: dt.date | None = None
    url: str | None = None
    format: str = "text"
    # Paragraphs (by index in `text`) that are captions or credits, not body text.
    captions: set[int] = dataclasses.field(default_factory=set)


def read_source(
    text: str,
    *,
    filename: str | None = None,
    title: str | None = None,
    author: str | None = None,
    publisher: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
) -> Source:
    """Read a source text; keyword arguments override what its header says."""
    fmt = detect_format(text, filename)
    if fmt == "html":
        found = _read_html(text)
    elif fmt == "markdown":
        found = _read_markdown(text)
    else:
        found = _read_plain(text)
    overrides = {
        "title": title,
        "author": author,
        "publisher": publisher,
        "published": published,
        "url": url,
    }
    for field, value in overrides.items():
        if value is not None:
            setattr(found, field, value)
    if found.published is None:
        found.published = dateline_date(found.text)
    found.format = fmt
    return found


# A wire story's dateline: the place in capitals, an optional agency, the date, then a dash:
# "TROMSØ, Norway, 14 March 2025 —", "GENEVA (Reuters) - March 3, 2024 -",
# "WASHINGTON, March 3, 2024 /PRNewswire/ --".
_DATELINE = re.compile(
    r"^(?:[A-ZÀ-Þ][A-ZÀ-Þ.'’ -]+)(?:,\s*[A-Z][\w.'’ -]*?)?(?:\s*\([^)]{1,40}\))?"
    r"(?:\s*[-–—,]\s*|\s+)(?P<date>[A-Z][a-z]+\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4})"
    r"\s*(?:/[^/]{1,40}/\s*)?(?:—|–|--?)\s"
)


def dateline_date(text: str) -> dt.date | None:
    """The date of a dateline that opens the body, if there is one."""
    first = text.lstrip().split("\n", 1)[0]
    match = _DATELINE.match(first)
    return parse_date(match["date"]) if match else None


def detect_format(text: str, filename: str | None = None) -> str:
    if filename:
        lower = filename.lower()
        if lower.endswith((".html", ".htm", ".xhtml")):
            return "html"
        if lower.endswith((".md", ".markdown")):
            return "markdown"
        if lower.endswith(".txt"):
            return "text"
    head = text.lstrip()[:500].lower()
    if head.startswith(("<!doctype html", "<html")) or re.search(r"<(p|div|body|article)\b", head):
        return "html"
    if (
        head.startswith("---\n")
        or re.search(r"^#{1,6} \S", text, re.M)
        or re.search(r"\]\([^)]+\)", text)
    ):
        return "markdown"
    return "text"


# --- plain text -------------------------------------------------------------

_BYLINE = re.compile(r"^(?:by|written by|author:)\s+(.+)$", re.I)
_LABELLED = re.compile(
    r"^(published|updated|date|publisher|source|url|title|author)\s*:\s*(.+)$", re.I
)
_EPOCH = re.compile(r"^\d{10}(?:\d{3})?$")
_URL = re.compile(r"^https?://\S+$")


def _read_plain(text: str) -> Source:
    paragraphs = _split_paragraphs(text)
    source = Source(text="")
    if not paragraphs:
        return source
    header_lines = [line.strip() for line in _first_block(text) if line.strip()]
    # A header is the first block when it is made of short lines and is
    # followed by body text; one long line is the body itself.
    if (
        header_lines
        and len(paragraphs) > 1
        and all(len(line) <= 160 for line in header_lines)
        and not _looks_like_body(header_lines)
    ):
        _apply_header(source, header_lines)
        paragraphs = paragraphs[1:]
    source.text = "\n\n".join(paragraphs)
    return source


def _looks_like_body(lines: list[str]) -> bool:
    # A single header line that ends a sentence is more likely body text.
    return len(lines) == 1 and lines[0].endswith(".") and len(lines[0].split()) > 12


def _apply_header(source: Source, lines: list[str]) -> None:
    for position, line in enumerate(lines):
        labelled = _LABELLED.match(line)
        if labelled:
            key, value = labelled.group(1).lower(), labelled.group(2).strip()
            if key in ("published", "updated", "date"):
                source.published = source.published or parse_date(value)
            elif key in ("publisher", "source"):
                source.publisher = value
            else:
                setattr(source, key, value)
            continue
        byline = _BYLINE.match(line)
        if byline:
            source.author = byline.group(1).strip()
            continue
        if _EPOCH.match(line):
            source.published = _epoch_to_date(line)
            continue
        if _URL.match(line):
            source.url = line
            continue
        date = parse_date(line)
        if date is not None:
            source.published = date
            continue
        if position == 0 and source.title is None:
            source.title = line
        elif source.publisher is None:
            source.publisher = line


def _epoch_to_date(digits: str) -> dt.date:
    seconds = int(digits) / (1000 if len(digits) == 13 else 1)
    # News sites stamp in UTC; the calendar date in UTC is the publication date.
    return dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date()


_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$")
_MDY = re.compile(r"^(?:[A-Za-z]+,\s+)?([A-Za-z]+)\.?\s+(\d{1,2}),?\s+(\d{4})\b")
_DMY = re.compile(r"^(?:[A-Za-z]+,\s+)?(\d{1,2})\s+([A-Za-z]+)\.?,?\s+(\d{4})\b")


def parse_date(value: str) -> dt.date | None:
    """Parse a header date: ISO, 'December 5, 2020' or '5 December 2020'."""
    value = value.strip()
    try:
        if match := _ISO.match(value):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        if (match := _MDY.match(value)) and match[1].lower() in MONTHS:
            return dt.date(int(match[3]), MONTHS[match[1].lower()], int(match[2]))
        if (match := _DMY.match(value)) and match[2].lower() in MONTHS:
            return dt.date(int(match[3]), MONTHS[match[2].lower()], int(match[1]))
    except ValueError:
        return None
    return None


def _first_block(text: str) -> list[str]:
    block: list[str] = []
    for line in text.strip().splitlines():
        if not line.strip():
            break
        block.append(line)
    return block


def _split_paragraphs(text: str) -> list[str]:
    paragraphs = []
    for block in re.split(r"\n\s*\n", text.replace("\r\n", "\n")):
        joined = " ".join(block.split())
        # ''...'' and ``...'': doubled apostrophes or backticks set as quotation marks, as
        # some wires print them.
        joined = re.sub(r"(?:''|``)(?=\S)([^'`\n]+?)(?<=\S)''", r"“\1”", joined)
        if joined:
            paragraphs.append(joined)
    return paragraphs


# --- Markdown ---------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)


def _read_markdown(text: str) -> Source:
    text = text.replace("\r\n", "\n")
    meta: dict = {}
    if match := _FRONT_MATTER.match(text):
        try:
            loaded = yaml.safe_load(match.group(1))
        except yaml.YAMLError:
            loaded = None
        if isinstance(loaded, dict):
            meta = {str(k).lower(): v for k, v in loaded.items()}
        text = text[match.end() :]
    source = Source(text="")
    for field in ("title", "author", "publisher", "url"):
        if meta.get(field):
            setattr(source, field, str(meta[field]))
    for field in ("published", "date"):
        value = meta.get(field)
        if isinstance(value, dt.datetime):
            source.published = value.date()
        elif isinstance(value, dt.date):
            source.published = value
        elif value:
            source.published = parse_date(str(value))
        if source.published:
            break

    paragraphs: list[str] = []
    in_fence = False
    for block in re.split(r"\n\s*\n", text):
        lines = []
        for line in block.strip("\n").split("\n"):
            if line.strip().startswith("```"):
                in_fence = not in_fence
                continue
            if in_fence or not line.strip():
                continue
            lines.append(line)
        if not lines:
            continue
        heading = re.match(r"^\s*(#{1,6})\s+(.*?)\s*#*\s*$", lines[0])
        if heading and len(lines) == 1:
            title = _strip_inline_markdown(heading.group(2))
            if heading.group(1) == "#" and (source.title is None or source.title == title):
                source.title = title
                continue
            paragraphs.append(title)
            continue
        joined = " ".join(_strip_block_markdown(line) for line in lines)
        cleaned = " ".join(_strip_inline_markdown(joined).split())
        if cleaned:
            if _ITALIC_BLOCK.match(joined.strip()):
                source.captions.add(len(paragraphs))  # a picture's caption set in italics
            paragraphs.append(cleaned)
    source.text = "\n\n".join(paragraphs)
    return source


_ITALIC_BLOCK = re.compile(r"^(\*|_)(?!\1)[^*_].*[^*_]\1$", re.S)


def _strip_block_markdown(line: str) -> str:
    line = re.sub(r"^\s{0,3}>\s?", "", line)  # block quotes
    line = re.sub(r"^\s*(?:[-*+]|\d+[.)])\s+", "", line)  # list markers
    return line


def _strip_inline_markdown(text: str) -> str:
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", text)  # images carry no body text
    text = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", text)  # links keep their text
    text = re.sub(r"<[^>]+>", "", text)  # inline HTML
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text)
    text = re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w_])_(?!\s)(.+?)(?<!\s)_(?![\w_])", r"\1", text)
    text = re.sub(r"`([^`]+)`", r"\1", text)
    return text


# --- HTML -------------------------------------------------------------------

_BLOCK_TAGS = {
    "p",
    "div",
    "section",
    "article",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "figure",
    "figcaption",
    "table",
    "tr",
    "td",
    "th",
    "br",
    "hr",
    "header",
    "dd",
    "dt",
    "pre",
    "caption",
}
_SKIPPED_TAGS = {
    "script",
    "style",
    "noscript",
    "nav",
    "footer",
    "aside",
    "form",
    "button",
    "svg",
    "iframe",
    "template",
    "head",
}


# Class or id words of page furniture: share bars, tag lists, related links, banners.
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|tags?|tag-list|related|breadcrumbs?|banner|promo|"
    r"newsletter|cookie|skip|advert|ads|comments?|subscribe|sidebar|menu|navigation|"
    r"pagination|print)(?:$|[\s_-])",
    re.I,
)
# Class words of metadata blocks whose text belongs in the header, not the body.
_META_CLASSES = (
    ("author", "author"),
    ("byline", "author"),
    ("date", "published"),
    ("time", "published"),
    ("dateline", "published"),
)


class _HTMLText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str, bool]] = []  # (tag, text, inside main content)
        self.meta: dict[str, str] = {}
        self.found: dict[str, str] = {}  # byline and date blocks inside the page
        self.title_parts: list[str] = []
        self.canonical: str | None = None
        self._buffer: list[str] = []
        self._stack: list[tuple[str, bool, str | None]] = []  # (tag, skipped, meta field)
        self._skip_depth = 0
        self._meta_field: str | None = None
        self._meta_parts: list[str] = []
        self._in_title = False
        self._main_depth = 0
        self._block_tag = "p"

    def handle_starttag(self, tag, attrs):
        attributes = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta":
            key = (attributes.get("name") or attributes.get("property") or "").lower()
            if key and attributes.get("content"):
                self.meta.setdefault(key, attributes["content"].strip())
            return
        if tag == "link" and "canonical" in attributes.get("rel", "").lower():
            self.canonical = attributes.get("href")
            return
        if tag == "title":
            self._in_title = True
            return
        if tag in ("br", "hr", "img", "input", "wbr"):
            if tag in ("br", "hr"):
                self._flush()
            return
        marks = f"{attributes.get('class', '')} {attributes.get('id', '')}".lower()
        skipped = tag in _SKIPPED_TAGS or bool(_FURNITURE.search(marks))
        meta_field = None
        if not skipped and self._meta_field is None and tag != "time":
            meta_field = next((f for word, f in _META_CLASSES if word in marks), None)
        self._stack.append((tag, skipped, meta_field))
        if skipped:
            self._skip_depth += 1
        if meta_field:
            self._flush()
            self._meta_field, self._meta_parts = meta_field, []
        if tag in ("article", "main"):
            self._main_depth += 1
        if tag in _BLOCK_TAGS:
            self._flush()
            self._block_tag = tag

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
            return
        if tag not in (open_tag for open_tag, _, _ in self._stack):
            return
        while self._stack:
            open_tag, skipped, meta_field = self._stack.pop()
            if open_tag in _BLOCK_TAGS:
                self._flush()
            if skipped:
                self._skip_depth -= 1
            if meta_field:
                text = " ".join("".join(self._meta_parts).split())
                if text:
                    self.found.setdefault(meta_field, text)
                self._meta_field = None
            if open_tag in ("article", "main"):
                self._main_depth -= 1
            if open_tag == tag:
                break

    def handle_data(self, data):
        if self._in_title:
            self.title_parts.append(data)
        elif self._skip_depth:
            return
        elif self._meta_field:
            self._meta_parts.append(data)
        else:
            self._buffer.append(data)

    def _flush(self):
        text = " ".join("".join(self._buffer).split())
        self._buffer = []
        if text:
            self.blocks.append((self._block_tag, text, self._main_depth > 0))

    def close(self):
        super().close()
        self._flush()


def _is_label(text: str) -> bool:
    """'Press Statement', 'February 3, 2021', 'Office of the Spokesperson': no sentence."""
    return len(text.split()) <= 8 and not re.search(r"[.!?…:;”\"’)]$", text)


def _read_html(text: str) -> Source:
    parser = _HTMLText()
    parser.feed(text)
    parser.close()
    meta = parser.meta
    blocks = parser.blocks
    if any(in_main for _, _, in_main in blocks):
        blocks = [block for block in blocks if block[2]]
    source = Source(text="")
    page_title = " ".join("".join(parser.title_parts).split()) or None
    source.title = meta.get("og:title") or meta.get("dc.title") or page_title
    source.author = meta.get("author") or meta.get("article:author") or meta.get("dc.creator")
    source.publisher = (
        meta.get("publisher")
        or meta.get("og:site_name")
        or meta.get("dc.publisher")
        or meta.get("dcterms.publisher")
    )
    for key in (
        "article:published_time",
        "date",
        "dc.date",
        "dcterms.date",
        "pubdate",
        "publish-date",
        "datepublished",
    ):
        if meta.get(key):
            source.published = parse_date(meta[key])
            if source.published:
                break
    source.url = meta.get("og:url") or parser.canonical
    source.author = source.author or parser.found.get("author")
    if source.published is None and parser.found.get("published"):
        source.published = parse_date(parser.found["published"])
    paragraphs = []
    for tag, block_text, _ in blocks:
        block_text = html.unescape(block_text)
        if tag == "h1" and source.title and block_text == source.title:
            continue
        if tag == "h1" and not source.title:
            source.title = block_text
            continue
        if tag not in _HEADINGS and _is_label(block_text):
            if source.published is None:
                source.published = parse_date(block_text)
            continue
        if tag in ("figcaption", "caption"):
            source.captions.add(len(paragraphs))
        paragraphs.append(block_text)
    source.text = "\n\n".join(paragraphs)
    return source


_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
