"""Urgent function: the page queue (SQS, one step per invocation) -> run_step() -> texts, the next step, the escalation.

A step runs at its due time: SQS holds each message until then (DelaySeconds), and the step is taken
as running no earlier than it was due, so the local stack's `POST /_local/tick` runs steps "as if it
were" later, as it runs the followups. A step that fails is reported as a batch item failure
(ReportBatchItemFailures): SQS delivers it again after its visibility timeout, then to the dead-letter
queue. Counted: UrgentPageSent (each text), TimeToFirstPage (seconds from the form, once per lead),
UrgentPageFailed (alarmed), UrgentUnacknowledged (an escalation, alarmed). Logged: lead ids, steps
and error codes; never a page's text (its link is a capability) or a number.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import EventType
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from leadcapture.adapters import batches
from leadcapture.kernel.errors import LeadCaptureError
from leadcapture.kernel.paging import PageRequest
from leadcapture.kernel.timestamps import parse_stamp
from leadcapture.observability import logger, metrics, traced
from leadcapture.urgent import wiring
from leadcapture.urgent.domain.pages import Delivery, StepResult, run_step

processor = batches.processor(EventType.SQS)


def delivery_of(record: SQSRecord) -> Delivery | None:
    """The step a message holds, when it runs, and whether SQS delivered it before; None for anything else."""
    request = PageRequest.from_json(record.body)
    if request is None:
        return None
    # In AWS the clock is past the due time (SQS held the message until then); locally a tick may run it early.
    now = max(datetime.now(UTC), parse_stamp(request.due))
    received = record.attributes.approximate_receive_count or "1"
    return Delivery(request, now, redelivered=int(received) > 1)


def record_handler(record: SQSRecord) -> str:
    delivery = delivery_of(record)
    if delivery is None:
        # Only this stack's functions write to the queue: nothing to retry, nothing of a person to log.
        metrics.add_metric(name="UrgentPageFailed", unit=MetricUnit.Count, value=1)
        logger.error("page queue message not understood; dropped", message_id=record.message_id)
        return "dropped"
    request, w = delivery.request, wiring.current()
    try:
        result = run_step(delivery, store=w.store, pager=w.pager, settings=w.settings)
    except LeadCaptureError as err:
        _failed(request, err)
        raise
    _report(request, result)
    if result.retry is not None:
        _failed(request, result.retry)
        raise result.retry
    return result.outcome


def _report(request: PageRequest, result: StepResult) -> None:
    if result.sent:
        metrics.add_metric(name="UrgentPageSent", unit=MetricUnit.Count, value=result.sent)
    if result.to_first_page is not None:
        metrics.add_metric(name="TimeToFirstPage", unit=MetricUnit.Seconds, value=result.to_first_page)
    for code in result.refused:
        metrics.add_metric(name="UrgentPageFailed", unit=MetricUnit.Count, value=1)
        logger.error("a page was refused for good by SNS (an on-call number?)", lead_id=request.lead_id, step=request.step, error_code=code)
    if result.escalated:
        metrics.add_metric(name="UrgentUnacknowledged", unit=MetricUnit.Count, value=1)
        logger.warning(
            "urgent lead unacknowledged after its last page: escalated", lead_id=request.lead_id, step=request.step, emailed=result.emailed
        )
    logger.info(
        "paging step",
        lead_id=request.lead_id,
        step=request.step,
        kind=result.kind,
        outcome=result.outcome,
        sent=result.sent,
        next_due=result.next_due,
    )


def _failed(request: PageRequest, err: LeadCaptureError) -> None:
    metrics.add_metric(name="UrgentPageFailed", unit=MetricUnit.Count, value=1)
    logger.warning(
        "paging step will be retried",
        lead_id=request.lead_id,
        step=request.step,
        error_type=type(err).__name__,
        error_code=getattr(err, "code", None),
    )


@traced
@metrics.log_metrics(raise_on_empty_metrics=False)
@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> PartialItemFailureResponse:
    w = wiring.current()  # settings first: a function deployed without one fails here, naming it
    return batches.answer(event, context, record_handler=record_handler, processor=processor, ledger=w.sent_emails)
