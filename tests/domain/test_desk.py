"""The desk's rules without AWS: sessions and their timeouts, roles, the inbox's cursor and rows, notes, buttons."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from leadcapture.desk.domain import inbox, lead_work
from leadcapture.desk.domain.ports import Summary
from leadcapture.desk.domain.sessions import Session, Timeouts, allows, csrf_ok, ended, hash_id, role_of
from leadcapture.kernel.business_days import BusinessCalendar
from leadcapture.kernel.lead import Consent, Lead

TIMEOUTS = Timeouts(idle_seconds=30 * 60, absolute_seconds=12 * 3600)
CALENDAR = BusinessCalendar(ZoneInfo("America/Los_Angeles"))


def active(**changes: object) -> Session:
    return dataclasses.replace(Session("h", "active", "token", 1000.0, 1000.0, sub="s", name="Casey", groups=("coordinator",)), **changes)  # type: ignore[arg-type]


def test_a_session_ends_idle_after_30_minutes_and_for_good_after_12_hours() -> None:
    session = active()
    assert ended(session, 1000 + 30 * 60, TIMEOUTS) is None
    assert ended(session, 1000 + 30 * 60 + 1, TIMEOUTS) == "idle"
    used = active(last_seen=1000 + 12 * 3600)
    assert ended(used, 1000 + 12 * 3600, TIMEOUTS) is None
    assert ended(used, 1000 + 12 * 3600 + 1, TIMEOUTS) == "absolute"
    pending = active(kind="pending")
    assert ended(pending, 1000 + 5 * 60 + 1, TIMEOUTS) == "absolute"


def test_csrf_and_roles() -> None:
    assert csrf_ok(active(), "token") and not csrf_ok(active(), "other") and not csrf_ok(active(), "") and not csrf_ok(None, "token")
    assert role_of(("coordinator",)) == "coordinator" and role_of(("manager", "coordinator")) == "manager" and role_of(("x",)) is None
    assert allows("manager", "coordinator") and allows("coordinator", "coordinator")
    assert not allows("coordinator", "manager") and not allows(None, "coordinator")
    assert hash_id("a") != hash_id("b") and len(hash_id("a")) == 64


CURSOR = {"id": "0e8e7b2a-2b43-4d55-9a39-6a2d8c6b7f10", "created_at": "2026-12-07T17:00:00.000Z", "status": "contacted"}


@pytest.mark.parametrize(
    "text",
    ["", "not-base64!", "e30", inbox.encode_cursor({"id": "x", "created_at": "2026-12-07T17:00:00.000Z"}),
     inbox.encode_cursor({**CURSOR, "email": "a@b.example"}), inbox.encode_cursor({**CURSOR, "created_at": "yesterday"}), "A" * 401],
)  # fmt: skip
def test_a_cursor_the_inbox_did_not_make_starts_at_the_first_page(text: str) -> None:
    assert inbox.decode_cursor(text) is None


def test_a_cursor_round_trips_and_holds_no_personal_data() -> None:
    assert inbox.decode_cursor(inbox.encode_cursor(CURSOR)) == CURSOR


def test_a_row_is_first_name_and_initial_received_in_the_practices_time_and_its_promise() -> None:
    lead = Summary("0e8e7b2a-2b43-4d55-9a39-6a2d8c6b7f10", "2026-12-07T17:30:00.000Z", "notified", "Ana María", "López", urgent=True)
    row = inbox.row(lead, CALENDAR, datetime(2026, 12, 9, 2, tzinfo=UTC))
    assert (row.name, row.received, row.unread, row.urgent) == ("Ana María L.", "Mon 7 Dec 2026, 09:30", True, True)
    assert (row.promise, row.overdue) == ("Tue 8 Dec 2026, 17:00", True)
    closed = inbox.row(dataclasses.replace(lead, status="contacted", opened_at="x"), CALENDAR, datetime(2026, 12, 9, tzinfo=UTC))
    assert (closed.promise, closed.overdue, closed.unread) == ("", False, False)


def test_a_date_range_is_the_practices_days_both_included() -> None:
    assert inbox.bounds(date(2026, 12, 7), date(2026, 12, 7), CALENDAR) == ("2026-12-07T08:00:00.000Z", "2026-12-08T08:00:00.000Z")
    assert inbox.bounds(None, None, CALENDAR) == (inbox.FIRST, inbox.LAST)


def test_notes_are_trimmed_bounded_and_without_control_characters() -> None:
    assert lead_work.clean_note("  Left a voicemail.\r\nCall back Tuesday.\x00\u202e ") == "Left a voicemail.\nCall back Tuesday."
    assert lead_work.clean_note(" \n ") is None
    assert lead_work.clean_note("x" * 2000) == "x" * 2000 and lead_work.clean_note("x" * 2001) is None


def lead(status: str) -> Lead:
    return Lead("0e8e7b2a-2b43-4d55-9a39-6a2d8c6b7f10", "2026-12-07T17:30:00.000Z", status, "Ana", "L", "email",  # type: ignore[arg-type]
                Consent("v", "2026-12-07T17:30:00.000Z"), False, 2_000_000_000)  # fmt: skip


def test_the_buttons_follow_the_status_rules() -> None:
    assert lead_work.presses(lead("notified")) == ("contacted", "booked", "not_a_fit", "no_response", "spam")
    assert lead_work.presses(lead("contacted")) == ("booked", "not_a_fit", "no_response", "reopen")
    assert lead_work.presses(lead("spam")) == ("not_spam",)
    assert lead_work.presses(lead("canary")) == ()
