"""Quarantined leads: listed without their values; promoted once, with normal retention and an email."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from leadcapture.intake.domain.contract import new_lead, validate_submission
from leadcapture.kernel.errors import LeadNotFound
from leadcapture.kernel.lead import Lead
from leadcapture.kernel.ports import Mailroom
from leadcapture.notify.domain.quarantine import promote, quarantined
from leadcapture.notify.settings import NotifySettings
from tests.conftest import valid_lead
from tests.fakes import FakeLeads, FakeMailer, FakeSentEmails
from tests.settings import make_settings

SETTINGS = make_settings(NotifySettings)
CREATED = datetime(2026, 11, 28, 18, 5, tzinfo=UTC)


def spam(**fields: object) -> Lead:
    request = validate_submission(valid_lead(website="https://autofill.example", **fields))
    return new_lead(request, now=CREATED, consent_version="v1", retention_days=30, status="spam")


def test_the_listing_holds_only_quarantined_leads_and_no_submitted_value() -> None:
    trapped = spam(phone=None, preferred_contact=None, message="twelve chars")
    normal = new_lead(validate_submission(valid_lead()), now=CREATED, consent_version="v1", retention_days=365)
    [listed] = quarantined(FakeLeads(trapped, normal))
    assert (listed.id, listed.channels, listed.message_chars, listed.urgent) == (trapped.id, ("email",), 12, False)
    assert "Rivera" not in repr(listed) and "twelve" not in repr(listed)


def test_promoting_releases_the_lead_with_normal_retention_and_emails_the_coordinator() -> None:
    lead = spam()
    store, mailer = FakeLeads(lead), FakeMailer()
    result = promote(lead.id, store=store, mailroom=Mailroom(mailer, FakeSentEmails()), settings=SETTINGS, retention_days=365)
    assert result.outcome == "sent"
    assert len(mailer.sent) == 1
    released = store.leads[lead.id]
    assert released.status == "notified"
    assert released.expires_at == int((CREATED + timedelta(days=365)).timestamp())


def test_promoting_twice_sends_one_email() -> None:
    lead = spam()
    store, mailer, sent = FakeLeads(lead), FakeMailer(), FakeSentEmails()
    mailroom = Mailroom(mailer, sent)
    promote(lead.id, store=store, mailroom=mailroom, settings=SETTINGS, retention_days=365)
    assert promote(lead.id, store=store, mailroom=mailroom, settings=SETTINGS, retention_days=365).outcome == "already_notified"
    assert len(mailer.sent) == 1


def test_promoting_an_unknown_lead_is_an_error() -> None:
    with pytest.raises(LeadNotFound):
        promote("no-such-lead", store=FakeLeads(), mailroom=Mailroom(FakeMailer(), FakeSentEmails()), settings=SETTINGS, retention_days=365)
