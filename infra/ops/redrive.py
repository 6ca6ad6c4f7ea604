"""Re-send the coordinator emails that the stream gave up on. The leads table is the source of truth.

    python3 -m infra.ops.redrive --stack lead-capture-prod            # dry run: list what would be re-sent
    python3 -m infra.ops.redrive --stack lead-capture-prod --apply    # re-send, then clear the dead letters

Why the table and not the dead-letter queue: for a DynamoDB stream source, Lambda's on-failure
destination receives only metadata of the failed batch (shard, sequence range), and the stream
itself forgets records after 24 hours. A lead that still waits for its email is, by definition, one
with status `new` and no `notified_at`; this finds those (older than a few minutes, so leads the
stream is handling right now are left alone) and invokes the notify function with a stream-shaped
event that carries only their keys. The notifier reads each lead again and sends at most once, so a
redrive that overlaps a late stream retry cannot double-send.

`--include-failed` also retries leads SES refused for good (`notify_failed`), after you fixed the
cause (identity verified, account out of the sandbox): it sets them back to `new` first.

Needs the usual AWS credentials with cloudformation:DescribeStacks, dynamodb:Scan/UpdateItem on the
leads table, lambda:InvokeFunction on the notify function, sqs:ReceiveMessage/DeleteMessage on the
queue. Prints lead ids and counts only, never a lead's content.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

Invoke = Callable[[dict[str, Any]], dict[str, Any]]

BATCH = 10
# Leads younger than this are left to the stream, which is probably handling them right now.
DEFAULT_MIN_AGE = timedelta(minutes=15)
# Receiving hides a message this long; they are deleted only after the redrive succeeded.
VISIBILITY_SECONDS = 900
MAX_DEAD_LETTERS = 1000


@dataclass(frozen=True)
class Targets:
    table: str
    function: str
    queue_url: str


@dataclass(frozen=True)
class DeadLetter:
    receipt_handle: str
    shard_id: str
    first_sequence: str
    last_sequence: str
    batch_size: int


@dataclass
class Report:
    dead_letters: int = 0
    candidates: int = 0
    resent: int = 0
    failed: int = 0
    dead_letters_deleted: int = 0


def targets_from_stack(cloudformation: Any, stack: str) -> Targets:
    outputs = cloudformation.describe_stacks(StackName=stack)["Stacks"][0].get("Outputs", [])
    values = {o["OutputKey"]: o["OutputValue"] for o in outputs}
    return Targets(values["LeadsTableName"], values["NotifyFunctionName"], values["NotifyDeadLetterQueueUrl"])


def receive_dead_letters(sqs: Any, queue_url: str, limit: int = MAX_DEAD_LETTERS) -> list[DeadLetter]:
    """Every dead letter, hidden (not deleted) while the redrive runs."""
    letters: list[DeadLetter] = []
    while len(letters) < limit:
        answer = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, VisibilityTimeout=VISIBILITY_SECONDS, WaitTimeSeconds=0)
        messages = answer.get("Messages", [])
        if not messages:
            break
        letters.extend(_dead_letter(m) for m in messages)
    return letters


def _dead_letter(message: dict[str, Any]) -> DeadLetter:
    try:
        info = json.loads(message["Body"]).get("DDBStreamBatchInfo", {})
    except (ValueError, AttributeError):
        info = {}
    return DeadLetter(
        receipt_handle=message["ReceiptHandle"],
        shard_id=str(info.get("shardId", "?")),
        first_sequence=str(info.get("startSequenceNumber", "?")),
        last_sequence=str(info.get("endSequenceNumber", "?")),
        batch_size=int(info.get("batchSize", 0)),
    )


def waiting_leads(dynamodb: Any, table: str, *, older_than: datetime, include_failed: bool = False) -> list[tuple[str, str]]:
    """(id, status) of every lead still owed an email, created before `older_than`. Reads ids and status only."""
    statuses = {":new": {"S": "new"}}
    wanted = "#status = :new"
    if include_failed:
        statuses[":failed"] = {"S": "notify_failed"}
        wanted = "(#status = :new OR #status = :failed)"
    cutoff = older_than.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    found: list[tuple[str, str]] = []
    for page in dynamodb.get_paginator("scan").paginate(
        TableName=table,
        ConsistentRead=True,
        ProjectionExpression="id, #status",
        FilterExpression=f"{wanted} AND attribute_not_exists(notified_at) AND created_at < :cutoff",
        ExpressionAttributeNames={"#status": "status"},
        ExpressionAttributeValues={**statuses, ":cutoff": {"S": cutoff}},
    ):
        found.extend((item["id"]["S"], item["status"]["S"]) for item in page.get("Items", []))
    return sorted(found)


def reopen_failed(dynamodb: Any, table: str, lead_id: str) -> bool:
    """Set a lead SES refused back to `new`, so the notifier tries it again; False if it changed meanwhile."""
    from botocore.exceptions import ClientError

    try:
        dynamodb.update_item(
            TableName=table,
            Key={"id": {"S": lead_id}},
            UpdateExpression="SET #status = :new REMOVE notify_error, notify_failed_at",
            ConditionExpression="#status = :failed AND attribute_not_exists(notified_at)",
            ExpressionAttributeNames={"#status": "status"},
            ExpressionAttributeValues={":new": {"S": "new"}, ":failed": {"S": "notify_failed"}},
        )
    except ClientError as err:
        if err.response.get("Error", {}).get("Code") == "ConditionalCheckFailedException":
            return False
        raise
    return True


def stream_event(lead_ids: Sequence[str], *, region: str = "us-east-1") -> dict[str, Any]:
    """An INSERT batch as the stream would deliver it, with keys only: the notifier reads the lead itself."""
    return {
        "Records": [
            {
                "eventID": f"redrive-{index}",
                "eventName": "INSERT",
                "eventVersion": "1.1",
                "eventSource": "aws:dynamodb",
                "awsRegion": region,
                "eventSourceARN": "redrive",
                "dynamodb": {
                    "Keys": {"id": {"S": lead_id}},
                    "SequenceNumber": str(index),
                    "SizeBytes": 0,
                    "StreamViewType": "NEW_IMAGE",
                },
            }
            for index, lead_id in enumerate(lead_ids, start=1)
        ]
    }


# The alias the stream invokes (template.yaml's AutoPublishAlias): after a rollback it, not
# $LATEST, holds the code that works.
LIVE_ALIAS = "live"


def lambda_invoker(lambda_client: Any, function: str) -> Invoke:
    def invoke(event: dict[str, Any]) -> dict[str, Any]:
        answer = lambda_client.invoke(
            FunctionName=function, Qualifier=LIVE_ALIAS, InvocationType="RequestResponse", Payload=json.dumps(event).encode()
        )
        return parse_invoke_answer(answer, event)

    return invoke


def parse_invoke_answer(answer: dict[str, Any], event: dict[str, Any]) -> dict[str, Any]:
    """The function's partial-batch answer; a function error fails the whole batch."""
    payload = answer["Payload"].read() if hasattr(answer.get("Payload"), "read") else answer.get("Payload", b"")
    if answer.get("FunctionError"):
        return {"batchItemFailures": [{"itemIdentifier": r["dynamodb"]["SequenceNumber"]} for r in event["Records"]]}
    result: dict[str, Any] = json.loads(payload or b"{}")
    return result


