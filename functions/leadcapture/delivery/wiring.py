"""The SES events function's collaborators, built once per process from its settings."""

from __future__ import annotations

from leadcapture.adapters.aws import clients, per_process
from leadcapture.adapters.environment import load
from leadcapture.adapters.idempotency import ESCALATION_PREFIX
from leadcapture.adapters.mailing import MailingWiring
from leadcapture.delivery.settings import DeliverySettings


class Wiring(MailingWiring[DeliverySettings]):
    """The table, SES, the ledger of escalation copies sent after a bounce (one per lead) and the link keys."""

    ledger_prefix = ESCALATION_PREFIX


current = per_process(lambda: Wiring(load(DeliverySettings), clients()))
