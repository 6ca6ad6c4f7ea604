"""The leads table's stream feeding its readers (notify; person), as Lambda's event source mappings would.

moto serves stream reads but cannot run a function without Docker, so this thread does the
mapping's work: it reads every shard, keeps the records the template's filter lets through (INSERT
for notify; INSERT and MODIFY for person, one poller each, as each mapping is its own reader), hands
them to the handler in batches shaped as Lambda shapes a DynamoDB stream event, and honours
ReportBatchItemFailures: records before the lowest failed sequence number are done, the batch is
retried from that record with a short backoff, and after the retries are spent it is reported as
what AWS would send to the dead-letter queue and skipped. Never a submitted value in a line: lead
ids and sequence numbers only.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from infra.build.template import TEMPLATE, load
from leadcapture.adapters.aws import error_code

Invoke = Callable[[dict[str, Any]], Any]

# The batch size and retry count come from template.yaml's event source mapping (see
# event_source_settings). Its bisection on a function error is not reproduced: with
# ReportBatchItemFailures the handler names what failed.
NOTIFY_FUNCTION = "NotifyFunction"
PERSON_FUNCTION = "PersonFunction"
INTERVAL_SECONDS = 0.2
# Doubled on each retry of the same batch (0.5 s, 1 s, 2 s, ...): short enough to watch locally.
RETRY_DELAY_SECONDS = 0.5
# A real stream splits shards every few hours; looking for new ones this often is plenty.
DISCOVER_EVERY_SECONDS = 10.0


@dataclass(frozen=True)
class EventSourceSettings:
    """The event source mapping as this poller plays it: template.yaml's batch size and retries, then
    where it starts reading, how often it polls and how soon it retries (local choices)."""

    batch_size: int
    max_retries: int
    # The eventName values the mapping's FilterCriteria lets through.
    event_names: tuple[str, ...] = ("INSERT",)
    # Whose mapping it is: the function's short name, in the console's lines.
    reader: str = "notify"
    # TRIM_HORIZON: every record the stream holds; LATEST: only what arrives from start-up on.
    start_at: str = "TRIM_HORIZON"
    interval: float = INTERVAL_SECONDS
    retry_delay: float = RETRY_DELAY_SECONDS


def event_source_settings(template: Path = TEMPLATE, function: str = NOTIFY_FUNCTION) -> EventSourceSettings:
    """BatchSize, MaximumRetryAttempts and the filter's event names of a function's DynamoDB event in template.yaml."""
    import json

    resource = load(template)["Resources"][function]
    events = [e["Properties"] for e in resource["Properties"]["Events"].values() if e["Type"] == "DynamoDB"]
    if len(events) != 1:
        raise ValueError(f"{template}: expected one DynamoDB event on {function}, found {len(events)}")
    (event,) = events
    patterns = [json.loads(f["Pattern"]) for f in event.get("FilterCriteria", {}).get("Filters", [])]
    names = tuple(name for pattern in patterns for name in pattern.get("eventName", [])) or ("INSERT", "MODIFY", "REMOVE")
    return EventSourceSettings(
        batch_size=int(event["BatchSize"]),
        max_retries=int(event["MaximumRetryAttempts"]),
        event_names=names,
        reader=function.removesuffix("Function").lower(),
    )


@dataclass
class _Shard:
    iterator: str | None
    pending: list[dict[str, Any]] = field(default_factory=list)
    attempts: int = 0
    retry_at: float = 0.0


def to_lambda_record(record: dict[str, Any], *, stream_arn: str, region: str) -> dict[str, Any]:
    """A DynamoDB Streams GetRecords record as Lambda delivers it in an event's `Records`."""
    image = dict(record["dynamodb"])
    created = image.get("ApproximateCreationDateTime")
    if isinstance(created, datetime):
        image["ApproximateCreationDateTime"] = int(created.timestamp())
    shaped = {
        "eventID": record["eventID"],
        "eventName": record["eventName"],
        "eventVersion": record.get("eventVersion", "1.1"),
        "eventSource": "aws:dynamodb",
        "awsRegion": record.get("awsRegion", region),
        "dynamodb": image,
        "eventSourceARN": stream_arn,
    }
    if "userIdentity" in record:  # TTL deletions carry it
        shaped["userIdentity"] = record["userIdentity"]
    return shaped


def first_failure(batch: list[dict[str, Any]], result: Any) -> int | None:
    """Index of the record to retry from, or None when the whole batch succeeded.

    As Lambda reads a ReportBatchItemFailures answer: an identifier that is missing, empty or not
    in the batch fails the whole batch.
    """
    failures = result.get("batchItemFailures") if isinstance(result, dict) else None
    if not failures:
        return None
    positions = {r["dynamodb"]["SequenceNumber"]: i for i, r in enumerate(batch)}
    indexes = [positions.get(f.get("itemIdentifier") if isinstance(f, dict) else None, 0) for f in failures]
    return min(indexes)


