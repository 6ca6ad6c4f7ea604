"""Urgent pages locally: the page queue feeding the urgent function, and the outbox of text messages.

moto models the queue (a step sent with DelaySeconds stays invisible until it is due) but runs no
function, so this thread does the SQS event source mapping's work: it receives one step at a time
(the template's BatchSize), hands it to the urgent handler shaped as Lambda shapes an SQS event,
deletes it when it succeeded, and leaves it to come back after a short visibility timeout when it
failed; after the queue's maxReceiveCount deliveries it is reported as what SQS would move to the
dead-letter queue, and dropped. Steps come due on their own, in real time.

`release(now)` is `POST /_local/tick`'s part: it makes every step due by `now` visible at once and
runs them, and the steps they schedule that are due by then too, as if the clock had moved to `now`
(the urgent function takes a step as running at its due time). It holds the poller off meanwhile.

The text messages are moto's SNS record of SMS publishes (`sns_backends[account][region].sms_messages`,
number and text, no time): each is stamped when this process first sees it (right after every step).
Console lines name lead ids, steps and counts, never a text (its link is a capability) nor a number.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from infra.build.template import TEMPLATE, load
from leadcapture.adapters.aws import error_code
from leadcapture.kernel.timestamps import parse_stamp, utc_stamp

Invoke = Callable[[dict[str, Any]], Any]

QUEUE_NAME = "lead-capture-local-urgent-pages"
# A local default on-call number (a fictional 555-01xx number) so that `python3 infra/dev.py run` shows pages.
LOCAL_PHONE = "+12135550100"
INTERVAL_SECONDS = 0.2
# How soon a failed step comes back locally (the template's queue says 60 s: too long to watch).
VISIBILITY_SECONDS = 2
URGENT_FUNCTION = "UrgentFunction"
QUEUE = "UrgentPagesQueue"


@dataclass(frozen=True)
class QueueSettings:
    """The template's numbers for the page queue: its mapping's batch size, the deliveries before dead letters."""

    batch_size: int
    max_receive_count: int


def queue_settings(template: Path = TEMPLATE) -> QueueSettings:
    resources = load(template)["Resources"]
    events = [e["Properties"] for e in resources[URGENT_FUNCTION]["Properties"]["Events"].values() if e["Type"] == "SQS"]
    if len(events) != 1:
        raise ValueError(f"{template}: expected one SQS event on {URGENT_FUNCTION}, found {len(events)}")
    redrive = resources[QUEUE]["Properties"]["RedrivePolicy"]
    return QueueSettings(batch_size=int(events[0]["BatchSize"]), max_receive_count=int(redrive["maxReceiveCount"]))


def to_lambda_record(message: dict[str, Any], *, queue_arn: str, region: str) -> dict[str, Any]:
    """An SQS ReceiveMessage message (with AttributeNames=All) as Lambda delivers it in an event's `Records`."""
    return {
        "messageId": message["MessageId"],
        "receiptHandle": message["ReceiptHandle"],
        "body": message["Body"],
        "attributes": dict(message.get("Attributes", {})),
        "messageAttributes": {},
        "md5OfBody": message.get("MD5OfBody", ""),
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": region,
    }


def _failed(message: dict[str, Any], result: Any) -> bool:
    failures = (result.get("batchItemFailures") if isinstance(result, dict) else None) or []
    return any(isinstance(f, dict) and f.get("itemIdentifier") == message["MessageId"] for f in failures)


def _step(message: dict[str, Any]) -> tuple[str, str]:
    try:
        body = json.loads(message["Body"])
        return str(body["lead_id"]), str(body["step"])
    except (ValueError, KeyError, TypeError):
        return "?", "?"


