"""Per-source rate limit: at most N posts per source per hour, counted in DynamoDB.

One item per (source, hour window): an atomic `ADD count :one` returns the new count, which is
compared with the limit. The source is a keyed hash (HMAC-SHA256) of the client IP, so the table
never holds an IP and the hash cannot be reversed by trying every address without the key. Items
carry `expires_at` so DynamoDB's TTL removes them; the window is part of the key, so an item that
TTL has not removed yet is never read again.

Knows nothing of HTTP: it raises RateLimited(retry_after) and the handler answers 429. When the
counter cannot be reached the post is let through (logged and counted): turning a real person
away because our counter is down would be the worse failure, and stage throttling still bounds a
flood.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from functools import cache
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools.metrics import MetricUnit

from . import aws
from .errors import RateLimited
from .observability import logger, metrics

if TYPE_CHECKING:
    from mypy_boto3_dynamodb import DynamoDBClient

    from .config import Settings

KEY = "pk"
WINDOW_SECONDS = 3600
# Kept a little past the window's end so a clock skew between Lambdas never reads a fresh count.
_TTL_SLACK_SECONDS = 300
# Rotating the key in Secrets Manager is picked up within this many seconds.
_KEY_MAX_AGE_SECONDS = 300


def source_id(source_ip: str, key: bytes) -> str:
    """The keyed hash that stands for a source IP (the IP itself is never stored)."""
    return hmac.new(key, source_ip.strip().lower().encode("utf-8"), hashlib.sha256).hexdigest()[:32]


class RateLimiter:
    """The rate-limit table: one counter per hashed source and hour."""

    def __init__(self, table_name: str, *, limit: int, key: bytes, client: DynamoDBClient | None = None) -> None:
        self.table_name = table_name
        self.limit = limit
        self._key = key
        self.client = client or aws.dynamodb()

    def hit(self, source_ip: str | None, *, now: float | None = None) -> int | None:
        """Count one post from this source; raise RateLimited when it is over the limit.

        Returns the count in the current window, or None when nothing was counted (limit off, no
        source address, or the counter unreachable).
        """
        if self.limit <= 0 or not source_ip:
            return None
        at = time.time() if now is None else now
        window_start = int(at) // WINDOW_SECONDS * WINDOW_SECONDS
        window_end = window_start + WINDOW_SECONDS
        count = self._increment(f"{source_id(source_ip, self._key)}#{window_start}", expires_at=window_end + _TTL_SLACK_SECONDS)
        if count is not None and count > self.limit:
            raise RateLimited(retry_after=max(1, window_end - int(at)))
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
        except ClientError as err:
            _counter_unavailable(str(err.response.get("Error", {}).get("Code", "Unknown")))
            return None
        except BotoCoreError as err:
            _counter_unavailable(type(err).__name__)
            return None
        return int(answer["Attributes"]["count"]["N"])


def _counter_unavailable(code: str) -> None:
    metrics.add_metric(name="RateLimitUnavailable", unit=MetricUnit.Count, value=1)
    logger.warning("rate limit not applied: counter unavailable", error_code=code)


def hashing_key(settings: Settings) -> bytes | None:
    """The HMAC key: the Secrets Manager secret, else RATE_LIMIT_KEY, else one random key per process.

    None when the configured secret cannot be read (the limit is then skipped, logged).
    """
    if settings.rate_limit_key_secret:
        from aws_lambda_powertools.utilities.parameters import GetParameterError

        try:
            value = _secrets_provider().get(settings.rate_limit_key_secret, max_age=_KEY_MAX_AGE_SECONDS)
        except GetParameterError:
            _counter_unavailable("KeySecretUnavailable")
            return None
        return str(value).encode("utf-8")
    configured = settings.rate_limit_key.get_secret_value()
    if configured:
        return configured.encode("utf-8")
    return _process_key()


@cache
def _process_key() -> bytes:
    # Counts still work within one process (the local stack); across Lambda instances the same IP
    # would hash differently, so a deployment sets RATE_LIMIT_KEY_SECRET.
    logger.warning("no RATE_LIMIT_KEY_SECRET or RATE_LIMIT_KEY: using a random per-process key for source hashes")
    return secrets.token_bytes(32)


@cache
def _secrets_provider() -> Any:
    from aws_lambda_powertools.utilities.parameters import SecretsProvider

    return SecretsProvider(boto3_client=aws.secretsmanager())


def default_limiter() -> RateLimiter | None:
    """The limiter for this process's settings; None when RATE_LIMIT_PER_HOUR is 0."""
    from .config import get_settings

    settings = get_settings()
    if settings.rate_limit_per_hour <= 0:
        return None
    key = hashing_key(settings)
    if key is None:
        return None
    return _limiter(settings.rate_limit_table_name, settings.rate_limit_per_hour, key)


@cache
def _limiter(table_name: str, limit: int, key: bytes) -> RateLimiter:
    return RateLimiter(table_name, limit=limit, key=key)


def reset() -> None:
    """Forget cached providers, limiters and the process key (tests)."""
    _process_key.cache_clear()
    _secrets_provider.cache_clear()
    _limiter.cache_clear()
