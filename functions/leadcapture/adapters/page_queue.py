"""The queue of paging steps (SQS, template.yaml's UrgentPagesQueue): each step held until it is due.

A step is the message `PageRequest.to_json()`: the lead id, the step number and when it is due;
nothing of the person. SQS holds a message up to 15 minutes (DelaySeconds), which is why a re-page
interval is at most 15 minutes (docs/decisions.md "Re-pages through an SQS delay queue (2026-12-07)").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from leadcapture.adapters.aws import error_code
from leadcapture.kernel.errors import QueueUnavailable
from leadcapture.kernel.paging import MAX_DELAY_SECONDS

if TYPE_CHECKING:
    from mypy_boto3_sqs import SQSClient

    from leadcapture.kernel.paging import PageRequest


class SqsPageQueue:
    """Puts paging steps on the queue (a PageQueue)."""

    def __init__(self, client: SQSClient, queue_url: str) -> None:
        self.client = client
        self.queue_url = queue_url

    def schedule(self, request: PageRequest, *, delay_seconds: int) -> None:
        from botocore.exceptions import BotoCoreError, ClientError

        delay = max(0, min(MAX_DELAY_SECONDS, delay_seconds))
        try:
            self.client.send_message(QueueUrl=self.queue_url, MessageBody=request.to_json(), DelaySeconds=delay)
        except ClientError as err:
            raise QueueUnavailable(error_code(err)) from None
        except BotoCoreError as err:
            raise QueueUnavailable(type(err).__name__) from None
