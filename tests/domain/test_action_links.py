"""Action link tokens, the coordinator's pages' rules, and the links in the coordinator email."""

from __future__ import annotations

import base64
import re
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from html import escape

import pytest

from leadcapture.actions.domain.coordinator_actions import look, record
from leadcapture.intake.domain.contract import new_lead as lead_from_request
from leadcapture.intake.domain.contract import validate_submission
from leadcapture.kernel import action_links
from leadcapture.kernel.action_links import LABELS, LIFETIME, Refused, Verified, sign, verify
from leadcapture.kernel.coordinator_email import ACTIONS_MISSING, compose
from leadcapture.kernel.errors import LinkKeyUnavailable, StorageUnavailable
from leadcapture.kernel.lead import Lead
from leadcapture.kernel.ports import Mailroom
from leadcapture.kernel.status import ACTIONS, StatusChange
from leadcapture.kernel.timestamps import utc_stamp
from leadcapture.notify.domain.notification import notify_coordinator
from leadcapture.notify.settings import NotifySettings
from tests.conftest import valid_lead
from tests.fakes import FakeLeads, FakeLinkKeys, FakeMailer, FakeSentEmails
from tests.settings import make_settings

NOW = datetime(2026, 11, 28, 18, 5, tzinfo=UTC)
KEY = b"k" * 64
LEAD_ID = "0b7c4f9e-3d51-4c47-9d0e-6f3c2a1b8e90"
BASE = "https://api.practice.example"
SETTINGS = make_settings(
    NotifySettings,
    {"COORDINATOR_EMAILS": "coordinator@practice.example", "SENDER_EMAIL": "forms@practice.example", "ACTIONS_BASE_URL": BASE + "/"},
)


def new_lead(**fields: object) -> Lead:
    return lead_from_request(validate_submission(valid_lead(**fields)), now=NOW, consent_version="v1", retention_days=365)


def one_char_changed(token: str, at: int) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    return token[:at] + alphabet[(alphabet.index(token[at]) + 1) % 64] + token[at + 1 :]


# --- tokens -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("action", ACTIONS)
def test_a_signed_token_verifies_to_its_lead_and_action(action: str) -> None:
    token = sign(LEAD_ID, action, key=KEY, now=NOW)  # type: ignore[arg-type]
    assert re.fullmatch(r"[A-Za-z0-9_-]{56}", token)
    assert verify(token, keys=[KEY], now=NOW) == Verified(LEAD_ID, action, int((NOW + LIFETIME).timestamp()))  # type: ignore[arg-type]


def test_a_token_holds_only_the_lead_id_the_action_and_the_expiry() -> None:
    raw = base64.urlsafe_b64decode(sign(LEAD_ID, "booked", key=KEY, now=NOW))
    assert uuid.UUID(LEAD_ID).bytes in raw
    assert len(raw) == 42  # version, key id, lead id, action, expiry, MAC: no room for anything else


@pytest.mark.parametrize("at", range(56))
def test_any_one_character_changed_is_refused(at: int) -> None:
    token = sign(LEAD_ID, "contacted", key=KEY, now=NOW)
    refused = verify(one_char_changed(token, at), keys=[KEY], now=NOW)
    assert isinstance(refused, Refused)
    assert refused.reason in {"tampered", "unknown_key", "malformed"}


def test_a_token_with_another_action_written_in_is_tampered() -> None:
    raw = bytearray(base64.urlsafe_b64decode(sign(LEAD_ID, "contacted", key=KEY, now=NOW)))
    raw[21] = ACTIONS.index("booked") + 1  # the action byte, after version, key id and lead id
    forged = base64.urlsafe_b64encode(bytes(raw)).decode()
    assert verify(forged, keys=[KEY], now=NOW) == Refused("tampered")


def test_a_token_signed_with_another_key_is_refused() -> None:
    assert verify(sign(LEAD_ID, "contacted", key=b"x" * 64, now=NOW), keys=[KEY], now=NOW) == Refused("unknown_key")


def test_expiry_is_thirty_days() -> None:
    token = sign(LEAD_ID, "closed", key=KEY, now=NOW)
    assert isinstance(verify(token, keys=[KEY], now=NOW + timedelta(days=30) - timedelta(seconds=1)), Verified)
    assert verify(token, keys=[KEY], now=NOW + timedelta(days=30)) == Refused("expired")


def test_an_expired_token_with_a_bad_mac_is_tampered_not_expired() -> None:
    token = one_char_changed(sign(LEAD_ID, "closed", key=KEY, now=NOW), 55)
    assert verify(token, keys=[KEY], now=NOW + timedelta(days=40)) == Refused("tampered")


