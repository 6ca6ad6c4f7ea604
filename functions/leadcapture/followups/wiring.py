"""The followups function's collaborators, built once per process from its settings."""

from __future__ import annotations

from leadcapture.adapters.aws import clients, per_process
from leadcapture.adapters.environment import load
from leadcapture.adapters.mailing import MailingWiring
from leadcapture.followups.settings import FollowupsSettings


class Wiring(MailingWiring[FollowupsSettings]):
    """The table, SES, the sent-email ledger (reminders and escalations) and the link keys."""


current = per_process(lambda: Wiring(load(FollowupsSettings), clients()))
