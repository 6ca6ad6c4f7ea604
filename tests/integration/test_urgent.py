"""Urgent pages under moto (issue 24): submit -> the stream -> notify -> the page queue -> urgent -> SNS.

The handlers as Lambda runs them, against moto's DynamoDB, SQS, SNS and SES. SNS failing (throttled,
down) is injected with botocore event hooks on the function's own client; so is "I'm on it" landing
between a step's read of the lead and its claim. The texts are moto's record of SMS publishes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import pytest
from botocore.exceptions import EndpointConnectionError
from infra.local.runtime import LambdaContext
from infra.local.urgent import to_lambda_record
from moto.sns.models import sns_backends
from moto.sqs.models import sqs_backends

from leadcapture.adapters import aws as aws_state
from leadcapture.adapters.idempotency import IdempotencyRecords, sent_email_record_key
from leadcapture.intake import handler as submit
from leadcapture.kernel.lead import reference
from leadcapture.kernel.open_leads import page_ledger_key
from leadcapture.kernel.paging import acknowledge
from leadcapture.kernel.timestamps import utc_stamp
from leadcapture.notify import handler as notify
from leadcapture.urgent import handler as urgent
from tests.conftest import ENV, json_event, valid_lead
from tests.integration.helpers import body_json, client_error, leads_store, sent_emails
from tests.integration.streams import stream_event
from tests.integration.test_actions import call

ACCOUNT = "123456789012"
REGION = ENV["AWS_DEFAULT_REGION"]
PHONES = ("+12135550100", "+12135550101")
KEY = "k" * 64
CRISIS = "I don't want to live anymore and I have a plan."
QUEUE = "urgent-pages-test"


@pytest.fixture
def paging(aws: None, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Urgent pages on: two on-call numbers, the page queue, links signed with a fixed key."""
    url = boto3.client("sqs").create_queue(QueueName=QUEUE)["QueueUrl"]
    for name, value in {
        "URGENT_PHONES": ",".join(PHONES),
        "URGENT_PAGES_QUEUE_URL": url,
        "ESCALATION_EMAILS": "manager@practice.example",
        "ACTIONS_BASE_URL": "https://api.practice.example",
        "ACTION_LINK_KEY": KEY,
        "RATE_LIMIT_PER_HOUR": "0",
    }.items():
        monkeypatch.setenv(name, value)
    aws_state.reset()
    yield url


def texts() -> list[tuple[str, str]]:
    """(number, text) of every SMS moto's SNS accepted, in order."""
    return list(sns_backends[ACCOUNT][REGION].sms_messages.values())


def post_urgent(context: LambdaContext, **fields: object) -> str:
    answer = submit.handler(json_event(valid_lead(message=CRISIS, **fields)), context)
    assert answer["statusCode"] == 201, answer
    return str(body_json(answer)["id"])


def queued(url: str) -> list[Any]:
    """The steps on the queue, delayed or not (moto's messages)."""
    return list(sqs_backends[ACCOUNT][REGION].queues[url.rsplit("/", 1)[1]]._messages)


def deliver(url: str, context: LambdaContext, *, release: bool = True) -> dict[str, Any]:
    """What Lambda's SQS poller would do once the next step is due: receive it and invoke the urgent handler."""
    if release:  # the step's delay has passed
        for message in queued(url):
            message.delayed_until = 0.0
    sqs = boto3.client("sqs")
    messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=1, VisibilityTimeout=0, AttributeNames=["All"]).get("Messages", [])
    assert messages, "no step on the queue"
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    result: dict[str, Any] = urgent.handler({"Records": [to_lambda_record(messages[0], queue_arn=arn, region=REGION)]}, context)
    if not result["batchItemFailures"]:
        sqs.delete_message(QueueUrl=url, ReceiptHandle=messages[0]["ReceiptHandle"])
    return result


@contextmanager
def sns_failing(error: Callable[[], Exception], when: Callable[[dict[str, Any]], bool]) -> Iterator[list[str]]:
    """Make the urgent function's SNS Publish raise `error()` for the calls `when` selects; yields their numbers."""
    client = aws_state.clients().sns()
    failed: list[str] = []

    def fail(params: dict[str, Any], **kwargs: Any) -> None:
        if when(params):
            failed.append(params["PhoneNumber"])
            raise error()

    client.meta.events.register("before-parameter-build.sns.Publish", fail)
    try:
        yield failed
    finally:
        client.meta.events.unregister("before-parameter-build.sns.Publish", fail)


def test_an_urgent_lead_is_texted_at_once_and_its_re_page_held_until_due(
    paging: str, lambda_context: LambdaContext, capsys: pytest.CaptureFixture[str]
) -> None:
    lead_id = post_urgent(lambda_context)
    assert notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context) == {"batchItemFailures": []}
    [step1] = queued(paging)
    assert json.loads(step1.body)["step"] == 1 and not step1.delayed  # the first page: no delay
    assert [e["Subject"] for e in sent_emails()] == ["[URGENT] New consultation request: Sam R."]

    assert deliver(paging, lambda_context, release=False) == {"batchItemFailures": []}
    assert [number for number, _ in texts()] == list(PHONES)
    assert texts()[0][1].startswith(
        f"Harbor Therapy: urgent consultation request, ref {reference(lead_id)}. I'm on it: https://api.practice.example/actions/"
    )
    [step2] = queued(paging)
    assert json.loads(step2.body)["step"] == 2 and step2.delayed
    assert 599 <= (step2.delayed_until - step2.sent_timestamp) / 1000 <= 600.01  # DelaySeconds: until ten minutes after step 1
    lead = leads_store().get(lead_id)
    assert lead is not None and (lead.page_count, lead.page_scheduled) == (1, 2)
    metrics = capsys.readouterr().out
    for name in ("UrgentPagingStarted", "UrgentPageSent", "TimeToFirstPage"):
        assert f'"{name}"' in metrics, name


