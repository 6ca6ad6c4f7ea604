"""AWS clients, created lazily once per process and reused across invocations.

Timeouts are short and retries bounded so that a slow AWS answer becomes a clean 503 well inside
API Gateway's 30 s, not a hung request. Nothing is created at import time, so tests can start
moto before the first client exists.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from botocore.client import BaseClient
    from botocore.config import Config
    from mypy_boto3_dynamodb import DynamoDBClient
    from mypy_boto3_sesv2 import SESV2Client


def _config(read_timeout: float) -> Config:
    from botocore.config import Config

    return Config(connect_timeout=2, read_timeout=read_timeout, retries={"mode": "standard", "max_attempts": 3})


@cache
def dynamodb() -> DynamoDBClient:
    import boto3

    client: DynamoDBClient = boto3.client("dynamodb", config=_config(3))
    return client


@cache
def sesv2() -> SESV2Client:
    import boto3

    client: SESV2Client = boto3.client("sesv2", config=_config(5))
    return client


@cache
def ssm() -> BaseClient:
    import boto3

    client: BaseClient = boto3.client("ssm", config=_config(3))
    return client


@cache
def secretsmanager() -> BaseClient:
    import boto3

    client: BaseClient = boto3.client("secretsmanager", config=_config(3))
    return client


def reset() -> None:
    """Forget the cached clients (tests, and the local stack when it switches endpoints)."""
    dynamodb.cache_clear()
    sesv2.cache_clear()
    ssm.cache_clear()
    secretsmanager.cache_clear()
