"""The business calendar: the promise (a full business day), the escalation, holidays and DST."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from leadcapture.followups.settings import FollowupsSettings
from leadcapture.kernel.business_days import BusinessCalendar
from tests.settings import make_settings

LA = ZoneInfo("America/Los_Angeles")
CALENDAR = BusinessCalendar(LA)


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LA)


@pytest.mark.parametrize(
    ("received", "promise"),
    [
        ("2026-12-04T17:30", "2026-12-07T17:00"),  # Friday after closing -> Monday
        ("2026-12-07T10:00", "2026-12-08T17:00"),  # Monday during hours -> Tuesday
        ("2026-12-07T07:00", "2026-12-07T17:00"),  # Monday before opening -> a full Monday
        ("2026-12-07T09:00", "2026-12-08T17:00"),  # at opening: Monday has begun
        ("2026-12-05T12:00", "2026-12-07T17:00"),  # Saturday -> Monday
        ("2026-12-06T23:59", "2026-12-07T17:00"),  # Sunday night -> Monday
    ],
)
def test_the_promise_is_the_close_of_the_first_business_day_that_opens_after_arrival(received: str, promise: str) -> None:
    assert CALENDAR.promise(local(received)) == local(promise)


def test_friday_evening_is_promised_monday_not_saturday() -> None:
    promise = CALENDAR.promise(local("2026-12-04T17:30"))
    assert promise.astimezone(LA).strftime("%A %H:%M") == "Monday 17:00"


def test_a_holiday_moves_the_promise_and_the_escalation() -> None:
    christmas = BusinessCalendar(LA, holidays=frozenset({date(2026, 12, 25)}))
    received = local("2026-12-24T10:00")  # Thursday; Friday the 25th is a holiday
    assert christmas.promise(received) == local("2026-12-28T17:00")
    assert CALENDAR.promise(received) == local("2026-12-25T17:00")
    assert christmas.escalation(local("2026-12-24T17:00")) == local("2026-12-28T17:00")


def test_escalation_is_the_close_of_the_next_business_day_after_the_promise() -> None:
    assert CALENDAR.escalation(local("2026-12-07T17:00")) == local("2026-12-08T17:00")
    assert CALENDAR.escalation(local("2026-12-04T17:00")) == local("2026-12-07T17:00")  # Friday -> Monday


def test_the_promise_stays_at_local_closing_time_across_daylight_saving() -> None:
    # US clocks spring forward on Sunday 2027-03-14: Friday is PST (UTC-8), Monday PDT (UTC-7).
    promise = CALENDAR.promise(local("2027-03-12T18:00"))
    assert promise.astimezone(LA).strftime("%A %H:%M %Z") == "Monday 17:00 PDT"
    assert promise.astimezone(UTC) == datetime(2027, 3, 16, 0, 0, tzinfo=UTC)
    # And back in November: Friday PDT, Monday PST.
    fall = CALENDAR.promise(local("2026-10-30T18:00"))
    assert fall.astimezone(UTC) == datetime(2026, 11, 3, 1, 0, tzinfo=UTC)


def test_business_days_and_hours_come_from_the_settings() -> None:
    settings = make_settings(
        FollowupsSettings,
        {"BUSINESS_DAYS": "Sun-Thu", "BUSINESS_HOURS": "08:00-16:30", "HOLIDAYS": "2026-12-08", "PRACTICE_TIMEZONE": "Asia/Jerusalem"},
    )
    calendar = BusinessCalendar.from_settings(settings)
    jerusalem = ZoneInfo("Asia/Jerusalem")
    assert (calendar.opens, calendar.closes) == (time(8), time(16, 30))
    # Thursday afternoon -> Sunday (Friday and Saturday are off); Monday -> Wednesday (Tuesday is a holiday).
    assert calendar.promise(datetime(2026, 12, 3, 15, 0, tzinfo=jerusalem)) == datetime(2026, 12, 6, 16, 30, tzinfo=jerusalem)
    assert calendar.promise(datetime(2026, 12, 7, 12, 0, tzinfo=jerusalem)) == datetime(2026, 12, 9, 16, 30, tzinfo=jerusalem)


def test_the_index_cutoff_selects_exactly_the_leads_whose_promise_has_passed() -> None:
    calendar = BusinessCalendar(LA, holidays=frozenset({date(2026, 12, 25)}))
    start = local("2026-12-18T00:00")
    arrivals = [start + timedelta(minutes=37 * i) for i in range(1, 800)]
    promises = [(received, calendar.promise(received)) for received in arrivals]  # independent of now
    for now in [start + timedelta(minutes=15 * i) for i in range(0, 1900, 7)]:
        cutoff = calendar.due_if_received_before(now)
        for received, promise in promises:
            assert (promise <= now) == (received < cutoff), (now, received)


def test_a_calendar_without_business_days_is_refused_at_start_up() -> None:
    with pytest.raises(ValueError, match="BUSINESS_DAYS"):
        make_settings(FollowupsSettings, {"BUSINESS_DAYS": ","})
    with pytest.raises(ValueError, match="closing time must come after"):
        make_settings(FollowupsSettings, {"BUSINESS_HOURS": "17:00-09:00"})
