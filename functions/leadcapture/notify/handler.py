"""Notify function: the leads table's stream (INSERT records) -> notify_coordinator() per lead.

First the second look (domain/second_look.py): a new or quarantined lead the phrase lists left calm,
whose message the crisis model flags, is marked urgent, so its page and email go out as urgent.

Partial batch failures are reported with the Powertools batch utility, so one failing lead is
retried without re-sending the others (ReportBatchItemFailures on the event source mapping).

With urgent pages on, an urgent lead's first page goes on the page queue first (`start_paging`): the
queue failing does not hold back the coordinator email, and the email failing does not hold back the
page; either failure retries the lead, and what went out is not sent again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import EventType
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.dynamo_db_stream_event import DynamoDBRecord, DynamoDBRecordEventName

from leadcapture.adapters import batches
from leadcapture.kernel.errors import LeadCaptureError
from leadcapture.kernel.lead import Lead
from leadcapture.notify import wiring
from leadcapture.notify.domain.notification import notify_coordinator
from leadcapture.notify.domain.paging import start_paging
from leadcapture.notify.domain.second_look import look_again
from leadcapture.observability import logger, metrics, traced

# Report every record of a wholly failed batch rather than raising: the same retry, one code path.
processor = batches.processor(EventType.DynamoDBStreams)


def record_handler(record: DynamoDBRecord) -> str:
    if record.event_name != DynamoDBRecordEventName.INSERT or record.dynamodb is None:
        return "skipped"
    lead_id = str((record.dynamodb.keys or {}).get("id", ""))
    if not lead_id:
        raise LeadCaptureError("stream record without a lead id")
    w = wiring.current()
    lead = _second_look(lead_id, w)
    paging_failed = _start_paging(lead_id, w)
    try:
        result = notify_coordinator(lead or lead_id, store=w.store, mailroom=w.mailroom, settings=w.settings)
    except LeadCaptureError as err:
        metrics.add_metric(name="NotificationRetried", unit=MetricUnit.Count, value=1)
        logger.warning(
            "notification will be retried", lead_id=lead_id, error_type=type(err).__name__, error_code=getattr(err, "code", None)
        )
        raise
    if result.links_missing is not None:
        metrics.add_metric(name="ActionLinksMissing", unit=MetricUnit.Count, value=1)
        logger.warning("coordinator email made without action links: key unavailable", lead_id=lead_id, error_code=result.links_missing)
    if result.outcome == "sent":
        metrics.add_metric(name="NotificationSent", unit=MetricUnit.Count, value=1)
        if result.trapped:
            metrics.add_metric(name="UrgentSpamEmailed", unit=MetricUnit.Count, value=1)
    elif result.outcome == "heartbeat":
        # The canary went submit -> table -> stream -> here: HeartbeatMissingAlarm waits for this.
        metrics.add_metric(name="HeartbeatOK", unit=MetricUnit.Count, value=1)
    elif result.outcome == "rejected":
        metrics.add_metric(name="NotificationFailed", unit=MetricUnit.Count, value=1)
        logger.error("notification rejected by SES; lead marked notify_failed", lead_id=lead_id, error_code=result.reason)
    if result.urgent_copy == "sent":
        metrics.add_metric(name="UrgentEmailSent", unit=MetricUnit.Count, value=1)
    elif result.urgent_copy == "rejected":
        logger.error("urgent copy refused by SES (URGENT_EMAILS); the coordinators have theirs", lead_id=lead_id)
    logger.info("lead processed", lead_id=lead_id, outcome=result.outcome)
    if paging_failed is not None:
        raise paging_failed  # the lead is retried for its page; its email is not sent again
    return result.outcome


def _second_look(lead_id: str, w: wiring.Wiring) -> Lead | None:
    """Mark the lead urgent when the crisis model flags it; the lead as read, for the email (None: read it again).

    A storage failure retries the record. Weights that cannot be read hold nothing back: the lead
    goes on as the phrase lists judged it, and the error is logged and counted on every lead.
    """
    try:
        looked = look_again(lead_id, store=w.store, model=w.second_look, retention_days=w.settings.retention_days, now=datetime.now(UTC))
    except LeadCaptureError as err:
        metrics.add_metric(name="NotificationRetried", unit=MetricUnit.Count, value=1)
        logger.warning(
            "second look failed; will be retried", lead_id=lead_id, error_type=type(err).__name__, error_code=getattr(err, "code", None)
        )
        raise
    except (OSError, ValueError) as err:
        metrics.add_metric(name="SecondLookUnavailable", unit=MetricUnit.Count, value=1)
        logger.error("second look skipped: its weights could not be read", lead_id=lead_id, error_type=type(err).__name__)
        return None
    if looked.outcome == "flagged":
        metrics.add_metric(name="UrgentBySecondLook", unit=MetricUnit.Count, value=1)
        logger.info("lead marked urgent on a second look", lead_id=lead_id, released=looked.released)
    return looked.lead


def _start_paging(lead_id: str, w: wiring.Wiring) -> LeadCaptureError | None:
    """Put an urgent lead's first page on the queue (paging on); the error to retry the lead with, if any."""
    if w.page_queue is None:
        return None
    try:
        started = start_paging(lead_id, store=w.store, queue=w.page_queue, now=datetime.now(UTC))
    except LeadCaptureError as err:
        metrics.add_metric(name="NotificationRetried", unit=MetricUnit.Count, value=1)
        logger.warning(
            "urgent paging could not start; will be retried",
            lead_id=lead_id,
            error_type=type(err).__name__,
            error_code=getattr(err, "code", None),
        )
        return err
    if started == "started":
        metrics.add_metric(name="UrgentPagingStarted", unit=MetricUnit.Count, value=1)
        logger.info("urgent paging started", lead_id=lead_id)
    return None


@traced
@metrics.log_metrics(raise_on_empty_metrics=False)
@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> PartialItemFailureResponse:
    w = wiring.current()  # settings first: a function deployed without one fails here, naming it
    return batches.answer(event, context, record_handler=record_handler, processor=processor, ledger=w.sent_emails)
