"""The actions function's collaborators, built once per process from its settings."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from leadcapture.actions.settings import ActionsSettings
from leadcapture.adapters.aws import Clients, clients, per_process
from leadcapture.adapters.environment import load
from leadcapture.adapters.leads_table import LeadStore
from leadcapture.adapters.link_keys import FixedLinkKeys, SecretLinkKeys, link_keys


@dataclass
class Wiring:
    settings: ActionsSettings
    clients: Clients

    @cached_property
    def store(self) -> LeadStore:
        return LeadStore(self.settings.leads_table_name, self.clients.dynamodb())

    @cached_property
    def link_keys(self) -> SecretLinkKeys | FixedLinkKeys:
        return link_keys(self.settings, self.clients.secretsmanager)


current = per_process(lambda: Wiring(load(ActionsSettings), clients()))
