"""IMS QTI: export as a QTI 2.1 content package; import QTI 1.2 (as Canvas writes it) and
QTI 2.1 items (as quizapp and Blackboard write them).

A QTI package is a zip with an ``imsmanifest.xml`` listing its resources: QTI 1.2 files
(``<questestinterop>``, one per quiz or question bank) or QTI 2.1 items
(``<assessmentItem>``, one per question). All XML is parsed with defusedxml.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

from defusedxml.common import DefusedXmlException
from defusedxml.ElementTree import fromstring

from quizapp.bankfile.validate import QUESTION_ID
from quizapp.formats.base import Converted
from quizapp.formats.gift import markup_losses
from quizapp.formats.text import KeyAllocator, html_to_text, key_for
from quizapp.questions.types import BLANK, allowed_margin

QTI21 = "http://www.imsglobal.org/xsd/imsqti_v2p1"
MANIFEST = "http://www.imsglobal.org/xsd/imscp_v1p1"
TEMPLATES = "http://www.imsglobal.org/question/qti_v2p1/rptemplates/"
MAX_UNPACKED = 64 * 1024 * 1024

CANVAS_TYPES = {
    "multiple_choice_question": "multiple_choice",
    "true_false_question": "true_false",
    "short_answer_question": "short_answer",
    "numerical_question": "numeric",
}
CANVAS_UNSUPPORTED = {
    "essay_question": "essays are graded by hand",
    "file_upload_question": "file uploads are graded by hand",
    "text_only_question": "a text without a question",
    "multiple_answers_question": "quizapp's multiple choice has exactly one right answer",
    "matching_question": "quizapp has no matching type",
    "multiple_dropdowns_question": "several drop-downs in one question",
    "fill_in_multiple_blanks_question": "several blanks in one Canvas question",
    "calculated_question": "calculated questions compute their numbers per attempt",
    "formula_question": "calculated questions compute their numbers per attempt",
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str):
    return [child for child in element.iter() if _local(child.tag) == name]


def _first(element: ET.Element, name: str) -> ET.Element | None:
    return next((child for child in element.iter() if _local(child.tag) == name), None)


def is_qti_package(raw: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            return "imsmanifest.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def is_qti_xml(raw: bytes) -> bool:
    head = raw[:4096].decode("utf-8", "replace")
    return "<questestinterop" in head or "<assessmentItem" in head


# -- reading -----------------------------------------------------------------


class _QtiReader:
    def __init__(self, out: Converted):
        self.out = out
        self.keys = KeyAllocator()
        self.number = 0

    def read_package(self, raw: bytes) -> None:
        try:
            archive = zipfile.ZipFile(io.BytesIO(raw))
        except zipfile.BadZipFile:
            self.out.error(None, None, "(document)", "this is not a zip file")
            return
        with archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED:
                self.out.error(
                    None,
                    None,
                    "(document)",
                    f"the package unpacks to more than {MAX_UNPACKED // (1024 * 1024)} MiB",
                )
                return
            manifest = self.parse(archive.read("imsmanifest.xml"), "imsmanifest.xml")
            if manifest is None:
                return
            files = []
            for resource in _children(manifest, "resource"):
                kind = resource.get("type", "")
                href = resource.get("href") or next(
                    (f.get("href") for f in _children(resource, "file") if f.get("href")), None
                )
                if href and "qti" in kind.lower() and href.endswith(".xml"):
                    files.append(href)
            if not files:
                self.out.error(
                    None,
                    None,
                    "imsmanifest.xml",
                    "the manifest lists no QTI file (resources of type imsqti_...)",
                )
                return
            for href in files:
                if href not in archive.namelist():
                    self.out.error(None, None, "imsmanifest.xml", f"{href} is missing")
                    continue
                self.read_xml(archive.read(href), href)

    def parse(self, raw: bytes, where: str) -> ET.Element | None:
        try:
            return fromstring(raw, forbid_dtd=False)
        except ET.ParseError as exc:
            self.out.error(
                exc.position[0], exc.position[1] + 1, where, f"not well-formed XML: {exc.msg}"
            )
        except DefusedXmlException as exc:
            self.out.error(None, None, where, f"refused XML: {exc}")
        return None

    def read_xml(self, raw: bytes, where: str) -> None:
        root = self.parse(raw, where)
        if root is None:
            return
        if _local(root.tag) == "assessmentItem":
            self.read_item21(root, where)
        elif _local(root.tag) == "questestinterop":
            title = _first(root, "assessment") or _first(root, "objectbank")
            if title is not None and title.get("title") and self.out.title == self.out.slug:
                self.out.title = title.get("title")[:200]
            for item in _children(root, "item"):
                self.read_item12(item, where)
        # other resources (assessment tests, metadata) hold no questions

    # QTI 1.2, as Canvas exports quizzes and question banks

    def material(self, element: ET.Element | None, label: str) -> str:
        if element is None:
            return ""
        texts = []
        for mattext in _children(element, "mattext"):
            value = mattext.text or ""
            if "html" in (mattext.get("texttype") or ""):
                for loss in markup_losses(value, "html"):
                    self.out.note(None, label, loss)
                value = html_to_text(value)
            texts.append(value.strip())
        return "\n".join(t for t in texts if t)

    def read_item12(self, item: ET.Element, where: str) -> None:
        self.number += 1
        title = item.get("title") or ""
        label = f"item {self.number}" + (f" ({title[:60]})" if title else "")
        meta = {
            (_first(f, "fieldlabel").text or "").strip(): (_first(f, "fieldentry").text or "")
            for f in _children(item, "qtimetadatafield")
            if _first(f, "fieldlabel") is not None and _first(f, "fieldentry") is not None
        }
        kind = meta.get("question_type", "").strip()
        presentation = _first(item, "presentation")
        if presentation is None:
            self.out.error(None, None, label, "the item has no <presentation>")
            return
        if kind in CANVAS_UNSUPPORTED:
            self.out.error(
                None,
                None,
                label,
                f"Canvas {kind.replace('_', ' ')}s cannot be imported: {CANVAS_UNSUPPORTED[kind]}",
            )
            return
        prompt = self.material(next(iter(_children(presentation, "material")), None), label)
        right = self.right_conditions(item)
        lid = _first(presentation, "response_lid")
        if kind not in CANVAS_TYPES:
            kind = {True: "multiple_choice_question", False: "short_answer_question"}[
                lid is not None
            ]
            if _first(presentation, "render_fib") is not None and (
                (_first(presentation, "render_fib").get("fibtype") or "") in ("Decimal", "Integer")
            ):
                kind = "numerical_question"
        question: dict[str, Any] = {"type": CANVAS_TYPES[kind], "prompt": prompt}
        if kind in ("multiple_choice_question", "true_false_question"):
            if lid is None:
                self.out.error(None, None, label, "a choice item without <response_lid>")
                return
            if (lid.get("rcardinality") or "Single").lower() != "single":
                self.out.error(
                    None,
                    None,
                    label,
                    "a multiple-answer item: quizapp's multiple "
                    "choice has exactly one right answer",
                )
                return
            choices = {
                label_element.get("ident"): self.material(label_element, label)
                for label_element in _children(lid, "response_label")
            }
            correct = [value for value in right if value in choices]
            if len(correct) != 1:
                self.out.error(
                    None,
                    None,
                    label,
                    f"{len(correct)} right answers: quizapp's multiple choice has exactly one",
                )
                return
            if kind == "true_false_question":
                question["answer"] = choices[correct[0]].strip().casefold() == "true"
            else:
                question["choices"] = list(choices.values())
                question["answer"] = choices[correct[0]]
        elif kind == "short_answer_question":
            accepted = list(dict.fromkeys(v.strip() for v in right if v.strip()))
            if not accepted:
                self.out.error(None, None, label, "no right answer")
                return
            question["answer"] = accepted[0]
            if accepted[1:]:
                question["accept"] = accepted[1:]
        else:
            numbers = self.numeric_condition(item)
            if numbers is None:
                self.out.error(None, None, label, "no right numeric answer")
                return
            question["answer"], tolerance = numbers
            if tolerance:
                question["tolerance"] = tolerance
        explanation = ""
        for feedback in _children(item, "itemfeedback"):
            if feedback.get("ident") in ("general_fb", "correct_fb"):
                explanation = explanation or self.material(feedback, label)
        if explanation:
            question["explanation"] = explanation
        self.add(question, item.get("ident") or title, label)

    def right_conditions(self, item: ET.Element) -> list[str]:
        """The values (choice idents or texts) a full-score response condition accepts."""
        out = []
        for condition in _children(item, "respcondition"):
            setvar = _first(condition, "setvar")
            if setvar is None or not _full_score(setvar.text):
                continue
            for equal in _children(condition, "varequal"):
                parent_not = any(
                    _local(n.tag) == "not" and equal in list(n.iter()) for n in condition.iter()
                )
                if not parent_not:
                    out.append((equal.text or "").strip())
        return out

    def numeric_condition(self, item: ET.Element) -> tuple[float | int, float | int] | None:
        for condition in _children(item, "respcondition"):
            setvar = _first(condition, "setvar")
            if setvar is None or not _full_score(setvar.text):
                continue
            exact = [_num(e.text) for e in _children(condition, "varequal")]
            low = [_num(e.text) for e in _children(condition, "vargte")]
            high = [_num(e.text) for e in _children(condition, "varlte")]
            exact = [v for v in exact if v is not None]
            if exact:
                value = exact[0]
                margin = max(
                    [value - lo for lo in low if lo is not None]
                    + [hi - value for hi in high if hi is not None]
                    + [0]
                )
                return _tidy(value), _tidy(round(margin, 12))
            if low and high and low[0] is not None and high[0] is not None:
                middle, half = (low[0] + high[0]) / 2, (high[0] - low[0]) / 2
                return _tidy(round(middle, 12)), _tidy(round(half, 12))
        return None

    # QTI 2.1 items

    def read_item21(self, item: ET.Element, where: str) -> None:
        self.number += 1
        title = item.get("title") or ""
        label = f"item {self.number}" + (f" ({title[:60]})" if title else "")
        body = _first(item, "itemBody")
        declarations = {d.get("identifier"): d for d in _children(item, "responseDeclaration")}
        if body is None or not declarations:
            self.out.error(None, None, label, "the item has no itemBody or response")
            return
        choice = _first(body, "choiceInteraction")
        order = _first(body, "orderInteraction")
        entries = _children(body, "textEntryInteraction")
        interaction = choice if choice is not None else order
        prompt_element = _first(interaction, "prompt") if interaction is not None else None
        question: dict[str, Any] = {}
        if interaction is not None:
            declaration = declarations.get(interaction.get("responseIdentifier"))
            correct = [(v.text or "").strip() for v in _children(declaration, "value")]
            choices = {
                c.get("identifier"): _plain(c) for c in _children(interaction, "simpleChoice")
            }
            prompt = _plain(prompt_element) if prompt_element is not None else ""
            if order is not None:
                question = {
                    "type": "ordering",
                    "prompt": prompt,
                    "answer": [choices[c] for c in correct if c in choices],
                }
                if list(choices.values()) != question["answer"]:
                    question["choices"] = list(choices.values())
            elif sorted(v.casefold() for v in choices.values()) == ["false", "true"]:
                question = {
                    "type": "true_false",
                    "prompt": prompt,
                    "answer": choices.get(correct[0], "").casefold() == "true",
                }
            else:
                if (interaction.get("maxChoices") or "1") != "1" or len(correct) != 1:
                    self.out.error(
                        None,
                        None,
                        label,
                        "a multiple-answer item: quizapp's "
                        "multiple choice has exactly one right answer",
                    )
                    return
                question = {
                    "type": "multiple_choice",
                    "prompt": prompt,
                    "choices": list(choices.values()),
                    "answer": choices[correct[0]],
                }
                if interaction.get("shuffle") == "false":
                    question["shuffle"] = False
        elif entries:
            standalone = any(
                _local(p.tag) == "p"
                and len(p) == 1
                and _local(p[0].tag) == "textEntryInteraction"
                and not (p.text or "").strip()
                for p in body.iter()
            )
            blanks = []
            for entry in entries:
                declaration = declarations.get(entry.get("responseIdentifier"))
                correct = [(v.text or "").strip() for v in _children(declaration, "value")]
                mapped = [m.get("mapKey") for m in _children(declaration, "mapEntry")]
                blanks.append((declaration.get("baseType"), correct, mapped))
                entry.tail = "\u2063" + (entry.tail or "")
            texts = _plain(body)
            before, _, after = texts.partition("\u2063")
            if len(blanks) == 1 and blanks[0][0] == "float":
                value = _num(blanks[0][1][0]) if blanks[0][1] else None
                if value is None:
                    self.out.error(None, None, label, "no right numeric answer")
                    return
                question = {"type": "numeric", "prompt": before.strip(), "answer": _tidy(value)}
                equal = _first(item, "equal")
                margin = (
                    _num((equal.get("tolerance") or "").split()[0])
                    if (equal is not None and equal.get("tolerance"))
                    else None
                )
                if margin:
                    question["tolerance"] = _tidy(margin)
                if after.strip():
                    question["unit"] = after.strip()[:40]
            else:
                answers = [c[0] if c else "" for _, c, _ in blanks]
                accept = [
                    [m for m in mapped if m != (c[0] if c else "")] for _, c, mapped in blanks
                ]
                cases = [m.get("caseSensitive") == "true" for m in _children(item, "mapEntry")]
                if standalone and len(blanks) == 1:
                    question = {
                        "type": "short_answer",
                        "prompt": before.strip(),
                        "answer": answers[0],
                    }
                    if accept[0]:
                        question["accept"] = accept[0]
                    if cases and all(cases):
                        question["case_sensitive"] = True
                else:
                    question = {
                        "type": "cloze",
                        "prompt": texts.replace("\u2063", "___"),
                        "answer": answers[0] if len(answers) == 1 else answers,
                    }
                    if any(accept):
                        question["accept"] = accept[0] if len(answers) == 1 else accept
        else:
            self.out.error(
                None, None, label, "no interaction quizapp reads (choice, order, text entry)"
            )
            return
        feedback = next((f for f in _children(item, "modalFeedback")), None)
        if feedback is not None and _plain(feedback):
            question["explanation"] = _plain(feedback)
        self.add(question, item.get("identifier") or title, label)

    def add(self, question: dict[str, Any], ident: str, label: str) -> None:
        key = (
            ident.strip()
            if QUESTION_ID.match(ident.strip() or "-")
            else key_for(ident or " ".join(question.get("prompt", "").split()[:8]))
        )
        question = {"id": self.keys.take(key), **question}
        index = len(self.out.questions)
        self.out.add_question(question, line=None, column=None, label=label)
        self.out.marks[("questions", index)] = (None, None)


def _plain(element: ET.Element | None) -> str:
    if element is None:
        return ""
    text = "".join(element.itertext())
    return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip()).strip()


def _full_score(value: str | None) -> bool:
    try:
        return float((value or "").strip()) > 0
    except ValueError:
        return False


def _num(text: str | None) -> float | None:
    try:
        return float((text or "").strip())
    except ValueError:
        return None


def _tidy(value: float) -> float | int:
    return int(value) if float(value).is_integer() and abs(value) < 1e15 else value


def read_qti(raw: bytes, filename: str, *, slug: str, title: str) -> Converted:
    """A QTI package (zip with a manifest) or a single QTI XML file."""
    out = Converted(filename=filename, slug=slug, title=title)
    reader = _QtiReader(out)
    if raw.startswith(b"PK"):
        reader.read_package(raw)
    else:
        reader.read_xml(raw, filename)
    return out


# -- writing QTI 2.1 ---------------------------------------------------------


def _element(parent: ET.Element | None, tag: str, text: str | None = None, **attrs):
    attributes = {k.rstrip("_").replace("__", ":"): str(v) for k, v in attrs.items()}
    element = (
        ET.Element(tag, attributes) if parent is None else ET.SubElement(parent, tag, attributes)
    )
    if text is not None:
        element.text = text
    return element


def _paragraphs(parent: ET.Element, text: str) -> None:
    for block in text.split("\n\n"):
        p = _element(parent, "p")
        lines = block.split("\n")
        p.text = lines[0]
        for line in lines[1:]:
            br = _element(p, "br")
            br.tail = line


def _item(q: dict[str, Any]) -> ET.Element | None:
    qtype = q["type"]
    if qtype not in (
        "multiple_choice",
        "true_false",
        "short_answer",
        "numeric",
        "cloze",
        "ordering",
    ):
        return None
    item = _element(
        None,
        "assessmentItem",
        xmlns=QTI21,
        identifier=q["id"],
        title=q["id"],
        adaptive="false",
        timeDependent="false",
    )
    body = ET.Element("itemBody")
    template = "match_correct"
    if qtype in ("multiple_choice", "true_false", "ordering"):
        if qtype == "true_false":
            choices, correct = ["true", "false"], ["true" if q["answer"] else "false"]
        elif qtype == "ordering":
            choices = q.get("choices") or q["answer"]
            correct = q["answer"]
        else:
            choices, correct = q["choices"], [q["answer"]]
        ids = {choice: f"choice_{n}" for n, choice in enumerate(choices, 1)}
        declaration = _element(
            item,
            "responseDeclaration",
            identifier="RESPONSE",
            cardinality="ordered" if qtype == "ordering" else "single",
            baseType="identifier",
        )
        values = _element(declaration, "correctResponse")
        for choice in correct:
            _element(values, "value", ids[choice])
        tag = "orderInteraction" if qtype == "ordering" else "choiceInteraction"
        interaction = _element(
            body,
            tag,
            responseIdentifier="RESPONSE",
            shuffle="false"
            if q.get("shuffle") is False
            or (qtype == "ordering" and q.get("choices"))
            or qtype == "true_false"
            else "true",
        )
        if qtype != "ordering":
            interaction.set("maxChoices", "1")
        _element(interaction, "prompt", q["prompt"])
        for choice in choices:
            _element(interaction, "simpleChoice", choice, identifier=ids[choice])
    elif qtype in ("short_answer", "cloze"):
        answers = q["answer"] if isinstance(q["answer"], list) else [q["answer"]]
        accept = q.get("accept") or []
        if accept and not isinstance(accept[0], list):
            accept = [accept]
        names = (
            ["RESPONSE"]
            if len(answers) == 1
            else [f"RESPONSE_{n}" for n in range(1, len(answers) + 1)]
        )
        for n, (name, answer) in enumerate(zip(names, answers, strict=True)):
            declaration = _element(
                item,
                "responseDeclaration",
                identifier=name,
                cardinality="single",
                baseType="string",
            )
            _element(_element(declaration, "correctResponse"), "value", answer)
            mapping = _element(declaration, "mapping", defaultValue="0")
            for text in [answer, *(accept[n] if n < len(accept) else [])]:
                _element(
                    mapping,
                    "mapEntry",
                    mapKey=text,
                    mappedValue="1",
                    caseSensitive="true" if q.get("case_sensitive") else "false",
                )
        if qtype == "short_answer":
            _paragraphs(body, q["prompt"])
            _element(
                _element(body, "p"),
                "textEntryInteraction",
                responseIdentifier="RESPONSE",
                expectedLength="20",
            )
        else:
            parts = BLANK.split(q["prompt"])
            p = _element(body, "p", parts[0])
            for name, tail in zip(names, parts[1:], strict=True):
                entry = _element(
                    p, "textEntryInteraction", responseIdentifier=name, expectedLength="15"
                )
                entry.tail = tail
        template = "map_response" if len(names) == 1 else None
    else:  # numeric
        declaration = _element(
            item,
            "responseDeclaration",
            identifier="RESPONSE",
            cardinality="single",
            baseType="float",
        )
        _element(_element(declaration, "correctResponse"), "value", _number(q["answer"]))
        _paragraphs(body, q["prompt"])
        entry = _element(
            _element(body, "p"),
            "textEntryInteraction",
            responseIdentifier="RESPONSE",
            expectedLength="10",
        )
        if q.get("unit"):
            entry.tail = " " + q["unit"]
        template = None
    _element(item, "outcomeDeclaration", identifier="SCORE", cardinality="single", baseType="float")
    item.append(body)
    if template:
        _element(item, "responseProcessing", template=TEMPLATES + template)
    elif qtype == "numeric":
        margin = _number(_tidy(round(allowed_margin(q), 12)))
        processing = _element(item, "responseProcessing")
        condition = _element(_element(processing, "responseCondition"), "responseIf")
        equal = _element(
            condition, "equal", toleranceMode="absolute", tolerance=f"{margin} {margin}"
        )
        _element(equal, "variable", identifier="RESPONSE")
        _element(equal, "correct", identifier="RESPONSE")
        _element(
            _element(condition, "setOutcomeValue", identifier="SCORE"),
            "baseValue",
            "1",
            baseType="float",
        )
    else:  # a cloze with several blanks: the sum of the blanks' mapped scores
        processing = _element(item, "responseProcessing")
        total = _element(_element(processing, "setOutcomeValue", identifier="SCORE"), "sum")
        for n in range(1, len(q["answer"]) + 1):
            _element(total, "mapResponse", identifier=f"RESPONSE_{n}")
    if q.get("explanation"):
        feedback = _element(
            item, "modalFeedback", outcomeIdentifier="SCORE", identifier="SCORE", showHide="show"
        )
        feedback.text = q["explanation"]
    return item


def _number(value: float | int) -> str:
    return str(value) if isinstance(value, int) else f"{value:.12g}"


def write_qti_package(document: dict[str, Any]) -> tuple[bytes, list[tuple[str, str]]]:
    """A QTI 2.1 content package: one assessmentItem per question and a manifest."""
    bank = document["bank"]
    skipped: list[tuple[str, str]] = []
    items: list[tuple[str, bytes]] = []
    for q in document["questions"]:
        item = _item(q)
        if item is None:
            skipped.append((q["id"], q["type"]))
            continue
        ET.indent(item)
        text = '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(item, encoding="unicode")
        items.append((f"items/{q['id']}.xml", text.encode("utf-8")))
    manifest = _element(None, "manifest", xmlns=MANIFEST, identifier=f"quizapp-{bank['slug']}")
    _element(_element(manifest, "metadata"), "schema", "QTIv2.1 Package")
    _element(manifest, "organizations")
    resources = _element(manifest, "resources")
    for href, _ in items:
        resource = _element(
            resources,
            "resource",
            identifier=re.sub(r"[^\w.-]", "_", href),
            type="imsqti_item_xmlv2p1",
            href=href,
        )
        _element(resource, "file", href=href)
    ET.indent(manifest)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "imsmanifest.xml",
            '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(manifest, encoding="unicode"),
        )
        for href, content in items:
            archive.writestr(href, content)
    return buffer.getvalue(), skipped
