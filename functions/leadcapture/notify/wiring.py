"""The notify function's collaborators, built once per process from its settings."""

from __future__ import annotations

from leadcapture.adapters.aws import clients, per_process
from leadcapture.adapters.environment import load
from leadcapture.adapters.mailing import MailingWiring
from leadcapture.notify.settings import NotifySettings


class Wiring(MailingWiring[NotifySettings]):
    """The table, SES, the sent-email ledger (the coordinator email and the urgent copy) and the link keys."""


current = per_process(lambda: Wiring(load(NotifySettings), clients()))
