"""The person's side (issue 23), on the rules alone: the acknowledgement, the close note, their words."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from leadcapture.delivery.domain.delivery import SesEvent, record_ses_event
from leadcapture.delivery.settings import DeliverySettings
from leadcapture.intake.domain.contract import new_lead, validate_submission
from leadcapture.kernel.close_note import offer, request_close_note
from leadcapture.kernel.errors import MailRejected, MailTransientError, StorageUnavailable
from leadcapture.kernel.lead import Lead
from leadcapture.kernel.ports import Mailroom
from leadcapture.kernel.status import Status
from leadcapture.kernel.timestamps import utc_stamp
from leadcapture.person.domain.acknowledgement import acknowledge
from leadcapture.person.domain.close_note import send_close_note
from leadcapture.person.domain.ports import PersonPost
from leadcapture.person.settings import PersonSettings
from tests.conftest import valid_lead
from tests.fakes import FakeAddressWindow, FakeLeads, FakeMailer, FakeSentEmails
from tests.settings import make_settings

REFERRALS = (
    '{"en": [{"name": "Valley Community Clinic", "phone": "(213) 555-0199", "url": "https://valley.example/intake"}],'
    ' "es": [{"name": "Clínica Comunitaria del Valle", "phone": "(213) 555-0198"}]}'
)
SETTINGS = make_settings(PersonSettings, {"REFERRALS": REFERRALS, "COORDINATOR_EMAILS": "coordinator@practice.example, b@practice.example"})
# Saturday 5 December 2026, 10:00 in Los Angeles: the promise is the close of Monday 7 December.
CREATED = datetime(2026, 12, 5, 18, 0, tzinfo=UTC)
TYPED = {"first_name": "Marisol", "last_name": "Quintero", "email": "marisol.q@example.com", "phone": "(818) 555-0142",
         "message": "Panic attacks at work every day since the move."}  # fmt: skip


def a_lead(status: Status = "new", **fields: object) -> Lead:
    data = valid_lead(**{**TYPED, "acknowledge": "on", **fields})
    return replace(new_lead(validate_submission(data), now=CREATED, consent_version="v1", retention_days=365), status=status)


class Outside:
    def __init__(self, *leads: Lead) -> None:
        self.store = FakeLeads(*leads)
        self.mailer = FakeMailer()
        self.ledger = FakeSentEmails()
        self.window = FakeAddressWindow()
        self.post = PersonPost(self.mailer, self.ledger, self.window)

    def acknowledge(self, lead: Lead, *, hours: float = 0) -> str:
        now = CREATED + timedelta(hours=hours)
        return acknowledge(lead.id, store=self.store, post=self.post, settings=SETTINGS, now=now).outcome

    def close(self, lead: Lead) -> str:
        return send_close_note(lead.id, store=self.store, post=self.post, settings=SETTINGS, now=CREATED + timedelta(days=3)).outcome


# --- the acknowledgement ---------------------------------------------------------------------------


def test_a_good_lead_that_asked_gets_one_acknowledgement_recorded_on_it() -> None:
    lead = a_lead()
    outside = Outside(lead)
    assert outside.acknowledge(lead) == "sent"
    assert outside.acknowledge(lead) == "already_sent"
    [email] = outside.mailer.sent
    assert (email.to, email.kind, email.lead_id) == (("marisol.q@example.com",), "acknowledgement", lead.id)
    assert email.reply_to == "coordinator@practice.example"
    assert email.subject == "Your request was received"
    stored = outside.store.leads[lead.id]
    assert (stored.acknowledgement_sent_at, stored.acknowledgement_message_id) == (utc_stamp(CREATED), "message-1")


def test_its_words_are_the_catalogues_the_promise_988_and_nothing_typed() -> None:
    lead = a_lead()
    outside = Outside(lead)
    outside.acknowledge(lead)
    [email] = outside.mailer.sent
    assert "We will contact you by the end of the day on Monday, December 7." in email.text
    assert "this email does not repeat anything you wrote" in email.text
    assert "call or text 988" in email.text and "911" in email.text
    for value in TYPED.values():
        for part in (email.text, email.html, email.subject, email.to_bytes().decode("ascii").split("\r\nTo: ")[0]):
            assert value not in part
    # The To line is the only place the address is: it is where the email goes.
    assert "To: marisol.q@example.com\r\n" in email.to_bytes().decode("ascii")


def test_a_spanish_form_gets_a_spanish_acknowledgement() -> None:
    lead = a_lead(lang="es")
    outside = Outside(lead)
    outside.acknowledge(lead)
    [email] = outside.mailer.sent
    assert email.subject == "Recibimos su solicitud"
    assert "a más tardar al final del día del lunes 7 de diciembre" in email.text
    assert "988" in email.text and '<html lang="es">' in email.html


def test_the_subject_can_be_set_by_the_practice_per_language() -> None:
    settings = make_settings(PersonSettings, {"ACKNOWLEDGEMENT_SUBJECT": "en=Thanks from us|es=Gracias"})
    lead = a_lead(lang="es")
    outside = Outside(lead)
    acknowledge(lead.id, store=outside.store, post=outside.post, settings=settings, now=CREATED)
    assert outside.mailer.sent[0].subject == "Gracias"


@pytest.mark.parametrize(
    ("lead", "outcome"),
    [
        (a_lead(acknowledge=None), "not_asked"),
        (a_lead("canary"), "heartbeat"),
        (a_lead("spam"), "quarantined"),
        (replace(a_lead(), trapped=True), "quarantined"),
        (a_lead(email_ok="no"), "email_declined"),
        (a_lead(email=None, preferred_contact="phone"), "no_email"),
        # No ASCII form of the local part: SES cannot send to it.
        (a_lead(email="josé@bücher.example"), "no_email"),
    ],
    ids=["not asked", "heartbeat", "spam", "trapped urgent", "email no", "no email", "non-ASCII local part"],
)
def test_no_acknowledgement_when_it_is_not_owed(lead: Lead, outcome: str) -> None:
    outside = Outside(lead)
    assert outside.acknowledge(lead) == outcome
    assert outside.mailer.sent == []
    assert outside.window.records == {}


def test_one_acknowledgement_per_address_per_24_hours() -> None:
    first, second, third = a_lead(), a_lead(email="Marisol.Q@Example.com"), a_lead()
    outside = Outside(first, second, third)
    assert outside.acknowledge(first) == "sent"
    assert outside.acknowledge(second, hours=23.9) == "recently_acknowledged"
    assert outside.acknowledge(third, hours=24) == "sent"
    assert len(outside.mailer.sent) == 2
    # The window holds a keyed hash, never the address.
    assert not any("marisol" in key for key in outside.window.records)


def test_a_retry_after_a_transient_failure_sends_it_and_the_window_is_still_its_own() -> None:
    lead = a_lead()
    outside = Outside(lead)
    outside.mailer.failures.append(MailTransientError("Throttling"))
    with pytest.raises(MailTransientError):
        outside.acknowledge(lead)
    assert outside.acknowledge(lead, hours=0.1) == "sent"


def test_ses_refusing_it_for_good_is_recorded_and_not_retried() -> None:
    lead = a_lead()
    outside = Outside(lead)
    outside.mailer.failures.append(MailRejected("MessageRejected"))
    assert outside.acknowledge(lead) == "rejected"
    assert outside.store.leads[lead.id].acknowledgement_error == "MessageRejected"
    assert outside.acknowledge(lead) == "already_sent"


def test_the_window_unreadable_is_retried() -> None:
    lead = a_lead()
    outside = Outside(lead)
    outside.window.unavailable = "AddressKeyUnavailable"
    with pytest.raises(StorageUnavailable):
        outside.acknowledge(lead)
    assert outside.mailer.sent == []


# --- the kind close -----------------------------------------------------------------------------------


def test_the_offer_says_what_a_page_may_show() -> None:
    assert offer(a_lead("not_a_fit")) == "available"
    assert offer(a_lead("no_response")) == "available"
    assert offer(a_lead("contacted")) == "not_closed"
    assert offer(a_lead("not_a_fit", email_ok="no")) == "email_declined"
    assert offer(a_lead("not_a_fit", email=None, preferred_contact="phone")) == "no_email"


def test_not_a_fit_with_a_note_sends_the_referral_note_once_in_the_persons_language() -> None:
    for lang, words in (("en", ("Valley Community Clinic: (213) 555-0199", "https://valley.example/intake", "1-800-662-4357", "988")),
                        ("es", ("Clínica Comunitaria del Valle: (213) 555-0198", "SAMHSA: 1-800-662-4357", "988 y marque 2"))):  # fmt: skip
        lead = a_lead("not_a_fit", lang=lang)
        outside = Outside(lead)
        asked = request_close_note(lead.id, store=outside.store, at=utc_stamp(CREATED), by="coordinator")
        assert (asked.outcome, asked.offer) == ("requested", "requested")
        assert request_close_note(lead.id, store=outside.store, at=utc_stamp(CREATED), by="coordinator").outcome == "already"
        assert outside.close(lead) == "sent"
        assert outside.close(lead) == "already_sent"
        [email] = outside.mailer.sent
        assert email.kind == "close_note"
        for word in words:
            assert word in email.text, (lang, word)
        for value in TYPED.values():
            assert value not in email.text and value not in email.html
        stored = outside.store.leads[lead.id]
        assert [(c.status, c.by, c.event) for c in stored.history[-2:]] == [
            ("not_a_fit", "coordinator", "close_note_requested"),
            ("not_a_fit", "notifier", "close_note_sent"),
        ]
        assert offer(stored) == "sent"


def test_no_response_says_the_practice_tried_and_how_to_get_back_in_touch() -> None:
    lead = a_lead("no_response")
    outside = Outside(lead)
    request_close_note(lead.id, store=outside.store, at=utc_stamp(CREATED), by="coordinator")
    assert outside.close(lead) == "sent"
    [email] = outside.mailer.sent
    assert "We tried to reach you" in email.text and "reply to this email" in email.text and "988" in email.text
    assert email.subject == "About your request"


def test_without_a_note_nothing_is_sent() -> None:
    lead = a_lead("not_a_fit")
    outside = Outside(lead)
    assert outside.close(lead) == "not_requested"
    assert outside.mailer.sent == []


def test_a_person_who_chose_no_email_is_never_sent_one() -> None:
    lead = a_lead("not_a_fit", email_ok="no")
    outside = Outside(lead)
    asked = request_close_note(lead.id, store=outside.store, at=utc_stamp(CREATED), by="coordinator")
    assert (asked.outcome, asked.offer) == ("refused", "email_declined")
    assert outside.store.leads[lead.id].close_note_requested_at is None
    # Even a request written some other way is not sent.
    outside.store.leads[lead.id] = replace(outside.store.leads[lead.id], close_note="not_a_fit", close_note_requested_at="x")
    assert outside.close(lead) == "email_declined"
    assert outside.mailer.sent == []


def test_an_outcome_corrected_after_the_request_cancels_the_note() -> None:
    lead = a_lead("not_a_fit")
    outside = Outside(lead)
    request_close_note(lead.id, store=outside.store, at=utc_stamp(CREATED), by="coordinator")
    outside.store.leads[lead.id] = replace(outside.store.leads[lead.id], status="booked")
    assert outside.close(lead) == "stale"
    assert outside.mailer.sent == []


def test_a_note_is_offered_only_at_its_outcome() -> None:
    lead = a_lead("contacted")
    outside = Outside(lead)
    assert request_close_note(lead.id, store=outside.store, at="t", by="coordinator").outcome == "refused"


# --- what SES says of the person's emails: recorded apart, no status change, no escalation -----------


def test_a_bounce_of_the_acknowledgement_is_recorded_apart_and_escalates_nothing() -> None:
    lead = replace(a_lead("notified"), ses_message_id="coord-1", acknowledgement_message_id="ack-1")
    store, mailer = FakeLeads(lead), FakeMailer()
    settings = make_settings(DeliverySettings, {"ESCALATION_EMAILS": "manager@practice.example"})
    bounce = SesEvent("Bounce", "ack-1", lead.id, "2026-12-05T18:00:05.000Z", "Permanent/General", "acknowledgement")
    result = record_ses_event(bounce, store=store, mailroom=Mailroom(mailer, FakeSentEmails()), settings=settings)
    assert (result.outcome, result.escalation) == ("person_bounced", "not_needed")
    stored = store.leads[lead.id]
    assert (stored.status, stored.bounced_at, stored.acknowledgement_bounced_at) == ("notified", None, "2026-12-05T18:00:05.000Z")
    assert stored.acknowledgement_bounce_type == "Permanent/General"
    assert mailer.sent == []
    again = record_ses_event(bounce, store=store, mailroom=Mailroom(mailer, FakeSentEmails()), settings=settings)
    assert again.outcome == "already_recorded"
    complaint = SesEvent("Complaint", "ack-1", lead.id, "2026-12-05T18:01:00.000Z", None, "acknowledgement")
    assert record_ses_event(complaint, store=store, mailroom=Mailroom(mailer, FakeSentEmails()), settings=settings).outcome == (
        "person_complaint"
    )
    assert store.leads[lead.id].acknowledgement_complaint_at == "2026-12-05T18:01:00.000Z"
