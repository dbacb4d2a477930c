"""Writes the Anki packages these tests read, with Anki's own library (``pip install anki``).

Run it again only to refresh the files: ``python make_packages.py`` in this folder. It
makes a collection with a Basic, a Basic (and reversed card), a Basic (type in the answer)
and a Cloze note, one with an image, some review history, and exports it as a current
``.apkg`` (collection.anki21b, zstd-compressed, with Anki's placeholder note in
collection.anki2), a legacy ``.apkg`` and a ``.colpkg``.
"""

import shutil
import tempfile
from pathlib import Path

from anki.collection import Collection, ExportAnkiPackageOptions
from anki.decks import DeckId

HERE = Path(__file__).parent
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63f8cfc0f00f0004850180e4a98c210000000049454e44ae426082"
)


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    col = Collection(str(folder / "collection.anki2"))
    deck = col.decks.id("Capitals")
    col.media.write_data("paris.png", PNG)
    notes = [
        ("Basic", ['What is the capital of France?<img src="paris.png">', "Paris"], ["europe"]),
        ("Basic (and reversed card)", ["Japan", "Tokyo"], ["asia"]),
        ("Basic (type in the answer)", ["Capital of Italy?", "Rome"], []),
        ("Cloze", ["{{c1::Berlin}} is the capital of {{c2::Germany}}.", "Since 1990."], []),
    ]
    for kind, fields, tags in notes:
        note = col.new_note(col.models.by_name(kind))
        for n, value in enumerate(fields):
            note.fields[n] = value
        note.tags = tags
        col.add_note(note, DeckId(deck))
    for path, legacy in (("capitals.apkg", False), ("capitals-legacy.apkg", True)):
        options = ExportAnkiPackageOptions(
            with_scheduling=False, with_deck_configs=False, with_media=True, legacy=legacy
        )
        col.export_anki_package(out_path=str(HERE / path), options=options, limit=None)
    col.export_collection_package(str(HERE / "capitals.colpkg"), include_media=True, legacy=False)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
