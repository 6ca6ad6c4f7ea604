"""Submissions, each stored at most once: Powertools idempotency records in DynamoDB.

The step that stores a lead runs at most once per submission key (`domain/duplicates.py`) within
the expiry window; the cached answer is the receipt (lead id, urgent, quarantined), never the
submission.

- the same key while the first request is still running: DuplicateInFlight (409);
- the same header key with a different submission: IdempotencyKeyReused (422), caught by
  Powertools' payload validation on the submission's digest;
- the step raising (storage down, bot check failed): Powertools deletes the record and re-raises,
  so a retry can succeed; no error answer is ever cached;
- the idempotency table itself unavailable: StorageUnavailable (503, nothing stored).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from leadcapture.adapters.idempotency import SUBMISSION_PREFIX
from leadcapture.intake.domain.receipt import Receipt
from leadcapture.kernel.errors import DuplicateInFlight, IdempotencyKeyReused, StorageUnavailable
from leadcapture.observability import logger

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.idempotency.persistence.datarecord import DataRecord
    from mypy_boto3_dynamodb import DynamoDBClient

    from leadcapture.intake.domain.duplicates import SubmissionKey


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
            key_prefix=SUBMISSION_PREFIX,
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
