"""The local event source mapping: the real notify handler fed from moto's stream, with SES
throttling injected through a botocore hook, honours partial batch failures as Lambda does."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.awsrequest import AWSResponse
from botocore.compat import HTTPHeaders
from infra.build.template import TEMPLATE
from infra.local.runtime import LambdaContext, invoke
from infra.local.streams import EventSourceSettings, StreamPoller, event_source_settings, first_failure
from moto.ses.models import ses_backends
from tests.conftest import ENV, json_event, valid_lead

from leadcapture.adapters import aws as aws_state
from leadcapture.intake import handler as submit
from leadcapture.notify import handler as notify


def sent_count() -> int:
    return len(ses_backends["123456789012"]["us-east-1"].sent_messages)


def store_lead(context: LambdaContext, **overrides: object) -> str:
    answer = submit.handler(json_event(valid_lead(**overrides)), context)
    assert answer["statusCode"] == 201
    lead_id: str = json.loads(answer["body"])["id"]
    return lead_id


class Throttle:
    """SES answers TooManyRequests to the sends this decides, as a throttled account would."""

    def __init__(self) -> None:
        self.calls = 0
        self.refuse: set[int] = set()
        self.refuse_all = False

    def __call__(self, **kwargs: Any) -> Any:
        self.calls += 1
        if self.refuse_all or self.calls in self.refuse:
            error = {"Error": {"Code": "TooManyRequestsException", "Message": "throttled"}, "ResponseMetadata": {"HTTPStatusCode": 429}}
            return AWSResponse("https://email.us-east-1.amazonaws.com", 429, HTTPHeaders(), None), error
        return None


@pytest.fixture
def throttle(aws: None) -> Iterator[Throttle]:
    hook = Throttle()
    aws_state.clients().sesv2().meta.events.register("before-call.sesv2.SendEmail", hook)
    yield hook
    aws_state.clients().sesv2().meta.events.unregister("before-call.sesv2.SendEmail", hook)


@pytest.fixture
def poller(aws: None) -> tuple[StreamPoller, list[str]]:
    lines: list[str] = []
    feeder = StreamPoller(
        table_name=ENV["LEADS_TABLE_NAME"],
        invoke=lambda event: invoke(notify.handler, event, function_name="notify", region="us-east-1"),
        say=lines.append,
        # Several records per batch (template.yaml's is 1) so partial batch failures are exercised.
        settings=dataclasses.replace(event_source_settings(), max_retries=2, batch_size=10, retry_delay=0),
    )
    return feeder, lines


def test_every_new_lead_is_emailed_once(poller: tuple[StreamPoller, list[str]], lambda_context: LambdaContext) -> None:
    feeder, lines = poller
    for n in range(3):
        store_lead(lambda_context, first_name=f"Person{n}")
    feeder.poll_once()
    feeder.poll_once()
    assert sent_count() == 3
    assert lines == []


def test_a_failed_record_is_retried_from_its_sequence_number(
    poller: tuple[StreamPoller, list[str]], throttle: Throttle, lambda_context: LambdaContext
) -> None:
    feeder, lines = poller
    for n in range(3):
        store_lead(lambda_context, first_name=f"Person{n}")
    throttle.refuse = {2}  # the second lead's first send
    feeder.poll_once()  # sends 1 and 3, reports 2 as failed
    assert (sent_count(), throttle.calls) == (2, 3)
    feeder.poll_once()  # retries from 2: sends it; 3 is already notified and not sent again
    assert (sent_count(), throttle.calls) == (3, 4)
    assert lines == []


def test_a_record_that_keeps_failing_goes_to_the_dead_letter_report(
    poller: tuple[StreamPoller, list[str]], throttle: Throttle, lambda_context: LambdaContext
) -> None:
    feeder, lines = poller
    stuck = store_lead(lambda_context)
    throttle.refuse_all = True
    for _ in range(3):  # the first try and two retries
        feeder.poll_once()
    assert throttle.calls == 3
    assert len(lines) == 1
    assert "dead-letter queue" in lines[0] and stuck in lines[0]
    assert "sam.rivera" not in lines[0]

    throttle.refuse_all = False
    store_lead(lambda_context, first_name="Later")
    feeder.poll_once()
    feeder.poll_once()
    assert sent_count() == 1  # the later lead; the stuck one is not retried any more


def test_failure_answers_are_read_as_lambda_reads_them() -> None:
    batch = [{"dynamodb": {"SequenceNumber": s}} for s in ("100", "200", "300")]
    assert first_failure(batch, {"batchItemFailures": []}) is None
    assert first_failure(batch, None) is None
    assert first_failure(batch, {"batchItemFailures": [{"itemIdentifier": "300"}, {"itemIdentifier": "200"}]}) == 1
    assert first_failure(batch, {"batchItemFailures": [{"itemIdentifier": "999"}]}) == 0
    assert first_failure(batch, {"batchItemFailures": [{"itemIdentifier": ""}]}) == 0


def test_batch_size_and_retries_are_the_templates(aws: None) -> None:
    text = TEMPLATE.read_text(encoding="utf-8")
    # One lead per invocation: its worst case fits the notify timeout (tests/template).
    assert "BatchSize: 1\n" in text and "MaximumRetryAttempts: 5" in text
    assert event_source_settings() == EventSourceSettings(batch_size=1, max_retries=5)
    feeder = StreamPoller(table_name=ENV["LEADS_TABLE_NAME"], invoke=lambda event: None, say=print)
    assert feeder.settings == event_source_settings()


def test_changing_the_template_changes_the_poller(aws: None, tmp_path: Path, lambda_context: LambdaContext) -> None:
    text = TEMPLATE.read_text(encoding="utf-8")
    edited = tmp_path / "template.yaml"
    edited.write_text(
        text.replace("BatchSize: 1\n", "BatchSize: 2\n").replace("MaximumRetryAttempts: 5", "MaximumRetryAttempts: 3"), encoding="utf-8"
    )
    settings = event_source_settings(edited)
    assert settings == EventSourceSettings(batch_size=2, max_retries=3)

    batches: list[int] = []
    feeder = StreamPoller(
        table_name=ENV["LEADS_TABLE_NAME"], invoke=lambda event: batches.append(len(event["Records"])), say=print, settings=settings
    )
    for n in range(3):
        store_lead(lambda_context, first_name=f"Person{n}")
    feeder.poll_once()
    feeder.poll_once()
    assert batches == [2, 1]
