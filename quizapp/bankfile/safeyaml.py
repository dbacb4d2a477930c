"""Reading untrusted YAML: safe constructors only, with every value's position kept.

A bank file comes from a teacher's upload, so it is checked before it is built:
its size, its encoding, its tags, anchors and aliases (the "billion laughs"
alias bomb) and its nesting depth are all bounded, and every problem is reported
with a line and column. Mappings with duplicate keys are errors rather than the
silent last-one-wins of plain PyYAML.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from quizapp.bankfile.issues import BankIssue, Path, format_path

MAX_DEPTH = 20
# The work of reading one file is bounded, not only its bytes: a megabyte of "[1,1,1,...]"
# is half a million values that take PyYAML's pure-Python parser seconds and hundreds of
# megabytes to build. 5,000 questions of a dozen values each fit well within this.
MAX_NODES = 200_000
# CPU seconds (of this thread, so a busy machine does not make a file fail) for reading.
MAX_PARSE_SECONDS = 10.0

MERGE_TAG = "tag:yaml.org,2002:merge"
# What PyYAML's safe constructors raise on a scalar that does not match its tag: besides
# its own errors and ValueError, an empty "!!int" or "!!float" is an IndexError, a
# malformed "!!timestamp" an AttributeError and "!!bool maybe" a KeyError.
CONSTRUCTOR_ERRORS = (
    yaml.YAMLError,
    ValueError,
    IndexError,
    AttributeError,
    TypeError,
    KeyError,
    OverflowError,
)

SAFE_TAGS = frozenset(
    "tag:yaml.org,2002:" + name
    for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
)


@dataclass
class LoadedYaml:
    """The document as plain data, plus where each value and key was written."""

    data: Any
    marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Path, tuple[int, int]] = field(default_factory=dict)
    # The text of scalars YAML turned into numbers or dates, so "1979" stays "1979".
    raw_scalars: dict[Path, str] = field(default_factory=dict)

    def where(self, path: Path, *, key: bool = False) -> tuple[int | None, int | None]:
        """Line and column of ``path``, or of its nearest written ancestor."""
        table = self.key_marks if key else self.marks
        if key and path in table:
            return table[path]
        probe = path
        while True:
            if probe in self.marks:
                return self.marks[probe]
            if not probe:
                return None, None
            probe = probe[:-1]


class _Collector:
    def __init__(self, filename: str):
        self.filename = filename
        self.issues: list[BankIssue] = []

    def add(self, message: str, path: Path = (), line=None, column=None) -> None:
        self.issues.append(BankIssue(self.filename, line, column, format_path(path), message))

    def at(self, mark, message: str, path: Path = ()) -> None:
        self.add(message, path, mark.line + 1, mark.column + 1)


def too_large_message(size: int, max_bytes: int) -> str:
    return (
        f"the file is {size:,} bytes; the limit is {max_bytes:,} bytes "
        "(split the bank into several files)"
    )


def decode_bank_bytes(
    raw: bytes, filename: str, max_bytes: int
) -> tuple[str | None, list[BankIssue]]:
    issues = _Collector(filename)
    if len(raw) > max_bytes:
        issues.add(too_large_message(len(raw), max_bytes))
        return None, issues.issues
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        issues.add(
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02X} cannot be decoded); "
            "save it as UTF-8",
            line=line,
            column=column,
        )
        return None, issues.issues
    nul = text.find("\x00")
    if nul >= 0:
        # Whatever the format, no database column can keep a NUL (PostgreSQL refuses them).
        line = text.count("\n", 0, nul) + 1
        column = nul - (text.rfind("\n", 0, nul) + 1) + 1
        issues.add(
            "the file contains NUL characters; is it a binary file?", line=line, column=column
        )
        return None, issues.issues
    return text, []


class _TooMuchWork(Exception):
    def __init__(self, message: str, mark):
        super().__init__(message)
        self.message = message
        self.mark = mark


class _BoundedLoader(yaml.SafeLoader):
    """A safe loader that stops after ``MAX_NODES`` events or ``MAX_PARSE_SECONDS``."""

    budget_ends: float = 0.0

    def __init__(self, stream):
        super().__init__(stream)
        self._events = 0
        self._nodes = 0

    def get_event(self):
        event = super().get_event()
        self._events += 1
        if isinstance(event, yaml.NodeEvent | yaml.CollectionStartEvent):
            self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _TooMuchWork(
                f"the file holds more than {MAX_NODES:,} values; split the bank into several files",
                event.start_mark,
            )
        if self._events % 1000 == 0 and time.thread_time() > self.budget_ends:
            raise _TooMuchWork(
                f"the file took more than {MAX_PARSE_SECONDS:g} seconds to read; split the "
                "bank into several files",
                event.start_mark,
            )
        return event


def _bounded_loader(budget_ends: float) -> type[_BoundedLoader]:
    return type("BoundedLoader", (_BoundedLoader,), {"budget_ends": budget_ends})


def load_untrusted_yaml(text: str, filename: str) -> tuple[LoadedYaml | None, list[BankIssue]]:
    """Parse one YAML document from untrusted text, or report every problem found."""
    issues = _Collector(filename)
    if "\x00" in text:
        issues.add("the file contains NUL characters; is it a binary file?")
        return None, issues.issues
    # One budget for both passes: the scan of events, then composing the nodes.
    loader = _bounded_loader(time.thread_time() + MAX_PARSE_SECONDS)
    try:
        _scan_events(text, issues, loader)
        if issues.issues:
            return None, issues.issues
        node = yaml.compose(text, Loader=loader)
    except _TooMuchWork as exc:
        issues.at(exc.mark, exc.message)
        return None, issues.issues
    except yaml.MarkedYAMLError as exc:  # pragma: no cover - the event scan sees these first
        _syntax_error(exc, issues)
        return None, issues.issues
    except yaml.reader.ReaderError as exc:  # pragma: no cover - as are these
        _unacceptable_character(text, exc, issues)
        return None, issues.issues
    if node is None:
        issues.add("the file is empty")
        return None, issues.issues
    loaded = LoadedYaml(data=None)
    loaded.data = _build(node, (), loaded, issues, SafeConstructor())
    return (None if issues.issues else loaded), issues.issues


def _scan_events(text: str, issues: _Collector, loader: type[yaml.SafeLoader]) -> None:
    depth = 0
    documents = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents == 2:
                    issues.at(
                        event.start_mark,
                        "a bank file holds one YAML document; this is a second one ('---')",
                    )
            elif isinstance(event, yaml.AliasEvent):
                issues.at(
                    event.start_mark,
                    f"YAML aliases (*{event.anchor}) are not allowed in question banks; "
                    "write the value out in full",
                )
            elif isinstance(event, yaml.NodeEvent) and event.anchor:
                issues.at(
                    event.start_mark,
                    f"YAML anchors (&{event.anchor}) are not allowed in question banks",
                )
            tag = getattr(event, "tag", None)
            if tag and tag != "!" and tag not in SAFE_TAGS:
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                issues.at(
                    event.start_mark,
                    f"the YAML tag {shown} is not allowed; a bank holds only text, numbers, "
                    "booleans, dates, lists and mappings",
                )
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    issues.at(
                        event.start_mark,
                        f"the document nests deeper than {MAX_DEPTH} levels",
                    )
                    return
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
            if len(issues.issues) >= 50:
                return
    except yaml.MarkedYAMLError as exc:
        _syntax_error(exc, issues)
    except yaml.reader.ReaderError as exc:
        _unacceptable_character(text, exc, issues)


def _unacceptable_character(text: str, exc: yaml.reader.ReaderError, issues: _Collector) -> None:
    """A character YAML does not allow in a file (a raw form feed, DEL, ESC...)."""
    position = min(max(exc.position, 0), len(text))
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or " ")
    escape = f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"
    issues.add(
        f"the character U+{code:04X} is not allowed in a YAML file; remove it, or write it "
        f"as {escape} inside double quotes",
        line=line,
        column=column,
    )


def _syntax_error(exc: yaml.MarkedYAMLError, issues: _Collector) -> None:
    mark = exc.problem_mark or exc.context_mark
    parts = [p for p in (exc.context, exc.problem) if p]
    message = "YAML syntax error: " + "; ".join(parts)
    if mark is not None:
        issues.at(mark, message)
    else:
        issues.add(message)


def _build(node: Node, path: Path, loaded: LoadedYaml, issues: _Collector, ctor) -> Any:
    loaded.marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                issues.at(key_node.start_mark, "mapping keys must be plain text", path)
                continue
            if key_node.tag == MERGE_TAG:
                issues.at(
                    key_node.start_mark,
                    "YAML merge keys (<<) are not allowed in question banks; "
                    "write the values out in full",
                    path,
                )
                continue
            try:
                key = ctor.construct_object(key_node)
            except CONSTRUCTOR_ERRORS as exc:
                reason = _reason(exc, key_node)
                issues.at(key_node.start_mark, f"cannot read this key: {reason}", path)
                continue
            if key is None or isinstance(key, bool | dt.date):
                # `yes:`/`on:`/`null:` would be read as a boolean or null, not as the word.
                key = key_node.value
            key = str(key)
            child = (*path, key)
            if key in out:
                issues.at(key_node.start_mark, f"duplicate key {key!r}", path)
                continue
            loaded.key_marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _build(value_node, child, loaded, issues, ctor)
        return out
    if isinstance(node, SequenceNode):
        return [
            _build(item, (*path, index), loaded, issues, ctor)
            for index, item in enumerate(node.value)
        ]
    try:
        value = ctor.construct_object(node)
        if not isinstance(value, str) and value is not None:
            loaded.raw_scalars[path] = node.value
        return value
    except CONSTRUCTOR_ERRORS as exc:
        issues.at(node.start_mark, f"cannot read this value: {_reason(exc, node)}", path)
        return None


def _reason(exc: Exception, node: Node) -> str:
    if isinstance(exc, ValueError | yaml.YAMLError):
        return str(exc)
    return f"it is not a valid {node.tag.replace('tag:yaml.org,2002:', '!!')}"
