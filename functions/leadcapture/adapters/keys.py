"""Keys held in Secrets Manager, read through Powertools parameters and cached for a few minutes.

Used for the rate limit's hashing key and the heartbeat's signing key. A key that cannot be read
yields None (the caller decides what that means) and is never logged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from leadcapture.observability import logger

if TYPE_CHECKING:
    from botocore.client import BaseClient

KeySource = Callable[[], "bytes | None"]

# Rotating a key in Secrets Manager is picked up within this many seconds.
KEY_MAX_AGE_SECONDS = 300


def secret_key(name: str, secretsmanager: Callable[[], BaseClient], *, on_unavailable: Callable[[], None]) -> KeySource:
    """A source of the secret's bytes; the client is made on first read, and `on_unavailable` runs on a failed one."""
    providers: list[Any] = []

    def read() -> bytes | None:
        from aws_lambda_powertools.utilities.parameters import GetParameterError, SecretsProvider

        if not providers:
            providers.append(SecretsProvider(boto3_client=secretsmanager()))
        try:
            value = providers[0].get(name, max_age=KEY_MAX_AGE_SECONDS)
        except GetParameterError:
            on_unavailable()
            return None
        return str(value).encode("utf-8")

    return read


def fixed_key(value: str) -> KeySource:
    """A key given as a plain setting (local runs); None when it is empty."""
    key = value.encode("utf-8") if value else None
    return lambda: key


def canary_key(secret_name: str, fallback: str, secretsmanager: Callable[[], BaseClient]) -> KeySource:
    """The heartbeat's signing key (submit verifies, heartbeat signs): CANARY_KEY_SECRET's, else the
    local fallback CANARY_KEY; yields None when there is none."""
    if secret_name:
        return secret_key(secret_name, secretsmanager, on_unavailable=_canary_key_unavailable)
    return fixed_key(fallback)


def _canary_key_unavailable() -> None:
    logger.warning("heartbeat key unavailable")
