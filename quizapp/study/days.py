"""Study days: when "today" starts for a learner.

Like Anki, a study day starts at a set hour in the learner's time zone (04:00
unless the learner changes it), so that a session running past midnight still
counts as one day. Reviews fall due by study day (``quizapp.study.policy``): a
review due at any time of a study day is shown all through that day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DAY_STARTS_AT_HOUR = 4


def learner_zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def study_date(moment: datetime, zone: ZoneInfo, hour: int = DAY_STARTS_AT_HOUR) -> date:
    """The study day a moment belongs to."""
    return (moment.astimezone(zone) - timedelta(hours=hour)).date()


def day_start(day: date, zone: ZoneInfo, hour: int = DAY_STARTS_AT_HOUR) -> datetime:
    """When a study day begins, in UTC."""
    local = datetime(day.year, day.month, day.day, hour, tzinfo=zone)
    return local.astimezone(UTC)


def today_start(now: datetime, zone: ZoneInfo, hour: int = DAY_STARTS_AT_HOUR) -> datetime:
    return day_start(study_date(now, zone, hour), zone, hour)


def next_day_start(now: datetime, zone: ZoneInfo, hour: int = DAY_STARTS_AT_HOUR) -> datetime:
    """When the study day after the current one begins: reviews due before it are due today."""
    return day_start(study_date(now, zone, hour) + timedelta(days=1), zone, hour)
