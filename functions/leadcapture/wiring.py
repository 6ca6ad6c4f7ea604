"""The one place that builds the functions' collaborators: once per process, from the settings.

In Lambda a `Wiring` lives as long as the execution environment: the first invocation builds it
(settings read and checked, AWS clients made lazily with bounded timeouts) and later ones reuse
it. Everything process-wide hangs off this one object, so tests, the local stack and scripts that
change the environment (moto, another endpoint, other settings) start over with `reset()`: a
fresh wiring, not a list of caches to clear.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .adapters.api_client import ApiPoster
from .adapters.aws import Clients
from .adapters.idempotency import ESCALATION_PREFIX, Deduplicator, SentEmails
from .adapters.keys import KeySource, fixed_key, secret_key
from .adapters.leads_table import LeadStore, lookup_key_unavailable
from .adapters.link_keys import FixedLinkKeys, SecretLinkKeys, link_keys
from .adapters.rate_counter import RateCounter, key_source
from .adapters.ses import SesMailer
from .adapters.siteverify import TurnstileVerifier
from .domain.capture import Defences
from .observability import logger
from .settings import Settings

if TYPE_CHECKING:
    from collections.abc import Mapping


@dataclass
class Wiring:
    """The settings, the AWS clients, and every adapter, each built on first use."""

    settings: Settings
    clients: Clients = field(default_factory=Clients)

    @cached_property
    def store(self) -> LeadStore:
        return LeadStore(self.settings.leads_table_name, self.clients.dynamodb())

    @cached_property
    def mailer(self) -> SesMailer:
        return SesMailer(self.clients.sesv2(), self.settings.ses_configuration_set)

    @cached_property
    def sent_emails(self) -> SentEmails:
        return SentEmails(self.settings.idempotency_table_name, client=self.clients.dynamodb())

    @cached_property
    def escalations(self) -> SentEmails:
        """The escalation copies sent after a bounce: one per lead (domain/delivery.py)."""
        return SentEmails(self.settings.idempotency_table_name, client=self.clients.dynamodb(), key_prefix=ESCALATION_PREFIX)

    @cached_property
    def deduplicator(self) -> Deduplicator:
        s = self.settings
        return Deduplicator(s.idempotency_table_name, expires_after_seconds=s.idempotency_expiry_seconds, client=self.clients.dynamodb())

    @cached_property
    def limiter(self) -> RateCounter | None:
        """None when RATE_LIMIT_PER_HOUR is 0."""
        s = self.settings
        if s.rate_limit_per_hour <= 0:
            return None
        key = key_source(s, self.clients.secretsmanager)
        return RateCounter(s.rate_limit_table_name, limit=s.rate_limit_per_hour, key=key, client=self.clients.dynamodb())

    @cached_property
    def lookup_key(self) -> KeySource | None:
        """The lookup index's HMAC key (None when LOOKUP_KEY_SECRET is empty: leads are stored unindexed)."""
        s = self.settings
        if not s.lookup_key_secret:
            return None
        return secret_key(s.lookup_key_secret, self.clients.secretsmanager, on_unavailable=lookup_key_unavailable)

    @cached_property
    def verifier(self) -> TurnstileVerifier | None:
        """None when Turnstile is off (no TURNSTILE_SECRET_PARAMETER)."""
        s = self.settings
        if not s.turnstile_secret_parameter:
            return None
        return TurnstileVerifier(
            secret_parameter=s.turnstile_secret_parameter,
            verify_url=s.turnstile_verify_url,
            hostnames=s.turnstile_expected_hostnames,
            action=s.turnstile_action,
            timeout_seconds=s.turnstile_timeout_seconds,
            ssm=self.clients.ssm,
        )

    @cached_property
    def link_keys(self) -> SecretLinkKeys | FixedLinkKeys:
        """The action links' keys: signing (notify) and verifying (actions)."""
        return link_keys(self.settings, self.clients.secretsmanager)

    @cached_property
    def defences(self) -> Defences:
        return Defences(limiter=self.limiter, deduplicator=self.deduplicator, verifier=self.verifier)

    @cached_property
    def canary_key(self) -> KeySource:
        """The heartbeat's signing key (submit verifies, heartbeat signs); yields None when there is none."""
        s = self.settings
        if s.canary_key_secret:
            return secret_key(s.canary_key_secret, self.clients.secretsmanager, on_unavailable=_canary_key_unavailable)
        return fixed_key(s.canary_key.get_secret_value())

    @cached_property
    def heartbeat_poster(self) -> ApiPoster:
        # Submit answers within its own 10 s timeout; a little more covers API Gateway and TLS.
        return ApiPoster(self.settings.heartbeat_url, timeout_seconds=15)


def _canary_key_unavailable() -> None:
    logger.warning("heartbeat key unavailable")


_current: Wiring | None = None


def build(environ: Mapping[str, str] | None = None) -> Wiring:
    """A new wiring from the environment (default: this process's); a bad setting raises here."""
    return Wiring(Settings.from_env(environ))


def current() -> Wiring:
    """This process's wiring, built on first use."""
    global _current  # noqa: PLW0603 - the one piece of process state, on purpose
    if _current is None:
        _current = build()
    return _current


def reset() -> None:
    """Forget this process's wiring: the next `current()` builds a fresh one from the environment."""
    global _current  # noqa: PLW0603
    _current = None
