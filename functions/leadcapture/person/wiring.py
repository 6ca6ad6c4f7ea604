"""The person function's collaborators, built once per process from its settings."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from functools import cached_property

from aws_lambda_powertools.metrics import MetricUnit

from leadcapture.adapters.aws import Clients, clients, per_process
from leadcapture.adapters.environment import load
from leadcapture.adapters.idempotency import SentEmails
from leadcapture.adapters.keys import KeySource, fixed_key, secret_key
from leadcapture.adapters.leads_table import LeadStore
from leadcapture.adapters.ses import SesMailer
from leadcapture.observability import logger, metrics
from leadcapture.person.adapters.address_window import AddressWindowTable
from leadcapture.person.domain.ports import PersonPost
from leadcapture.person.settings import PersonSettings


@dataclass
class Wiring:
    settings: PersonSettings
    clients: Clients

    @cached_property
    def store(self) -> LeadStore:
        return LeadStore(self.settings.leads_table_name, self.clients.dynamodb())

    @cached_property
    def sent_emails(self) -> SentEmails:
        """The sent-email ledger: `acknowledgement#<id>` and `close_note#<id>`, each once."""
        return SentEmails(self.settings.idempotency_table_name, client=self.clients.dynamodb())

    @cached_property
    def address_key(self) -> KeySource:
        """The rate limit's HMAC key (RATE_LIMIT_KEY_SECRET), else RATE_LIMIT_KEY, else a random one for this process (local)."""
        s = self.settings
        if s.rate_limit_key_secret:
            return secret_key(s.rate_limit_key_secret, self.clients.secretsmanager, on_unavailable=_key_unavailable)
        configured = s.rate_limit_key.get_secret_value()
        return fixed_key(configured) if configured else fixed_key(secrets.token_hex(32))

    @cached_property
    def post(self) -> PersonPost:
        mailer = SesMailer(self.clients.sesv2(), self.settings.person_email_configuration_set)
        window = AddressWindowTable(self.settings.rate_limit_table_name, key=self.address_key, client=self.clients.dynamodb())
        return PersonPost(mailer, self.sent_emails, window)


def _key_unavailable() -> None:
    metrics.add_metric(name="AddressKeyUnavailable", unit=MetricUnit.Count, value=1)
    logger.warning("acknowledgement address key unavailable; the record will be retried")


current = per_process(lambda: Wiring(load(PersonSettings), clients()))
