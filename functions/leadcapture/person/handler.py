"""Person function: the leads table's stream -> the emails to the person (issue 23), each once.

INSERT: the discreet acknowledgement the person asked for (domain/acknowledgement.py). MODIFY: the
close note a coordinator asked for after "not a fit" or "no response" (domain/close_note.py); every
other change of a lead (a status, SES's events, this function's own marks) finds nothing to send.
A second reader of the stream beside notify (DynamoDB Streams serves two per shard): neither waits
on the other, and neither's role can do the other's work. Partial batch failures as notify's.
Logged and counted: lead ids, outcomes and error codes, never an address or anything typed.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import EventType
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord, DynamoDBRecordEventName

from leadcapture.adapters import batches
from leadcapture.kernel.errors import LeadCaptureError
from leadcapture.observability import logger, metrics, traced
from leadcapture.person import wiring
from leadcapture.person.domain.acknowledgement import acknowledge
from leadcapture.person.domain.close_note import send_close_note

processor = batches.processor(EventType.DynamoDBStreams)

# A metric per outcome worth counting; names are fixed strings.
_ACKNOWLEDGEMENT = {"sent": "AcknowledgementSent", "rejected": "AcknowledgementRejected",
                    "recently_acknowledged": "AcknowledgementWithheld"}  # fmt: skip
_NOTE = {"sent": "CloseNoteSent", "rejected": "CloseNoteRejected"}


def record_handler(record: DynamoDBRecord) -> str:
    if record.dynamodb is None or record.event_name not in {DynamoDBRecordEventName.INSERT, DynamoDBRecordEventName.MODIFY}:
        return "skipped"
    lead_id = str((record.dynamodb.keys or {}).get("id", ""))
    if not lead_id:
        raise LeadCaptureError("stream record without a lead id")
    w = wiring.current()
    outcome: str
    reason: str | None
    try:
        if record.event_name == DynamoDBRecordEventName.INSERT:
            ack = acknowledge(lead_id, store=w.store, post=w.post, settings=w.settings)
            outcome, reason, name = ack.outcome, ack.reason, _ACKNOWLEDGEMENT.get(ack.outcome)
        else:
            note = send_close_note(lead_id, store=w.store, post=w.post, settings=w.settings)
            outcome, reason, name = note.outcome, note.reason, _NOTE.get(note.outcome)
    except LeadCaptureError as err:
        metrics.add_metric(name="PersonEmailRetried", unit=MetricUnit.Count, value=1)
        logger.warning(
            "person email will be retried", lead_id=lead_id, error_type=type(err).__name__, error_code=getattr(err, "code", None)
        )
        raise
    if name:
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=1)
    if reason:
        logger.error("SES refused the person's email for good; recorded on the lead", lead_id=lead_id, error_code=reason)
    if outcome != "not_requested":
        logger.info("person email", lead_id=lead_id, stream_event=str(record.event_name.name), outcome=outcome)
    return outcome


@traced
@metrics.log_metrics(raise_on_empty_metrics=False)
@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> PartialItemFailureResponse:
    w = wiring.current()  # settings first: a function deployed without one fails here, naming it
    return batches.answer(event, context, record_handler=record_handler, processor=processor, ledger=w.sent_emails)
