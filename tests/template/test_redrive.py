"""The documented redrive (`python3 -m infra.ops.redrive`) against the rehearsed stack in moto.

Leads the stream gave up on are found in the table (status `new`, no `notified_at`) and re-sent
through the real notify handler; dead letters are cleared only when every lead went out.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from infra.ops import redrive
from moto.ses.models import ses_backends

from tests.conftest import LambdaContext, json_event, valid_lead
from tests.template.conftest import REHEARSAL_STACK, Rehearsal, detach_stream_mapping, use_stack_environment

pytestmark = pytest.mark.filterwarnings("ignore:Tried to parse AWS")

LATER = datetime.now(UTC) + timedelta(hours=1)


def sent() -> list[Any]:
    return list(ses_backends["123456789012"]["us-east-1"].sent_messages)


def dead_letter(shard: str = "shardId-000001") -> str:
    """What Lambda puts on a stream source's on-failure queue: where the batch was, not what it held."""
    return json.dumps(
        {
            "requestContext": {"condition": "RetryAttemptsExhausted", "approximateInvokeCount": 6},
            "DDBStreamBatchInfo": {
                "shardId": shard,
                "startSequenceNumber": "100",
                "endSequenceNumber": "102",
                "batchSize": 3,
                "streamArn": "arn:aws:dynamodb:us-east-1:123456789012:table/leads/stream/2026",
            },
        }
    )


@pytest.fixture
def stranded(rehearsal: Rehearsal, monkeypatch: pytest.MonkeyPatch, lambda_context: LambdaContext) -> dict[str, str]:
    """Three leads stored while email was down: two still `new`, one already refused by SES."""
    from leadcapture import wiring
    from leadcapture.handlers import submit

    use_stack_environment(rehearsal, monkeypatch)
    detach_stream_mapping(rehearsal)
    ids = {}
    for name in ("first", "second", "refused"):
        answer = submit.handler(json_event(valid_lead(first_name=f"Redrive{name.title()}", email=f"{name}@example.com")), lambda_context)
        assert answer["statusCode"] == 201, answer["body"]
        ids[name] = json.loads(answer["body"])["id"]
    assert wiring.current().store.mark_notify_failed(ids["refused"], reason="MessageRejected", at="2026-11-28T14:00:00.000Z")
    sqs = boto3.client("sqs")
    for shard in ("shardId-000001", "shardId-000002"):
        sqs.send_message(QueueUrl=rehearsal.outputs["NotifyDeadLetterQueueUrl"], MessageBody=dead_letter(shard))
    return ids


def in_process(lambda_context: LambdaContext) -> redrive.Invoke:
    """The notify handler itself, with the event the redrive would send to Lambda."""
    from leadcapture.handlers import notify

    def invoke(event: dict[str, Any]) -> dict[str, Any]:
        return dict(notify.handler(event, lambda_context))

    return invoke


def run(invoke: redrive.Invoke, *, apply: bool, lines: list[str] | None = None, **kwargs: Any) -> redrive.Report:
    targets = redrive.targets_from_stack(boto3.client("cloudformation"), REHEARSAL_STACK)
    return redrive.redrive(
        dynamodb=boto3.client("dynamodb"),
        sqs=boto3.client("sqs"),
        targets=targets,
        invoke=invoke,
        apply=apply,
        now=LATER,
        say=(lines if lines is not None else []).append,
        **kwargs,
    )


def status(rehearsal: Rehearsal, lead_id: str) -> str:
    item = boto3.client("dynamodb").get_item(TableName=rehearsal.outputs["LeadsTableName"], Key={"id": {"S": lead_id}}, ConsistentRead=True)
    value: str = item["Item"]["status"]["S"]
    return value


