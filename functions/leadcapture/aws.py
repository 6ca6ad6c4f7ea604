"""AWS clients, created lazily once per process and reused across invocations.

Timeouts are short and retries bounded so that a slow AWS answer becomes a clean 503 well inside
API Gateway's 30 s, not a hung request. Nothing is created at import time, so tests can start
moto before the first client exists.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from botocore.client import BaseClient
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_sesv2 import SESV2Client


@cache
def _client(service: str, read_timeout: float) -> Any:
    import boto3
    from botocore.config import Config

    config = Config(connect_timeout=2, read_timeout=read_timeout, retries={"mode": "standard", "max_attempts": 3})
    return boto3.client(service, config=config)


def dynamodb() -> DynamoDBClient:
    return cast("DynamoDBClient", _client("dynamodb", 3))


def sesv2() -> SESV2Client:
    # Sending can take longer than a table write; the notifier is not on anyone's request path.
    return cast("SESV2Client", _client("sesv2", 5))


def ssm() -> BaseClient:
    return cast("BaseClient", _client("ssm", 3))


def secretsmanager() -> BaseClient:
    return cast("BaseClient", _client("secretsmanager", 3))


def reset() -> None:
    """Forget the cached clients (tests, and the local stack when it switches endpoints)."""
    _client.cache_clear()
