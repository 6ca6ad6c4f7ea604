"""The collaborators of every function that emails about a lead, built the same way once per process.

Notify, followups and SES events each send through SES v2, record each email once in the
sent-email ledger and sign the action links: `MailingWiring` builds those from the function's own
settings (a `LeadMail`), so each feature's wiring says only what it adds.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar, Generic, TypeVar

from leadcapture.adapters.aws import Clients
from leadcapture.adapters.idempotency import SENT_EMAIL_PREFIX, SentEmails
from leadcapture.adapters.leads_table import LeadStore
from leadcapture.adapters.link_keys import FixedLinkKeys, SecretLinkKeys, link_keys
from leadcapture.adapters.ses import SesMailer
from leadcapture.kernel.ports import Mailroom
from leadcapture.kernel.settings.mail import LeadMail

S = TypeVar("S", bound=LeadMail)


@dataclass
class MailingWiring(Generic[S]):
    settings: S
    clients: Clients
    # Whose records the ledger keeps: the coordinator email's (and its kinds), or another email's.
    ledger_prefix: ClassVar[str] = SENT_EMAIL_PREFIX

    @cached_property
    def store(self) -> LeadStore:
        return LeadStore(self.settings.leads_table_name, self.clients.dynamodb())

    @cached_property
    def mailer(self) -> SesMailer:
        return SesMailer(self.clients.sesv2(), self.settings.ses_configuration_set)

    @cached_property
    def sent_emails(self) -> SentEmails:
        return SentEmails(self.settings.idempotency_table_name, client=self.clients.dynamodb(), key_prefix=self.ledger_prefix)

    @cached_property
    def link_keys(self) -> SecretLinkKeys | FixedLinkKeys:
        return link_keys(self.settings, self.clients.secretsmanager)

    @cached_property
    def mailroom(self) -> Mailroom:
        """The sender, the ledger and the link keys, as the domain takes them."""
        return Mailroom(self.mailer, self.sent_emails, self.link_keys)
