"""Where quizapp's shipped resources live, in a source checkout and once installed.

In a checkout, templates/ and question_banks/ sit at the repository root next to
the package; a wheel carries them inside the package (see pyproject.toml).
"""

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    inside = PACKAGE_DIR / name
    if inside.is_dir():
        return inside
    return PACKAGE_DIR.parent / name


TEMPLATES_DIR = _shipped("templates")
BUNDLED_BANKS_DIR = _shipped("question_banks")
STATIC_DIR = PACKAGE_DIR / "static"
MIGRATIONS_DIR = PACKAGE_DIR / "migrations"
SCHEMAS_DIR = PACKAGE_DIR / "schemas"
