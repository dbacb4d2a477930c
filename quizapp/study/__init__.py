"""The study loop's pure core: scheduling, choosing the next question, rating answers.

Nothing here imports Flask or touches the database, so every rule can be tested
with plain values and a clock that tests move by hand.
"""
