"""The notify function's collaborators, built once per process from its settings."""

from __future__ import annotations

from functools import cached_property

from leadcapture.adapters.aws import clients, per_process
from leadcapture.adapters.environment import load
from leadcapture.adapters.mailing import MailingWiring
from leadcapture.adapters.page_queue import SqsPageQueue
from leadcapture.notify.domain.second_look import SecondLook, load_second_look
from leadcapture.notify.settings import NotifySettings


class Wiring(MailingWiring[NotifySettings]):
    """The table, SES, the sent-email ledger (the coordinator email and the urgent copy), the link keys,
    the page queue, and the second look's model."""

    @cached_property
    def page_queue(self) -> SqsPageQueue | None:
        """Where an urgent lead's first page goes; None while paging is off (no URGENT_PHONES)."""
        if not self.settings.urgent_phones:
            return None
        return SqsPageQueue(self.clients.sqs(), self.settings.urgent_pages_queue_url)

    def second_look(self) -> SecondLook:
        """The crisis model, its weights read on the first lead that needs it (not at cold start)."""
        return load_second_look()


current = per_process(lambda: Wiring(load(NotifySettings), clients()))
