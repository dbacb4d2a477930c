"""What a desired retention costs: the simulation, the recommendation, the settings page."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from quizapp.study.scheduling import MemoryState
from quizapp.study.workload import RECOMMEND_FROM, WARN_ABOVE, simulate, workload

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def own_cards(n=60, seed=1):
    rng = random.Random(seed)
    return [
        MemoryState(
            2,
            None,
            rng.uniform(1, 40),
            rng.uniform(3, 8),
            NOW + timedelta(days=rng.uniform(-2, 20)),
            NOW - timedelta(days=rng.uniform(1, 15)),
        )
        for _ in range(n)
    ]


def test_higher_retention_costs_more_reviews_and_remembers_more():
    cards = own_cards()
    low, high = (
        simulate(None, cards, 20, daily_new_limit=5, retention=r, now=NOW) for r in (0.8, 0.95)
    )
    assert high.reviews_per_day > low.reviews_per_day > 0
    assert high.remembered > low.remembered
    # Seeded: the same figures every time.
    assert simulate(None, cards, 20, daily_new_limit=5, retention=0.8, now=NOW) == low


def test_the_recommendation_is_the_most_memory_per_review_and_never_above_095():
    result = workload(None, own_cards(), 30, daily_new_limit=10, now=NOW)
    assert result.recommended in RECOMMEND_FROM and result.recommended <= WARN_ABOVE
    best = min(
        (c for c in result.costs if c.retention in RECOMMEND_FROM),
        key=lambda c: c.reviews_per_remembered,
    )
    assert (
        abs(best.reviews_per_remembered - result.cost_of(result.recommended).reviews_per_remembered)
        < 0.01
    )


def test_a_learner_without_cards_gets_figures_from_the_questions_to_meet():
    result = workload(None, [], 40, daily_new_limit=10, now=NOW)
    assert all(c.reviews_per_day > 0 for c in result.costs) and result.recommended


def test_the_settings_page_shows_the_cost_and_warns_above_095(
    client, make_user, login, import_bank, clock
):
    import_bank()
    make_user("student")
    login("student")
    client.post("/study/capitals/enroll", data={})
    page = client.get("/account").get_data(as_text=True)
    assert "What each target recall costs" in page and "recommended" in page
    assert "Reviews a day" in page and "above 95%" not in page
    response = client.post(
        "/account/settings",
        data={
            "display_name": "",
            "desired_retention": "0.97",
            "daily_new_limit": "20",
            "timezone": "UTC",
            "day_start_hour": "4",
        },
    )
    assert response.status_code == 302
    page = client.get("/account").get_data(as_text=True)
    assert "Your target recall is above 95%" in page and "(yours)" in page
