"""Injected faults: nothing lost, nothing doubled, asserted on the table and on what SES received."""

from __future__ import annotations

import json
from typing import Any

import pytest
from infra.local.runtime import LambdaContext

from leadcapture.intake import handler as submit
from leadcapture.notify import handler as notify
from tests.conftest import ENV, json_event, valid_lead
from tests.integration.helpers import client_error, sent_emails, stored_leads
from tests.integration.streams import stream_event

TABLE = ENV["LEADS_TABLE_NAME"]


def post(first_name: str, context: LambdaContext) -> str:
    answer = submit.handler(json_event(valid_lead(first_name=first_name, email=f"{first_name.lower()}@example.com")), context)
    assert answer["statusCode"] == 201
    return str(json.loads(answer["body"])["id"])


def test_a_poison_record_fails_alone_and_the_others_are_sent_once(aws: None, lambda_context: LambdaContext) -> None:
    post("Ann", lambda_context)
    post("Cy", lambda_context)
    event = stream_event(TABLE)
    poison = json.loads(json.dumps(event["Records"][0]))
    poison["dynamodb"]["Keys"] = {"id": {"S": "no-such-lead"}}
    poison["dynamodb"]["SequenceNumber"] = "999"
    broken = json.loads(json.dumps(event["Records"][0]))
    broken["dynamodb"]["Keys"] = {}
    broken["dynamodb"]["SequenceNumber"] = "1000"
    batch = {"Records": [event["Records"][0], poison, broken, event["Records"][1]]}
    result = notify.handler(batch, lambda_context)
    assert result == {"batchItemFailures": [{"itemIdentifier": "999"}, {"itemIdentifier": "1000"}]}
    assert sorted(str(m["Subject"]) for m in sent_emails()) == ["New consultation request: Ann R.", "New consultation request: Cy R."]
    # Lambda retries the failed part of the batch: the good leads are not sent again.
    assert notify.handler(batch, lambda_context)["batchItemFailures"] == [{"itemIdentifier": "999"}, {"itemIdentifier": "1000"}]
    assert len(sent_emails()) == 2


def test_dynamodb_throttling_on_submit_is_a_503_and_a_retry_succeeds(aws: None, lambda_context: LambdaContext) -> None:
    from leadcapture.adapters import aws as aws_state

    attempts: list[int] = []

    def throttle(**kwargs: Any) -> None:
        attempts.append(1)
        raise client_error("ThrottlingException", "PutItem", message="Rate exceeded")

    aws_state.clients().dynamodb().meta.events.register("before-call.dynamodb.PutItem", throttle)
    answer = submit.handler(json_event(valid_lead()), lambda_context)
    aws_state.clients().dynamodb().meta.events.unregister("before-call.dynamodb.PutItem", throttle)
    assert answer["statusCode"] == 503 and int(answer["headers"]["Retry-After"]) > 0
    assert stored_leads() == []
    assert submit.handler(json_event(valid_lead()), lambda_context)["statusCode"] == 201
    notify.handler(stream_event(TABLE), lambda_context)
    assert len(stored_leads()) == 1 and len(sent_emails()) == 1


@pytest.mark.parametrize("code", ["TooManyRequestsException", "LimitExceededException", "SendingPausedException"])
def test_ses_throttling_is_retried_until_sent_once(aws: None, lambda_context: LambdaContext, code: str) -> None:
    from leadcapture.adapters import aws as aws_state

    post("Ann", lambda_context)
    event = stream_event(TABLE)
    calls: list[int] = []

    def throttle_twice(**kwargs: Any) -> None:
        calls.append(1)
        if len(calls) <= 2:
            raise client_error(code, "SendEmail", status=429)

    aws_state.clients().sesv2().meta.events.register("before-parameter-build.sesv2.SendEmail", throttle_twice)
    results = [notify.handler(event, lambda_context) for _ in range(4)]
    assert [len(r["batchItemFailures"]) for r in results] == [1, 1, 0, 0]
    assert len(sent_emails()) == 1
    assert stored_leads()[0].status == "notified"


def test_the_notifier_failing_after_ses_accepted_sends_nothing_new_on_redelivery(aws: None, lambda_context: LambdaContext) -> None:
    from leadcapture.adapters import aws as aws_state

    lead_id = post("Ann", lambda_context)
    event = stream_event(TABLE)

    def crash_on_mark(params: dict[str, Any], **kwargs: Any) -> None:
        if params.get("TableName") == TABLE:
            raise client_error("InternalServerError", "UpdateItem")

    aws_state.clients().dynamodb().meta.events.register("before-parameter-build.dynamodb.UpdateItem", crash_on_mark)
    first = notify.handler(event, lambda_context)
    aws_state.clients().dynamodb().meta.events.unregister("before-parameter-build.dynamodb.UpdateItem", crash_on_mark)
    assert len(first["batchItemFailures"]) == 1
    assert len(sent_emails()) == 1
    assert stored_leads()[0].status == "new"  # SES accepted; the mark did not land

    assert notify.handler(event, lambda_context) == {"batchItemFailures": []}
    assert len(sent_emails()) == 1
    [lead] = stored_leads()
    assert (lead.id, lead.status) == (lead_id, "notified")
    assert lead.ses_message_id


def test_idempotency_table_down_before_sending_is_retried_and_sends_once(aws: None, lambda_context: LambdaContext) -> None:
    from leadcapture.adapters import aws as aws_state

    post("Ann", lambda_context)
    event = stream_event(TABLE)

    def down(params: dict[str, Any], **kwargs: Any) -> None:
        if params.get("TableName") == ENV["IDEMPOTENCY_TABLE_NAME"]:
            raise client_error("ServiceUnavailable", "PutItem")

    aws_state.clients().dynamodb().meta.events.register("before-parameter-build.dynamodb.PutItem", down)
    assert len(notify.handler(event, lambda_context)["batchItemFailures"]) == 1
    aws_state.clients().dynamodb().meta.events.unregister("before-parameter-build.dynamodb.PutItem", down)
    assert sent_emails() == []
    assert notify.handler(event, lambda_context) == {"batchItemFailures": []}
    assert len(sent_emails()) == 1


def test_a_lost_answer_then_the_clients_retry_finds_the_same_lead_and_one_email(aws: None, lambda_context: LambdaContext) -> None:
    # The write happened, the answer never reached the browser (timeout); the form retries with
    # the Idempotency-Key it sent the first time.
    key = {"Idempotency-Key": "5f0c3c1e-7d1e-4f61-9f55-0a3f3d2b9c11"}
    first = submit.handler(json_event(valid_lead(), headers=key), lambda_context)
    retry = submit.handler(json_event(valid_lead(), headers=key), lambda_context)
    assert first["statusCode"] == retry["statusCode"] == 201
    assert json.loads(first["body"])["id"] == json.loads(retry["body"])["id"]
    notify.handler(stream_event(TABLE), lambda_context)
    assert len(stored_leads()) == 1 and len(sent_emails()) == 1