def _lead_ids(records: list[dict[str, Any]]) -> str:
    return ", ".join(str(r["dynamodb"].get("Keys", {}).get("id", {}).get("S", "?")) for r in records)


class StreamPoller:
    """Reads the stream on a background thread and invokes one reader's handler (notify, unless `settings` say another's)."""

    def __init__(
        self,
        *,
        table_name: str,
        invoke: Invoke,
        say: Callable[[str], None],
        after_batch: Callable[[], None] = lambda: None,
        settings: EventSourceSettings | None = None,
    ) -> None:
        import boto3

        self._dynamodb = boto3.client("dynamodb")
        self._streams = boto3.client("dynamodbstreams")
        self._region = self._streams.meta.region_name
        self.table_name = table_name
        self._invoke = invoke
        self._say = say
        self._after_batch = after_batch
        # The template's numbers unless a test gives its own.
        self.settings = settings or event_source_settings()
        self._stop = threading.Event()
        self._shards: dict[str, _Shard] = {}
        self._closed: set[str] = set()
        self._next_discovery = 0.0
        self._discovered = False
        self._last_error: str | None = None
        self.name = self.settings.reader
        self._thread = threading.Thread(target=self._run, name=f"stream-poller-{self.name}", daemon=True)
        self.stream_arn = self._stream_arn()

    def _stream_arn(self) -> str:
        table = self._dynamodb.describe_table(TableName=self.table_name)["Table"]
        arn = table.get("LatestStreamArn")
        if not arn or not table.get("StreamSpecification", {}).get("StreamEnabled"):
            raise RuntimeError(f"table {self.table_name} has no stream enabled")
        return str(arn)

    def start(self) -> None:
        """Position on every shard now (so LATEST means from start-up on), then poll on a thread."""
        self._discover()
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        while not self._stop.wait(self.settings.interval):
            try:
                self.poll_once()
            except (BotoCoreError, ClientError) as err:
                code = error_code(err)
                if code != self._last_error:  # one line per kind of trouble, not one per poll
                    self._say(f"stream read failed ({code}); still trying")
                self._last_error = code
            else:
                self._last_error = None

    def _discover(self) -> None:
        shards = self._streams.describe_stream(StreamArn=self.stream_arn)["StreamDescription"].get("Shards", [])
        for shard in shards:
            shard_id = shard["ShardId"]
            if shard_id in self._shards or shard_id in self._closed:
                continue
            # A shard that appears later is a child of one we read: read it from its start.
            kind = "TRIM_HORIZON" if self._discovered else self.settings.start_at
            answer = self._streams.get_shard_iterator(StreamArn=self.stream_arn, ShardId=shard_id, ShardIteratorType=kind)
            self._shards[shard_id] = _Shard(answer.get("ShardIterator"))
        self._discovered = True
        self._next_discovery = time.monotonic() + DISCOVER_EVERY_SECONDS

    def poll_once(self) -> None:
        if time.monotonic() >= self._next_discovery:
            self._discover()
        for shard_id, shard in list(self._shards.items()):
            self._read(shard)
            if shard.pending and time.monotonic() >= shard.retry_at:
                self._deliver(shard)
            if shard.iterator is None and not shard.pending:
                del self._shards[shard_id]
                self._closed.add(shard_id)

    def _read(self, shard: _Shard) -> None:
        if shard.pending or shard.iterator is None:
            return
        answer = self._streams.get_records(ShardIterator=shard.iterator, Limit=100)
        shard.iterator = answer.get("NextShardIterator")
        records = [to_lambda_record(dict(r), stream_arn=self.stream_arn, region=self._region) for r in answer.get("Records", [])]
        shard.pending = [r for r in records if r["eventName"] in self.settings.event_names]

    def _deliver(self, shard: _Shard) -> None:
        batch = shard.pending[: self.settings.batch_size]
        try:
            result = self._invoke({"Records": batch})
        except Exception as err:  # a function error fails the whole batch, as in Lambda
            self._say(f"{self.name} function error ({type(err).__name__}); the batch will be retried")
            failed_from: int | None = 0
        else:
            failed_from = first_failure(batch, result)
        self._after_batch()
        if failed_from is None:
            del shard.pending[: len(batch)]
            shard.attempts = 0
            return
        del shard.pending[:failed_from]
        shard.attempts += 1
        if shard.attempts > self.settings.max_retries:
            dropped = shard.pending[: len(batch) - failed_from]
            del shard.pending[: len(dropped)]
            shard.attempts = 0
            self._say(
                f"{self.name}: {len(dropped)} stream record(s) still failing after {self.settings.max_retries} retries; "
                f"in AWS they go to the dead-letter queue (lead ids: {_lead_ids(dropped)})"
            )
            return
        shard.retry_at = time.monotonic() + self.settings.retry_delay * 2 ** (shard.attempts - 1)
