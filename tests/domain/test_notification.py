"""notify_coordinator(): one email per lead, whatever is redelivered or fails on the way."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from leadcapture.intake.domain.contract import new_lead as lead_from_request
from leadcapture.intake.domain.contract import validate_submission
from leadcapture.kernel.coordinator_email import Email
from leadcapture.kernel.errors import LeadNotFound, MailRejected, MailTransientError, StorageUnavailable
from leadcapture.kernel.lead import Lead
from leadcapture.kernel.ports import Mailroom
from leadcapture.kernel.timestamps import utc_stamp
from leadcapture.notify.domain.notification import notify_coordinator
from leadcapture.notify.settings import NotifySettings
from tests.conftest import valid_lead
from tests.fakes import FakeLeads, FakeMailer, FakeSentEmails
from tests.settings import make_settings

SETTINGS = make_settings(NotifySettings, {"COORDINATOR_EMAILS": "coordinator@practice.example", "SENDER_EMAIL": "forms@practice.example"})
NOW = datetime(2026, 11, 28, 18, 5, tzinfo=UTC)


def new_lead(**fields: object) -> Lead:
    return lead_from_request(validate_submission(valid_lead(**fields)), now=NOW, consent_version="v1", retention_days=365)


class Outside:
    """The three ports notify_coordinator uses, with one lead stored."""

    def __init__(self, lead: Lead) -> None:
        self.lead_id = lead.id
        self.store = FakeLeads(lead)
        self.mailer = FakeMailer()
        self.sent = FakeSentEmails()

    def notify(self) -> str:
        result = notify_coordinator(self.lead_id, store=self.store, mailroom=self.mailroom, settings=SETTINGS, now=NOW)
        return result.outcome if result.reason is None else f"{result.outcome}:{result.reason}"

    @property
    def mailroom(self) -> Mailroom:
        return Mailroom(self.mailer, self.sent)

    @property
    def lead(self) -> Lead:
        return self.store.leads[self.lead_id]


def test_a_new_lead_is_emailed_and_marked_notified() -> None:
    outside = Outside(new_lead())
    assert outside.notify() == "sent"
    assert [e.subject for e in outside.mailer.sent] == ["New consultation request: Sam R."]
    assert outside.mailer.sent[0].to == ("coordinator@practice.example",)
    assert (outside.lead.status, outside.lead.ses_message_id, outside.lead.notified_at) == ("notified", "message-1", utc_stamp(NOW))


def test_a_redelivered_record_sends_nothing() -> None:
    outside = Outside(new_lead())
    outside.notify()
    assert outside.notify() == "already_notified"
    assert len(outside.mailer.sent) == 1


def test_an_unknown_lead_is_an_error() -> None:
    outside = Outside(new_lead())
    outside.lead_id = "no-such-lead"
    with pytest.raises(LeadNotFound):
        outside.notify()


def test_a_quarantined_lead_is_not_emailed() -> None:
    outside = Outside(replace(new_lead(), status="spam"))
    assert outside.notify() == "not_emailed:spam"
    assert outside.mailer.sent == []


def test_a_lead_refused_for_good_earlier_is_not_emailed_again() -> None:
    outside = Outside(replace(new_lead(), status="notify_failed", notify_error="MessageRejected"))
    assert outside.notify() == "not_emailed:notify_failed"
    assert outside.mailer.sent == []


def test_ses_refusing_for_good_marks_the_lead_and_does_not_retry() -> None:
    outside = Outside(new_lead())
    outside.mailer.failures.append(MailRejected("MessageRejected"))
    assert outside.notify() == "rejected:MessageRejected"
    assert (outside.lead.status, outside.lead.notify_error) == ("notify_failed", "MessageRejected")
    assert outside.notify() == "not_emailed:notify_failed"
    assert outside.mailer.sent == []


def test_a_transient_ses_failure_raises_for_a_retry_that_then_sends_once() -> None:
    outside = Outside(new_lead())
    outside.mailer.failures.append(MailTransientError("ThrottlingException"))
    with pytest.raises(MailTransientError):
        outside.notify()
    assert outside.lead.status == "new"
    assert outside.notify() == "sent"
    assert len(outside.mailer.sent) == 1


def test_a_table_failure_after_ses_accepted_never_sends_a_second_email() -> None:
    outside = Outside(new_lead())
    accepted = outside.mailer.send

    def send_then_lose_the_table(email: Email) -> str:
        message_id = accepted(email)
        outside.store.unavailable = "InternalServerError"
        return message_id

    outside.mailer.send = send_then_lose_the_table  # type: ignore[method-assign]
    with pytest.raises(StorageUnavailable):
        outside.notify()
    outside.store.unavailable = None
    outside.mailer.send = accepted  # type: ignore[method-assign]
    assert outside.notify() == "sent"
    assert len(outside.mailer.sent) == 1
    assert outside.lead.ses_message_id == "message-1"


def test_the_email_leaves_the_message_out_when_the_practice_says_so() -> None:
    outside = Outside(new_lead(message="a very private story"))
    notify_coordinator(
        outside.lead_id,
        store=outside.store,
        mailroom=outside.mailroom,
        settings=make_settings(NotifySettings, {"EMAIL_DETAIL": "contact"}),
    )
    email = outside.mailer.sent[0]
    assert "a very private story" not in email.text + email.html