def visible_dead_letters(rehearsal: Rehearsal) -> int:
    attributes = boto3.client("sqs").get_queue_attributes(
        QueueUrl=rehearsal.outputs["NotifyDeadLetterQueueUrl"],
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(attributes["ApproximateNumberOfMessagesNotVisible"])


def test_dry_run_lists_ids_and_changes_nothing(rehearsal: Rehearsal, stranded: dict[str, str], lambda_context: LambdaContext) -> None:
    lines: list[str] = []
    report = run(in_process(lambda_context), apply=False, lines=lines)
    assert (report.candidates, report.dead_letters, report.resent) == (2, 2, 0)
    assert sent() == []
    assert visible_dead_letters(rehearsal) == 2
    assert any(stranded["first"] in line for line in lines)
    assert any("shardId-000002" in line for line in lines)
    # Ids and counts only: no name or address of the people who wrote.
    assert not [line for line in lines if "@" in line or "First" in line or "Second" in line]


def test_apply_resends_each_waiting_lead_once_and_clears_the_dead_letters(
    rehearsal: Rehearsal, stranded: dict[str, str], lambda_context: LambdaContext
) -> None:
    report = run(in_process(lambda_context), apply=True)
    assert (report.candidates, report.resent, report.failed, report.dead_letters_deleted) == (2, 2, 0, 2)
    assert len(sent()) == 2
    assert status(rehearsal, stranded["first"]) == status(rehearsal, stranded["second"]) == "notified"
    assert status(rehearsal, stranded["refused"]) == "notify_failed"
    assert visible_dead_letters(rehearsal) == 0

    again = run(in_process(lambda_context), apply=True)
    assert (again.candidates, again.resent) == (0, 0)
    assert len(sent()) == 2


def test_young_leads_are_left_to_the_stream(rehearsal: Rehearsal, stranded: dict[str, str], lambda_context: LambdaContext) -> None:
    report = run(in_process(lambda_context), apply=True, min_age=timedelta(hours=2))
    assert (report.candidates, report.resent) == (0, 0)
    assert sent() == []


def test_include_failed_reopens_refused_leads_after_the_cause_is_fixed(
    rehearsal: Rehearsal, stranded: dict[str, str], lambda_context: LambdaContext
) -> None:
    report = run(in_process(lambda_context), apply=True, include_failed=True)
    assert (report.candidates, report.resent) == (3, 3)
    assert status(rehearsal, stranded["refused"]) == "notified"
    assert len(sent()) == 3


def test_dead_letters_are_kept_while_a_lead_still_fails(
    rehearsal: Rehearsal, stranded: dict[str, str], lambda_context: LambdaContext
) -> None:
    send_for_real = in_process(lambda_context)

    def second_lead_throttled(event: dict[str, Any]) -> dict[str, Any]:
        send_for_real({"Records": event["Records"][:1]})
        return {"batchItemFailures": [{"itemIdentifier": r["dynamodb"]["SequenceNumber"]} for r in event["Records"][1:]]}

    report = run(second_lead_throttled, apply=True)
    assert (report.resent, report.failed, report.dead_letters_deleted) == (1, 1, 0)
    assert visible_dead_letters(rehearsal) == 2


def test_a_function_error_fails_the_whole_batch() -> None:
    event = redrive.stream_event(["a", "b"])
    answer = redrive.parse_invoke_answer({"FunctionError": "Unhandled", "Payload": b'{"errorMessage": "boom"}'}, event)
    assert answer == {"batchItemFailures": [{"itemIdentifier": "1"}, {"itemIdentifier": "2"}]}
    ok = redrive.parse_invoke_answer({"Payload": b'{"batchItemFailures": []}'}, event)
    assert ok == {"batchItemFailures": []}


def test_the_redrive_invokes_the_live_alias() -> None:
    # After a rollback (docs/deploy.md) $LATEST holds the code rolled back from; the alias the
    # stream invokes holds the code that works.
    calls: list[dict[str, Any]] = []

    class Lambda:
        def invoke(self, **kwargs: Any) -> dict[str, Any]:
            calls.append(kwargs)
            return {"Payload": b'{"batchItemFailures": []}'}

    redrive.lambda_invoker(Lambda(), "notify-fn")(redrive.stream_event(["a"]))
    assert [(c["FunctionName"], c.get("Qualifier")) for c in calls] == [("notify-fn", "live")]
