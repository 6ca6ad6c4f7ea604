"""Powertools idempotency records in DynamoDB: one per submission, and one per lead's email.

Submissions (`Deduplicator`): the step that stores a lead runs at most once per submission key
(`domain/duplicates.py`) within the expiry window; the cached answer is the receipt (lead id,
urgent, quarantined), never the submission.

- the same key while the first request is still running: DuplicateInFlight (409);
- the same header key with a different submission: IdempotencyKeyReused (422), caught by
  Powertools' payload validation on the submission's digest;
- the step raising (storage down, bot check failed): Powertools deletes the record and re-raises,
  so a retry can succeed; no error answer is ever cached;
- the idempotency table itself unavailable: StorageUnavailable (503, nothing stored).

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

from ..domain.errors import DuplicateInFlight, IdempotencyKeyReused, StorageUnavailable
from ..domain.receipt import Receipt
from ..observability import logger
from .aws import error_code

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import DataRecord
    from mypy_boto3_dynamodb import DynamoDBClient

    from ..domain.duplicates import SubmissionKey

# Stable across module moves and deploys (they name no module), so a retry that straddles a deploy
# still matches its record.
_KEY_PREFIX = "leadcapture.consultation"
_SENT_EMAIL_PREFIX = "leadcapture.notify"
# The escalation copy after a bounce: its own records, so it is sent once per lead too.
ESCALATION_PREFIX = "leadcapture.escalation"


class Deduplicator:
    """Runs a step at most once per submission key within the expiry window."""

    def __init__(self, table_name: str, *, expires_after_seconds: int, client: DynamoDBClient) -> None:
        from aws_lambda_powertools.utilities.idempotency import DynamoDBPersistenceLayer, IdempotencyConfig, idempotent_function

        self.config = IdempotencyConfig(
            event_key_jmespath="key",
            payload_validation_jmespath="digest",
            raise_on_no_idempotency_key=True,
            expires_after_seconds=expires_after_seconds,
            hash_function="sha256",
            response_hook=_mark_replayed,
        )
        self.persistence = DynamoDBPersistenceLayer(table_name=table_name, boto3_client=client)
        self._run = idempotent_function(
            _run_step,
            data_keyword_argument="submission",
            persistence_store=self.persistence,
            config=self.config,
            key_prefix=_KEY_PREFIX,
        )

    def register_lambda_context(self, context: Any) -> None:
        """Lets an in-progress record expire when this invocation would have timed out."""
        self.config.register_lambda_context(context)

    def once(self, key: SubmissionKey, step: Callable[[], Receipt]) -> Receipt:
        """The step's receipt, run now or replayed from the first time this key was seen."""
        from aws_lambda_powertools.utilities.idempotency.exceptions import (
            IdempotencyAlreadyInProgressError,
            IdempotencyInconsistentStateError,
            IdempotencyPersistenceLayerError,
            IdempotencyValidationError,
        )

        done: list[Receipt] = []

        def tracked() -> Receipt:
            receipt = step()
            done.append(receipt)
            return receipt

        try:
            answer: dict[str, Any] = self._run(submission=key.payload(), step=tracked)
        except IdempotencyAlreadyInProgressError:
            raise DuplicateInFlight("the same submission is being handled") from None
        except IdempotencyValidationError:
            raise IdempotencyKeyReused("Idempotency-Key was already used for a different submission") from None
        except (IdempotencyPersistenceLayerError, IdempotencyInconsistentStateError) as err:
            if done:
                # The lead is stored; only the record of it is not. Tell the person the truth (201):
                # a retry inside the in-progress window gets 409, not a second lead.
                logger.warning("lead stored but its idempotency record was not completed", lead_id=done[0].lead_id)
                return done[0]
            raise StorageUnavailable(f"Idempotency{type(err).__name__.removeprefix('Idempotency')}") from None
        return Receipt(
            lead_id=str(answer["lead_id"]),
            urgent=bool(answer["urgent"]),
            quarantined=bool(answer.get("quarantined", False)),
            replayed=bool(answer.get("replayed", False)),
            canary=bool(answer.get("canary", False)),
        )


def _run_step(*, submission: dict[str, str], step: Callable[[], Receipt]) -> dict[str, Any]:
    # `submission` holds only the hashes; Powertools reads it (by keyword) to build the record's key.
    del submission
    receipt = step()
    return {"lead_id": receipt.lead_id, "urgent": receipt.urgent, "quarantined": receipt.quarantined, "canary": receipt.canary}


def _mark_replayed(response: Any, idempotent_data: DataRecord) -> Any:
    del idempotent_data
    return {**response, "replayed": True} if isinstance(response, dict) else response


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

    def __init__(self, table_name: str, *, client: DynamoDBClient, key_prefix: str = _SENT_EMAIL_PREFIX) -> None:
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


def sent_email_record_key(lead_id: str) -> str:
    """The key Powertools gives a lead's sent-email record: `<key prefix>#<sha256 of the JSON of the lead id>`.

    The idempotency key is what `event_key_jmespath` ("lead_id") selects, serialized with sorted keys
    and hashed with the configured function (sha256); tests check it against a record `SentEmails` wrote.
    """
    return f"{_SENT_EMAIL_PREFIX}#" + hashlib.sha256(json.dumps(lead_id, sort_keys=True).encode()).hexdigest()


class IdempotencyRecords:
    """The idempotency table seen from one lead: which records belong to it, and their removal."""

    def __init__(self, table_name: str, *, client: DynamoDBClient) -> None:
        self.table_name = table_name
        self.client = client

    def of_lead(self, lead_id: str) -> list[str]:
        """Keys of the records that hold this lead's id: its sent-email record and its submission records.

        A submission record's key is a hash of the submission or of the client's Idempotency-Key, which
        cannot be recomputed from the lead; its cached answer holds the lead id, so the (small,
        short-lived) table is scanned for it.
        """
        from botocore.exceptions import BotoCoreError, ClientError

        sent_key = sent_email_record_key(lead_id)
        keys: set[str] = set()
        try:
            if "Item" in self.client.get_item(TableName=self.table_name, Key={"id": {"S": sent_key}}, ProjectionExpression="id"):
                keys.add(sent_key)
            for page in self.client.get_paginator("scan").paginate(
                TableName=self.table_name,
                ConsistentRead=True,
                ProjectionExpression="id",
                FilterExpression="begins_with(id, :prefix) AND contains(#data, :lead)",
                ExpressionAttributeNames={"#data": "data"},
                ExpressionAttributeValues={":prefix": {"S": _KEY_PREFIX + "#"}, ":lead": {"S": json.dumps(lead_id)}},
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
