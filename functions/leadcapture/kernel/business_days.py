"""The practice's business calendar: when a lead's follow-up is promised, and when it escalates.

The rules, in the practice's time zone (PRACTICE_TIMEZONE), with BUSINESS_DAYS, BUSINESS_HOURS
and HOLIDAYS:

- A *business day* is a day of BUSINESS_DAYS that is not in HOLIDAYS. It opens and closes at
  BUSINESS_HOURS.
- The *promise* for a lead is the close of the first business day that opens after the lead
  arrived: a full business day to answer it. Friday 17:30 -> Monday 17:00; Monday 10:00 ->
  Tuesday 17:00; Monday 07:00 (before opening) -> Monday 17:00; Saturday -> Monday 17:00.
- The *escalation* is the close of the next business day after the promise's day: Monday 17:00
  -> Tuesday 17:00.

Times are built from the local date and wall-clock time with zoneinfo, then compared as instants,
so a promise across a daylight-saving change still falls at 17:00 local time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from leadcapture.kernel.settings.practice import BusinessHours as CalendarSettings

# How far the calendar looks for a business day before giving up: a year of holidays is possible.
SEARCH_DAYS = 3 * 366
_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class BusinessCalendar:
    zone: tzinfo
    days: frozenset[int] = frozenset(range(5))  # weekday numbers, Monday 0
    opens: time = time(9)
    closes: time = time(17)
    holidays: frozenset[date] = frozenset()

    @classmethod
    def from_settings(cls, settings: CalendarSettings) -> BusinessCalendar:
        opens, closes = settings.business_hours
        return cls(settings.zone, frozenset(settings.business_days), opens, closes, frozenset(settings.holidays))

    def is_business_day(self, day: date) -> bool:
        return day.weekday() in self.days and day not in self.holidays

    def opening(self, day: date) -> datetime:
        return datetime.combine(day, self.opens, tzinfo=self.zone)

    def closing(self, day: date) -> datetime:
        return datetime.combine(day, self.closes, tzinfo=self.zone)

    def _business_days(self, start: date, step: timedelta = _DAY) -> Iterator[date]:
        """Business days from `start` (included), forwards or backwards."""
        day = start
        for _ in range(SEARCH_DAYS):
            if self.is_business_day(day):
                yield day
            day += step
        raise ValueError(f"no business day within {SEARCH_DAYS} days of {start.isoformat()}")

    def _local_date(self, instant: datetime) -> date:
        return instant.astimezone(self.zone).date()

    def promise(self, received: datetime) -> datetime:
        """The close of the first business day that opens after `received`."""
        day = next(d for d in self._business_days(self._local_date(received)) if self.opening(d) > received)
        return self.closing(day)

    def escalation(self, promise: datetime) -> datetime:
        """The close of the next business day after the promise's day."""
        return self.closing(next(self._business_days(self._local_date(promise) + _DAY)))

    def due_if_received_before(self, now: datetime) -> datetime:
        """The instant such that a lead received before it has its promise at or before `now`.

        It is the opening of the latest business day that has closed by `now`: the promise only
        moves later with a later arrival, so the leads whose promise has passed are exactly those
        received before this (tests/domain/test_business_days.py checks it against `promise`).
        """
        day = next(d for d in self._business_days(self._local_date(now), -_DAY) if self.closing(d) <= now)
        return self.opening(day)

    def business_seconds(self, start: datetime, end: datetime) -> float:
        """The business hours between two instants, in seconds: the parts of business days' opening hours
        that fall between them (a weekend, a holiday or a night adds nothing). 0 when `end` is not after `start`."""
        if end <= start:
            return 0.0
        total = 0.0
        day, last = self._local_date(start), self._local_date(end)
        while day <= last:
            if self.is_business_day(day):
                overlap = min(end, self.closing(day)) - max(start, self.opening(day))
                total += max(overlap.total_seconds(), 0.0)
            day += _DAY
        return total
