"""SES email events as AWS documents them, in the EventBridge envelope the events function receives.

`detail` is the event record of the SES developer guide, "Examples of event data that Amazon SES
publishes to Amazon SNS" (the same record goes to EventBridge, Firehose and SNS), abridged in the
headers only; the envelope is EventBridge's (source `aws.ses`, detail-type "Email Bounced", ...).
Tests replace the message id and the `lead_id` tag. The local stack's synthesized events must
have the same shape (tests/unit/test_local_ses_events.py).
"""

from __future__ import annotations

import copy
from typing import Any

_MAIL: dict[str, Any] = {
    "timestamp": "2017-08-05T00:40:02.012Z",
    "source": "Sender Name <sender@example.com>",
    "sourceArn": "arn:aws:ses:us-east-1:123456789012:identity/sender@example.com",
    "sendingAccountId": "123456789012",
    "messageId": "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000",
    "destination": ["recipient@example.com"],
    "headersTruncated": False,
    "headers": [
        {"name": "From", "value": "Sender Name <sender@example.com>"},
        {"name": "To", "value": "recipient@example.com"},
        {"name": "Subject", "value": "Message sent from Amazon SES"},
        {"name": "MIME-Version", "value": "1.0"},
    ],
    "commonHeaders": {
        "from": ["Sender Name <sender@example.com>"],
        "to": ["recipient@example.com"],
        "messageId": "EXAMPLE7c191be45-e9aedb9a-02f9-4d12-a87d-dd0099a07f8a-000000",
        "subject": "Message sent from Amazon SES",
    },
    "tags": {
        "ses:configuration-set": ["ConfigSet"],
        "ses:source-ip": ["192.0.2.0"],
        "ses:from-domain": ["example.com"],
        "ses:caller-identity": ["ses_user"],
    },
}

_PARTS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "Bounce": (
        "Email Bounced",
        "bounce",
        {
            "bounceType": "Permanent",
            "bounceSubType": "General",
            "bouncedRecipients": [
                {
                    "emailAddress": "recipient@example.com",
                    "action": "failed",
                    "status": "5.1.1",
                    "diagnosticCode": "smtp; 550 5.1.1 user unknown",
                }
            ],
            "timestamp": "2017-08-05T00:41:02.669Z",
            "feedbackId": "01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000",
            "reportingMTA": "dsn; mta.example.com",
        },
    ),
    "Delivery": (
        "Email Delivered",
        "delivery",
        {
            "timestamp": "2016-10-19T23:21:04.133Z",
            "processingTimeMillis": 11893,
            "recipients": ["recipient@example.com"],
            "smtpResponse": "250 2.6.0 Message received",
            "reportingMTA": "mta.example.com",
        },
    ),
    "Complaint": (
        "Email Complaint Received",
        "complaint",
        {
            "feedbackId": "01000157c44f053b-61b59c11-9236-11e6-8f96-7be8aexample-000000",
            "complaintSubType": None,
            "complainedRecipients": [{"emailAddress": "recipient@example.com"}],
            "timestamp": "2017-08-05T00:41:02.669Z",
            "userAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36",
            "complaintFeedbackType": "abuse",
            "arrivalDate": "2017-08-05T00:41:02.669Z",
        },
    ),
    "Reject": ("Email Rejected", "reject", {"reason": "Bad content"}),
    "DeliveryDelay": (
        "Email Delivery Delayed",
        "deliveryDelay",
        {
            "timestamp": "2020-06-16T00:15:40.641Z",
            "delayType": "TransientCommunicationFailure",
            "expirationTime": "2020-06-16T00:25:40.914Z",
            "delayedRecipients": [
                {
                    "emailAddress": "recipient@example.com",
                    "status": "4.4.1",
                    "diagnosticCode": "smtp; 421 4.4.1 Unable to connect to remote host",
                }
            ],
        },
    ),
}


def example(kind: str, *, message_id: str | None = None, lead_id: str | None = None, at: str | None = None) -> dict[str, Any]:
    """The documented event of this type, for our message and lead (tagged as adapters/ses.py tags)."""
    detail_type, key, part = _PARTS[kind]
    mail = copy.deepcopy(_MAIL)
    part = copy.deepcopy(part)
    if message_id is not None:
        mail["messageId"] = mail["commonHeaders"]["messageId"] = message_id
    if lead_id is not None:
        mail["tags"]["lead_id"] = [lead_id]
    if at is not None and "timestamp" in part:
        part["timestamp"] = at
    return {
        "version": "0",
        "id": "c3d4e5f6-a7b8-9012-cdef-123456789012",
        "detail-type": detail_type,
        "source": "aws.ses",
        "account": "123456789012",
        "time": (at or "2017-08-05T00:41:02Z")[:19] + "Z",
        "region": "us-east-1",
        "resources": [],
        "detail": {"eventType": kind, "mail": mail, key: part},
    }


def shape(value: Any) -> Any:
    """The keys of a JSON value, recursively (lists by their first item): what two events share."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return type(value).__name__
