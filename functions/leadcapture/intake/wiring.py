"""The submit function's collaborators, built once per process from its settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from leadcapture.adapters.aws import Clients, clients, per_process
from leadcapture.adapters.environment import load
from leadcapture.adapters.keys import KeySource, canary_key, secret_key
from leadcapture.adapters.leads.lookup import lookup_key_unavailable
from leadcapture.adapters.leads_table import LeadStore
from leadcapture.intake.adapters.deduplicator import Deduplicator
from leadcapture.intake.adapters.rate_counter import RateCounter, key_source
from leadcapture.intake.adapters.siteverify import TurnstileVerifier
from leadcapture.intake.domain.capture import Defences, Intake
from leadcapture.intake.settings import SubmitSettings


@dataclass
class Wiring:
    settings: SubmitSettings
    clients: Clients

    @cached_property
    def store(self) -> LeadStore:
        return LeadStore(self.settings.leads_table_name, self.clients.dynamodb())

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
        return TurnstileVerifier(s, ssm=self.clients.ssm)

    @cached_property
    def defences(self) -> Defences:
        return Defences(limiter=self.limiter, deduplicator=self.deduplicator, verifier=self.verifier)

    @cached_property
    def intake(self) -> Intake:
        return Intake(self.store, self.defences, self.lookup_key)

    @cached_property
    def canary_key(self) -> KeySource:
        s = self.settings
        return canary_key(s.canary_key_secret, s.canary_key.get_secret_value(), self.clients.secretsmanager)


current = per_process(lambda: Wiring(load(SubmitSettings), clients()))
