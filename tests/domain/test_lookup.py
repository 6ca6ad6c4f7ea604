"""The lookup index's keys: one person, however their email or phone is typed, gives one hash; no key, no index."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from leadcapture.intake.domain.capture import Intake, Submission, capture
from leadcapture.intake.domain.contract import new_lead, validate_submission
from leadcapture.intake.settings import SubmitSettings
from leadcapture.kernel.errors import InvalidSubmission
from leadcapture.kernel.lead import Lead
from leadcapture.kernel.lookup import LookupKeys, email_hash, lookup_keys, person_keys, phone_hash
from tests.conftest import valid_lead
from tests.fakes import FakeLeads
from tests.settings import make_settings

KEY = b"k" * 64
SETTINGS = make_settings(SubmitSettings, {"RETENTION_DAYS": "365"})
NOW = datetime(2026, 11, 28, 18, 5, tzinfo=UTC)


def lead_with(**stored: str) -> Lead:
    lead = new_lead(validate_submission(valid_lead()), now=NOW, consent_version="v1", retention_days=365)
    return replace(lead, **stored)  # type: ignore[arg-type]


@pytest.mark.parametrize("typed", ["818 821 6012", "(818) 821-6012", "+1 818-821-6012", "1.818.821.6012", "+18188216012"])
def test_a_phone_typed_any_common_way_hashes_like_the_stored_e164(typed: str) -> None:
    assert person_keys(email=None, phone=typed, key=KEY) == LookupKeys(phone_hash=phone_hash("+18188216012", KEY))


@pytest.mark.parametrize("typed", ["818 821 6012", "818-821-6012 ext. 5", "+1 818 821 6012 x77"])
def test_a_number_stored_with_an_extension_is_found_by_the_number_with_or_without_one(typed: str) -> None:
    # The same person gives their desk line with its extension once and without it the next time:
    # forgetting them by the number must find both leads (issue 25, defect 2).
    stored_with_extension = lookup_keys(lead_with(phone="+18188216012;ext=5"), KEY).phone_hash
    assert stored_with_extension == phone_hash("+18188216012", KEY)
    assert person_keys(email=None, phone=typed, key=KEY).phone_hash == stored_with_extension


def test_an_email_is_found_whatever_its_case() -> None:
    assert person_keys(email=" Jose.Nunez@Example.COM ", phone=None, key=KEY).email_hash == email_hash("jose.nunez@example.com", KEY)


def test_hashes_depend_on_the_key_and_keep_email_and_phone_apart() -> None:
    assert phone_hash("+18188216012", KEY) != phone_hash("+18188216012", b"other")
    assert email_hash("+18188216012", KEY) != phone_hash("+18188216012", KEY)
    assert len(phone_hash("+18188216012", KEY)) == 64


def test_bad_input_names_the_field_never_the_value() -> None:
    with pytest.raises(InvalidSubmission) as caught:
        person_keys(email="not-an-address-4471", phone="12", key=KEY)
    assert [e.field for e in caught.value.errors] == ["email", "phone"]
    assert [e.code for e in caught.value.errors] == ["email", "phone"]
    assert "4471" not in str(caught.value.errors)


def test_capture_stores_the_lead_with_its_hashes_when_a_key_is_configured() -> None:
    store = FakeLeads()
    submission = Submission(valid_lead(email="Sam.Rivera@Example.com", phone="213-555-0117"))
    receipt = capture(submission, intake=Intake(store, lookup_key=lambda: KEY), settings=SETTINGS, now=NOW)
    lead = store.leads[receipt.lead_id]
    assert store.lookup[lead.id] == lookup_keys(lead, KEY)
    assert store.lookup[lead.id] == person_keys(email="sam.rivera@example.com", phone="(213) 555-0117", key=KEY)


def test_without_a_key_the_lead_is_stored_unindexed() -> None:
    for source in (None, lambda: None):
        store = FakeLeads()
        receipt = capture(Submission(valid_lead()), intake=Intake(store, lookup_key=source), settings=SETTINGS, now=NOW)
        assert receipt.lead_id in store.leads
        assert store.lookup == {}


def test_a_lead_without_a_phone_has_an_email_hash_only() -> None:
    store = FakeLeads()
    submission = Submission(valid_lead(phone=None, preferred_contact="email"))
    receipt = capture(submission, intake=Intake(store, lookup_key=lambda: KEY), settings=SETTINGS, now=NOW)
    keys = store.lookup[receipt.lead_id]
    assert keys.email_hash is not None
    assert keys.phone_hash is None
