"""The SES events function's collaborators, built once per process from its settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from leadcapture.adapters.aws import Clients, clients, per_process
from leadcapture.adapters.environment import load
from leadcapture.adapters.idempotency import ESCALATION_PREFIX, SentEmails
from leadcapture.adapters.leads_table import LeadStore
from leadcapture.adapters.link_keys import FixedLinkKeys, SecretLinkKeys, link_keys
from leadcapture.adapters.ses import SesMailer
from leadcapture.delivery.settings import DeliverySettings
from leadcapture.kernel.ports import Mailroom


@dataclass
class Wiring:
    settings: DeliverySettings
    clients: Clients

    @cached_property
    def store(self) -> LeadStore:
        return LeadStore(self.settings.leads_table_name, self.clients.dynamodb())

    @cached_property
    def mailer(self) -> SesMailer:
        return SesMailer(self.clients.sesv2(), self.settings.ses_configuration_set)

    @cached_property
    def escalations(self) -> SentEmails:
        """The escalation copies sent after a bounce: one per lead (domain/delivery.py)."""
        return SentEmails(self.settings.idempotency_table_name, client=self.clients.dynamodb(), key_prefix=ESCALATION_PREFIX)

    @cached_property
    def link_keys(self) -> SecretLinkKeys | FixedLinkKeys:
        return link_keys(self.settings, self.clients.secretsmanager)

    @cached_property
    def mailroom(self) -> Mailroom:
        """The sender, the escalation copies' ledger and the link keys, as the domain takes them."""
        return Mailroom(self.mailer, self.escalations, self.link_keys)


current = per_process(lambda: Wiring(load(DeliverySettings), clients()))
