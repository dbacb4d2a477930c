"""Study days: when "today" starts for a learner.

Like Anki, a study day starts at 04:00 in the learner's time zone, so that a
session running past midnight still counts as one day.
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


def study_date(moment: datetime, zone: ZoneInfo) -> date:
    """The study day a moment belongs to."""
    return (moment.astimezone(zone) - timedelta(hours=DAY_STARTS_AT_HOUR)).date()


def day_start(day: date, zone: ZoneInfo) -> datetime:
    """When a study day begins, in UTC."""
    local = datetime(day.year, day.month, day.day, DAY_STARTS_AT_HOUR, tzinfo=zone)
    return local.astimezone(UTC)


def today_start(now: datetime, zone: ZoneInfo) -> datetime:
    return day_start(study_date(now, zone), zone)