class PageQueuePoller:
    """Receives due steps on a background thread and invokes the urgent handler with each."""

    def __init__(
        self,
        *,
        queue_url: str,
        invoke: Invoke,
        say: Callable[[str], None],
        after_step: Callable[[], None] = lambda: None,
        texts: Callable[[], int] = lambda: 0,
    ) -> None:
        import boto3

        self._sqs = boto3.client("sqs")
        self._region = self._sqs.meta.region_name
        self.queue_url = queue_url
        self.queue_arn = self._sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        self._invoke = invoke
        self._say = say
        # Runs after each step (SES's events, the outbox); `texts` counts every text sent so far.
        self._after_step = after_step
        self._texts = texts
        # The template's batch size and deliveries before the dead letters.
        self.settings = queue_settings()
        self._stop = threading.Event()
        # One taker at a time: the thread, or a tick releasing steps.
        self._taking = threading.RLock()
        self._last_error: str | None = None
        self._thread = threading.Thread(target=self._run, name="page-queue-poller", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        while not self._stop.wait(INTERVAL_SECONDS):
            try:
                while self.take_once():
                    pass
            except (BotoCoreError, ClientError) as err:
                code = error_code(err)
                if code != self._last_error:
                    self._say(f"page queue read failed ({code}); still trying")
                self._last_error = code
            else:
                self._last_error = None

    def take_once(self) -> list[dict[str, str]]:
        """Receive and run what is visible now (one batch); what ran, by lead id and step ([] when nothing)."""
        with self._taking:
            answer = self._sqs.receive_message(
                QueueUrl=self.queue_url,
                MaxNumberOfMessages=self.settings.batch_size,
                VisibilityTimeout=VISIBILITY_SECONDS,
                AttributeNames=["All"],
            )
            messages = answer.get("Messages", [])
            if not messages:
                return []
            records = [to_lambda_record(m, queue_arn=self.queue_arn, region=self._region) for m in messages]
            before = self._texts()
            try:
                result: Any = self._invoke({"Records": records})
            except Exception as err:  # a function error fails the whole batch, as in Lambda
                self._say(f"urgent function error ({type(err).__name__}); the step will be retried")
                result = {"batchItemFailures": [{"itemIdentifier": m["MessageId"]} for m in messages]}
            self._after_step()
            texts = self._texts() - before
            ran = []
            for message in messages:
                lead_id, step = _step(message)
                ran.append({"lead_id": lead_id, "step": step})
                if not _failed(message, result):
                    self._sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])
                    self._say(f"page queue: step {step} of lead {lead_id} ran ({texts} text(s) sent)")
                elif int(message.get("Attributes", {}).get("ApproximateReceiveCount", "1")) >= self.settings.max_receive_count:
                    self._sqs.delete_message(QueueUrl=self.queue_url, ReceiptHandle=message["ReceiptHandle"])
                    self._say(
                        f"page queue: step {step} of lead {lead_id} still failing after {self.settings.max_receive_count} deliveries;"
                        " in AWS it goes to the dead-letter queue"
                    )
                else:
                    self._say(f"page queue: step {step} of lead {lead_id} failed; it comes back in {VISIBILITY_SECONDS} s")
            return ran

    def release(self, now: datetime, *, account: str) -> list[dict[str, str]]:
        """Run every step due by `now` (and those they schedule, due by then too), as if it were `now`."""
        ran: list[dict[str, str]] = []
        with self._taking:
            for _ in range(100):  # a bound: every lead's steps are few
                if not self._make_due_visible(now, account=account):
                    break
                while taken := self.take_once():
                    ran += taken
        return ran

    def _make_due_visible(self, now: datetime, *, account: str) -> int:
        """Steps still held (DelaySeconds) whose due time is at or before `now`, made deliverable at once."""
        from moto.sqs.models import sqs_backends

        queue = sqs_backends[account][self._region].queues[self.queue_url.rsplit("/", 1)[1]]
        released = 0
        for message in list(queue._messages):
            try:
                due = parse_stamp(str(json.loads(message.body)["due"]))
            except (ValueError, KeyError, TypeError):
                continue
            if due <= now and (message.delayed or message.visible):
                message.delayed_until = 0.0
                released += 1
        return released


@dataclass(frozen=True)
class SentText:
    id: str
    to: str
    text: str
    time: str

    def to_json(self) -> dict[str, str]:
        return {"to": self.to, "text": self.text, "time": self.time, "id": self.id}


class SmsOutbox:
    """Every text moto's SNS accepted in this process, newest first."""

    def __init__(self, account_id: str, region: str) -> None:
        self._account_id = account_id
        self._region = region
        self._seen: dict[str, SentText] = {}
        self._lock = threading.Lock()

    def total(self) -> int:
        """How many texts moto's SNS has accepted so far."""
        from moto.sns.models import sns_backends

        return len(sns_backends[self._account_id][self._region].sms_messages)

    def refresh(self) -> int:
        """Stamp the texts not seen before; how many there were."""
        from moto.sns.models import sns_backends

        now = utc_stamp()
        new = 0
        with self._lock:
            for message_id, (number, text) in list(sns_backends[self._account_id][self._region].sms_messages.items()):
                if message_id not in self._seen:
                    self._seen[message_id] = SentText(message_id, number, text, now)
                    new += 1
        return new

    def texts(self) -> list[SentText]:
        self.refresh()
        with self._lock:
            newest_first = list(reversed(self._seen.values()))
        return sorted(newest_first, key=lambda t: t.time, reverse=True)
