"""One entry for the functions that take a batch of records (notify and person: the leads stream;
urgent: the page queue): Powertools' partial batch response, one failed record retried alone."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

if TYPE_CHECKING:
    from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse


class Ledger(Protocol):
    def register_lambda_context(self, context: Any) -> None: ...


def processor(source: EventType) -> BatchProcessor:
    # A failed record is reported, not raised: the others of its batch are not retried with it.
    return BatchProcessor(event_type=source, raise_on_entire_batch_failure=False)


def answer(
    event: dict[str, Any], context: Any, *, record_handler: Callable[[Any], Any], processor: BatchProcessor, ledger: Ledger
) -> PartialItemFailureResponse:
    """Each record to `record_handler`; the records that failed, for the event source to retry."""
    if not event.get("Records"):
        # Lambda never sends an empty batch, but Powertools raises on one: answer it plainly.
        return {"batchItemFailures": []}
    # The sent-message ledger's records expire with the invocation's remaining time (Powertools idempotency).
    ledger.register_lambda_context(context)
    return process_partial_response(event=event, record_handler=record_handler, processor=processor, context=context)
