"""record_ses_event(): what SES reports after sending, recorded on the lead, escalated once on a bounce."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from leadcapture.delivery.domain.delivery import ESCALATION_NOTICE, EventType, SesEvent, record_ses_event
from leadcapture.delivery.settings import DeliverySettings
from leadcapture.intake.domain.contract import new_lead, validate_submission
from leadcapture.kernel.action_links import LIFETIME, Verified, verify
from leadcapture.kernel.coordinator_email import ACTIONS_MISSING
from leadcapture.kernel.errors import MailRejected, MailTransientError
from leadcapture.kernel.lead import Lead
from leadcapture.kernel.ports import Mailroom
from leadcapture.kernel.status import Status
from leadcapture.kernel.timestamps import utc_stamp
from tests.conftest import valid_lead
from tests.fakes import FakeLeads, FakeLinkKeys, FakeMailer, FakeSentEmails
from tests.settings import make_settings

BASE = {"COORDINATOR_EMAILS": "coordinator@practice.example", "SENDER_EMAIL": "forms@practice.example"}
SETTINGS = make_settings(DeliverySettings, {**BASE, "ESCALATION_EMAILS": "manager@practice.example, owner@practice.example"})
NO_ESCALATION = make_settings(DeliverySettings, BASE)
CREATED = datetime(2026, 11, 28, 18, 5, tzinfo=UTC)
SENT_ID = "0100019a-coordinator-000000"


def notified_lead(status: Status = "notified", **fields: object) -> Lead:
    lead = new_lead(validate_submission(valid_lead(**fields)), now=CREATED, consent_version="v1", retention_days=365)
    return replace(lead, status=status, ses_message_id=SENT_ID, notified_at=utc_stamp(CREATED))


class Outside:
    def __init__(self, lead: Lead, settings: DeliverySettings = SETTINGS, link_keys: FakeLinkKeys | None = None) -> None:
        self.lead_id = lead.id
        self.store = FakeLeads(lead)
        self.mailer = FakeMailer()
        self.escalations = FakeSentEmails()
        self.settings = settings
        self.link_keys = link_keys

    def event(self, kind: EventType, *, seconds: int = 42, message_id: str = SENT_ID, bounce_type: str | None = None) -> str:
        event = SesEvent(kind, message_id, self.lead_id, utc_stamp(CREATED + timedelta(seconds=seconds)), bounce_type)
        result = record_ses_event(event, store=self.store, mailroom=self.mailroom, settings=self.settings)
        return f"{result.outcome}/{result.escalation}"

    @property
    def mailroom(self) -> Mailroom:
        return Mailroom(self.mailer, self.escalations, self.link_keys)

    @property
    def lead(self) -> Lead:
        return self.store.leads[self.lead_id]


def test_delivery_moves_a_notified_lead_to_delivered_and_times_it() -> None:
    outside = Outside(notified_lead())
    event = SesEvent("Delivery", SENT_ID, outside.lead_id, "2026-11-28T18:05:42.000Z")
    result = record_ses_event(event, store=outside.store, mailroom=outside.mailroom, settings=SETTINGS)
    assert (result.outcome, result.seconds_to_delivery) == ("delivered", 42.0)
    assert (outside.lead.status, outside.lead.delivered_at) == ("delivered", "2026-11-28T18:05:42.000Z")
    assert outside.lead.history[-1].by == "ses"
    assert outside.mailer.sent == []


def test_a_repeated_delivery_records_nothing_new() -> None:
    outside = Outside(notified_lead())
    outside.event("Delivery")
    assert outside.event("Delivery", seconds=50) == "already_recorded/not_needed"
    assert outside.lead.delivered_at == "2026-11-28T18:05:42.000Z"
    assert len(outside.lead.history) == 2


@pytest.mark.parametrize("status", ["contacted", "spam"])
def test_delivery_after_the_lead_moved_on_keeps_its_status_and_records_the_time(status: Status) -> None:
    outside = Outside(notified_lead(status))
    assert outside.event("Delivery") == "delivered/not_needed"
    assert (outside.lead.status, outside.lead.delivered_at) == (status, "2026-11-28T18:05:42.000Z")


def test_a_bounce_marks_the_lead_bounced_and_sends_the_email_to_the_escalation_addresses() -> None:
    outside = Outside(notified_lead())
    assert outside.event("Bounce", bounce_type="Permanent/General") == "bounced/sent"
    lead = outside.lead
    assert (lead.status, lead.bounce_type, lead.bounced_at) == ("bounced", "Permanent/General", "2026-11-28T18:05:42.000Z")
    (email,) = outside.mailer.sent
    assert email.to == ("manager@practice.example", "owner@practice.example")
    assert email.subject == "[Bounced] New consultation request: Sam R."
    assert email.text.startswith(ESCALATION_NOTICE)
    assert ESCALATION_NOTICE.replace("'", "&#x27;") in email.html
    assert lead.id in email.text and email.lead_id == lead.id
    assert (lead.bounce_escalation_message_id, lead.bounce_escalated_at) == ("message-1", "2026-11-28T18:05:42.000Z")


def test_the_same_bounce_twice_escalates_once() -> None:
    outside = Outside(notified_lead())
    outside.event("Bounce", bounce_type="Permanent/General")
    assert outside.event("Bounce", bounce_type="Permanent/General") == "already_recorded/sent"
    assert len(outside.mailer.sent) == 1
    assert [c.status for c in outside.lead.history] == ["new", "bounced"]


def test_a_reject_is_a_bounce_of_type_reject() -> None:
    outside = Outside(notified_lead())
    assert outside.event("Reject", bounce_type="Reject") == "bounced/sent"
    assert (outside.lead.status, outside.lead.bounce_type) == ("bounced", "Reject")


def test_a_bounce_after_delivery_to_another_coordinator_address_still_escalates() -> None:
    outside = Outside(notified_lead())
    outside.event("Delivery")
    assert outside.event("Bounce", bounce_type="Permanent/General") == "bounced/sent"
    assert outside.lead.status == "bounced"


def test_an_urgent_bounce_keeps_urgent_first_in_the_escalation_subject() -> None:
    outside = Outside(notified_lead(message="Some days I want to die."))
    outside.event("Bounce", bounce_type="Permanent/General")
    assert outside.mailer.sent[0].subject == "[URGENT] [Bounced] New consultation request: Sam R."


def test_without_escalation_addresses_a_bounce_is_recorded_and_nothing_sent() -> None:
    outside = Outside(notified_lead(), NO_ESCALATION)
    assert outside.event("Bounce", bounce_type="Permanent/General") == "bounced/not_configured"
    assert outside.lead.status == "bounced"
    assert outside.mailer.sent == []


def test_a_bounce_of_a_lead_someone_already_contacted_is_recorded_without_escalation() -> None:
    outside = Outside(notified_lead("contacted"))
    assert outside.event("Bounce", bounce_type="Transient/MailboxFull") == "bounced/not_needed"
    assert (outside.lead.status, outside.lead.bounce_type) == ("contacted", "Transient/MailboxFull")
    assert outside.mailer.sent == []


def test_a_quarantined_urgent_lead_that_bounced_is_escalated_and_stays_quarantined() -> None:
    outside = Outside(notified_lead("spam", message="Some days I want to die."))
    assert outside.event("Bounce", bounce_type="Permanent/General") == "bounced/sent"
    assert outside.lead.status == "spam"
    assert len(outside.mailer.sent) == 1


def test_an_escalation_that_ses_refuses_is_reported_and_retried_by_the_next_event() -> None:
    outside = Outside(notified_lead())
    outside.mailer.failures.append(MailRejected("MessageRejected"))
    assert outside.event("Bounce", bounce_type="Permanent/General") == "bounced/rejected"
    assert outside.lead.bounce_escalated_at is None
    assert outside.event("Bounce", bounce_type="Permanent/General") == "already_recorded/sent"
    assert len(outside.mailer.sent) == 1


def test_a_transient_failure_of_the_escalation_raises_for_a_retry_that_sends_once() -> None:
    outside = Outside(notified_lead())
    outside.mailer.failures.append(MailTransientError("Throttling"))
    with pytest.raises(MailTransientError):
        outside.event("Bounce", bounce_type="Permanent/General")
    assert outside.lead.status == "bounced"  # recorded before the send; the retry only sends
    assert outside.event("Bounce", bounce_type="Permanent/General") == "already_recorded/sent"
    assert len(outside.mailer.sent) == 1


def test_a_delay_is_recorded_once_without_a_status_change() -> None:
    outside = Outside(notified_lead())
    assert outside.event("DeliveryDelay") == "delayed/not_needed"
    assert outside.event("DeliveryDelay", seconds=55) == "already_recorded/not_needed"
    assert (outside.lead.status, outside.lead.delivery_delayed_at) == ("notified", "2026-11-28T18:05:42.000Z")


def test_a_complaint_changes_nothing() -> None:
    outside = Outside(notified_lead())
    before = outside.lead
    assert outside.event("Complaint") == "complaint/not_needed"
    assert outside.lead == before


def test_events_of_the_escalation_copy_change_nothing_on_the_lead() -> None:
    outside = Outside(notified_lead())
    outside.event("Bounce", bounce_type="Permanent/General")
    before = outside.lead
    assert outside.event("Bounce", message_id="message-1", bounce_type="Permanent/General") == "escalation_bounced/not_needed"
    assert outside.event("Delivery", message_id="message-1") == "escalation_delivered/not_needed"
    assert outside.lead == before
    assert len(outside.mailer.sent) == 1


def test_an_unknown_message_id_changes_nothing() -> None:
    outside = Outside(notified_lead())
    before = outside.lead
    assert outside.event("Bounce", message_id="someone-elses", bounce_type="Permanent/General") == "unknown_message/not_needed"
    assert outside.lead == before
    assert outside.mailer.sent == []


def test_an_unknown_lead_changes_nothing() -> None:
    outside = Outside(notified_lead())
    outside.lead_id = "00000000-0000-4000-8000-000000000000"
    assert outside.event("Delivery") == "unknown_lead/not_needed"


def test_a_lead_never_emailed_ignores_every_event() -> None:
    lead = replace(notified_lead(), ses_message_id=None, status="new")
    outside = Outside(lead)
    assert outside.event("Delivery") == "unknown_message/not_needed"
    assert outside.lead.status == "new"


LINKED = make_settings(
    DeliverySettings, {**BASE, "ESCALATION_EMAILS": "manager@practice.example", "ACTIONS_BASE_URL": "https://api.practice.example"}
)
ACTION_URL = re.compile(r"https://api\.practice\.example/actions/([A-Za-z0-9_-]{56})")


def test_the_escalation_copy_carries_the_action_links_for_whoever_reads_it() -> None:
    keys = FakeLinkKeys()
    outside = Outside(notified_lead(), LINKED, link_keys=keys)
    assert outside.event("Bounce", bounce_type="Permanent/General") == "bounced/sent"
    (email,) = outside.mailer.sent
    tokens = ACTION_URL.findall(email.text)
    assert len(tokens) == 4 and all(f"/actions/{token}" in email.html for token in tokens)
    # Signed for this lead from the bounce's time, so they last the usual 30 days from the copy.
    at = CREATED + timedelta(seconds=42)
    checked = [verify(token, keys=keys.keys(), now=at) for token in tokens]
    assert all(isinstance(c, Verified) for c in checked)
    assert {(c.lead_id, c.expires_at) for c in checked if isinstance(c, Verified)} == {(outside.lead_id, int((at + LIFETIME).timestamp()))}
    assert ACTIONS_MISSING not in email.text


def test_an_unreadable_link_key_still_sends_the_escalation_copy_and_says_the_links_are_missing() -> None:
    outside = Outside(notified_lead(), LINKED, link_keys=FakeLinkKeys(unavailable="AccessDeniedException"))
    assert outside.event("Bounce", bounce_type="Permanent/General") == "bounced/sent"
    (email,) = outside.mailer.sent
    assert not ACTION_URL.search(email.text)
    assert ACTIONS_MISSING in email.text
