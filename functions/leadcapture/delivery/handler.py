"""SES events function: one SES email event from EventBridge -> record_ses_event() on its lead.

The configuration set publishes Delivery, Bounce, Complaint, Reject and DeliveryDelay events to the
default event bus; a rule on the configuration set's name invokes this function asynchronously,
one event per invocation (template.yaml). A raised error (table or SES unavailable) makes Lambda
retry the event, then hand it to the on-failure queue. The event carries the email's headers
(subject, Reply-To): it is never logged; only ids, event types and outcomes are.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools.metrics import MetricUnit

from leadcapture.adapters.ses import KIND_TAG, LEAD_ID_TAG
from leadcapture.delivery import wiring
from leadcapture.delivery.domain.delivery import EVENT_TYPES, DeliveryResult, SesEvent, record_ses_event
from leadcapture.kernel.errors import LeadCaptureError
from leadcapture.kernel.lead import PERSON_EMAILS
from leadcapture.kernel.timestamps import parse_stamp, utc_stamp
from leadcapture.observability import logger, metrics, traced

_LEAD_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")

# Where each event type keeps its own timestamp (Reject has none: the envelope's time is used).
_DETAIL_KEY = {"Delivery": "delivery", "Bounce": "bounce", "Complaint": "complaint", "Reject": "reject", "DeliveryDelay": "deliveryDelay"}

# Metric per outcome; names are fixed strings, never a value from the event.
_METRICS = {
    "bounced": "CoordinatorEmailBounced",
    "complaint": "CoordinatorEmailComplaint",
    "delayed": "CoordinatorEmailDelayed",
    "escalation_bounced": "EscalationEmailBounced",
    "escalation_complaint": "CoordinatorEmailComplaint",
    # An email to the person: counted apart, never in CoordinatorBounceAlarm (a mistyped address is no ops alarm).
    "person_bounced": "PersonEmailBounced",
    "person_complaint": "PersonEmailComplaint",
}


def parse(event: dict[str, Any], *, now: datetime | None = None) -> SesEvent | None:
    """The SES email event inside an EventBridge event, or None when it is not one we record.

    Anything of a shape SES does not send (a part that is no mapping, a tag that is no list of
    text) is no event of ours: it is dropped, never retried. A time we cannot represent (the
    links' four-byte expiry ends in 2106) is taken as now.
    """
    detail = _mapping(event.get("detail"))
    kind = detail.get("eventType")
    if kind not in EVENT_TYPES:
        return None
    mail = _mapping(detail.get("mail"))
    tagged = _mapping(mail.get("tags")).get(LEAD_ID_TAG)
    lead_id = tagged[0] if isinstance(tagged, list) and tagged else ""
    message_id = mail.get("messageId")
    if not isinstance(message_id, str) or not message_id or not isinstance(lead_id, str) or not _LEAD_ID.match(lead_id):
        return None
    part = _mapping(detail.get(_DETAIL_KEY[kind]))
    at = part.get("timestamp") or event.get("time")
    bounce_type = None
    if kind == "Bounce":
        bounce_type = "/".join(part[k] for k in ("bounceType", "bounceSubType") if isinstance(part.get(k), str) and part[k])
    elif kind == "Reject":
        bounce_type = "Reject"
    return SesEvent(kind, message_id, lead_id, _stamp(at, now or datetime.now(UTC)), bounce_type or None, _person_kind(mail))


def _person_kind(mail: dict[str, Any]) -> str | None:
    """The `kind` tag of an email to the person (kernel/lead.py PERSON_EMAILS), or None."""
    tagged = _mapping(mail.get("tags")).get(KIND_TAG)
    value = tagged[0] if isinstance(tagged, list) and tagged else None
    return value if value in PERSON_EMAILS else None


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


# Later than this, a time is out of range: the links signed from it would expire past 2106.
_LATEST = datetime(2100, 1, 1, tzinfo=UTC)


def _stamp(value: object, now: datetime) -> str:
    """The event's time, or now when it has none, is no time, or is out of range."""
    try:
        at = parse_stamp(value) if isinstance(value, str) else now
    except ValueError:
        at = now
    return utc_stamp(at if at < _LATEST else now)


def _report(ses_event: SesEvent, result: DeliveryResult) -> None:
    # Ids and fixed words only: the event's addresses and headers are never logged.
    logger.append_keys(lead_id=ses_event.lead_id, ses_message_id=ses_event.message_id, event_type=ses_event.type)
    name = _METRICS.get(result.outcome)
    if name:
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=1)
    if result.seconds_to_delivery is not None:
        # One value per lead: CloudWatch gives p50/p90/p99 of it (docs/deploy.md "Watch it").
        metrics.add_metric(name="CaptureToDelivery", unit=MetricUnit.Seconds, value=result.seconds_to_delivery)
    if result.outcome == "bounced" and result.escalation == "sent":
        metrics.add_metric(name="BounceEscalated", unit=MetricUnit.Count, value=1)
    if result.escalation == "rejected":
        metrics.add_metric(name="EscalationEmailFailed", unit=MetricUnit.Count, value=1)
        logger.error("SES refused the escalation copy", error_code=result.reason)
    if result.outcome == "bounced":
        logger.error("the coordinator email bounced", bounce_type=ses_event.bounce_type, escalation=result.escalation)
    elif result.outcome in _WORTH_A_WARNING:
        logger.warning("SES event needs a look", outcome=result.outcome)
    else:
        logger.info("SES event recorded", outcome=result.outcome)


# Nothing recorded (an id that matches no email of ours), or a reader's mail system pushed back.
_WORTH_A_WARNING = frozenset(
    {"unknown_lead", "unknown_message", "escalation_bounced", "complaint", "escalation_complaint", "person_bounced", "person_complaint"}
)


@traced
@metrics.log_metrics(raise_on_empty_metrics=False)
@logger.inject_lambda_context(clear_state=True)
def handler(event: dict[str, Any], context: Any) -> dict[str, str]:
    w = wiring.current()  # settings first: a function deployed without one fails here, naming it
    ses_event = parse(event)
    if ses_event is None:
        # Another email through the configuration set, or an untagged one: nothing to record.
        logger.info("not a tagged SES email event", detail_type=str(event.get("detail-type", ""))[:40])
        return {"outcome": "ignored"}
    w.sent_emails.register_lambda_context(context)
    try:
        result = record_ses_event(ses_event, store=w.store, mailroom=w.mailroom, settings=w.settings)
    except LeadCaptureError as err:
        metrics.add_metric(name="SesEventRetried", unit=MetricUnit.Count, value=1)
        logger.warning(
            "SES event will be retried", lead_id=ses_event.lead_id, error_type=type(err).__name__, error_code=getattr(err, "code", None)
        )
        raise
    _report(ses_event, result)
    return {"outcome": result.outcome, "escalation": result.escalation}
