"""SES's email events, made locally: moto sends but never reports a delivery or a bounce.

In AWS the configuration set publishes Delivery, Bounce, Complaint, Reject and DeliveryDelay
events to EventBridge, and a rule invokes the SES events function with each one. Here every
SendEmail of the functions is watched (a botocore hook on the process's SES client keeps its tags
and configuration set, which moto drops), and after each notify batch the stack turns the new
messages into those events, shaped as AWS shapes them (the EventBridge envelope around the record
of the SES developer guide's "Examples of event data"), and invokes the events handler.

What each recipient produces, as SES's mailbox simulator does:

- `success@simulator.amazonses.com`, `ooto@...`: Delivery (the out-of-office reply goes to the sender);
- `bounce@...`: Bounce, Permanent/General; `suppressionlist@...`: Bounce, Permanent/Suppressed;
- `complaint@...`: Delivery, then Complaint;
- every other address: Delivery (locally, mail to anyone arrives).

Only messages sent with a configuration set produce events, as in AWS. Reject (a virus) and
DeliveryDelay have no simulator address; the tests build them from the same functions.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy
from email.utils import getaddresses, parseaddr
from typing import Any

SIMULATOR_DOMAIN = "simulator.amazonses.com"
DETAIL_TYPES = {
    "Delivery": "Email Delivered",
    "Bounce": "Email Bounced",
    "Complaint": "Email Complaint Received",
    "Reject": "Email Rejected",
    "DeliveryDelay": "Email Delivery Delayed",
}
# Escalation copies can bounce too; past this many rounds something loops: stop and say so.
MAX_ROUNDS = 5


def _stamp(at: datetime) -> str:
    return at.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class SentMessage:
    """What SES knows of one accepted SendEmail (what its events' `mail` object describes)."""

    message_id: str
    source: str
    destination: tuple[str, ...]
    tags: dict[str, str]
    configuration_set: str
    raw: bytes
    sent_at: datetime


@dataclass(frozen=True)
class RecipientEvent:
    """What SES reports about one recipient of a message: the event type (a bounce's sub-type), and when."""

    kind: str
    recipient: str
    at: datetime
    sub_type: str = "General"


def mail_object(message: SentMessage, *, region: str, account: str) -> dict[str, Any]:
    """The `mail` object of every event about this message."""
    mime = message_from_bytes(message.raw, policy=policy.default)
    headers = [{"name": name, "value": str(value)} for name, value in mime.items()]
    common: dict[str, Any] = {
        "from": [str(mime["From"])] if mime["From"] else [],
        "to": [str(mime["To"])] if mime["To"] else [],
        "messageId": message.message_id,
        "subject": str(mime["Subject"] or ""),
    }
    if mime["Reply-To"]:
        common["replyTo"] = [str(mime["Reply-To"])]
    domain = parseaddr(message.source)[1].rpartition("@")[2]
    tags = {
        "ses:configuration-set": [message.configuration_set],
        "ses:source-ip": ["127.0.0.1"],
        "ses:from-domain": [domain],
        "ses:caller-identity": ["local"],
        **{name: [value] for name, value in message.tags.items()},
    }
    return {
        "timestamp": _stamp(message.sent_at),
        "source": message.source,
        "sourceArn": f"arn:aws:ses:{region}:{account}:identity/{domain}",
        "sendingAccountId": account,
        "messageId": message.message_id,
        "destination": list(message.destination),
        "headersTruncated": False,
        "headers": headers,
        "commonHeaders": common,
        "tags": tags,
    }


def event_part(kind: str, recipient: str, at: datetime, *, sub_type: str = "General", processing_ms: int = 0) -> dict[str, Any]:
    """The event type's own object (`delivery`, `bounce`, ...), as in the SES developer guide."""
    stamp = _stamp(at)
    feedback_id = f"0100{uuid.uuid4().hex[:12]}-{uuid.uuid4()}-000000"
    if kind == "Delivery":
        return {
            "timestamp": stamp,
            "processingTimeMillis": processing_ms,
            "recipients": [recipient],
            "smtpResponse": "250 2.6.0 Message received",
            "reportingMTA": "a8-70.smtp-out.amazonses.com",
        }
    if kind == "Bounce":
        return {
            "bounceType": "Permanent",
            "bounceSubType": sub_type,
            "bouncedRecipients": [
                {"emailAddress": recipient, "action": "failed", "status": "5.1.1", "diagnosticCode": "smtp; 550 5.1.1 user unknown"}
            ],
            "timestamp": stamp,
            "feedbackId": feedback_id,
            "reportingMTA": "dsn; a8-70.smtp-out.amazonses.com",
        }
    if kind == "Complaint":
        return {
            "feedbackId": feedback_id,
            "complaintSubType": None,
            "complainedRecipients": [{"emailAddress": recipient}],
            "timestamp": stamp,
            "userAgent": "Amazon SES Mailbox Simulator",
            "complaintFeedbackType": "abuse",
            "arrivalDate": stamp,
        }
    if kind == "Reject":
        return {"reason": "Bad content"}
    if kind == "DeliveryDelay":
        return {
            "timestamp": stamp,
            "delayType": "TransientCommunicationFailure",
            "expirationTime": _stamp(at + timedelta(hours=12)),
            "delayedRecipients": [
                {"emailAddress": recipient, "status": "4.4.1", "diagnosticCode": "smtp; 421 4.4.1 Unable to connect to remote host"}
            ],
        }
    raise ValueError(f"not an SES email event type: {kind}")


_PART_KEYS = {"Delivery": "delivery", "Bounce": "bounce", "Complaint": "complaint", "Reject": "reject", "DeliveryDelay": "deliveryDelay"}


def eventbridge_event(event: RecipientEvent, message: SentMessage, *, region: str, account: str) -> dict[str, Any]:
    """One SES event as the default event bus hands it to a rule's target."""
    kind, at = event.kind, event.at
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": DETAIL_TYPES[kind],
        "source": "aws.ses",
        "account": account,
        "time": at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [],
        "detail": {
            "eventType": kind,
            "mail": mail_object(message, region=region, account=account),
            _PART_KEYS[kind]: event_part(
                kind, event.recipient, at, sub_type=event.sub_type, processing_ms=max(0, int((at - message.sent_at).total_seconds() * 1000))
            ),
        },
    }


