"""WSGI entry point: ``gunicorn wsgi:app`` or ``waitress-serve wsgi:app``.

Run ``quizapp db upgrade`` (and ``quizapp banks import question_banks``) once
before starting app servers this way; ``quizapp serve`` does both by itself.
"""

from quizapp import create_app

app = create_app()
