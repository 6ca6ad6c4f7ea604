"""The notify function's collaborators, built once per process from its settings."""

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
from leadcapture.kernel.ports import Mailroom
from leadcapture.notify.settings import NotifySettings


@dataclass
class Wiring:
    settings: NotifySettings
    clients: Clients

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
    def link_keys(self) -> SecretLinkKeys | FixedLinkKeys:
        return link_keys(self.settings, self.clients.secretsmanager)

    @cached_property
    def mailroom(self) -> Mailroom:
        return Mailroom(self.mailer, self.sent_emails, self.link_keys)

    @cached_property
    def page_queue(self) -> SqsPageQueue | None:
        """Where an urgent lead's first page goes; None while paging is off (no URGENT_PHONES)."""
        if not self.settings.urgent_phones:
            return None
        return SqsPageQueue(self.clients.sqs(), self.settings.urgent_pages_queue_url)


current = per_process(lambda: Wiring(load(NotifySettings), clients()))
