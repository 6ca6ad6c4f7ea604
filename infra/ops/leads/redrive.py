"""Re-send the coordinator emails the notifier gave up on. The leads table is the source of truth.

Why the table and not the dead-letter queue: for a DynamoDB stream source, Lambda's on-failure
destination receives only metadata of the failed batch (shard, sequence range), and the stream
itself forgets records after 24 hours. A lead that still waits for its email is, by definition, one
with status `new` and no `notified_at`; this finds those (older than a few minutes, so leads the
stream is handling right now are left alone) and hands them to the notify function with a
stream-shaped event that carries only their keys. The notifier reads each lead again and sends at
most once, so a redrive that overlaps a late stream retry cannot double-send.

`include_failed` also retries leads SES refused for good (`notify_failed`), after the cause was
fixed (identity verified, account out of the sandbox): it sets them back to `new` first.

Dead letters are deleted only when every lead went out; ids and counts only are reported.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from leadcapture.kernel.status_changes import change_status
from leadcapture.kernel.timestamps import utc_stamp

from .target import Target, stream_event

BATCH = 10
# Leads younger than this are left to the stream, which is probably handling them right now.
DEFAULT_MIN_AGE = timedelta(minutes=15)
# Receiving hides a message this long; they are deleted only after the redrive succeeded.
VISIBILITY_SECONDS = 900
MAX_DEAD_LETTERS = 1000


@dataclass(frozen=True)
class DeadLetter:
    receipt_handle: str
    shard_id: str
    first_sequence: str
    last_sequence: str
    batch_size: int


@dataclass(frozen=True)
class Waiting:
    """Which leads still wait for their email: older than `min_age` (younger ones are the stream's),
    and, with `include_failed`, also those SES refused for good."""

    min_age: timedelta = DEFAULT_MIN_AGE
    include_failed: bool = False


@dataclass
class Report:
    dead_letters: int = 0
    candidates: int = 0
    resent: int = 0
    failed: int = 0
    dead_letters_deleted: int = 0
    # lead id -> what happened to it ("would re-send", "re-sent", "still failing", "changed meanwhile").
    per_lead: dict[str, str] = field(default_factory=dict)


def receive_dead_letters(sqs: Any, queue_url: str, *, hide: bool, limit: int = MAX_DEAD_LETTERS) -> list[DeadLetter]:
    """The dead letters: hidden while the redrive runs (`hide`), or only looked at (a dry run)."""
    letters: list[DeadLetter] = []
    seen: set[str] = set()
    while len(letters) < limit:
        answer = sqs.receive_message(
            QueueUrl=queue_url, MaxNumberOfMessages=10, VisibilityTimeout=VISIBILITY_SECONDS if hide else 0, WaitTimeSeconds=0
        )
        fresh = [m for m in answer.get("Messages", []) if m["MessageId"] not in seen]
        if not fresh:
            break
        seen.update(m["MessageId"] for m in fresh)
        letters.extend(_dead_letter(m) for m in fresh)
        if not hide:
            # A zero visibility timeout leaves them visible: one look is all a dry run takes.
            break
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


def _dead_letters(target: Target, *, hide: bool, say: Callable[[str], None]) -> list[DeadLetter]:
    """The stack's dead letters, each reported by where it was (the local stack has no queue)."""
    if not target.dead_letter_queue_url:
        return []
    letters = receive_dead_letters(target.client("sqs"), target.dead_letter_queue_url, hide=hide)
    for letter in letters:
        sequences = f"{letter.first_sequence}..{letter.last_sequence}"
        say(f"dead letter: shard {letter.shard_id}, sequence {sequences}, {letter.batch_size} record(s)")
    return letters


def _resend(target: Target, leads: Sequence[tuple[str, str]], report: Report, *, at: datetime) -> None:
    """Reopen refused leads, then hand every waiting lead to the notify function, ten at a time."""
    ready: list[str] = []
    for lead_id, status in leads:
        if status == "new" or change_status(lead_id, "new", store=target.store, at=utc_stamp(at), by="redrive").outcome == "changed":
            ready.append(lead_id)
        else:
            report.per_lead[lead_id] = "changed meanwhile: left alone"
    for batch in _batches(ready):
        failures = {f["itemIdentifier"] for f in target.notify(stream_event(batch)).get("batchItemFailures", [])}
        for index, lead_id in enumerate(batch, start=1):
            if str(index) in failures:
                report.failed += 1
                report.per_lead[lead_id] = "still failing"
            else:
                report.resent += 1
                report.per_lead[lead_id] = "re-sent"


def _batches(items: Sequence[str], size: int = BATCH) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def redrive(
    target: Target, *, apply: bool, waiting: Waiting = Waiting(), now: datetime | None = None, say: Callable[[str], None] = print
) -> Report:
    report = Report()
    sqs = target.client("sqs") if target.dead_letter_queue_url else None
    letters = receive_dead_letters(sqs, target.dead_letter_queue_url, hide=apply) if sqs and target.dead_letter_queue_url else []
    report.dead_letters = len(letters)
    for letter in letters:
        say(
            f"dead letter: shard {letter.shard_id}, sequence {letter.first_sequence}..{letter.last_sequence}, {letter.batch_size} record(s)"
        )
    at = now or datetime.now(UTC)
    leads = target.store.waiting_for_email(created_before=utc_stamp(at - waiting.min_age), include_failed=waiting.include_failed)
    report.candidates = len(leads)
    if not apply:
        for lead_id, status in leads:
            report.per_lead[lead_id] = f"would re-send ({status})"
            say(f"{lead_id}: would re-send ({status})")
        say(f"dry run: {report.candidates} lead(s) would be re-sent; {report.dead_letters} dead letter(s). Add --apply to do it.")
        return report
    _resend(target, leads, report, at=at)
    for lead_id, what in report.per_lead.items():
        say(f"{lead_id}: {what}")
    if report.failed == 0 and target.dead_letter_queue_url:
        for letter in letters:
            target.client("sqs").delete_message(QueueUrl=target.dead_letter_queue_url, ReceiptHandle=letter.receipt_handle)
            report.dead_letters_deleted += 1
    say(
        f"re-sent {report.resent}, still failing {report.failed}; "
        f"deleted {report.dead_letters_deleted} of {report.dead_letters} dead letter(s)"
        + ("" if report.failed == 0 else " (kept: fix the cause, then run again)")
    )
    return report