@pytest.mark.parametrize("token", ["", "abc", "A" * 55, "A" * 57, "A" * 55 + "=", "A" * 55 + "/", "A" * 55 + "+", " " + "A" * 55])
def test_malformed_tokens_are_refused(token: str) -> None:
    assert verify(token, keys=[KEY], now=NOW) == Refused("malformed")


def test_an_unknown_action_code_signed_by_us_is_refused_as_such() -> None:
    head = action_links._HEAD.pack(1, action_links.key_id(KEY), uuid.UUID(LEAD_ID).bytes, 9, 2_000_000_000)
    token = action_links._b64(head + action_links._mac(KEY, head))
    assert verify(token, keys=[KEY], now=NOW) == Refused("unknown_action")


def test_after_a_rotation_old_links_verify_with_the_previous_key_until_the_next_rotation() -> None:
    keys = FakeLinkKeys(current=b"a" * 64)
    old = sign(LEAD_ID, "contacted", key=next(keys.keys()), now=NOW)
    keys.rotate(b"b" * 64)
    new = sign(LEAD_ID, "contacted", key=next(keys.keys()), now=NOW)
    assert old != new
    assert isinstance(verify(old, keys=keys.keys(), now=NOW), Verified)
    assert isinstance(verify(new, keys=keys.keys(), now=NOW), Verified)
    keys.rotate(b"c" * 64)
    assert verify(old, keys=keys.keys(), now=NOW) == Refused("unknown_key")


def test_the_previous_key_is_read_only_for_a_token_that_names_it() -> None:
    keys = FakeLinkKeys(current=b"a" * 64, previous=b"z" * 64)
    verify(sign(LEAD_ID, "contacted", key=b"a" * 64, now=NOW), keys=keys.keys(), now=NOW)
    assert keys.reads == 1


def test_action_links_are_one_per_action_under_the_base_url() -> None:
    links = action_links.action_links(LEAD_ID, NOW, base_url=BASE + "/", key=KEY)
    assert [label for label, _ in links] == ["I've contacted them", "Consultation booked", "Not a fit", "No response"]
    for (_, url), action in zip(links, action_links.LINKED, strict=True):
        assert url.startswith(BASE + "/actions/")
        verified = verify(url.rsplit("/", 1)[1], keys=[KEY], now=NOW)
        assert isinstance(verified, Verified) and verified.action == action


def test_no_links_for_a_lead_id_that_is_no_uuid() -> None:
    assert action_links.action_links("canary", NOW, base_url=BASE, key=KEY) == []


# --- opening and pressing -----------------------------------------------------------------------------


def token_for(lead: Lead, action: str, key: bytes = KEY) -> str:
    return sign(lead.id, action, key=key, now=NOW)  # type: ignore[arg-type]


def test_opening_changes_nothing_and_says_what_pressing_would_do() -> None:
    lead = replace(new_lead(), status="notified")
    store = FakeLeads(lead)
    result = look(token_for(lead, "contacted"), keys=FakeLinkKeys(KEY), store=store, now=NOW)
    assert (result.outcome, result.action, result.status, result.received_at) == ("confirm", "contacted", "notified", lead.created_at)
    assert store.leads[lead.id] == lead


def test_pressing_records_the_status_with_its_time_by_the_coordinator_and_twice_is_harmless() -> None:
    lead = replace(new_lead(), status="notified")
    store = FakeLeads(lead)
    token = token_for(lead, "contacted")
    later = NOW + timedelta(hours=2)
    assert record(token, keys=FakeLinkKeys(KEY), store=store, now=later).outcome == "recorded"
    assert store.leads[lead.id].status == "contacted"
    assert store.leads[lead.id].history[-1] == StatusChange("contacted", utc_stamp(later), "coordinator")
    again = record(token, keys=FakeLinkKeys(KEY), store=store, now=later + timedelta(minutes=1))
    assert (again.outcome, again.status) == ("already", "contacted")
    assert len(store.leads[lead.id].history) == len(lead.history) + 1
    assert look(token, keys=FakeLinkKeys(KEY), store=store, now=later).outcome == "already"


def test_a_change_the_table_forbids_is_not_recorded() -> None:
    lead = replace(new_lead(), status="spam")  # reviewed and promoted first, with the leads tool
    store = FakeLeads(lead)
    assert look(token_for(lead, "contacted"), keys=FakeLinkKeys(KEY), store=store, now=NOW).outcome == "not_allowed"
    result = record(token_for(lead, "contacted"), keys=FakeLinkKeys(KEY), store=store, now=NOW)
    assert (result.outcome, result.status) == ("not_allowed", "spam")
    assert store.leads[lead.id] == lead


