"""One time format for every page: Asia/Shanghai local time to the minute, and a deadline's
distance in words ("还剩 2 个工作日", "已超期 3 小时").

Working days are counted with the chinese-calendar package (statutory holidays and make-up working
days), the same source the mediation service times tasks by; a year an admin imported and the
package does not cover counts Monday–Friday here, which only changes the words, never a deadline."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta

import chinese_calendar
from google.protobuf.timestamp_pb2 import Timestamp

from services.common.clock import SHANGHAI, utcnow

TimeLike = Timestamp | datetime | str | None


def as_datetime(value: TimeLike) -> datetime | None:
    """A protobuf Timestamp, an aware datetime or an ISO 8601 string as an aware datetime; None
    for an unset Timestamp, an empty string or text that is not a time."""
    if isinstance(value, Timestamp):
        if not value.seconds and not value.nanos:
            return None
        return value.ToDatetime(tzinfo=SHANGHAI)
    if isinstance(value, str):
        if not value:
            return None
        try:
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=SHANGHAI)
    return value


def shanghai_time(value: TimeLike) -> str:
    """A time as people in Changzhi read it: Asia/Shanghai, to the minute; text that is not a time
    is shown as it is."""
    moment = as_datetime(value)
    if moment is None:
        return value if isinstance(value, str) else ""
    return moment.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M")


def _is_working_day(day: date) -> bool:
    try:
        return bool(chinese_calendar.is_workday(day))
    except NotImplementedError:  # a year the package does not cover
        return day.weekday() < 5


def working_days_between(start: datetime, end: datetime) -> int:
    """Whole working days after `start`'s day up to and including `end`'s day (Shanghai dates)."""
    first, last = start.astimezone(SHANGHAI).date(), end.astimezone(SHANGHAI).date()
    count, day = 0, first + timedelta(days=1)
    while day <= last:
        count += _is_working_day(day)
        day += timedelta(days=1)
    return count


def due_text(value: TimeLike, lang: str = "zh", now: datetime | None = None) -> str:
    """How far a deadline is: hours within the next day, working days beyond; hours past it once
    it is overdue."""
    due = as_datetime(value)
    if due is None:
        return ""
    now = now or utcnow()
    seconds = (due - now).total_seconds()
    if seconds < 0:
        hours = max(1, math.floor(-seconds / 3600))
        return f"overdue by {hours} h" if lang == "en" else f"已超期 {hours} 小时"
    if seconds < 24 * 3600:
        hours = max(1, math.ceil(seconds / 3600))
        return f"{hours} h left" if lang == "en" else f"还剩 {hours} 小时"
    days = max(1, working_days_between(now, due))
    return f"{days} working days left" if lang == "en" else f"还剩 {days} 个工作日"
