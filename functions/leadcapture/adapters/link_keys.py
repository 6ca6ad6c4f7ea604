"""The action links' HMAC keys: AWSCURRENT and AWSPREVIOUS of one Secrets Manager secret.

Read through Powertools parameters with a cache of KEY_MAX_AGE_SECONDS. New links are signed with
the current key; a link is verified with the key its token names, current or previous, so links
emailed before one rotation keep working (two rotations retire them). Powertools' cache key is the
secret's name only, not the version stage, so each stage has a provider (a cache) of its own.

A token naming a key the cache does not hold may be one signed after a rotation the cache has not
seen (another function read the new key first): the keys are read again at once, at most once per
REFRESH_MIN_SECONDS, so a forged key id cannot make every request read the secret. What the cache
still means (docs/deploy.md "Action link key"): for up to KEY_MAX_AGE_SECONDS after a rotation a
warm function keeps signing with the key it had, and accepts the keys it had, so a leaked key stops
working within that time of the second rotation, not at the moment of it.
"""

from __future__ import annotations

import secrets
import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from leadcapture.adapters.aws import error_code
from leadcapture.kernel.errors import LinkKeyUnavailable
from leadcapture.observability import logger

if TYPE_CHECKING:
    from botocore.client import BaseClient

    from leadcapture.kernel.settings.links import LinkKey as Settings

KEY_MAX_AGE_SECONDS = 300
# A key id the cache does not know reads the secret again, but not more often than this.
REFRESH_MIN_SECONDS = 30
CURRENT, PREVIOUS = "AWSCURRENT", "AWSPREVIOUS"


class SecretLinkKeys:
    """The keys of one secret (a LinkKeys): the current one, then the previous one when there is one."""

    def __init__(self, secret_id: str, secretsmanager: Callable[[], BaseClient], max_age: int = KEY_MAX_AGE_SECONDS) -> None:
        self.secret_id = secret_id
        self._client = secretsmanager
        self._max_age = max_age
        self._providers: dict[str, Any] = {}
        # A secret never rotated has no AWSPREVIOUS: remember that as long as a key is cached.
        self._no_previous_until = 0.0
        self._refreshed_at = -float(REFRESH_MIN_SECONDS)

    def keys(self) -> Iterator[bytes]:
        """The cached keys, newest first; then, to a caller still looking for the one a token names,
        the keys read again (once per REFRESH_MIN_SECONDS), those it has not seen yet."""
        seen = []
        for key in self._stages(force=False):
            seen.append(key)
            yield key
        now = time.monotonic()
        if now - self._refreshed_at < REFRESH_MIN_SECONDS:
            return
        self._refreshed_at = now
        self._no_previous_until = 0.0
        yield from (key for key in self._stages(force=True) if key not in seen)

    def _stages(self, *, force: bool) -> Iterator[bytes]:
        yield self._read(CURRENT, force=force)
        if time.monotonic() < self._no_previous_until:
            return
        try:
            yield self._read(PREVIOUS, force=force)
        except _NoSuchVersion:
            self._no_previous_until = time.monotonic() + self._max_age

    def _read(self, stage: str, *, force: bool = False) -> bytes:
        from aws_lambda_powertools.utilities.parameters import GetParameterError, SecretsProvider

        if stage not in self._providers:
            self._providers[stage] = SecretsProvider(boto3_client=self._client())
        try:
            value = self._providers[stage].get(self.secret_id, max_age=self._max_age, force_fetch=force, VersionStage=stage)
        except GetParameterError as err:
            # Powertools wraps the botocore error; its code is on the one raised first.
            cause = err.__context__
            code = error_code(cause) if isinstance(cause, Exception) else "GetParameterError"
            if stage == PREVIOUS and code == "ResourceNotFoundException":
                raise _NoSuchVersion from None
            raise LinkKeyUnavailable(code) from None
        return str(value).encode("utf-8")


class _NoSuchVersion(Exception):
    pass


class FixedLinkKeys:
    """One key for the life of the process (ACTION_LINK_KEY, or random): local use only."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def keys(self) -> Iterator[bytes]:
        yield self._key


def link_keys(settings: Settings, secretsmanager: Callable[[], BaseClient]) -> SecretLinkKeys | FixedLinkKeys:
    """The secret when ACTION_LINK_KEY_SECRET names one, else ACTION_LINK_KEY, else a random key.

    A random key signs and verifies within one process (the local stack runs both functions in
    one); links from an earlier run are then refused as invalid. A deployment names a secret.
    """
    if settings.action_link_key_secret:
        return SecretLinkKeys(settings.action_link_key_secret, secretsmanager)
    configured = settings.action_link_key.get_secret_value()
    if configured:
        return FixedLinkKeys(configured.encode("utf-8"))
    logger.warning("no ACTION_LINK_KEY_SECRET or ACTION_LINK_KEY: action links are signed with a random per-process key")
    return FixedLinkKeys(secrets.token_bytes(32))
