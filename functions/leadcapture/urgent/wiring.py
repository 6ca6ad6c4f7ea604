"""The urgent function's collaborators, built once per process from its settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from leadcapture.adapters.aws import Clients, clients, per_process
from leadcapture.adapters.environment import load
from leadcapture.adapters.idempotency import SentEmails
from leadcapture.adapters.leads_table import LeadStore
from leadcapture.adapters.link_keys import FixedLinkKeys, SecretLinkKeys, link_keys
from leadcapture.adapters.page_queue import SqsPageQueue
from leadcapture.adapters.ses import SesMailer
from leadcapture.adapters.sns import SnsTexter
from leadcapture.kernel.paging import Pager
from leadcapture.kernel.ports import Mailroom
from leadcapture.urgent.settings import UrgentSettings


@dataclass
class Wiring:
    settings: UrgentSettings
    clients: Clients

    @cached_property
    def store(self) -> LeadStore:
        return LeadStore(self.settings.leads_table_name, self.clients.dynamodb())

    @cached_property
    def sent(self) -> SentEmails:
        """The sent-message ledger: each page to each phone, and the escalation email, once."""
        return SentEmails(self.settings.idempotency_table_name, client=self.clients.dynamodb())

    @cached_property
    def link_keys(self) -> SecretLinkKeys | FixedLinkKeys:
        return link_keys(self.settings, self.clients.secretsmanager)

    @cached_property
    def pager(self) -> Pager:
        mailroom = Mailroom(SesMailer(self.clients.sesv2(), self.settings.ses_configuration_set), self.sent, self.link_keys)
        return Pager(SnsTexter(self.clients.sns()), SqsPageQueue(self.clients.sqs(), self.settings.urgent_pages_queue_url), mailroom)


current = per_process(lambda: Wiring(load(UrgentSettings), clients()))