def simulated(recipient: str) -> list[tuple[str, str]]:
    """(event type, bounce sub-type) for one recipient, as SES's mailbox simulator answers."""
    local, _, domain = parseaddr(recipient)[1].lower().partition("@")
    if domain != SIMULATOR_DOMAIN:
        return [("Delivery", "")]
    box = local.split("+", 1)[0]  # success+label@ works as success@
    return {
        "bounce": [("Bounce", "General")],
        "suppressionlist": [("Bounce", "Suppressed")],
        "complaint": [("Delivery", ""), ("Complaint", "")],
    }.get(box, [("Delivery", "")])


@dataclass
class SesEventPublisher:
    """Watches SendEmail on an SES client; `publish()` hands the events of new sends to `invoke`."""

    invoke: Callable[[dict[str, Any]], Any]
    say: Callable[[str], None]
    region: str
    account: str
    _pending: list[SentMessage] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def watch(self, client: Any) -> None:
        client.meta.events.register("before-parameter-build.sesv2.SendEmail", self._remember_params)
        client.meta.events.register("after-call.sesv2.SendEmail", self._sent)

    @staticmethod
    def _remember_params(params: dict[str, Any], context: dict[str, Any], **kwargs: Any) -> None:
        context["leadcapture_send"] = dict(params)

    def _sent(self, parsed: dict[str, Any], context: dict[str, Any], http_response: Any = None, **kwargs: Any) -> None:
        params = context.get("leadcapture_send")
        message_id = parsed.get("MessageId") if isinstance(parsed, dict) else None
        if not params or not message_id or not params.get("ConfigurationSetName"):
            return  # refused, or no configuration set: SES publishes nothing
        raw = params.get("Content", {}).get("Raw", {}).get("Data", b"")
        raw = raw if isinstance(raw, bytes) else str(raw).encode("utf-8")
        destination = params.get("Destination", {})
        recipients = [a for kind in ("ToAddresses", "CcAddresses", "BccAddresses") for a in destination.get(kind, [])]
        tags = {t["Name"]: t["Value"] for t in params.get("EmailTags", [])}
        message = SentMessage(
            message_id=str(message_id),
            source=str(params.get("FromEmailAddress", "")),
            destination=tuple(a for _, a in getaddresses(recipients)),
            tags=tags,
            configuration_set=str(params["ConfigurationSetName"]),
            raw=raw,
            sent_at=datetime.now(UTC),
        )
        with self._lock:
            self._pending.append(message)

    def publish(self) -> int:
        """Invoke the events handler with the events of every message sent since the last call."""
        count = 0
        for _ in range(MAX_ROUNDS):
            with self._lock:
                batch, self._pending = self._pending, []
            if not batch:
                return count
            for message in batch:
                for recipient in message.destination:
                    at = datetime.now(UTC)  # it "arrives" now: right after the batch that sent it
                    for kind, sub_type in simulated(recipient):
                        event = RecipientEvent(kind, recipient, at, sub_type)
                        self._invoke(eventbridge_event(event, message, region=self.region, account=self.account))
                        count += 1
        self.say(f"SES events: still sending after {MAX_ROUNDS} rounds of events; stopped")
        return count

    def _invoke(self, event: dict[str, Any]) -> None:
        try:
            self.invoke(event)
        except Exception as err:  # Lambda retries an async event twice, then the on-failure queue
            lead_id = event["detail"]["mail"]["tags"].get("lead_id", ["?"])[0]
            self.say(f"ses-events function error ({type(err).__name__}) for lead {lead_id}; in AWS it is retried, then queued")
