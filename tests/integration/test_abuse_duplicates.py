"""Double submits and retries through the submit handler under moto (Powertools idempotency on DynamoDB)."""

from __future__ import annotations

import json
import threading
from typing import Any
from urllib.parse import urlencode

import boto3
import pytest
from infra.local.runtime import LambdaContext

from leadcapture.intake import handler as submit
from leadcapture.notify import handler as notify
from tests.conftest import ENV, http_event, json_event, valid_lead
from tests.integration.abuse import emitted, fail, on_call
from tests.integration.helpers import body_json, sent_emails, stored_leads
from tests.integration.streams import stream_event

HTML_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
KEY = "8e03978e-40d5-43e8-bc93-6894a57f9324"


def test_two_identical_posts_give_the_same_answer_one_lead_and_one_email(
    aws: None, lambda_context: LambdaContext, capfd: pytest.CaptureFixture[str]
) -> None:
    first = submit.handler(json_event(valid_lead()), lambda_context)
    second = submit.handler(json_event(valid_lead()), lambda_context)
    assert first["statusCode"] == second["statusCode"] == 201
    assert first["body"] == second["body"]
    assert len(stored_leads()) == 1
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    assert len(sent_emails()) == 1
    counted = emitted(capfd.readouterr().out)
    assert (counted["LeadCaptured"], counted["DuplicateReplayed"]) == (1, 1)


def test_key_order_white_space_and_spelling_do_not_make_a_second_lead(aws: None, lambda_context: LambdaContext) -> None:
    first = submit.handler(json_event(valid_lead()), lambda_context)
    reordered = json.dumps(dict(reversed(list(valid_lead(first_name=" Sam ", phone="213-555-0117").items()))), indent=4)
    second = submit.handler(http_event(reordered), lambda_context)
    assert body_json(first)["id"] == body_json(second)["id"]
    assert len(stored_leads()) == 1


def test_a_different_submission_is_a_new_lead(aws: None, lambda_context: LambdaContext) -> None:
    submit.handler(json_event(valid_lead()), lambda_context)
    submit.handler(json_event(valid_lead(message="A different message")), lambda_context)
    assert len(stored_leads()) == 2


def test_a_plain_form_double_post_is_303_both_times_and_one_lead(aws: None, lambda_context: LambdaContext) -> None:
    fields = urlencode({k: "on" if v is True else str(v) for k, v in valid_lead().items()})
    answers = [
        submit.handler(http_event(fields, content_type="application/x-www-form-urlencoded", accept=HTML_ACCEPT), lambda_context)
        for _ in range(2)
    ]
    assert [a["statusCode"] for a in answers] == [303, 303]
    assert answers[0]["headers"]["Location"] == answers[1]["headers"]["Location"]
    assert len(stored_leads()) == 1


def test_the_same_idempotency_key_replays_and_a_reused_key_for_other_content_is_422(aws: None, lambda_context: LambdaContext) -> None:
    first = submit.handler(json_event(valid_lead(), headers={"Idempotency-Key": KEY}), lambda_context)
    again = submit.handler(json_event(valid_lead(), headers={"Idempotency-Key": f'"{KEY}"'}), lambda_context)
    assert body_json(first)["id"] == body_json(again)["id"]
    # Other content: a message of its own (a bare word like "changed" also turns up in library
    # errors, and the final personal-data check would take that for a leak).
    other = "Actually, weekday evenings after six suit me better."
    reused = submit.handler(json_event(valid_lead(message=other), headers={"Idempotency-Key": KEY}), lambda_context)
    assert reused["statusCode"] == 422
    assert reused["headers"]["Content-Type"] == "application/problem+json"
    assert len(stored_leads()) == 1


def test_distinct_idempotency_keys_make_distinct_leads_even_for_the_same_content(aws: None, lambda_context: LambdaContext) -> None:
    submit.handler(json_event(valid_lead(), headers={"Idempotency-Key": KEY}), lambda_context)
    submit.handler(json_event(valid_lead(), headers={"Idempotency-Key": KEY.replace("8", "9")}), lambda_context)
    assert len(stored_leads()) == 2


def test_a_malformed_idempotency_key_is_400_not_500(aws: None, lambda_context: LambdaContext) -> None:
    answer = submit.handler(json_event(valid_lead(), headers={"Idempotency-Key": "short"}), lambda_context)
    assert answer["statusCode"] == 400
    assert "Idempotency-Key" in body_json(answer)["detail"]
    assert stored_leads() == []


