"""The per-source rate limit's counters in DynamoDB, and the hashing key from Secrets Manager.

One item per (hashed source, hour window) (`domain/rate_limit.py`): an atomic `ADD count :one`
returns the new count, which is compared with the limit. Items carry `expires_at` so DynamoDB's
TTL removes them; the window is part of the key, so an item TTL has not removed yet is never read
again. When the counter or its key cannot be read the post is let through (logged and counted):
turning a real person away because our counter is down would be the worse failure, and stage
throttling still bounds a flood.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.metrics import MetricUnit

from leadcapture.adapters.aws import error_code
from leadcapture.adapters.keys import KeySource, secret_key
from leadcapture.intake.domain.rate_limit import window_for
from leadcapture.kernel.errors import RateLimited
from leadcapture.observability import logger, metrics

if TYPE_CHECKING:
    from botocore.client import BaseClient
    from mypy_boto3_dynamodb import DynamoDBClient

    from leadcapture.intake.settings import SubmitSettings as Settings

KEY = "pk"


class RateCounter:
    """The rate-limit table: one counter per hashed source and hour (a RateLimiter)."""

    def __init__(self, table_name: str, *, limit: int, key: KeySource, client: DynamoDBClient) -> None:
        self.table_name = table_name
        self.limit = limit
        self._key = key
        self.client = client

    def hit(self, source_ip: str | None, *, now: float | None = None) -> int | None:
        """Count one post from this source; raise RateLimited when it is over the limit.

        Returns the count in the current window, or None when nothing was counted (limit off, no
        source address, or the counter or its key unreachable).
        """
        if self.limit <= 0 or not source_ip:
            return None
        key = self._key()
        if key is None:
            return None
        at = time.time() if now is None else now
        window = window_for(source_ip, key, at)
        count = self._increment(window.counter_key, expires_at=window.expires_at)
        if count is not None and count > self.limit:
            raise RateLimited(retry_after=window.retry_after(at))
        return count

    def _increment(self, pk: str, *, expires_at: int) -> int | None:
        from botocore.exceptions import BotoCoreError, ClientError

        try:
            answer: Any = self.client.update_item(
                TableName=self.table_name,
                Key={KEY: {"S": pk}},
                UpdateExpression="ADD #count :one SET expires_at = if_not_exists(expires_at, :expires_at)",
                ExpressionAttributeNames={"#count": "count"},
                ExpressionAttributeValues={":one": {"N": "1"}, ":expires_at": {"N": str(expires_at)}},
                ReturnValues="UPDATED_NEW",
            )
        except (ClientError, BotoCoreError) as err:
            counter_unavailable(error_code(err))
            return None
        return int(answer["Attributes"]["count"]["N"])


def counter_unavailable(code: str) -> None:
    metrics.add_metric(name="RateLimitUnavailable", unit=MetricUnit.Count, value=1)
    logger.warning("rate limit not applied: counter unavailable", error_code=code)


def key_source(settings: Settings, secretsmanager: Callable[[], BaseClient]) -> KeySource:
    """Where the HMAC key comes from: the Secrets Manager secret, else RATE_LIMIT_KEY, else one random key.

    The secret is read through `adapters/keys.py` (cached, so a rotation is picked up within
    minutes); when it cannot be read the source yields None and the limit is skipped.
    A random key still counts within one process (the local stack); separate Lambda instances
    would hash the same IP differently, so a deployment names a secret.
    """
    if settings.rate_limit_key_secret:
        return secret_key(
            settings.rate_limit_key_secret, secretsmanager, on_unavailable=lambda: counter_unavailable("KeySecretUnavailable")
        )
    configured = settings.rate_limit_key.get_secret_value()
    if configured:
        fixed = configured.encode("utf-8")
    else:
        logger.warning("no RATE_LIMIT_KEY_SECRET or RATE_LIMIT_KEY: using a random per-process key for source hashes")
        fixed = secrets.token_bytes(32)
    return lambda: fixed
