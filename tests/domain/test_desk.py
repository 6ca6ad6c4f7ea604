"""The desk's rules without AWS: sessions and their timeouts, roles, the inbox's cursor and rows, notes, buttons."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from leadcapture.desk.domain import inbox, lead_work
from leadcapture.desk.domain.ports import Summary
from leadcapture.desk.domain.sessions import Session, Timeouts, allows, csrf_ok, ended, hash_id, role_of
from leadcapture.desk.web import lead_facts
from leadcapture.kernel import paging
from leadcapture.kernel.business_days import BusinessCalendar
from leadcapture.kernel.lead import Consent, Lead
from leadcapture.kernel.status import Person, StatusChange
from leadcapture.kernel.status_changes import change_status, reopen
from leadcapture.kernel.timestamps import parse_stamp, utc_stamp
from tests.fakes import FakeLeads

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


# --- "I'm on it", the close note, and what the page says of them (issue 23, issue 24) ---------------------

NOW = datetime(2026, 12, 11, 6, 0, tzinfo=UTC)
CASEY = Person("Casey Coordinator")


def urgent(**changes: object) -> Lead:
    return dataclasses.replace(lead("notified"), urgent=True, email="ana@example.com", **changes)  # type: ignore[arg-type]


def test_im_on_it_at_the_desk_records_the_users_name_once_and_its_seconds_since_arrival() -> None:
    leads = FakeLeads(urgent())
    done = lead_work.im_on_it(urgent().id, store=leads, by=CASEY, now=NOW)
    stored = leads.leads[urgent().id]
    assert (stored.acknowledged_at, stored.acknowledged_by, stored.status) == (utc_stamp(NOW), "Casey Coordinator", "notified")
    assert done == lead_work.OnIt("recorded", (NOW - datetime(2026, 12, 7, 17, 30, tzinfo=UTC)).total_seconds())
    assert lead_work.im_on_it(urgent().id, store=leads, by=Person("Morgan"), now=NOW) == lead_work.OnIt("already")
    assert leads.leads[urgent().id].acknowledged_by == "Casey Coordinator"
    assert lead_work.im_on_it(str(uuid.uuid4()), store=leads, by=CASEY, now=NOW) == lead_work.OnIt("gone")
    # An outcome recorded before counts as someone having it: "already", nothing written.
    contacted = FakeLeads(urgent(status="contacted", history=(StatusChange("contacted", "2026-12-08T00:00:00.000Z", "desk", "Casey"),)))
    assert lead_work.im_on_it(urgent().id, store=contacted, by=CASEY, now=NOW).outcome == "already"
    assert contacted.leads[urgent().id].acknowledged_at is None


def test_the_first_outcome_on_an_urgent_lead_nobody_had_is_its_acknowledgement_once() -> None:
    leads = FakeLeads(urgent(), dataclasses.replace(urgent(), id=str(uuid.uuid4()), urgent=False))
    lead_id = urgent().id
    change_status(lead_id, "not_a_fit", store=leads, at=utc_stamp(NOW), by=CASEY)
    assert lead_work.acknowledged_by_outcome(leads.leads[lead_id], NOW) == (NOW - datetime(2026, 12, 7, 17, 30, tzinfo=UTC)).total_seconds()
    # The close note's history entry is an event, not a change: the outcome is still the one and only.
    lead_work.ask_for_close_note(lead_id, store=leads, by=CASEY, now=NOW)
    assert paging.acknowledged_by_this_outcome(leads.leads[lead_id]) is True
    change_status(lead_id, "booked", store=leads, at=utc_stamp(NOW), by=CASEY)
    assert lead_work.acknowledged_by_outcome(leads.leads[lead_id], NOW) is None  # a correction: not the first
    reopen(lead_id, store=leads, at=utc_stamp(NOW), by=CASEY)
    assert lead_work.acknowledged_by_outcome(leads.leads[lead_id], NOW) is None
    # Someone pressed "I'm on it" first; or it is not urgent: an outcome is no acknowledgement.
    pressed = FakeLeads(urgent(acknowledged_at="2026-12-08T00:00:00.000Z", acknowledged_by="coordinator"))
    change_status(lead_id, "contacted", store=pressed, at=utc_stamp(NOW), by=CASEY)
    assert lead_work.acknowledged_by_outcome(pressed.leads[lead_id], NOW) is None
    plain = next(lead for lead in leads.leads.values() if not lead.urgent)
    change_status(plain.id, "contacted", store=leads, at=utc_stamp(NOW), by=CASEY)
    assert lead_work.acknowledged_by_outcome(leads.leads[plain.id], NOW) is None


def test_the_close_note_is_asked_for_by_the_desk_user_once_and_never_for_a_person_who_said_no_email() -> None:
    fit = urgent(status="not_a_fit")
    leads = FakeLeads(fit)
    asked = lead_work.ask_for_close_note(fit.id, store=leads, by=CASEY, now=NOW)
    assert asked is not None and (asked.outcome, asked.offer) == ("requested", "requested")
    stored = leads.leads[fit.id]
    assert (stored.close_note, stored.close_note_requested_at) == ("not_a_fit", utc_stamp(NOW))
    assert stored.history[-1] == StatusChange("not_a_fit", utc_stamp(NOW), "desk", "Casey Coordinator", "close_note_requested")
    again = lead_work.ask_for_close_note(fit.id, store=leads, by=CASEY, now=NOW)
    assert again is not None and again.outcome == "already" and len(leads.leads[fit.id].history) == 1
    for changes, why in (({"email_ok": False}, "email_declined"), ({"email": None}, "no_email"), ({"status": "contacted"}, "not_closed")):
        other = FakeLeads(dataclasses.replace(fit, **changes))
        refused = lead_work.ask_for_close_note(fit.id, store=other, by=CASEY, now=NOW)
        assert refused is not None and (refused.outcome, refused.offer) == ("refused", why)
        assert other.leads[fit.id].close_note_requested_at is None
    assert lead_work.ask_for_close_note(str(uuid.uuid4()), store=leads, by=CASEY, now=NOW) is None


def local(stamp: str | None) -> str:
    return inbox.local(parse_stamp(stamp), CALENDAR) if stamp else ""


def test_the_page_offers_the_close_note_exactly_as_close_note_offer_says() -> None:
    fit, tried = urgent(status="not_a_fit"), urgent(status="no_response")
    assert lead_facts.close_note(urgent(), local) is None  # open: no note has a place
    available = lead_facts.close_note(fit, local)
    assert available is not None and (available.offer, available.button) == ("available", "Send them the referral note")
    assert "1-800-662-4357" in available.what and "988" in available.what
    tried_note = lead_facts.close_note(tried, local)
    assert tried_note is not None and tried_note.button == "Send them a note that you tried"
    declined = lead_facts.close_note(dataclasses.replace(fit, email_ok=False), local)
    assert declined is not None and (declined.button, declined.lines) == (
        "",
        ("They asked not to be emailed, so no note can be sent to them.",),
    )
    no_address = lead_facts.close_note(dataclasses.replace(fit, email=None), local)
    assert no_address is not None and no_address.lines == ("They gave no email address, so no note can be sent to them.",)
    asked = lead_facts.close_note(dataclasses.replace(fit, close_note_requested_at="2026-12-08T18:00:00.000Z"), local)
    assert asked is not None and asked.lines == ("Asked for Tue 8 Dec 2026, 10:00: it goes once, within a minute.",)
    sent = dataclasses.replace(fit, close_note_requested_at="2026-12-08T18:00:00.000Z", close_note_sent_at="2026-12-08T18:00:30.000Z",
                               close_note_bounced_at="2026-12-08T18:01:00.000Z", close_note_bounce_type="Permanent")  # fmt: skip
    shown = lead_facts.close_note(sent, local)
    assert shown is not None and shown.offer == "sent" and shown.lines[0] == "Sent Tue 8 Dec 2026, 10:00."
    assert "Bounced Tue 8 Dec 2026, 10:01 (Permanent)" in shown.lines[1]


def test_the_page_says_whether_the_acknowledgement_was_asked_for_sent_refused_and_what_ses_said() -> None:
    assert lead_facts.acknowledgement(urgent(), local) == ["Not asked for: nothing was sent to them."]
    asked = urgent(acknowledge=True)
    assert lead_facts.acknowledgement(asked, local)[0].startswith("Asked for, not sent: it goes within a minute")
    refused = lead_facts.acknowledgement(dataclasses.replace(asked, acknowledgement_error="MessageRejected"), local)
    assert refused == ["Asked for, but not sent: the email service refused it (MessageRejected)."]
    sent = dataclasses.replace(asked, acknowledgement_sent_at="2026-12-07T17:31:00.000Z")
    sent = dataclasses.replace(
        sent, acknowledgement_delivered_at="2026-12-07T17:31:05.000Z", acknowledgement_complaint_at="2026-12-07T19:00:00.000Z"
    )
    assert lead_facts.acknowledgement(sent, local) == [
        "Asked for, and sent Mon 7 Dec 2026, 09:31.",
        "Delivered to their mail server Mon 7 Dec 2026, 09:31.",
        "They marked it as spam Mon 7 Dec 2026, 11:00.",
    ]


def test_the_page_says_how_an_urgent_lead_was_texted_who_has_it_and_the_escalation() -> None:
    words = {"coordinator": "an email link"}
    assert lead_facts.paging(urgent(), local, words)[0].startswith("No text message was sent about it")
    texted = urgent(paged_at="2026-12-07T17:30:02.000Z", last_paged_at="2026-12-07T17:50:02.000Z", page_count=3)
    assert lead_facts.paging(texted, local, words) == [
        "Texted to the on-call phones 3 times: first Mon 7 Dec 2026, 09:30, the last Mon 7 Dec 2026, 09:50."
    ]
    by_casey = dataclasses.replace(texted, page_count=1, acknowledged_at="2026-12-07T17:35:00.000Z", acknowledged_by="Casey Coordinator")
    assert lead_facts.paging(by_casey, local, words) == [
        "Texted to the on-call phones once: first Mon 7 Dec 2026, 09:30.",
        "“I'm on it” pressed by Casey Coordinator at the desk, Mon 7 Dec 2026, 09:35: its text messages stopped.",
    ]
    by_link = dataclasses.replace(by_casey, acknowledged_by="coordinator")
    assert "pressed from a link in a text or an email" in lead_facts.paging(by_link, local, words)[1]
    by_outcome = dataclasses.replace(
        texted, status="contacted", history=(StatusChange("contacted", "2026-12-07T17:40:00.000Z", "coordinator"),)
    )
    assert lead_facts.paging(by_outcome, local, words)[1] == (
        "Its text messages stopped when an outcome was recorded, Mon 7 Dec 2026, 09:40, by an email link."
    )
    # An outcome without its history entry (an older lead) still says the texts stopped.
    assert lead_facts.paging(urgent(status="not_a_fit"), local, words)[1] == "Its text messages stopped when an outcome was recorded."
    escalated = dataclasses.replace(texted, page_count=4, page_escalated_at="2026-12-07T18:10:02.000Z")
    assert lead_facts.paging(escalated, local, words)[-1] == "Nobody had it after the last text: escalated Mon 7 Dec 2026, 10:10."


def test_the_history_names_the_persons_events() -> None:
    assert lead_facts.EVENT_WORDS == {
        "close_note_requested": "Note to them asked for",
        "close_note_sent": "Note to them sent",
        "urgent_on_second_look": "Marked urgent on a second look",
    }


def test_an_inbox_row_marks_an_open_urgent_lead_nobody_has_yet() -> None:
    summary = Summary("0e8e7b2a-2b43-4d55-9a39-6a2d8c6b7f10", "2026-12-07T17:30:00.000Z", "notified", "Ana", "L", urgent=True)
    assert inbox.row(summary, CALENDAR, NOW).unclaimed is True
    assert inbox.row(dataclasses.replace(summary, acknowledged=True), CALENDAR, NOW).unclaimed is False
    assert inbox.row(dataclasses.replace(summary, status="contacted"), CALENDAR, NOW).unclaimed is False
    assert inbox.row(dataclasses.replace(summary, urgent=False), CALENDAR, NOW).unclaimed is False