def test_unacknowledged_three_re_pages_then_one_escalation_and_nothing_after(paging: str, lambda_context: LambdaContext) -> None:
    post_urgent(lambda_context)
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    for _ in range(5):  # steps 1-4 (pages), step 5 (the escalation)
        assert deliver(paging, lambda_context) == {"batchItemFailures": []}
    assert queued(paging) == []
    assert len(texts()) == 4 * len(PHONES)
    escalations = [e for e in sent_emails() if "Unacknowledged" in str(e["Subject"])]
    assert [str(e["To"]) for e in escalations] == ["manager@practice.example"]


def test_sns_throttled_for_one_phone_retries_it_alone_and_no_page_goes_twice(paging: str, lambda_context: LambdaContext) -> None:
    post_urgent(lambda_context)
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    with sns_failing(lambda: client_error("Throttled", "Publish", status=429), lambda p: p["PhoneNumber"] == PHONES[1]) as failed:
        result = deliver(paging, lambda_context, release=False)
    assert failed == [PHONES[1]] and len(result["batchItemFailures"]) == 1  # SQS delivers the step again
    assert [number for number, _ in texts()] == [PHONES[0]]
    assert deliver(paging, lambda_context, release=False) == {"batchItemFailures": []}  # redelivered: ApproximateReceiveCount 2
    assert sorted(number for number, _ in texts()) == sorted(PHONES)
    assert [json.loads(m.body)["step"] for m in queued(paging)] == [2]  # the re-page scheduled once


def test_sns_down_retries_without_texting_anyone_twice(paging: str, lambda_context: LambdaContext) -> None:
    post_urgent(lambda_context)
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    down = EndpointConnectionError(endpoint_url="https://sns.us-east-1.amazonaws.com")
    with sns_failing(lambda: down, lambda p: True):
        for _ in range(3):
            assert len(deliver(paging, lambda_context, release=False)["batchItemFailures"]) == 1
    assert texts() == []
    assert deliver(paging, lambda_context, release=False) == {"batchItemFailures": []}
    assert deliver(paging, lambda_context) == {"batchItemFailures": []}  # step 2, due ten minutes later
    assert sorted(number for number, _ in texts()) == sorted(PHONES * 2)


def test_a_re_page_due_while_the_lead_is_being_acknowledged_sends_nothing(paging: str, lambda_context: LambdaContext) -> None:
    lead_id = post_urgent(lambda_context)
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    deliver(paging, lambda_context, release=False)
    client = aws_state.clients().dynamodb()

    def im_on_it_first(params: dict[str, Any], **kwargs: Any) -> None:
        # "I'm on it" lands after the step read the lead, just before its conditional claim of page 2.
        if "page_count" in params.get("UpdateExpression", ""):
            assert acknowledge(lead_id, store=leads_store(), at=utc_stamp(), by="coordinator").outcome == "recorded"

    client.meta.events.register("before-parameter-build.dynamodb.UpdateItem", im_on_it_first)
    try:
        assert deliver(paging, lambda_context) == {"batchItemFailures": []}
    finally:
        client.meta.events.unregister("before-parameter-build.dynamodb.UpdateItem", im_on_it_first)
    assert len(texts()) == len(PHONES)  # page 1 only
    assert queued(paging) == []  # nothing scheduled after it
    lead = leads_store().get(lead_id)
    assert lead is not None and lead.page_count == 1 and lead.acknowledged_by == "coordinator"


def test_im_on_it_through_the_actions_function_stops_the_pages(
    paging: str, lambda_context: LambdaContext, capsys: pytest.CaptureFixture[str]
) -> None:
    post_urgent(lambda_context)
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    deliver(paging, lambda_context, release=False)
    token = texts()[0][1].rsplit("/", 1)[1]
    capsys.readouterr()
    page = call("POST", token, lambda_context)
    assert page["statusCode"] == 200 and "Recorded: “I&#x27;m on it”" in page["body"]
    assert '"TimeToAcknowledge"' in capsys.readouterr().out
    assert deliver(paging, lambda_context) == {"batchItemFailures": []}
    assert len(texts()) == len(PHONES) and queued(paging) == []


def test_forgetting_a_person_removes_every_page_record(paging: str, lambda_context: LambdaContext) -> None:
    lead_id = post_urgent(lambda_context)
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    for _ in range(5):
        deliver(paging, lambda_context)
    records = IdempotencyRecords(ENV["IDEMPOTENCY_TABLE_NAME"], client=aws_state.clients().dynamodb())
    found = set(records.of_lead(lead_id))
    pages = {
        sent_email_record_key(page_ledger_key(kind, lead_id)) for kind in ("page1", "page1.1", "page4", "page4.1", "urgent-escalation")
    }
    assert pages <= found


def test_a_lead_that_is_not_urgent_puts_nothing_on_the_queue(paging: str, lambda_context: LambdaContext) -> None:
    submit.handler(json_event(valid_lead()), lambda_context)
    notify.handler(stream_event(ENV["LEADS_TABLE_NAME"]), lambda_context)
    assert queued(paging) == [] and texts() == []
