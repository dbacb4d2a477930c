"""Statistics, checked against the review log they come from: streak, time, calendar,
retention by week, forecast and mastery by tag; the API and the progress page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Card, ReviewLog
from quizapp.services import stats as stats_service
from quizapp.services import study
from quizapp.services.users import update_settings
from quizapp.stats_charts import heatmap, level, share_bars
from quizapp.study.days import learner_zone, study_date
from quizapp.study.rating import recall_credit
from tests.conftest import PASSWORD
from tests.test_api import api  # noqa: F401  (the contract-checking client)

RIGHT = {"france": "Paris", "japan": "Tokyo", "rome-is-capital": True, "population": 2.1}
WRONG = {"france": "Lyon", "japan": "Kyoto", "rome-is-capital": False, "population": 9}


def _study_days(user_id, clock, days: int, *, wrong_on=()):
    """Answer everything due (or new) in 'capitals' on each of ``days`` days."""
    for day in range(days):
        for _ in range(10):
            shown = study.next_question(user_id, "capitals", now=clock(), fuzz=False)
            if isinstance(shown, study.Idle):
                break
            key = shown.question.key
            response = WRONG[key] if (day, key) in wrong_on else RIGHT[key]
            study.submit_answer(
                user_id, shown.token, response, elapsed_ms=7000, now=clock(), fuzz=False
            )
            clock.advance(minutes=11)
        clock.advance(days=1)


@pytest.fixture
def learner(make_user, import_bank):
    import_bank()
    user_id = make_user("learner")
    return user_id


def test_stats_agree_with_the_review_log(ctx, learner, clock):
    update_settings(learner, timezone="Europe/Paris", daily_goal=5)
    study.enroll(learner, "capitals")
    _study_days(learner, clock, 4, wrong_on={(2, "france")})
    clock.advance(days=1)  # a whole study day without an answer ends the streak
    stats = stats_service.learner_stats(learner, now=clock())
    zone = learner_zone("Europe/Paris")
    logs = list(db.session.scalars(select(ReviewLog)))
    per_day = {}
    for log in logs:
        day = study_date(log.reviewed_at, zone)
        per_day[day] = per_day.get(day, 0) + 1
    assert {d.day: d.reviews for d in stats.calendar if d.reviews} == per_day
    assert len(stats.calendar) == 365 and stats.calendar[-1].day == study_date(clock(), zone)
    assert stats.studied_total == sum(log.elapsed_ms for log in logs) // 1000
    assert stats.studied_today == 0 and stats.reviews_today == 0
    assert stats.streak_days == 0
    reviews = [log for log in logs if not log.was_new]
    counted = sum(w.reviews for w in stats.retention_by_week)
    assert counted == len(reviews)
    # Retention is corrected for guessing (docs/study.md): a wrong answer to a
    # question one can guess counts -g/(1-g).
    credited = sum(w.share * w.reviews for w in stats.retention_by_week if w.reviews)
    assert credited == pytest.approx(
        sum(recall_credit(log.rating > 1, log.guess_chance) for log in reviews)
    )
    cards = list(db.session.scalars(select(Card)))
    assert sum(d.reviews for d in stats.forecast) == sum(
        1 for c in cards if study_date(c.due, zone) <= stats.today + timedelta(days=29)
    )
    assert len(stats.forecast) == 30 and stats.forecast[0].day == stats.today
    tags = {t.tag: t for t in stats.tags}
    # france has the tag europe; the others fall back to the bank's title.
    assert tags["europe"].questions == 1 and 0 < tags["europe"].mastery < 1
    assert tags["Capitals"].questions == 3


def test_streak_and_today(ctx, learner, clock):
    update_settings(learner, daily_new_limit=1)  # something new to answer every day
    study.enroll(learner, "capitals")
    _study_days(learner, clock, 3)
    clock.advance(days=-1)  # back to the last study day's evening
    stats = stats_service.learner_stats(learner, now=clock())
    assert stats.streak_days == 3
    today_logs = [
        log
        for log in db.session.scalars(select(ReviewLog))
        if study_date(log.reviewed_at, learner_zone("UTC")) == stats.today
    ]
    assert stats.reviews_today == len(today_logs) > 0
    assert stats.studied_today == sum(log.elapsed_ms for log in today_logs) // 1000
    assert stats_service.streak(set(), stats.today) == 0


def test_pure_chart_geometry():
    from datetime import date

    days = [(date(2026, 1, 1) + timedelta(days=n), n % 5) for n in range(60)]
    chart = heatmap(days, title="t")
    assert chart.total == sum(n for _, n in days) and chart.peak == 4
    assert [c.level for c in chart.cells[:5]] == [0, 1, 2, 3, 4]
    assert chart.cells[0].y == chart.cells[7].y  # a row per weekday
    assert level(1, 100) == 1 and level(0, 10) == 0
    bars = share_bars([("a", 0.5, 2), ("b", 1.2, 1)], title="m")
    assert bars.bars[0].width == 200 and bars.bars[1].width == 400


def test_the_stats_api(api, make_user, import_bank, clock):  # noqa: F811
    import_bank()
    make_user("apiuser")
    token = api("POST", "/api/v1/tokens", body={"username": "apiuser", "password": PASSWORD})
    auth = {"token": token.get_json()["token"]}
    api("PUT", "/api/v1/banks/capitals/enrollment", **auth)
    shown = api("GET", "/api/v1/study/next?bank=capitals", **auth).get_json()
    api(
        "POST",
        "/api/v1/study/answers",
        body={"presentation_id": shown["presentation_id"], "response": "Paris", "elapsed_ms": 4200},
        **auth,
    )
    body = api("GET", "/api/v1/stats", **auth).get_json()
    assert body["streak_days"] == 1
    assert body["studied_seconds"] == {"today": 4, "total": 4}
    assert [d["reviews"] for d in body["calendar"]] == [1]
    assert len(body["retention_by_week"]) == 12 and len(body["forecast"]) == 30
    assert {t["tag"] for t in body["tags"]} == {"europe", "Capitals"}
    one = api("GET", "/api/v1/stats?bank=capitals", **auth).get_json()
    assert one["calendar"] == body["calendar"]
    assert api("GET", "/api/v1/stats?bank=nope", **auth).status_code == 404
    assert api("GET", "/api/v1/stats?bank=", **auth).status_code == 422
    goal = api("PATCH", "/api/v1/settings", body={"daily_goal": 30}, **auth).get_json()
    assert goal["daily_goal"] == 30
    assert api("PATCH", "/api/v1/settings", body={"daily_goal": -1}, **auth).status_code == 422
    assert api("GET", "/api/v1/stats", **auth).get_json()["goal"] == {"daily": 30, "today": 1}


def test_the_progress_page_draws_every_chart_with_a_table(
    client, make_user, login, import_bank, clock, ctx
):
    import_bank()
    user_id = make_user("student")
    login("student")
    update_settings(user_id, daily_new_limit=1)
    study.enroll(user_id, "capitals")
    _study_days(user_id, clock, 3, wrong_on={(1, "japan")})
    clock.advance(days=-1)
    page = client.get("/progress").get_data(as_text=True)
    for title in (
        "Answers over the last year",
        "Retention by week",
        "Reviews due",
        "Mastery by tag",
        "Reviews per day",
    ):
        assert f">{title}</title>" in page, title
        assert f"{title} as a table" in page, title
    assert '<p class="tile-figure"><strong>3</strong> days</p>' in page  # the streak
    answered = db.session.scalar(select(func.count(ReviewLog.id)))
    assert f"{answered} answers on 3 days" in page
    # The daily goal: set it on the page, see it, refuse nonsense.
    response = client.post("/progress/goal", data={"daily_goal": "12"})
    assert response.status_code == 303
    page = client.get("/progress").get_data(as_text=True)
    assert re.search(r"<span class=\"muted\"> / 12</span>", page)
    assert client.post("/progress/goal", data={"daily_goal": "-3"}).status_code == 422
    assert client.post("/progress/goal", data={"daily_goal": "5"}, csrf=False).status_code == 400
