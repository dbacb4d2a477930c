"""Services: the operations quizapp offers, each owning its unit of work.

They take ids and plain values (never the request), return models or
dataclasses, and raise ``quizapp.errors`` types that views turn into responses.
"""
