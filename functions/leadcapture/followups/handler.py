"""Followups function: every 15 minutes (EventBridge schedule) -> run_followups() at the event's time.

The time comes from the scheduled event's `time` field, so the local stack's `POST /_local/tick`
runs it "as if it were" any instant by building the same event. Counted: ReminderSent,
LeadEscalated (alarmed), FollowupFailed (alarmed; the lead is retried on the next run). Logged:
lead ids and error codes only.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit

from leadcapture.followups import wiring
from leadcapture.followups.domain.followups import run_followups
from leadcapture.observability import logger, metrics, traced


def scheduled_time(event: dict[str, Any]) -> datetime:
    """The instant the schedule fired (EventBridge's `time`, e.g. 2026-12-07T17:15:00Z)."""
    at = datetime.fromisoformat(str(event["time"]))
    if at.tzinfo is None:
        raise ValueError("the event's time has no time zone")
    return at.astimezone(UTC)


@traced
@metrics.log_metrics(raise_on_empty_metrics=False)
@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, object]:
    w = wiring.current()
    now = scheduled_time(event)
    w.sent_emails.register_lambda_context(context)
    report = run_followups(now, store=w.store, mailroom=w.mailroom, settings=w.settings)
    for lead_id in report.reminded:
        metrics.add_metric(name="ReminderSent", unit=MetricUnit.Count, value=1)
        logger.info("reminder sent", lead_id=lead_id)
    for lead_id in report.escalated:
        metrics.add_metric(name="LeadEscalated", unit=MetricUnit.Count, value=1)
        logger.warning(
            "lead escalated: still open a business day after its promise", lead_id=lead_id, emailed=lead_id not in report.not_emailed
        )
    for rejected in report.rejected:
        logger.error(
            "follow-up email refused by SES; recorded, not retried", lead_id=rejected.lead_id, kind=rejected.kind, error_code=rejected.error
        )
    for failure in report.failed:
        metrics.add_metric(name="FollowupFailed", unit=MetricUnit.Count, value=1)
        logger.warning("follow-up will be retried on the next run", lead_id=failure.lead_id, kind=failure.kind, error_code=failure.error)
    logger.info(
        "follow-ups run",
        looked_at=report.looked_at,
        reminded=len(report.reminded),
        escalated=len(report.escalated),
        failed=len(report.failed),
    )
    return report.to_json()
