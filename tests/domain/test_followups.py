"""run_followups(): one reminder at the promise, one escalation a business day later, never twice."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from leadcapture.followups.domain.followups import run_followups
from leadcapture.followups.settings import FollowupsSettings
from leadcapture.intake.domain.contract import new_lead, validate_submission
from leadcapture.kernel.coordinator_email import Email
from leadcapture.kernel.errors import MailRejected, MailTransientError
from leadcapture.kernel.lead import Lead
from leadcapture.kernel.ports import Mailroom
from leadcapture.kernel.status_changes import change_status
from leadcapture.kernel.timestamps import utc_stamp
from leadcapture.notify.domain.notification import notify_coordinator
from leadcapture.notify.settings import NotifySettings
from tests.conftest import valid_lead
from tests.fakes import FakeLeads, FakeMailer, FakeSentEmails
from tests.settings import make_settings

LA = ZoneInfo("America/Los_Angeles")
BASE = {
    "COORDINATOR_EMAILS": "coordinator@practice.example",
    "SENDER_EMAIL": "forms@practice.example",
    "ESCALATION_EMAILS": "manager@practice.example",
    "PRACTICE_TIMEZONE": "America/Los_Angeles",
}
SETTINGS = make_settings(FollowupsSettings, BASE)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=LA)


def lead_received(when: str, **fields: object) -> Lead:
    return new_lead(validate_submission(valid_lead(**fields)), now=at(when), consent_version="v1", retention_days=365)


class Practice:
    """The ports, some leads, and a clock to tick."""

    def __init__(self, *leads: Lead, settings: FollowupsSettings = SETTINGS) -> None:
        self.store = FakeLeads(*leads)
        self.mailer = FakeMailer()
        self.sent = FakeSentEmails()
        self.settings = settings

    def tick(self, when: str) -> dict[str, Any]:
        report = run_followups(at(when), store=self.store, mailroom=self.mailroom, settings=self.settings)
        return report.to_json()

    @property
    def mailroom(self) -> Mailroom:
        return Mailroom(self.mailer, self.sent)

    def subjects(self) -> list[str]:
        return [e.subject for e in self.mailer.sent]


def test_friday_evening_lead_is_reminded_monday_after_the_promise_not_on_saturday() -> None:
    lead = lead_received("2026-12-04T17:30")  # a Friday
    practice = Practice(lead)
    for when in ("2026-12-05T09:00", "2026-12-05T17:15", "2026-12-06T17:15", "2026-12-07T09:00", "2026-12-07T16:45"):
        assert practice.tick(when)["reminded"] == [], when
    assert practice.tick("2026-12-07T17:00")["reminded"] == [lead.id]
    assert practice.subjects() == ["Reminder: New consultation request: Sam R."]
    [email] = practice.mailer.sent
    assert email.to == ("coordinator@practice.example",)
    assert email.text.startswith(
        "Reminder: not yet marked contacted. This request was promised an answer by Monday 7 December, 5:00 PM PST."
    )
    assert lead.id in email.text
    assert practice.store.leads[lead.id].reminded_at == utc_stamp(at("2026-12-07T17:00"))


def test_escalation_exactly_once_one_business_day_after_the_promise() -> None:
    lead = lead_received("2026-12-04T17:30")
    practice = Practice(lead)
    runs = [practice.tick(f"2026-12-{day:02d}T{hour}") for day in (7, 8, 9) for hour in ("09:00", "17:00", "17:15", "23:45")]
    assert sum(len(run["reminded"]) for run in runs) == 1
    assert sum(len(run["escalated"]) for run in runs) == 1
    assert practice.subjects() == ["Reminder: New consultation request: Sam R.", "Escalation: New consultation request: Sam R."]
    escalation = practice.mailer.sent[1]
    assert escalation.to == ("manager@practice.example",)
    assert escalation.text.startswith("Escalation: still open.")
    assert practice.store.leads[lead.id].escalated_at == utc_stamp(at("2026-12-08T17:00"))


def test_a_lead_contacted_before_the_promise_gets_nothing() -> None:
    lead = lead_received("2026-12-04T17:30")
    practice = Practice(lead)
    change_status(lead.id, "contacted", store=practice.store, at=utc_stamp(at("2026-12-07T11:00")), by="coordinator")
    for when in ("2026-12-07T17:00", "2026-12-08T17:00", "2026-12-21T17:00"):
        assert practice.tick(when)["looked_at"] == 0
    assert practice.mailer.sent == []


def test_a_lead_contacted_after_the_reminder_is_not_escalated() -> None:
    lead = lead_received("2026-12-07T10:00")
    practice = Practice(lead)
    assert practice.tick("2026-12-08T17:00")["reminded"] == [lead.id]
    change_status(lead.id, "booked", store=practice.store, at=utc_stamp(at("2026-12-09T09:00")), by="coordinator")
    assert practice.tick("2026-12-09T17:00")["escalated"] == []
    assert practice.subjects() == ["Reminder: New consultation request: Sam R."]


def test_a_holiday_moves_the_promise() -> None:
    lead = lead_received("2026-12-24T10:00")  # Thursday
    holiday = Practice(lead, settings=make_settings(FollowupsSettings, {**BASE, "HOLIDAYS": "2026-12-25"}))
    assert holiday.tick("2026-12-25T17:00")["reminded"] == []
    assert holiday.tick("2026-12-28T17:00")["reminded"] == [lead.id]
    working = Practice(lead)
    assert working.tick("2026-12-25T17:00")["reminded"] == [lead.id]


def test_every_open_status_is_followed_and_no_other() -> None:
    leads = {
        status: replace(lead_received("2026-12-07T10:00"), id=status, status=status)
        for status in ("notified", "bounced", "spam", "canary", "closed")
    }
    practice = Practice(*leads.values())
    assert sorted(practice.tick("2026-12-08T17:00")["reminded"]) == ["bounced", "notified"]


def test_without_escalation_addresses_the_escalation_is_recorded_and_counted_but_not_emailed() -> None:
    lead = lead_received("2026-12-07T10:00")
    settings = make_settings(FollowupsSettings, {k: v for k, v in BASE.items() if k != "ESCALATION_EMAILS"})
    practice = Practice(lead, settings=settings)
    practice.tick("2026-12-08T17:00")
    run = practice.tick("2026-12-09T17:00")
    assert (run["escalated"], run["not_emailed"]) == ([lead.id], [lead.id])
    assert practice.subjects() == ["Reminder: New consultation request: Sam R."]
    assert practice.tick("2026-12-09T17:15")["escalated"] == []


def test_a_run_failing_halfway_then_rerun_sends_nobody_two_reminders() -> None:
    leads = [lead_received(f"2026-12-07T10:0{i}", first_name=name) for i, name in enumerate(("Ann", "Bea", "Cy"))]
    practice = Practice(*leads)
    accepted = practice.mailer.send
    calls: list[Email] = []

    def second_send_fails(email: Email) -> str:
        calls.append(email)
        if len(calls) == 2:
            raise MailTransientError("ThrottlingException")
        return accepted(email)

    practice.mailer.send = second_send_fails  # type: ignore[method-assign]
    first = practice.tick("2026-12-08T17:00")
    assert first["reminded"] == [leads[0].id, leads[2].id]
    assert first["failed"] == [{"lead_id": leads[1].id, "kind": "reminder", "error": "ThrottlingException"}]
    second = practice.tick("2026-12-08T17:15")
    assert second["reminded"] == [leads[1].id]
    assert sorted(practice.subjects()) == [f"Reminder: New consultation request: {n} R." for n in ("Ann", "Bea", "Cy")]


def test_a_run_dying_after_ses_accepted_is_finished_by_the_next_without_a_second_email() -> None:
    lead = lead_received("2026-12-07T10:00")
    practice = Practice(lead)
    accepted = practice.mailer.send

    def send_then_lose_the_table(email: Email) -> str:
        message_id = accepted(email)
        practice.store.unavailable = "InternalServerError"
        return message_id

    practice.mailer.send = send_then_lose_the_table  # type: ignore[method-assign]
    assert practice.tick("2026-12-08T17:00")["failed"] == [{"lead_id": lead.id, "kind": "reminder", "error": "InternalServerError"}]
    practice.store.unavailable = None
    practice.mailer.send = accepted  # type: ignore[method-assign]
    assert practice.tick("2026-12-08T17:15")["reminded"] == [lead.id]
    assert len(practice.mailer.sent) == 1


def test_a_reminder_refused_for_good_is_recorded_not_retried_every_run() -> None:
    lead = lead_received("2026-12-07T10:00")
    practice = Practice(lead)
    practice.mailer.failures.append(MailRejected("MessageRejected"))
    run = practice.tick("2026-12-08T17:00")
    assert (run["reminded"], run["rejected"]) == ([lead.id], [{"lead_id": lead.id, "kind": "reminder", "error": "MessageRejected"}])
    assert practice.tick("2026-12-08T17:15")["reminded"] == []
    assert practice.mailer.sent == []


def test_the_index_is_read_only_up_to_the_cutoff() -> None:
    # A lead that arrived this morning cannot be due tonight: it is not even read.
    early, today = lead_received("2026-12-07T10:00"), lead_received("2026-12-08T10:00")
    practice = Practice(early, today)
    run = practice.tick("2026-12-08T17:00")
    assert (run["looked_at"], run["reminded"]) == (1, [early.id])


@pytest.mark.parametrize("urgent_emails", ["", "oncall@practice.example"])
def test_an_urgent_lead_goes_at_once_to_urgent_emails_when_set(urgent_emails: str) -> None:
    settings = make_settings(NotifySettings, {**BASE, "URGENT_EMAILS": urgent_emails})
    lead = lead_received("2026-12-07T10:00", message="I have thoughts of self-harm")
    practice = Practice(lead)
    for _ in range(2):  # a redelivered record sends nothing more
        notify_coordinator(lead.id, store=practice.store, mailroom=practice.mailroom, settings=settings)
    expected = [("coordinator@practice.example",)] + ([("oncall@practice.example",)] if urgent_emails else [])
    assert sorted(e.to for e in practice.mailer.sent) == sorted(expected)
    assert {e.subject for e in practice.mailer.sent} == {"[URGENT] New consultation request: Sam R."}


def test_the_urgent_copy_is_sent_once_even_when_the_coordinator_email_is_retried() -> None:
    settings = make_settings(NotifySettings, {**BASE, "URGENT_EMAILS": "oncall@practice.example"})
    lead = lead_received("2026-12-07T10:00", message="I have thoughts of self-harm")
    practice = Practice(lead)
    accepted = practice.mailer.send

    def coordinator_throttled_once(email: Email) -> str:
        if email.to == ("coordinator@practice.example",) and not practice.mailer.failures and len(practice.mailer.sent) == 1:
            practice.mailer.send = accepted  # type: ignore[method-assign]
            raise MailTransientError("ThrottlingException")
        return accepted(email)

    practice.mailer.send = coordinator_throttled_once  # type: ignore[method-assign]
    with pytest.raises(MailTransientError):
        notify_coordinator(lead.id, store=practice.store, mailroom=practice.mailroom, settings=settings)
    result = notify_coordinator(lead.id, store=practice.store, mailroom=practice.mailroom, settings=settings)
    assert (result.outcome, result.urgent_copy) == ("sent", "sent")
    assert [e.to for e in practice.mailer.sent] == [("oncall@practice.example",), ("coordinator@practice.example",)]


def test_an_urgent_reminder_keeps_the_urgent_marker_first() -> None:
    lead = lead_received("2026-12-07T10:00", message="I have thoughts of self-harm")
    practice = Practice(lead)
    practice.tick("2026-12-08T17:00")
    assert practice.subjects() == ["[URGENT] Reminder: New consultation request: Sam R."]
