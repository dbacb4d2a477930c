"""Indexes for reading the review log in bulk, as a teacher's analytics do.

They cover every column the analytics read, so the database answers from the
index alone and never visits the rows, whose JSON (responses, FSRS states) makes
them many times larger. With them, the analytics of a class of 200 students on a
bank of 500 questions (some 650,000 answers) take a fraction of a second
(see bench/analytics.py). They live apart from the model they index so that the
study model stays about what a review is.
"""

from sqlalchemy import Index

from quizapp.models.study import ReviewLog

# Per student (counts, last activity, first-attempt scores) and per day (progress chart).
by_student = Index(
    "ix_review_log_bank_user_time",
    ReviewLog.bank_id,
    ReviewLog.user_id,
    ReviewLog.reviewed_at,
    ReviewLog.was_new,
    ReviewLog.practice,
    ReviewLog.correct,
    ReviewLog.rating,
    ReviewLog.question_id,
    ReviewLog.answer_revision,
)

# Per question (attempts, facility, discrimination, response time).
by_question = Index(
    "ix_review_log_bank_question",
    ReviewLog.bank_id,
    ReviewLog.question_id,
    ReviewLog.answer_revision,
    ReviewLog.correct,
    ReviewLog.rating,
    ReviewLog.was_new,
    ReviewLog.practice,
    ReviewLog.user_id,
    ReviewLog.elapsed_ms,
)
