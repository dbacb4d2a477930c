"""Small text helpers the converters share: ids, slugs and HTML to plain text."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from html import unescape
from html.parser import HTMLParser

from quizapp.bankfile.validate import QUESTION_ID

MAX_KEY = 100
MAX_SLUG = 80

_NOT_SLUG = re.compile(r"[^a-z0-9]+")
_BLOCK_TAGS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol"}
_BLANK_LINES = re.compile(r"\n\s*\n+")
_SPACES = re.compile(r"[ \t\r\f\v]+")


def slugify(text: str, *, max_length: int = MAX_SLUG) -> str:
    """``"Café au lait (2)"`` -> ``"cafe-au-lait-2"``; empty when nothing Latin is left."""
    folded = unicodedata.normalize("NFKD", text)
    ascii_only = folded.encode("ascii", "ignore").decode("ascii").lower()
    slug = _NOT_SLUG.sub("-", ascii_only).strip("-")
    return slug[:max_length].rstrip("-")


def short_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def key_for(label: str, *, fallback_prefix: str = "q") -> str:
    """A question id from a title or a term, stable for the same text.

    A label that already is a valid id is kept exactly (so exported GIFT titles come
    back as the same ids); text with nothing Latin in it gets a hash-based id.
    """
    label = label.strip()
    if QUESTION_ID.match(label) and len(label) <= MAX_KEY:
        return label
    slug = slugify(label, max_length=MAX_KEY - 12)
    if len(slug) >= 2:
        return slug
    return f"{fallback_prefix}-{short_hash(label)}"


class KeyAllocator:
    """Hands out distinct ids: a repeated one gets ``-2``, ``-3``, ... in file order."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, key: str) -> str:
        candidate, n = key, 1
        while candidate in self.used:
            n += 1
            suffix = f"-{n}"
            candidate = key[: MAX_KEY - len(suffix)] + suffix
        self.used.add(candidate)
        return candidate


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")
        elif tag == "img":
            alt = dict(attrs).get("alt")
            if alt:
                self.parts.append(f" {alt} ")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Plain text from the HTML that Moodle and Anki export: tags out, entities decoded."""
    if "<" not in html:
        return unescape(html).strip()
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts).replace("\u00a0", " ")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()
