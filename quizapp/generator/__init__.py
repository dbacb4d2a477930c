"""Draft question banks from news articles and history pages.

    source = read_source(text, filename="article.html")
    bank = generate_bank(source)
    print(dump_bank_yaml(bank))

Pure Python: no Flask, no downloads, no randomness.
"""

from .bank import dump_bank_yaml, generate_bank
from .reader import Source, read_source

__all__ = ["Source", "dump_bank_yaml", "generate_bank", "read_source"]
