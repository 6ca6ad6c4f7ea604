"""The desk function's collaborators, built once per process from its settings."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from leadcapture.adapters.audit_table import AuditTable
from leadcapture.adapters.aws import Clients, clients, per_process
from leadcapture.adapters.environment import load
from leadcapture.adapters.idempotency import IdempotencyRecords
from leadcapture.adapters.keys import KeySource, secret_key
from leadcapture.desk.adapters.cognito import CognitoAuthenticator
from leadcapture.desk.adapters.figures_table import FiguresStore
from leadcapture.desk.adapters.inbox_table import InboxStore
from leadcapture.desk.adapters.sessions_table import SessionTable
from leadcapture.desk.adapters.tokens import JwtVerifier
from leadcapture.desk.domain.sessions import Timeouts
from leadcapture.desk.domain.sign_in import SignIn
from leadcapture.desk.settings import DeskSettings
from leadcapture.kernel.business_days import BusinessCalendar
from leadcapture.observability import logger


@dataclass
class Wiring:
    settings: DeskSettings
    clients: Clients
    # The clock (seconds since the epoch): tests move it to end sessions, never sleep.
    clock: Callable[[], float] = field(default=time.time)

    @cached_property
    def inbox(self) -> InboxStore:
        return InboxStore(self.settings.leads_table_name, self.clients.dynamodb())

    @cached_property
    def figures(self) -> FiguresStore:
        """The practice's figures' reads (managers; issue 22)."""
        return FiguresStore(self.settings.leads_table_name, self.clients.dynamodb())

    @cached_property
    def audit(self) -> AuditTable:
        """The audit trail: a record per sign-in, lead opened, status, note, find, export, forget (issue 22)."""
        s = self.settings
        return AuditTable(s.audit_table_name, self.clients.dynamodb(), retention_days=s.audit_retention_days)

    @cached_property
    def records(self) -> IdempotencyRecords:
        """The idempotency records a forget removes with the person's leads (issue 22)."""
        return IdempotencyRecords(self.settings.idempotency_table_name, client=self.clients.dynamodb())

    @cached_property
    def sessions(self) -> SessionTable:
        return SessionTable(self.settings.sessions_table_name, self.clients.dynamodb())

    @cached_property
    def timeouts(self) -> Timeouts:
        return Timeouts(idle_seconds=self.settings.idle_minutes * 60, absolute_seconds=self.settings.absolute_hours * 3600)

    @cached_property
    def verifier(self) -> JwtVerifier:
        s = self.settings
        return JwtVerifier(issuer=s.issuer, client_id=s.client_id, keys_url=s.keys_url)

    @cached_property
    def sign_in(self) -> SignIn:
        auth = CognitoAuthenticator(self.clients.cognito_idp, self.settings.client_id)
        return SignIn(auth, self.verifier, self.sessions, self.timeouts)

    @cached_property
    def calendar(self) -> BusinessCalendar:
        return BusinessCalendar.from_settings(self.settings)

    @cached_property
    def lookup_key(self) -> KeySource | None:
        """The lookup index's key (find a person); None when LOOKUP_KEY_SECRET is empty."""
        if not self.settings.lookup_key_secret:
            return None
        return secret_key(self.settings.lookup_key_secret, self.clients.secretsmanager, on_unavailable=_lookup_key_unavailable)


def _lookup_key_unavailable() -> None:
    logger.warning("desk find: lookup key unavailable")


current = per_process(lambda: Wiring(load(DeskSettings), clients()))
