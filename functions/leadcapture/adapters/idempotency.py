"""Powertools idempotency records in DynamoDB: one per submission, and one per lead's email.

Submissions: `intake/adapters/deduplicator.py` writes them under `SUBMISSION_PREFIX`.

Sent emails (`SentEmails`): the SES message id per lead id, so a redelivered stream record never
sends a second email; a second ledger (its own key prefix) does the same for the escalation copy
sent after a bounce (domain/delivery.py).

Deletion on request (`IdempotencyRecords`): the records that belong to one lead, found by the
sent-email record's key (computed from the lead id as Powertools does) and by the lead id in a
submission record's cached answer.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from leadcapture.adapters.aws import error_code
from leadcapture.kernel.errors import DuplicateInFlight, StorageUnavailable
from leadcapture.kernel.open_leads import LEDGER_KINDS, PAGE_LEDGER_KINDS, ledger_key, page_ledger_key

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

# Stable across module moves and deploys (they name no module), so a retry that straddles a deploy
# still matches its record.
SUBMISSION_PREFIX = "leadcapture.consultation"
SENT_EMAIL_PREFIX = "leadcapture.notify"
# The escalation copy after a bounce: its own records, so it is sent once per lead too.
ESCALATION_PREFIX = "leadcapture.escalation"


# --- the coordinator email: sent once per lead --------------------------------------------------

# Outlives every way a lead's email can be asked for again: the stream's redelivery (24 h) and the
# redrive of a dead letter, which the queue keeps for 14 days (template.yaml's
# MessageRetentionPeriod; tests/template checks the relation). A redrive finds the record and sends nothing.
SENT_EMAIL_EXPIRY_SECONDS = 15 * 24 * 3600


class SentEmails:
    """Remembers, per lead id, the SES message id of the coordinator email that was sent.

    Powertools idempotency records the send before it starts and completes it with the message id
    the moment SES accepts, in its own table: if marking the lead afterwards fails (or the notifier
    dies there), the stream's redelivery finds the message id here and sends nothing new. The only
    window left is between SES accepting and that one write; a lost invocation there is retried
    after the in-progress record expires (at-least-once, never lost).
    """

    def __init__(self, table_name: str, *, client: DynamoDBClient, key_prefix: str = SENT_EMAIL_PREFIX) -> None:
        from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer, IdempotencyConfig, idempotent_function

        self.config = IdempotencyConfig(
            event_key_jmespath="lead_id",
            raise_on_no_idempotency_key=True,
            expires_after_seconds=SENT_EMAIL_EXPIRY_SECONDS,
            hash_function="sha256",
        )
        persistence = DynamoDBPersistenceLayer(table_name=table_name, boto3_client=client)
        self._send = idempotent_function(
            _send_step,
            data_keyword_argument="email",
            persistence_store=persistence,
            config=self.config,
            key_prefix=key_prefix,
        )

    def register_lambda_context(self, context: Any) -> None:
        self.config.register_lambda_context(context)

    def send_once(self, lead_id: str, send: Callable[[], str]) -> str:
        """The SES message id: from `send()` now, or from the first time this lead was emailed."""
        from aws_lambda_powertools.utilities.idempotency.exceptions import (
            IdempotencyAlreadyInProgressError,
            IdempotencyInconsistentStateError,
            IdempotencyPersistenceLayerError,
        )

        try:
            answer: dict[str, str] = self._send(email={"lead_id": lead_id}, send=send)
        except IdempotencyAlreadyInProgressError:
            raise DuplicateInFlight("this lead's email is being sent") from None
        except (IdempotencyPersistenceLayerError, IdempotencyInconsistentStateError) as err:
            raise StorageUnavailable(f"Idempotency{type(err).__name__.removeprefix('Idempotency')}") from None
        return answer["message_id"]


def _send_step(*, email: dict[str, str], send: Callable[[], str]) -> dict[str, str]:
    del email  # only the lead id, read by Powertools for the record's key
    return {"message_id": send()}


# --- deletion on request ----------------------------------------------------------------------


def sent_email_record_key(lead_id: str, *, prefix: str = SENT_EMAIL_PREFIX) -> str:
    """The key Powertools gives a lead's sent-email record: `<key prefix>#<sha256 of the JSON of the lead id>`.

    The idempotency key is what `event_key_jmespath` ("lead_id") selects, serialized with sorted keys
    and hashed with the configured function (sha256); tests check it against a record `SentEmails` wrote.
    """
    return f"{prefix}#" + hashlib.sha256(json.dumps(lead_id, sort_keys=True).encode()).hexdigest()


def sent_email_record_keys(lead_id: str) -> list[str]:
    """Every sent-email record a lead can have: the coordinator email, each ledger kind's email
    (reminder, escalation, urgent copy) and the copy sent after a bounce."""
    keys = [sent_email_record_key(lead_id)]
    keys += [sent_email_record_key(ledger_key(kind, lead_id)) for kind in LEDGER_KINDS]
    keys.append(sent_email_record_key(lead_id, prefix=ESCALATION_PREFIX))
    # An urgent lead's pages (each page to each phone) and its escalation email.
    keys += [sent_email_record_key(page_ledger_key(kind, lead_id)) for kind in PAGE_LEDGER_KINDS]
    return keys


def is_submission_record(key: str) -> bool:
    return key.startswith(SUBMISSION_PREFIX + "#")


class IdempotencyRecords:
    """The idempotency table seen from one lead: which records belong to it, and their removal."""

    def __init__(self, table_name: str, *, client: DynamoDBClient) -> None:
        self.table_name = table_name
        self.client = client

    def of_lead(self, lead_id: str) -> list[str]:
        """Keys of the records that hold this lead's id: its sent-email records and its submission records.

        A submission record's key is a hash of the submission or of the client's Idempotency-Key, which
        cannot be recomputed from the lead; its cached answer holds the lead id, so the (small,
        short-lived) table is scanned for it.
        """
        from botocore.exceptions import BotoCoreError, ClientError

        keys: set[str] = set()
        try:
            for sent_key in sent_email_record_keys(lead_id):
                if "Item" in self.client.get_item(TableName=self.table_name, Key={"id": {"S": sent_key}}, ProjectionExpression="id"):
                    keys.add(sent_key)
            for page in self.client.get_paginator("scan").paginate(
                TableName=self.table_name,
                ConsistentRead=True,
                ProjectionExpression="id",
                FilterExpression="begins_with(id, :prefix) AND contains(#data, :lead)",
                ExpressionAttributeNames={"#data": "data"},
                ExpressionAttributeValues={":prefix": {"S": SUBMISSION_PREFIX + "#"}, ":lead": {"S": json.dumps(lead_id)}},
            ):
                keys.update(item["id"]["S"] for item in page.get("Items", []))
        except (ClientError, BotoCoreError) as err:
            raise StorageUnavailable(error_code(err)) from None
        return sorted(keys)

    def delete(self, key: str) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            self.client.delete_item(TableName=self.table_name, Key={"id": {"S": key}})
        except (ClientError, BotoCoreError) as err:
            raise StorageUnavailable(error_code(err)) from None
