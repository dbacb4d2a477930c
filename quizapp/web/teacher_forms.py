"""Forms for a teacher's banks: one per action, and the question editor's field mapping."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    HiddenField,
    MultipleFileField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp

from quizapp.formats.delimited import CARD_TYPES
from quizapp.questions import QUESTION_TYPES
from quizapp.questions.base import parse_number

FORMAT_CHOICES = [
    ("auto", "Tell by the file name (.yaml, .gift, .xml, .apkg, .csv, .xlsx; .txt by content)"),
    ("yaml", "quizapp YAML"),
    ("gift", "Moodle GIFT"),
    ("moodle-xml", "Moodle XML"),
    ("apkg", "Anki package (.apkg, .colpkg)"),
    ("qti", "QTI package (.zip with imsmanifest.xml: Canvas, Blackboard)"),
    ("csv", "CSV: quizapp's columns, or term, definition (Quizlet, spreadsheets)"),
    ("tsv", "Tab-separated: quizapp's columns, or term, definition (Quizlet, Anki)"),
    ("xlsx", "Excel workbook (.xlsx): quizapp's columns, or term, definition"),
]
CARD_TYPE_LABELS = {
    "flashcard": "Flashcards (students grade themselves)",
    "short_answer": "Typed answers (students type the definition)",
}


class UploadBanksForm(FlaskForm):
    files = MultipleFileField(
        "Bank files",
        description="One or several files; all of them are checked, and nothing is saved "
        "unless every one is valid.",
        render_kw={"accept": ".yaml,.yml,.gift,.txt,.xml,.zip,.apkg,.colpkg,.csv,.tsv,.tab,.xlsx"},
    )
    format = SelectField("Format", default="auto")
    card_type = SelectField("Spreadsheet rows without a type become", default="flashcard")
    title = StringField(
        "Title (GIFT, CSV or TSV, one file)",
        validators=[Optional(), Length(max=200)],
        description="These formats carry no title; by default the file name is used.",
    )
    slug = StringField(
        "Slug (GIFT, CSV or TSV, one file)",
        validators=[
            Optional(),
            Length(max=80),
            Regexp(
                r"^[a-z0-9]+(-[a-z0-9]+)*$",
                message="Lowercase letters and digits, joined by hyphens.",
            ),
        ],
        description="The bank's address. Give an existing bank's slug to upload a new "
        "version of it.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices are set here, not on the fields: WTForms 3.3 deprecates tuples there.
        self.format.choices = FORMAT_CHOICES
        self.card_type.choices = [(name, CARD_TYPE_LABELS[name]) for name in CARD_TYPES]


class PublishUploadForm(FlaskForm):
    publish = SubmitField("Publish")
    draft = SubmitField("Save as draft")


class DiscardUploadForm(FlaskForm):
    pass


class SetBankStatusForm(FlaskForm):
    pass


class EditBankDetailsForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(
        "Description",
        validators=[Optional(), Length(max=5000)],
        description="Shown to students on the bank's page and in the list of banks.",
    )
    language = StringField(
        "Language",
        validators=[DataRequired(), Length(max=35)],
        description="A language tag such as en, fr or pt-BR; typed answers drop its "
        "leading articles.",
    )


class RetireQuestionForm(FlaskForm):
    pass


class RestoreQuestionForm(FlaskForm):
    pass


def _lines(text: str | None) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class EditQuestionForm(FlaskForm):
    """One question, field by field; only the fields of the chosen type are used."""

    key = StringField(
        "Id",
        validators=[Optional(), Length(max=100)],
        description="Learners' progress is kept under this id. Leave it empty to make one "
        "from the prompt.",
    )
    type = SelectField("Type")
    prompt = TextAreaField(
        "Prompt",
        validators=[DataRequired(), Length(max=5000)],
        description="For fill-in-the-blanks, write each blank as ___ (three underscores).",
        render_kw={"rows": 3},
    )
    choices = TextAreaField(
        "Choices, one per line",
        description="Multiple choice: 2 to 10 choices. Put in order: optionally, the order "
        "the items are shown in (shuffled if empty).",
        render_kw={"rows": 4},
    )
    answer = TextAreaField(
        "Answer",
        validators=[DataRequired()],
        description="Multiple choice: the right choice, exactly. True or false: true or false. "
        "Number: the number. Fill in the blanks: one answer per blank, one per line. "
        "Put in order: the items in the right order, one per line. Flashcard: the back.",
        render_kw={"rows": 3},
    )
    accept = TextAreaField(
        "Other accepted answers, one per line",
        description="Fill in the blanks: one line per blank, alternatives separated by |.",
        render_kw={"rows": 2},
    )
    typo_tolerance = SelectField("Typos forgiven", default="")
    case_sensitive = BooleanField("Upper and lower case must match")
    shuffle = BooleanField("Shuffle the choices", default=True)
    tolerance = StringField(
        "Tolerance",
        description="How far off a number may be: 0.5, or 5% of the answer.",
        validators=[Length(max=40)],
    )
    unit = StringField("Unit", validators=[Length(max=40)])
    explanation = TextAreaField(
        "Explanation", validators=[Length(max=10000)], render_kw={"rows": 2}
    )
    hint = StringField("Hint", validators=[Length(max=2000)])
    tags = StringField("Tags, separated by commas", validators=[Length(max=1000)])
    source_ref = SelectField("Source", default="")
    source_sentence = TextAreaField(
        "Sentence in the source", validators=[Length(max=5000)], render_kw={"rows": 2}
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.type.choices = [(name, qtype.label) for name, qtype in QUESTION_TYPES.items()]
        self.typo_tolerance.choices = [("", "Automatic (by length)"), ("0", "None")] + [
            (str(n), str(n)) for n in (1, 2, 3)
        ]
        self.source_ref.choices = [("", "None")]

    def set_sources(self, sources) -> None:
        self.source_ref.choices = [("", "None")] + [(s.ref, s.title) for s in sources]

    def to_fields(self) -> dict[str, Any]:
        """The question as a bank file writes it, for the validator to judge."""
        qtype = self.type.data
        fields: dict[str, Any] = {"type": qtype, "prompt": (self.prompt.data or "").strip()}
        if self.key.data and self.key.data.strip():
            fields["id"] = self.key.data.strip()
        answer = (self.answer.data or "").strip()
        lines = _lines(self.answer.data)
        if qtype == "multiple_choice":
            fields["choices"] = _lines(self.choices.data)
            fields["answer"] = answer
            if not self.shuffle.data:
                fields["shuffle"] = False
        elif qtype == "true_false":
            truth = {"true": True, "yes": True, "t": True, "false": False, "no": False, "f": False}
            fields["answer"] = truth.get(answer.casefold(), answer)
        elif qtype == "short_answer":
            fields["answer"] = answer
            fields["accept"] = _lines(self.accept.data)
            if self.case_sensitive.data:
                fields["case_sensitive"] = True
        elif qtype == "numeric":
            fields["answer"] = answer
            tolerance = (self.tolerance.data or "").strip()
            if tolerance:
                number = parse_number(tolerance)
                is_percent = tolerance.endswith("%")
                fields["tolerance"] = tolerance if is_percent or number is None else number
            fields["unit"] = (self.unit.data or "").strip()
        elif qtype == "cloze":
            fields["answer"] = lines[0] if len(lines) == 1 else lines
            accept = [
                [part.strip() for part in line.split("|") if part.strip()]
                for line in (self.accept.data or "").splitlines()
            ]
            while accept and not accept[-1]:
                accept.pop()
            if len(lines) == 1 and len(accept) == 1:
                fields["accept"] = accept[0]
            elif any(accept):
                fields["accept"] = accept
        elif qtype == "ordering":
            fields["answer"] = lines
            fields["choices"] = _lines(self.choices.data)
        else:
            fields["answer"] = answer
        if qtype in ("short_answer", "cloze") and self.typo_tolerance.data:
            fields["typo_tolerance"] = int(self.typo_tolerance.data)
        fields["explanation"] = (self.explanation.data or "").strip()
        fields["hint"] = (self.hint.data or "").strip()
        fields["tags"] = [t.strip() for t in (self.tags.data or "").split(",") if t.strip()]
        if self.source_ref.data:
            fields["source"] = {"ref": self.source_ref.data}
            if (self.source_sentence.data or "").strip():
                fields["source"]["sentence"] = self.source_sentence.data.strip()
        return fields

    def fill_from(self, fields: dict[str, Any]) -> None:
        """Show a question (as ``bank_admin.question_fields`` gives it) in the form."""
        qtype = fields["type"]
        self.key.data = fields["id"]
        self.type.data = qtype
        self.prompt.data = fields["prompt"]
        answer = fields["answer"]
        if isinstance(answer, bool):
            self.answer.data = "true" if answer else "false"
        elif isinstance(answer, list):
            self.answer.data = "\n".join(str(a) for a in answer)
        else:
            self.answer.data = str(answer)
        self.choices.data = "\n".join(fields.get("choices", []))
        accept = fields.get("accept") or []
        if accept and isinstance(accept[0], list):
            self.accept.data = "\n".join(" | ".join(alts) for alts in accept)
        elif qtype == "cloze":
            self.accept.data = " | ".join(accept)
        else:
            self.accept.data = "\n".join(accept)
        tolerance = fields.get("typo_tolerance")
        self.typo_tolerance.data = "" if tolerance is None else str(tolerance)
        self.case_sensitive.data = bool(fields.get("case_sensitive"))
        self.shuffle.data = fields.get("shuffle", True)
        self.tolerance.data = str(fields["tolerance"]) if "tolerance" in fields else ""
        self.unit.data = fields.get("unit", "")
        self.explanation.data = fields.get("explanation", "")
        self.hint.data = fields.get("hint", "")
        self.tags.data = ", ".join(fields.get("tags", []))
        source = fields.get("source") or {}
        self.source_ref.data = source.get("ref", "")
        self.source_sentence.data = source.get("sentence", "")

    def attach_errors(self, errors: dict[str, str]) -> None:
        """Put the validator's messages next to the fields they are about."""
        names = {"id": "key", "source": "source_ref"}
        for name, message in errors.items():
            field = getattr(self, names.get(name, name), None)
            if field is not None and hasattr(field, "errors"):
                field.errors = [*field.errors, message]
            else:
                self.form_errors.append(message)


class TryQuestionForm(FlaskForm):
    """An answer in the sandbox: where the teacher is, carried by the page (nothing stored)."""

    position = HiddenField()
    seed = HiddenField()
    right = HiddenField()
