"""capture(): the steps in their order, each defence in its place, with the ports faked in memory."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from leadcapture.intake.domain.capture import Defences, Intake, Sender, Submission, capture
from leadcapture.intake.domain.contract import new_lead, validate_submission
from leadcapture.intake.domain.duplicates import submission_key
from leadcapture.intake.domain.rate_limit import WINDOW_SECONDS
from leadcapture.intake.domain.turnstile import TOKEN_FIELD, idempotency_uuid
from leadcapture.intake.settings import SubmitSettings
from leadcapture.kernel.errors import (
    BotCheckFailed,
    DuplicateInFlight,
    IdempotencyKeyReused,
    InvalidIdempotencyKey,
    InvalidSubmission,
    LeadExists,
    RateLimited,
    StorageUnavailable,
)
from leadcapture.kernel.lead import Lead
from tests.conftest import valid_lead
from tests.fakes import FakeDeduplicator, FakeLeads, FakeRateLimiter, FakeVerifier, good_answer
from tests.settings import make_settings

SETTINGS = make_settings(SubmitSettings, {"RETENTION_DAYS": "365", "SPAM_RETENTION_DAYS": "30", "CONSENT_VERSION": "2026-11-01"})
NOW = datetime(2026, 11, 28, 18, 5, tzinfo=UTC)
IP = "203.0.113.7"
HEADER_KEY = "8e03978e-40d5-43e8-bc93-6894a57f9324"


def days_after_now(days: int) -> int:
    return int((NOW + timedelta(days=days)).timestamp())


# --- storing --------------------------------------------------------------------------------------


def test_a_valid_submission_is_stored_as_a_new_lead() -> None:
    store = FakeLeads()
    receipt = capture(Submission(valid_lead()), intake=Intake(store), settings=SETTINGS, now=NOW)
    lead = store.leads[receipt.lead_id]
    assert (lead.status, lead.first_name, lead.phone) == ("new", "Sam", "+12135550117")
    assert (lead.consent.version, lead.consent.given_at) == ("2026-11-01", "2026-11-28T18:05:00.000Z")
    assert lead.expires_at == days_after_now(365)
    assert (receipt.urgent, receipt.quarantined, receipt.replayed) == (False, False, False)


def test_an_invalid_submission_is_refused_and_nothing_is_stored() -> None:
    store = FakeLeads()
    with pytest.raises(InvalidSubmission):
        capture(Submission(valid_lead(consent=False)), intake=Intake(store), settings=SETTINGS)
    assert store.leads == {}


def test_a_field_sent_twice_is_refused() -> None:
    with pytest.raises(InvalidSubmission) as refused:
        capture(Submission(valid_lead(), repeated=frozenset({"email"})), intake=Intake(FakeLeads()), settings=SETTINGS)
    assert [(e.field, e.code) for e in refused.value.errors] == [("email", "repeated")]


def test_unknown_fields_are_never_stored() -> None:
    store = FakeLeads()
    receipt = capture(
        Submission({**valid_lead(), "diagnosis": "private words", "status": "notified"}), intake=Intake(store), settings=SETTINGS
    )
    lead = store.leads[receipt.lead_id]
    assert lead.status == "new"
    assert "private words" not in repr(lead)


def test_a_message_that_reads_like_a_crisis_gives_an_urgent_receipt() -> None:
    store = FakeLeads()
    receipt = capture(Submission(valid_lead(message="I want to end my life")), intake=Intake(store), settings=SETTINGS)
    assert receipt.urgent and store.leads[receipt.lead_id].urgent


def test_the_lead_keeps_the_language_it_was_answered_in_unless_the_body_names_one() -> None:
    store = FakeLeads()
    answered = capture(Submission(valid_lead(), language="es"), intake=Intake(store), settings=SETTINGS)
    named = capture(Submission(valid_lead(lang="en"), language="es"), intake=Intake(store), settings=SETTINGS)
    assert (store.leads[answered.lead_id].language, store.leads[named.lead_id].language) == ("es", "en")


def test_a_filled_honeypot_is_quarantined_with_short_retention_and_answered_like_a_lead() -> None:
    store = FakeLeads()
    receipt = capture(Submission(valid_lead(website="https://spam.example")), intake=Intake(store), settings=SETTINGS, now=NOW)
    assert receipt.quarantined
    lead = store.leads[receipt.lead_id]
    assert (lead.status, lead.expires_at) == ("spam", days_after_now(30))


def test_a_blank_honeypot_is_not_spam() -> None:
    store = FakeLeads()
    receipt = capture(Submission(valid_lead(website="   ")), intake=Intake(store), settings=SETTINGS)
    assert not receipt.quarantined and store.leads[receipt.lead_id].status == "new"


def test_an_id_already_taken_is_replaced_by_a_fresh_one(monkeypatch: pytest.MonkeyPatch) -> None:
    taken, fresh = uuid.UUID(int=1), uuid.UUID(int=2)
    store = FakeLeads(_lead_with_id(str(taken)))
    ids = iter([taken, fresh])
    monkeypatch.setattr(uuid, "uuid4", lambda: next(ids))
    receipt = capture(Submission(valid_lead()), intake=Intake(store), settings=SETTINGS)
    assert receipt.lead_id == str(fresh)
    assert store.leads[str(taken)].first_name == "Existing"  # never overwritten


def test_an_id_taken_twice_in_a_row_is_an_error_not_an_overwrite(monkeypatch: pytest.MonkeyPatch) -> None:
    taken = uuid.UUID(int=1)
    store = FakeLeads(_lead_with_id(str(taken)))
    monkeypatch.setattr(uuid, "uuid4", lambda: taken)
    with pytest.raises(LeadExists):
        capture(Submission(valid_lead()), intake=Intake(store), settings=SETTINGS)
    assert store.leads[str(taken)].first_name == "Existing"


def test_storage_down_raises_and_stores_nothing() -> None:
    store = FakeLeads()
    store.unavailable = "ProvisionedThroughputExceededException"
    with pytest.raises(StorageUnavailable) as down:
        capture(Submission(valid_lead()), intake=Intake(store), settings=SETTINGS)
    assert down.value.code == "ProvisionedThroughputExceededException"
    assert store.leads == {}


# --- rate limit -----------------------------------------------------------------------------------


def test_posts_over_the_limit_are_refused_with_the_seconds_to_the_window_end() -> None:
    store, limiter = FakeLeads(), FakeRateLimiter(limit=2)
    defences, sender = Defences(limiter=limiter), Sender(source_ip=IP)
    for _ in range(2):
        capture(Submission(valid_lead(), sender=sender), intake=Intake(store, defences=defences), settings=SETTINGS)
    with pytest.raises(RateLimited) as refused:
        capture(Submission(valid_lead(), sender=sender), intake=Intake(store, defences=defences), settings=SETTINGS)
    assert refused.value.retry_after == WINDOW_SECONDS - int(limiter.now) % WINDOW_SECONDS
    assert len(store.leads) == 2


def test_an_invalid_post_counts_against_the_limit_too() -> None:
    defences, sender = Defences(limiter=FakeRateLimiter(limit=1)), Sender(source_ip=IP)
    with pytest.raises(InvalidSubmission):
        capture(
            Submission(valid_lead(email=None, phone=None), sender=sender), intake=Intake(FakeLeads(), defences=defences), settings=SETTINGS
        )
    with pytest.raises(RateLimited):
        capture(Submission(valid_lead(), sender=sender), intake=Intake(FakeLeads(), defences=defences), settings=SETTINGS)


def test_a_post_without_a_source_address_is_not_counted() -> None:
    limiter = FakeRateLimiter(limit=1)
    for _ in range(3):
        capture(Submission(valid_lead()), intake=Intake(FakeLeads(), defences=Defences(limiter=limiter)), settings=SETTINGS)
    assert limiter.counts == {}


# --- double submits -------------------------------------------------------------------------------


def test_the_same_submission_twice_gives_the_same_answer_and_one_lead() -> None:
    store, defences = FakeLeads(), Defences(deduplicator=FakeDeduplicator())
    first = capture(Submission(valid_lead()), intake=Intake(store, defences=defences), settings=SETTINGS)
    again = capture(Submission(valid_lead(first_name=" Sam ")), intake=Intake(store, defences=defences), settings=SETTINGS)
    assert again.lead_id == first.lead_id and again.replayed and not first.replayed
    assert list(store.leads) == [first.lead_id]


def test_a_replayed_quarantine_is_still_answered_like_a_lead() -> None:
    defences = Defences(deduplicator=FakeDeduplicator())
    capture(Submission(valid_lead(website="x")), intake=Intake(FakeLeads(), defences=defences), settings=SETTINGS)
    again = capture(Submission(valid_lead(website="x")), intake=Intake(FakeLeads(), defences=defences), settings=SETTINGS)
    assert again.quarantined and again.replayed


def test_an_idempotency_key_reused_for_other_content_is_refused() -> None:
    store, defences = FakeLeads(), Defences(deduplicator=FakeDeduplicator())
    sender = Sender(idempotency_key=HEADER_KEY)
    capture(Submission(valid_lead(), sender=sender), intake=Intake(store, defences=defences), settings=SETTINGS)
    with pytest.raises(IdempotencyKeyReused):
        capture(Submission(valid_lead(message="Something else"), sender=sender), intake=Intake(store, defences=defences), settings=SETTINGS)
    assert len(store.leads) == 1


def test_a_submission_still_in_flight_is_refused() -> None:
    deduplicator = FakeDeduplicator()
    deduplicator.begin(submission_key(validate_submission(valid_lead()), None))
    store = FakeLeads()
    with pytest.raises(DuplicateInFlight):
        capture(Submission(valid_lead()), intake=Intake(store, defences=Defences(deduplicator=deduplicator)), settings=SETTINGS)
    assert store.leads == {}


def test_a_malformed_idempotency_key_is_refused_before_anything_is_stored() -> None:
    store = FakeLeads()
    with pytest.raises(InvalidIdempotencyKey):
        capture(Submission(valid_lead(), sender=Sender(idempotency_key="short")), intake=Intake(store), settings=SETTINGS)
    assert store.leads == {}


def test_a_failed_attempt_is_not_remembered_so_a_retry_stores_the_lead() -> None:
    store, defences = FakeLeads(), Defences(deduplicator=FakeDeduplicator())
    store.unavailable = "InternalServerError"
    with pytest.raises(StorageUnavailable):
        capture(Submission(valid_lead()), intake=Intake(store, defences=defences), settings=SETTINGS)
    store.unavailable = None
    receipt = capture(Submission(valid_lead()), intake=Intake(store, defences=defences), settings=SETTINGS)
    assert not receipt.replayed and list(store.leads) == [receipt.lead_id]


# --- bot check ------------------------------------------------------------------------------------


def turnstile() -> FakeVerifier:
    return FakeVerifier(answers={"solved": good_answer()})


def test_a_good_token_is_verified_with_the_source_and_the_submissions_uuid() -> None:
    verifier, store = turnstile(), FakeLeads()
    data = {**valid_lead(), TOKEN_FIELD: "solved"}
    capture(Submission(data, sender=Sender(source_ip=IP)), intake=Intake(store, defences=Defences(verifier=verifier)), settings=SETTINGS)
    key = submission_key(validate_submission(data), None)
    assert verifier.calls == [("solved", IP, idempotency_uuid(key.key))]
    assert len(store.leads) == 1


def test_a_missing_token_is_refused_and_nothing_is_stored() -> None:
    store = FakeLeads()
    with pytest.raises(BotCheckFailed) as refused:
        capture(Submission(valid_lead()), intake=Intake(store, defences=Defences(verifier=turnstile())), settings=SETTINGS)
    assert refused.value.reason == "captcha_missing"
    assert store.leads == {}


def test_an_invalid_submission_never_spends_the_token() -> None:
    verifier = turnstile()
    data = {**valid_lead(consent=None), TOKEN_FIELD: "solved"}
    with pytest.raises(InvalidSubmission):
        capture(Submission(data), intake=Intake(FakeLeads(), defences=Defences(verifier=verifier)), settings=SETTINGS)
    assert verifier.calls == []


def test_a_retry_after_a_failure_verifies_the_same_token_again() -> None:
    store, defences = FakeLeads(), Defences(deduplicator=FakeDeduplicator(), verifier=turnstile())
    data = {**valid_lead(), TOKEN_FIELD: "solved"}
    store.unavailable = "InternalServerError"
    with pytest.raises(StorageUnavailable):
        capture(Submission(data), intake=Intake(store, defences=defences), settings=SETTINGS)
    store.unavailable = None
    assert capture(Submission(data), intake=Intake(store, defences=defences), settings=SETTINGS).lead_id in store.leads


def test_a_token_spent_by_another_submission_is_refused_as_replayed() -> None:
    defences = Defences(verifier=turnstile())
    capture(Submission({**valid_lead(), TOKEN_FIELD: "solved"}), intake=Intake(FakeLeads(), defences=defences), settings=SETTINGS)
    with pytest.raises(BotCheckFailed) as refused:
        capture(
            Submission({**valid_lead(message="Another"), TOKEN_FIELD: "solved"}),
            intake=Intake(FakeLeads(), defences=defences),
            settings=SETTINGS,
        )
    assert refused.value.reason == "captcha_replayed"


def _lead_with_id(lead_id: str) -> Lead:
    request = validate_submission(valid_lead(first_name="Existing"))
    return replace(new_lead(request, now=NOW, consent_version="v0", retention_days=1), id=lead_id)
