"""The YAML question-bank format: safe reading, validation and writing."""

from quizapp.bankfile.issues import BankIssue, BankValidationError, format_path
from quizapp.bankfile.validate import (
    FORMAT,
    ParsedBank,
    ParsedQuestion,
    ParsedSource,
    parse_bank,
    parse_bank_data,
    parse_banks,
)

__all__ = [
    "FORMAT",
    "BankIssue",
    "BankValidationError",
    "ParsedBank",
    "ParsedQuestion",
    "ParsedSource",
    "format_path",
    "parse_bank",
    "parse_bank_data",
    "parse_banks",
]
