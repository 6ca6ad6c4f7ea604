"""The urgent function's collaborators, built once per process from its settings."""

from __future__ import annotations

from functools import cached_property

from leadcapture.adapters.aws import clients, per_process
from leadcapture.adapters.environment import load
from leadcapture.adapters.mailing import MailingWiring
from leadcapture.adapters.page_queue import SqsPageQueue
from leadcapture.adapters.sns import SnsTexter
from leadcapture.kernel.paging import Pager
from leadcapture.urgent.settings import UrgentSettings


class Wiring(MailingWiring[UrgentSettings]):
    """The table, the sent-message ledger (each page to each phone, and the escalation email, once),
    SES and the link keys, and the pager: SNS texts and the page queue."""

    @cached_property
    def pager(self) -> Pager:
        return Pager(SnsTexter(self.clients.sns()), SqsPageQueue(self.clients.sqs(), self.settings.urgent_pages_queue_url), self.mailroom)


current = per_process(lambda: Wiring(load(UrgentSettings), clients()))
