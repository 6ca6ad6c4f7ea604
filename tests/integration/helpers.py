"""Reading what the handlers left behind in moto (stored leads, sent emails), and AWS errors to inject."""

from __future__ import annotations

from collections.abc import Iterable
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default
from typing import Any

import boto3
from botocore.exceptions import ClientError
from moto.ses.models import ses_backends

from leadcapture.adapters import aws as aws_state
from leadcapture.adapters.leads.items import from_item
from leadcapture.adapters.leads_table import LeadStore
from leadcapture.kernel.lead import Lead
from tests.conftest import ENV


def stored_leads() -> list[Lead]:
    items = boto3.client("dynamodb").scan(TableName=ENV["LEADS_TABLE_NAME"], ConsistentRead=True)["Items"]
    return [from_item(item) for item in items]


def sent_emails() -> list[EmailMessage]:
    """Every message moto's SES accepted, parsed from the raw MIME the notifier sent."""
    messages = []
    for sent in ses_backends["123456789012"][ENV["AWS_DEFAULT_REGION"]].sent_messages:
        message = message_from_bytes(sent.raw_data.encode("utf-8") if isinstance(sent.raw_data, str) else sent.raw_data, policy=default)
        assert isinstance(message, EmailMessage)
        messages.append(message)
    return messages


def body_json(answer: dict[str, Any]) -> Any:
    import json

    return json.loads(answer["body"])


def client_error(code: str, operation: str, *, message: str = "injected", status: int | None = None) -> ClientError:
    """The error botocore raises when AWS answers `code`; `status` sets the HTTP status it came with."""
    if status is None:
        return ClientError({"Error": {"Code": code, "Message": message}}, operation)
    return ClientError(
        {
            "Error": {"Code": code, "Message": message},
            "ResponseMetadata": {"RequestId": "injected", "HostId": "", "HTTPStatusCode": status, "HTTPHeaders": {}, "RetryAttempts": 0},
        },
        operation,
    )


def sent_raw() -> list[bytes]:
    """The exact bytes of every message moto's SES accepted, before any parser reads them."""
    raws = []
    for sent in ses_backends["123456789012"][ENV["AWS_DEFAULT_REGION"]].sent_messages:
        raws.append(sent.raw_data.encode("utf-8") if isinstance(sent.raw_data, str) else sent.raw_data)
    return raws


def raw_headers(raw: bytes) -> list[tuple[str, str]]:
    """The top-level header fields of a raw message as sent, unfolded, in order, values undecoded."""
    head = raw.split(b"\r\n\r\n", 1)[0].decode("ascii")  # a header block must be ASCII
    fields: list[tuple[str, str]] = []
    for line in head.split("\r\n"):
        if line[:1] in {" ", "\t"}:
            name, value = fields[-1]
            fields[-1] = (name, value + line)
        else:
            name, _, value = line.partition(":")
            fields.append((name, value.strip()))
    return fields


def leads_store() -> LeadStore:
    """The leads table the functions are set to (LEADS_TABLE_NAME), in moto."""
    import os

    return LeadStore(os.environ["LEADS_TABLE_NAME"], aws_state.clients().dynamodb())


def assert_holds_none_of(raw: bytes, values: Iterable[object]) -> None:
    """Neither the raw bytes (the To line aside) nor any decoded part holds any of the values."""
    import re

    message = message_from_bytes(raw, policy=default)
    assert isinstance(message, EmailMessage)
    decoded = [str(message["Subject"]), *(str(part.get_content()) for part in message.walk() if not part.is_multipart())]
    rest = re.sub(rb"\r\nTo: [^\r\n]*", b"", raw).decode("latin-1")
    for value in values:
        for text in (*decoded, rest):
            assert str(value) not in text
