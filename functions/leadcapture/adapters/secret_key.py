"""A hashing key kept in Secrets Manager, read through Powertools parameters and cached.

Used for the rate limit's source hashes and the lookup index's email and phone hashes. The value is
read on first use and again after KEY_MAX_AGE_SECONDS (so a rotated rate-limit key is picked up);
when it cannot be read the source yields None and the caller carries on without it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from botocore.client import BaseClient

KEY_MAX_AGE_SECONDS = 300

KeySource = Callable[[], "bytes | None"]


def secret_key(name: str, secretsmanager: Callable[[], BaseClient], *, unavailable: Callable[[], None]) -> KeySource:
    """The secret `name` as bytes on each call (cached), or None after calling `unavailable()`."""
    providers: list[Any] = []

    def read() -> bytes | None:
        from aws_lambda_powertools.utilities.parameters import GetParameterError, SecretsProvider

        if not providers:
            providers.append(SecretsProvider(boto3_client=secretsmanager()))
        try:
            value = providers[0].get(name, max_age=KEY_MAX_AGE_SECONDS)
        except GetParameterError:
            unavailable()
            return None
        return str(value).encode("utf-8")

    return read