def test_a_duplicate_in_flight_gets_409_then_the_same_answer(aws: None, lambda_context: LambdaContext) -> None:
    """Two threads at the handler level: the first is held inside its write to the leads table."""
    entered, release = threading.Event(), threading.Event()

    def hold() -> None:
        entered.set()
        assert release.wait(10)

    results: dict[str, dict[str, Any]] = {}
    with on_call("PutItem", ENV["LEADS_TABLE_NAME"], hold):
        first = threading.Thread(target=lambda: results.update(first=submit.handler(json_event(valid_lead()), lambda_context)))
        first.start()
        assert entered.wait(10)
        duplicate = submit.handler(json_event(valid_lead()), lambda_context)
        release.set()
        first.join(10)
    assert duplicate["statusCode"] == 409
    assert duplicate["headers"]["Content-Type"] == "application/problem+json"
    assert results["first"]["statusCode"] == 201
    after = submit.handler(json_event(valid_lead()), lambda_context)
    assert body_json(after)["id"] == body_json(results["first"])["id"]
    assert len(stored_leads()) == 1


def test_a_storage_error_is_not_cached_so_the_retry_succeeds(aws: None, lambda_context: LambdaContext) -> None:
    with on_call("PutItem", ENV["LEADS_TABLE_NAME"], fail("ProvisionedThroughputExceededException", "PutItem")):
        failed = submit.handler(json_event(valid_lead()), lambda_context)
    assert failed["statusCode"] == 503
    assert "Retry-After" in failed["headers"]
    assert stored_leads() == []
    retried = submit.handler(json_event(valid_lead()), lambda_context)
    assert retried["statusCode"] == 201
    assert len(stored_leads()) == 1


def test_the_idempotency_table_unavailable_is_503_with_retry_after_and_nothing_stored(aws: None, lambda_context: LambdaContext) -> None:
    with on_call("PutItem", ENV["IDEMPOTENCY_TABLE_NAME"], fail("InternalServerError", "PutItem")):
        answer = submit.handler(json_event(valid_lead()), lambda_context)
    assert answer["statusCode"] == 503
    assert answer["headers"]["Retry-After"] == "5"
    assert stored_leads() == []


def test_a_lead_stored_whose_record_cannot_be_completed_is_still_a_201(aws: None, lambda_context: LambdaContext) -> None:
    with on_call("UpdateItem", ENV["IDEMPOTENCY_TABLE_NAME"], fail("InternalServerError", "UpdateItem")):
        answer = submit.handler(json_event(valid_lead()), lambda_context)
    assert answer["statusCode"] == 201
    [lead] = stored_leads()
    assert lead.id == body_json(answer)["id"]
    # The record stays in progress until this invocation's time is up: a retry then is a 409, not a second lead.
    assert submit.handler(json_event(valid_lead()), lambda_context)["statusCode"] == 409
    assert len(stored_leads()) == 1


def test_the_idempotency_record_holds_hashes_and_the_receipt_only(aws: None, lambda_context: LambdaContext) -> None:
    answer = submit.handler(json_event(valid_lead(), headers={"Idempotency-Key": KEY}), lambda_context)
    submit.handler(json_event(valid_lead(message="no key")), lambda_context)
    items = boto3.client("dynamodb").scan(TableName=ENV["IDEMPOTENCY_TABLE_NAME"])["Items"]
    assert len(items) == 2
    text = json.dumps(items)
    for value in ("Sam", "Rivera", "sam.rivera", "2135550117", "couples", "counselling", "no key", KEY):
        assert value.lower() not in text.lower()
    data = [json.loads(item["data"]["S"]) for item in items]
    assert {"lead_id": body_json(answer)["id"], "urgent": False, "quarantined": False, "canary": False} in data
    assert all(int(item["expiration"]["N"]) > 0 for item in items)


def test_the_expiry_is_configurable(aws: None, lambda_context: LambdaContext, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("IDEMPOTENCY_EXPIRY_SECONDS", "60")
    submit.handler(json_event(valid_lead()), lambda_context)
    [item] = boto3.client("dynamodb").scan(TableName=ENV["IDEMPOTENCY_TABLE_NAME"])["Items"]
    assert abs(int(item["expiration"]["N"]) - (time.time() + 60)) < 10