def test_a_mistaken_outcome_pressed_from_the_email_is_corrected_by_the_right_link() -> None:
    # Issue 25, dead end 10: "Not a fit" pressed by mistake; contact can still be recorded, both kept.
    lead = replace(new_lead(), status="delivered")
    store = FakeLeads(lead)
    assert record(token_for(lead, "not_a_fit"), keys=FakeLinkKeys(KEY), store=store, now=NOW).outcome == "recorded"
    corrected = record(token_for(lead, "contacted"), keys=FakeLinkKeys(KEY), store=store, now=NOW + timedelta(minutes=2))
    assert (corrected.outcome, corrected.status) == ("recorded", "contacted")
    assert [c.status for c in store.leads[lead.id].history[-2:]] == ["not_a_fit", "contacted"]


def test_a_page_names_the_request_by_its_short_reference_and_urgent_marker_only() -> None:
    # Issue 25, dead end 11: two requests of one evening showed identical pages.
    lead = replace(new_lead(message="I want to end my life"), status="delivered")
    seen = look(token_for(lead, "contacted"), keys=FakeLinkKeys(KEY), store=FakeLeads(lead), now=NOW)
    assert (seen.reference, seen.urgent) == (lead.reference, True)
    assert (len(lead.reference) == 4 and lead.reference.isalnum() and lead.reference.isupper()) or lead.reference.isdigit()


def test_refused_and_gone_links_record_nothing() -> None:
    lead = new_lead()
    store = FakeLeads(lead)
    tampered = one_char_changed(token_for(lead, "booked"), 40)
    assert record(tampered, keys=FakeLinkKeys(KEY), store=store, now=NOW).outcome == "refused"
    expired = record(token_for(lead, "booked"), keys=FakeLinkKeys(KEY), store=store, now=NOW + timedelta(days=31))
    assert (expired.outcome, expired.refusal) == ("refused", "expired")
    assert store.leads[lead.id] == lead
    other = new_lead()
    assert record(token_for(other, "booked"), keys=FakeLinkKeys(KEY), store=store, now=NOW).outcome == "gone"


def test_an_unreadable_key_or_table_raises_for_a_retry_page() -> None:
    lead = new_lead()
    with pytest.raises(LinkKeyUnavailable):
        record(token_for(lead, "booked"), keys=FakeLinkKeys(KEY, unavailable="ThrottlingException"), store=FakeLeads(lead), now=NOW)
    store = FakeLeads(lead)
    store.unavailable = "ProvisionedThroughputExceededException"
    with pytest.raises(StorageUnavailable):
        record(token_for(lead, "booked"), keys=FakeLinkKeys(KEY), store=store, now=NOW)


# --- the email --------------------------------------------------------------------------------------


def test_the_email_carries_the_four_links_in_text_and_html() -> None:
    lead = new_lead()
    store, mailer = FakeLeads(lead), FakeMailer()
    notify_coordinator(lead.id, store=store, mailroom=Mailroom(mailer, FakeSentEmails(), FakeLinkKeys(KEY)), settings=SETTINGS, now=NOW)
    (email,) = mailer.sent
    urls = re.findall(r"https://api\.practice\.example/actions/[A-Za-z0-9_-]{56}", email.text)
    assert len(urls) == 4
    for label, url in zip((LABELS[action] for action in action_links.LINKED), urls, strict=True):
        assert f"- {label}: {url}" in email.text
        assert f'<a href="{url}">{escape(label)}</a>' in email.html
    for url in urls:
        assert lead.email not in url and lead.first_name not in url


def test_without_a_base_url_or_keys_there_are_no_links() -> None:
    lead = new_lead()
    assert "/actions/" not in compose(lead, SETTINGS, to=SETTINGS.coordinator_emails).text
    no_base = make_settings(NotifySettings, {"COORDINATOR_EMAILS": "c@practice.example"})
    mailer = FakeMailer()
    notify_coordinator(
        lead.id, store=FakeLeads(lead), mailroom=Mailroom(mailer, FakeSentEmails(), FakeLinkKeys(KEY)), settings=no_base, now=NOW
    )
    assert "/actions/" not in mailer.sent[0].text


def test_an_unreadable_key_sends_the_email_without_links_and_says_so() -> None:
    lead = new_lead()
    mailer = FakeMailer()
    keys = FakeLinkKeys(KEY, unavailable="AccessDeniedException")
    result = notify_coordinator(
        lead.id, store=FakeLeads(lead), mailroom=Mailroom(mailer, FakeSentEmails(), keys), settings=SETTINGS, now=NOW
    )
    assert (result.outcome, result.links_missing) == ("sent", "AccessDeniedException")
    assert "/actions/" not in mailer.sent[0].text
    assert ACTIONS_MISSING in mailer.sent[0].text
