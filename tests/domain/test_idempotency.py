"""What identifies a submission for duplicate detection (no AWS here; the store is tested under moto)."""

from __future__ import annotations

import json

import pytest

from leadcapture.intake.domain.contract import validate_submission
from leadcapture.intake.domain.duplicates import canonical_digest, parse_header, submission_key
from leadcapture.kernel.errors import InvalidIdempotencyKey
from tests.conftest import valid_lead

UUID = "8e03978e-40d5-43e8-bc93-6894a57f9324"


def digest_of(data: dict[str, object]) -> str:
    return canonical_digest(validate_submission(data))


def test_key_order_and_white_space_do_not_change_the_digest() -> None:
    data = valid_lead()
    reordered = dict(reversed(list(data.items())))
    spaced = valid_lead(first_name="  Sam ", email=" sam.rivera@Example.COM", phone="(213) 555-0117", consent="on")
    assert digest_of(data) == digest_of(reordered) == digest_of(spaced)
    # The raw JSON bodies differ; the normalized submissions do not.
    assert json.dumps(data) != json.dumps(reordered)


def test_a_different_submission_has_a_different_digest() -> None:
    assert digest_of(valid_lead()) != digest_of(valid_lead(message="Something else"))
    assert digest_of(valid_lead()) != digest_of(valid_lead(website="http://spam.example"))


def test_unknown_fields_such_as_the_bot_check_token_do_not_change_the_digest() -> None:
    assert digest_of(valid_lead()) == digest_of({**valid_lead(), "cf-turnstile-response": "token-abc"})


def test_the_key_holds_hashes_only() -> None:
    request = validate_submission(valid_lead())
    for key in (submission_key(request, None), submission_key(request, UUID)):
        text = json.dumps(key.payload())
        for value in ("Sam", "Rivera", "sam.rivera", "2135550117", "couples", UUID):
            assert value.lower() not in text.lower()


def test_the_header_key_wins_over_the_content_and_the_digest_travels_with_it() -> None:
    request = validate_submission(valid_lead())
    by_content = submission_key(request, None)
    by_header = submission_key(request, UUID)
    assert by_content.key != by_header.key
    assert by_content.digest == by_header.digest
    assert submission_key(validate_submission(valid_lead(message="changed")), UUID).key == by_header.key


@pytest.mark.parametrize("value", [UUID, f'"{UUID}"', f"  {UUID} ", "a" * 16, "x" * 255, "Ab0-_.~!$&'()*+,;=:@/?" * 2])
def test_printable_tokens_of_16_to_255_characters_are_accepted(value: str) -> None:
    assert parse_header(value) == value.strip().strip('"')


@pytest.mark.parametrize(
    "value", ["", "short", "a" * 256, "has space inside-abcdef", "tab\tinside-abcdefgh", "ünïcödé-key-abcdefgh", '"unterminated-abcdefgh']
)
def test_other_keys_are_refused_without_echoing_them(value: str) -> None:
    with pytest.raises(InvalidIdempotencyKey) as refused:
        parse_header(value)
    assert value.strip() not in str(refused.value) or not value.strip()


def test_no_header_means_no_key() -> None:
    assert parse_header(None) is None
