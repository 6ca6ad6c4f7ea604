"""The practice's figures (issue 22): known capture and contact times, and the months and weeks they fall in."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from leadcapture.intake.domain.contract import new_lead, validate_submission
from leadcapture.kernel.business_days import BusinessCalendar
from leadcapture.kernel.figures import Record, Week, compute, figures, table
from leadcapture.kernel.status import Status, StatusChange
from leadcapture.kernel.timestamps import utc_stamp
from tests.conftest import valid_lead

LA = ZoneInfo("America/Los_Angeles")
CALENDAR = BusinessCalendar(LA)  # Monday to Friday, 09:00 to 17:00
# Wednesday 16 December 2026, noon in Los Angeles: this month is December, last month November.
NOW = datetime(2026, 12, 16, 12, tzinfo=LA)


def at(text: str) -> str:
    """A practice-local time as the stored UTC stamp."""
    return utc_stamp(datetime.fromisoformat(text).replace(tzinfo=LA))


def record(received: str, *changes: tuple[Status, str], urgent: bool = False, acknowledged: str | None = None) -> Record:
    history = (StatusChange("new", at(received), "form"), *(StatusChange(s, at(when), "desk", "Casey") for s, when in changes))
    status = changes[-1][0] if changes else "notified"
    return Record(at(received), status, urgent, history, at(acknowledged) if acknowledged else None)


# The month the tests know, one lead per case (times in Los Angeles).
BOOKED = record("2026-12-07T10:00", ("contacted", "2026-12-07T12:00"), ("booked", "2026-12-09T10:00"))  # 2 h, in time
OVER_A_WEEKEND = record("2026-12-11T16:00", ("contacted", "2026-12-14T10:00"))  # Fri 16-17 + Mon 9-10: 2 h, in time (Mon 17:00)
LATE = record("2026-12-07T09:00", ("contacted", "2026-12-09T11:00"))  # 8 + 8 + 2 = 18 h; promised Tue 17:00: late
NOT_A_FIT = record("2026-12-08T10:00", ("not_a_fit", "2026-12-08T10:00:30"))  # closed at once: not contacted, and due
SPAM = dataclasses.replace(record("2026-12-08T11:00"), status="spam")
URGENT = record("2026-12-10T22:00", ("contacted", "2026-12-11T08:00"), urgent=True, acknowledged="2026-12-10T22:12")
URGENT_UNPRESSED = record("2026-12-14T10:00", ("no_response", "2026-12-14T10:48"), urgent=True)  # no "I'm on it": its outcome
NOT_DUE = record("2026-12-15T10:00")  # promised Wednesday 17:00, after NOW: neither in time nor late yet
CANARY = dataclasses.replace(record("2026-12-08T04:00"), status="canary")
# Monday 30 November 23:30 in Los Angeles is 1 December in UTC: November's, in the practice's months.
LAST_MONTH = record("2026-11-30T23:30", ("contacted", "2026-12-01T09:30"))  # 0.5 h, in time
BEFORE = record("2026-10-31T12:00", ("contacted", "2026-11-02T10:00"))
DECEMBER = [BOOKED, OVER_A_WEEKEND, LATE, NOT_A_FIT, SPAM, URGENT, URGENT_UNPRESSED, NOT_DUE, CANARY]


def test_this_months_figures_from_known_capture_and_contact_times() -> None:
    month = figures([*DECEMBER, LAST_MONTH, BEFORE], calendar=CALENDAR, now=NOW).this_month
    assert month.first_day == date(2026, 12, 1)
    assert (month.received, month.contacted) == (7, 4)  # not spam, not the canary; the not-a-fit lead is not contacted
    assert month.median_business_hours_to_contact == 2.0  # of 2, 2, 18 and 0 (the urgent one, before opening)
    assert (month.within_promise, month.due) == (3, 6)  # the late one and the two never contacted are due and missed
    assert month.outcomes == {"booked": 1, "contacted": 3, "not_a_fit": 1, "no_response": 1, "closed": 0, "open": 1, "spam": 1}
    assert (month.urgent, month.acknowledged, month.median_minutes_to_acknowledge) == (2, 2, 30.0)  # of 12 and 48


def test_a_lead_closed_as_not_a_fit_is_not_contacted_but_counts_against_the_promise() -> None:
    month = figures([NOT_A_FIT], calendar=CALENDAR, now=NOW).this_month
    assert (month.received, month.contacted, month.median_business_hours_to_contact) == (1, 0, None)
    assert (month.within_promise, month.due) == (0, 1)
    rows = {label: this for label, this, _ in table(figures([NOT_A_FIT], calendar=CALENDAR, now=NOW))}
    assert (rows["Contacted"], rows["Contacted within the promise"]) == ("0", "0 of 1 due (0%)")


def test_a_contact_after_the_promise_is_contacted_but_not_within_it() -> None:
    month = figures([LATE], calendar=CALENDAR, now=NOW).this_month
    assert (month.contacted, month.median_business_hours_to_contact, month.within_promise, month.due) == (1, 18.0, 0, 1)


def test_business_hours_leave_out_the_weekend() -> None:
    month = figures([OVER_A_WEEKEND], calendar=CALENDAR, now=NOW).this_month
    assert (month.median_business_hours_to_contact, month.within_promise, month.due) == (2.0, 1, 1)


def test_an_urgent_lead_is_acknowledged_by_im_on_it_else_by_its_first_outcome() -> None:
    month = figures([URGENT], calendar=CALENDAR, now=NOW).this_month
    assert (month.urgent, month.acknowledged, month.median_minutes_to_acknowledge) == (1, 1, 12.0)
    assert figures([URGENT_UNPRESSED], calendar=CALENDAR, now=NOW).this_month.median_minutes_to_acknowledge == 48.0
    waiting = record("2026-12-15T03:00", urgent=True)
    month = figures([waiting], calendar=CALENDAR, now=NOW).this_month
    assert (month.urgent, month.acknowledged, month.median_minutes_to_acknowledge) == (1, 0, None)


def test_months_are_the_practices_and_older_leads_are_left_out() -> None:
    result = figures([*DECEMBER, LAST_MONTH, BEFORE], calendar=CALENDAR, now=NOW)
    last = result.last_month
    assert (last.first_day, last.received, last.contacted, last.median_business_hours_to_contact) == (date(2026, 11, 1), 1, 1, 0.5)
    assert (last.within_promise, last.due) == (1, 1)
    # Weeks start Monday; the first starts on the window's first day (Sunday 1 November); none after this week.
    assert result.weeks == (
        Week(date(2026, 11, 1), 0),
        Week(date(2026, 11, 2), 0),
        Week(date(2026, 11, 9), 0),
        Week(date(2026, 11, 16), 0),
        Week(date(2026, 11, 23), 0),
        Week(date(2026, 11, 30), 1),
        Week(date(2026, 12, 7), 5),
        Week(date(2026, 12, 14), 2),
    )


def test_the_figures_in_words() -> None:
    rows = {label: (this, last) for label, this, last in table(figures([*DECEMBER, LAST_MONTH], calendar=CALENDAR, now=NOW))}
    assert rows["Requests received"] == ("7", "1")
    assert rows["Median time to first contact"] == ("2.0 business hours", "0.5 business hours")
    assert rows["Contacted within the promise"] == ("3 of 6 due (50%)", "1 of 1 due (100%)")
    assert rows["Median time to acknowledge an urgent request"] == ("30 minutes", "none acknowledged")
    assert rows["Spam (not counted as received)"] == ("1", "0")
    empty = {label: this for label, this, _ in table(figures([], calendar=CALENDAR, now=NOW))}
    assert empty["Median time to first contact"] == "none contacted" and empty["Contacted within the promise"] == "none due yet"


def test_leads_stats_computes_the_same_months_from_whole_leads() -> None:
    base = new_lead(validate_submission(valid_lead()), now=datetime(2026, 12, 7, 18, tzinfo=UTC), consent_version="v", retention_days=1)
    known = [*DECEMBER, LAST_MONTH, BEFORE]
    same = ("created_at", "status", "urgent", "history", "acknowledged_at")
    leads = [dataclasses.replace(base, id=str(n), **{name: getattr(r, name) for name in same}) for n, r in enumerate(known)]
    stats = compute(leads, zone=LA, calendar=CALENDAR, now=NOW)
    assert stats.months == figures([*DECEMBER, LAST_MONTH, BEFORE], calendar=CALENDAR, now=NOW)
    assert Record.of(leads[0]) == BOOKED
    # All time, in business hours as the months measure them: 2, 2, 18, 0, 0.5 and BEFORE's 1 (Saturday to Monday 10:00).
    assert stats.median_hours_to_contact == 1.5


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        ("2026-12-07T10:00", "2026-12-07T12:30", 2.5),  # within a day
        ("2026-12-04T16:00", "2026-12-07T10:00", 2.0),  # Friday to Monday: the weekend adds nothing
        ("2026-12-07T18:00", "2026-12-08T08:00", 0.0),  # overnight
        ("2026-12-05T10:00", "2026-12-06T10:00", 0.0),  # Saturday to Sunday
        ("2026-12-07T07:00", "2026-12-11T20:00", 40.0),  # a whole working week
        ("2026-12-08T10:00", "2026-12-07T10:00", 0.0),  # the end before the start
    ],
)
def test_business_seconds(start: str, end: str, hours: float) -> None:
    local = datetime.fromisoformat
    assert CALENDAR.business_seconds(local(start).replace(tzinfo=LA), local(end).replace(tzinfo=LA)) == hours * 3600


def test_business_seconds_leave_out_holidays() -> None:
    calendar = BusinessCalendar(LA, holidays=frozenset({date(2026, 12, 25)}))
    start, end = datetime(2026, 12, 24, 16, tzinfo=LA), datetime(2026, 12, 28, 10, tzinfo=LA)  # Thursday to Monday over Christmas
    assert calendar.business_seconds(start, end) == 2 * 3600