def _batches(items: Sequence[str], size: int = BATCH) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def redrive(
    *,
    dynamodb: Any,
    sqs: Any,
    targets: Targets,
    invoke: Invoke,
    apply: bool,
    min_age: timedelta = DEFAULT_MIN_AGE,
    include_failed: bool = False,
    now: datetime | None = None,
    say: Callable[[str], None] = print,
) -> Report:
    report = Report()
    letters = receive_dead_letters(sqs, targets.queue_url) if apply else _peek_dead_letters(sqs, targets.queue_url)
    report.dead_letters = len(letters)
    for letter in letters:
        sequences = f"{letter.first_sequence}..{letter.last_sequence}"
        say(f"dead letter: shard {letter.shard_id}, sequence {sequences}, {letter.batch_size} record(s)")
    cutoff = (now or datetime.now(UTC)) - min_age
    leads = waiting_leads(dynamodb, targets.table, older_than=cutoff, include_failed=include_failed)
    report.candidates = len(leads)
    for lead_id, status in leads:
        say(f"waiting for its email: {lead_id} ({status})")
    if not apply:
        say(f"dry run: {report.candidates} lead(s) would be re-sent; {report.dead_letters} dead letter(s). Add --apply to do it.")
        return report
    ready = [lead_id for lead_id, status in leads if status == "new" or reopen_failed(dynamodb, targets.table, lead_id)]
    for batch in _batches(ready):
        failures = {f["itemIdentifier"] for f in invoke(stream_event(batch)).get("batchItemFailures", [])}
        for index, lead_id in enumerate(batch, start=1):
            if str(index) in failures:
                report.failed += 1
                say(f"still failing: {lead_id}")
            else:
                report.resent += 1
    if report.failed == 0:
        for letter in letters:
            sqs.delete_message(QueueUrl=targets.queue_url, ReceiptHandle=letter.receipt_handle)
            report.dead_letters_deleted += 1
    say(
        f"re-sent {report.resent}, still failing {report.failed}; "
        f"deleted {report.dead_letters_deleted} of {report.dead_letters} dead letter(s)"
        + ("" if report.failed == 0 else " (kept: fix the cause, then run again)")
    )
    return report


def _peek_dead_letters(sqs: Any, queue_url: str) -> list[DeadLetter]:
    """A dry run looks without hiding: a zero visibility timeout leaves the messages as they were."""
    answer = sqs.receive_message(QueueUrl=queue_url, MaxNumberOfMessages=10, VisibilityTimeout=0, WaitTimeSeconds=0)
    return [_dead_letter(m) for m in answer.get("Messages", [])]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m infra.ops.redrive", description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--stack", required=True, help="the CloudFormation stack name (lead-capture-dev, lead-capture-prod)")
    parser.add_argument("--region", help="AWS region (default: your AWS configuration's)")
    parser.add_argument("--apply", action="store_true", help="re-send and clear the dead letters (default: dry run)")
    parser.add_argument("--min-age-minutes", type=int, default=int(DEFAULT_MIN_AGE.total_seconds() // 60))
    parser.add_argument("--include-failed", action="store_true", help="also retry leads SES refused (notify_failed)")
    args = parser.parse_args(argv)

    import boto3

    session = boto3.session.Session(region_name=args.region)
    targets = targets_from_stack(session.client("cloudformation"), args.stack)
    report = redrive(
        dynamodb=session.client("dynamodb"),
        sqs=session.client("sqs"),
        targets=targets,
        invoke=lambda_invoker(session.client("lambda"), targets.function),
        apply=args.apply,
        min_age=timedelta(minutes=args.min_age_minutes),
        include_failed=args.include_failed,
    )
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
